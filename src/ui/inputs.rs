//! The pasted inputs: kubeconfig (or a file), the context to use, and the token.

use super::diagnostics::{diagnostics_id, FieldDiagnostics};
use super::state::AppState;
use super::web;
use leptos::prelude::*;
use leptos::task::spawn_local;
use rsp_k8s_engine::diagnostic::{FieldId, Severity, CONTEXT, KUBECONFIG, TOKEN};

/// A text box that shows `text` on first render and whenever the page replaces it; the
/// user's own typing flows only the other way (box → state).
fn shown(text: ReadSignal<String>) -> NodeRef<leptos::html::Textarea> {
    let st = expect_context::<AppState>();
    let node = NodeRef::new();
    Effect::new(move |_| {
        st.track_replaced();
        if let Some(area) = node.get() as Option<web_sys::HtmlTextAreaElement> {
            text.with_untracked(|t| area.set_value(t));
        }
    });
    node
}

/// Masked once accepted (non-empty, no error about it), with a toggle to reveal it.
fn masking(
    text: ReadSignal<String>,
    field: FieldId,
    revealed: impl Fn() -> bool + Copy + Send + Sync + 'static,
    toggle: impl Fn() + Copy + 'static,
    what: &'static str,
) -> (impl Fn() -> bool + Copy, impl IntoView) {
    let st = expect_context::<AppState>();
    let no_error = st.slice(move |o| !o.diagnostics.iter().any(|d| d.field == field && d.severity == Severity::Error));
    let masked = move || text.with(|t| !t.trim().is_empty()) && no_error.get() && !revealed();
    let button = view! {
        <button type="button" class="small" id=format!("{field}-reveal") aria-pressed=move || revealed().to_string()
            aria-label=format!("Reveal the {what}") on:click=move |_| toggle()>
            {move || if revealed() { "Hide" } else { "Reveal" }}
        </button>
    };
    (masked, button)
}

/// `aria-invalid` for an input: true while it has an error.
fn invalid(field: FieldId) -> Memo<bool> {
    expect_context::<AppState>().slice(move |o| o.diagnostics.iter().any(|d| d.concerns(field) && d.severity == Severity::Error))
}

#[component]
pub fn Kubeconfig() -> impl IntoView {
    let st = expect_context::<AppState>();
    let on_input = move |ev| st.paste_kubeconfig(event_target_value(&ev));
    let on_file = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        spawn_local(async move {
            if let Some(text) = web::read_first_file(&input).await {
                st.load_kubeconfig_file(text);
            }
            input.set_value("");
        });
    };
    let revealed = RwSignal::new(false);
    let (masked, toggle) =
        masking(st.kubeconfig(), KUBECONFIG, move || revealed.get(), move || revealed.update(|r| *r = !*r), "kubeconfig");
    let kubeconfig_invalid = invalid(KUBECONFIG);
    let contexts = st.slice(|o| o.contexts.clone());
    let chosen = st.slice(|o| o.context.clone().unwrap_or_default());
    view! {
        <section class="card" id="field-kubeconfig">
            <h2><label for="kubeconfig">"1. Kubeconfig"</label></h2>
            <p class="help" id="kubeconfig-help">
                "Paste the output of " <code>"kubectl config view --raw"</code> " (YAML, or " <code>"-o json"</code>
                "). Only the chosen cluster's server URL and CA are used; user credentials are never copied."
            </p>
            <textarea id="kubeconfig" name="kubeconfig" rows="9" spellcheck="false" autocomplete="off" autocapitalize="off"
                required=true aria-invalid=move || kubeconfig_invalid.get().to_string()
                aria-describedby=format!("kubeconfig-help {}", diagnostics_id(KUBECONFIG)) class:masked=masked node_ref=shown(st.kubeconfig()) on:input=on_input></textarea>
            <p class="row">
                {toggle}
                <label class="file">"Load a kubeconfig file: " <input type="file" id="kubeconfig-file" on:change=on_file /></label>
            </p>
            <FieldDiagnostics field=KUBECONFIG />
            <div id="field-context" class="context">
                <Show when=move || contexts.with(|c| !c.is_empty())>
                    <label for="context">"Context "</label>
                    <select id="context" name="context" on:change=move |ev| st.pick_context(event_target_value(&ev))>
                        // Shown, and selected, exactly while the files use no context.
                        {move || chosen.with(String::is_empty).then(|| view! {
                            <option value="" selected=true disabled=true>"Choose a context…"</option>
                        })}
                        {move || contexts.get().into_iter().map(|c| {
                            let name = c.clone();
                            let selected = move || chosen.with(|x| *x == name);
                            let label = c.clone();
                            view! { <option value=c prop:selected=selected>{label}</option> }
                        }).collect_view()}
                    </select>
                </Show>
                <FieldDiagnostics field=CONTEXT />
            </div>
        </section>
    }
}

