//! The pasted inputs: kubeconfig (or a file), the context to use, and the token.

use super::diagnostics::FieldDiagnostics;
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
fn masking(text: ReadSignal<String>, field: FieldId) -> (impl Fn() -> bool + Copy, impl IntoView) {
    let st = expect_context::<AppState>();
    let revealed = RwSignal::new(false);
    let no_error = st.slice(move |o| !o.diagnostics.iter().any(|d| d.field == field && d.severity == Severity::Error));
    let masked = move || text.with(|t| !t.trim().is_empty()) && no_error.get() && !revealed.get();
    let toggle = view! {
        <button type="button" class="small" id=format!("{field}-reveal") aria-pressed=move || revealed.get().to_string()
            on:click=move |_| revealed.update(|r| *r = !*r)>
            {move || if revealed.get() { "Hide" } else { "Reveal" }}
        </button>
    };
    (masked, toggle)
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
    let (masked, toggle) = masking(st.kubeconfig(), KUBECONFIG);
    let contexts = st.slice(|o| o.contexts.clone());
    let chosen = st.slice(|o| o.context.clone().unwrap_or_default());
    view! {
        <section class="card" id="field-kubeconfig">
            <h2><label for="kubeconfig">"1. Kubeconfig"</label></h2>
            <p class="help">
                "Paste the output of " <code>"kubectl config view --raw"</code> " (YAML, or " <code>"-o json"</code>
                "). Only the chosen cluster's server URL and CA are used; user credentials are never copied."
            </p>
            <textarea id="kubeconfig" name="kubeconfig" rows="9" spellcheck="false" autocomplete="off" autocapitalize="off"
                class:masked=masked node_ref=shown(st.kubeconfig()) on:input=on_input></textarea>
            <p class="row">
                {toggle}
                <label class="file">"Load from a file: " <input type="file" id="kubeconfig-file" on:change=on_file /></label>
            </p>
            <FieldDiagnostics field=KUBECONFIG />
            <div id="field-context" class="context">
                <Show when=move || contexts.with(|c| !c.is_empty())>
                    <label for="context">"Context "</label>
                    <select id="context" name="context" on:change=move |ev| st.pick_context(event_target_value(&ev))>
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
    let (masked, toggle) = masking(st.token(), TOKEN);
    view! {
        <section class="card" id="field-token">
            <h2><label for="token">"2. Service-account token"</label></h2>
            <p class="help">
                "The launcher's token: what the runbook's \"token\" step prints. A Secret's base64 " <code>".data.token"</code>
                " or a " <code>"Bearer"</code> " prefix is fine. It is decoded here (never verified, never sent)."
            </p>
            <textarea id="token" name="token" rows="3" spellcheck="false" autocomplete="off" autocapitalize="off"
                class:masked=masked
                node_ref=shown(st.token()) on:input=move |ev| st.paste_token(event_target_value(&ev))></textarea>
            <p class="row">{toggle}</p>
            <FieldDiagnostics field=TOKEN />
        </section>
    }
}
