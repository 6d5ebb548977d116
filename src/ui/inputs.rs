//! The pasted inputs: kubeconfig (or a file), the context to use, and the token.

use super::browser;
use super::diagnostics::FieldDiagnostics;
use super::state::AppState;
use leptos::prelude::*;
use leptos::task::spawn_local;
use rsp_k8s_engine::diagnostic::{Severity, CONTEXT, KUBECONFIG, TOKEN};

#[component]
pub fn Kubeconfig() -> impl IntoView {
    let st = expect_context::<AppState>();
    let on_input = move |ev| {
        st.kubeconfig.set(event_target_value(&ev));
        st.context.set(None);
    };
    let on_file = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        spawn_local(async move {
            if let Some(text) = browser::read_first_file(&input).await {
                st.kubeconfig.set(text);
                st.context.set(None);
            }
            input.set_value("");
        });
    };
    let contexts = move || st.output.with(|o| o.contexts.clone());
    let chosen = move || st.output.with(|o| o.context.clone()).unwrap_or_default();
    view! {
        <section class="card" id="field-kubeconfig">
            <h2><label for="kubeconfig">"1. Kubeconfig"</label></h2>
            <p class="help">
                "Paste the output of " <code>"kubectl config view --raw"</code> " (YAML, or " <code>"-o json"</code>
                "). Only the chosen cluster's server URL and CA are used; user credentials are never copied."
            </p>
            <textarea id="kubeconfig" name="kubeconfig" rows="9" spellcheck="false" autocomplete="off" autocapitalize="off"
                prop:value=move || st.kubeconfig.get() on:input=on_input></textarea>
            <p class="row">
                <label class="file">"Load from a file: " <input type="file" id="kubeconfig-file" on:change=on_file /></label>
            </p>
            <FieldDiagnostics field=KUBECONFIG />
            <div id="field-context" class="context">
                <Show when=move || !contexts().is_empty()>
                    <label for="context">"Context "</label>
                    <select id="context" name="context" on:change=move |ev| st.context.set(Some(event_target_value(&ev)))>
                        {move || contexts().into_iter().map(|c| {
                            let selected = c == chosen();
                            view! { <option value=c.clone() prop:selected=selected>{c.clone()}</option> }
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
    let revealed = RwSignal::new(false);
    // Masked once accepted: non-empty, with no error about it.
    let accepted = move || {
        st.token.with(|t| !t.trim().is_empty())
            && st.output.with(|o| !o.diagnostics.iter().any(|d| d.field == TOKEN && d.severity == Severity::Error))
    };
    view! {
        <section class="card" id="field-token">
            <h2><label for="token">"2. Service-account token"</label></h2>
            <p class="help">
                "The launcher's token: what the runbook's \"token\" step prints. A Secret's base64 " <code>".data.token"</code>
                " or a " <code>"Bearer"</code> " prefix is fine. It is decoded here (never verified, never sent)."
            </p>
            <textarea id="token" name="token" rows="3" spellcheck="false" autocomplete="off" autocapitalize="off"
                class:masked=move || accepted() && !revealed.get()
                prop:value=move || st.token.get() on:input=move |ev| st.token.set(event_target_value(&ev))></textarea>
            <p class="row">
                <button type="button" class="small" id="token-reveal" aria-pressed=move || revealed.get().to_string()
                    on:click=move |_| revealed.update(|r| *r = !*r)>
                    {move || if revealed.get() { "Hide token" } else { "Reveal token" }}
                </button>
            </p>
            <FieldDiagnostics field=TOKEN />
        </section>
    }
}