#[component]
pub fn Token() -> impl IntoView {
    let st = expect_context::<AppState>();
    let (masked, toggle) = masking(st.token(), TOKEN, move || st.token_revealed(), move || st.toggle_token_reveal(), "token");
    let token_invalid = invalid(TOKEN);
    view! {
        <section class="card" id="field-token">
            <h2><label for="token">"2. Service-account token"</label></h2>
            <p class="help" id="token-help">
                "The launcher's token comes from the cluster: run the workstation steps of the runbook, up to "
                <a href="#step-token">"“Create the launcher's token and print it”"</a>
                ", and paste what it prints. A Secret's base64 " <code>".data.token"</code>
                " or a " <code>"Bearer"</code> " prefix is fine. It is decoded here (never verified, never sent)."
            </p>
            <textarea id="token" name="token" rows="3" spellcheck="false" autocomplete="off" autocapitalize="off"
                required=true aria-invalid=move || token_invalid.get().to_string()
                aria-describedby=format!("token-help {}", diagnostics_id(TOKEN)) class:masked=masked
                node_ref=shown(st.token()) on:input=move |ev| st.paste_token(event_target_value(&ev))></textarea>
            <p class="row">{toggle}</p>
            <FieldDiagnostics field=TOKEN />
        </section>
    }
}

/// The server's current files, to merge into instead of replacing them.
#[component]
pub fn Import() -> impl IntoView {
    let st = expect_context::<AppState>();
    let on_files = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        spawn_local(async move {
            let mut files = Vec::new();
            for (name, bytes) in web::read_files(&input).await {
                // A .tar.gz is un-gzipped here, by the browser; the engine reads the tar.
                let gz = name.ends_with(".gz") || name.ends_with(".tgz");
                let bytes = if gz { web::gunzip(&bytes).await.unwrap_or_default() } else { bytes };
                files.push((name.trim_end_matches(".gz").to_string(), bytes));
            }
            st.import(files);
            input.set_value("");
        });
    };
    let names = st.slice(|o| o.files.iter().filter(|f| f.merged_from.is_some()).map(|f| f.path.clone()).collect::<Vec<_>>());
    view! {
        <section class="card" id="field-import">
            <h2><label for="import-files">"4. Your current files (optional)"</label></h2>
            <p class="help" id="import-help">
                "Already running Workbench? Load its files (" <code>"rserver.conf"</code> ", " <code>"launcher.conf"</code> ", "
                <code>"launcher-mounts"</code> ", " <code>"exports"</code> ", …) or a " <code>".tar.gz"</code> " of " <code>"/etc/rstudio"</code>
                ": every setting of yours is kept, the page's keys replace theirs in place, and each file shows its diff. They are read here, never sent."
            </p>
            <input type="file" id="import-files" multiple=true aria-describedby="import-help" on:change=on_files />
            <Show when=move || names.with(|n| !n.is_empty())>
                <p class="help">"Merged into: " {move || names.get().join(", ")}</p>
            </Show>
            <FieldDiagnostics field=rsp_k8s_engine::import::IMPORT />
        </section>
    }
}
