//! Diagnostics: each one at the input it concerns, and a summary at the top that links there.

use super::state::AppState;
use leptos::prelude::*;
use rsp_k8s_engine::diagnostic::{Diagnostic, Severity};

fn label(s: Severity) -> &'static str {
    match s {
        Severity::Error => "Error",
        Severity::Warning => "Warning",
        Severity::Info => "Note",
    }
}

/// The diagnostics of one input, shown under it. These are the `data-diagnostic` elements.
#[component]
pub fn FieldDiagnostics(field: &'static str) -> impl IntoView {
    let st = expect_context::<AppState>();
    let mine = st.slice(move |o| o.diagnostics.iter().filter(|d| d.field == field).cloned().collect::<Vec<Diagnostic>>());
    view! {
        <ul class="diagnostics" aria-live="polite">
            {move || mine.get().into_iter().map(|d| view! {
                <li class=format!("diag {}", d.severity.as_str()) data-diagnostic="" data-severity=d.severity.as_str() data-code=d.code data-field=d.field>
                    <strong>{label(d.severity)}": "</strong>{d.message}
                </li>
            }).collect_view()}
        </ul>
    }
}

/// Counts by severity, and every problem linked to its input.
#[component]
pub fn Summary() -> impl IntoView {
    let st = expect_context::<AppState>();
    let counts = st
        .slice(|o| [Severity::Error, Severity::Warning, Severity::Info].map(|s| o.diagnostics.iter().filter(|d| d.severity == s).count()));
    let count = move |s: Severity| counts.with(|c| c[s as usize]);
    let problems = st.slice(|o| o.diagnostics.iter().filter(|d| d.severity != Severity::Info).cloned().collect::<Vec<Diagnostic>>());
    view! {
        <section class="summary" aria-label="Problems found">
            <p class="counts">
                <span class="error">{move || count(Severity::Error)}" errors"</span>
                <span class="warning">{move || count(Severity::Warning)}" warnings"</span>
                <span class="info">{move || count(Severity::Info)}" notes"</span>
                {move || (count(Severity::Error) == 0).then(|| view! { <span class="ok">"No errors: the files are complete."</span> })}
            </p>
            <ul>
                {move || problems.get().into_iter().map(|d| view! {
                    <li class=format!("diag {}", d.severity.as_str()) data-summary-field=d.field>
                        <a href=format!("#field-{}", d.field)>{label(d.severity)}" · "{d.field}</a>": "{d.message}
                    </li>
                }).collect_view()}
            </ul>
        </section>
    }
}
