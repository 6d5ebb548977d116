//! Diagnostics: each one at the input it concerns, and the page's status at the top: complete,
//! incomplete (with every missing value linked to its input) or in error, with every problem
//! and note listed and linked.

use super::state::AppState;
use super::text::rich;
use super::web;
use leptos::prelude::*;
use rsp_k8s_engine::diagnostic::{Diagnostic, Severity};
use rsp_k8s_engine::settings::UNSAFE;
use rsp_k8s_engine::settings::{anchor, input_of, label};
use rsp_k8s_engine::{Output, Status, Verdict};

fn severity_word(s: Severity) -> &'static str {
    match s {
        Severity::Error => "Error",
        Severity::Warning => "Warning",
        Severity::Info => "Note",
    }
}

/// "1 error", "2 errors".
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The id of a field's diagnostics list, for `aria-describedby`.
pub fn diagnostics_id(field: &str) -> String {
    format!("diagnostics-{field}")
}

/// The diagnostics of one input, shown under it. These are the `data-diagnostic` elements.
/// Not a live region: the page announces changes once, through the status line.
#[component]
pub fn FieldDiagnostics(field: &'static str) -> impl IntoView {
    let st = expect_context::<AppState>();
    let mine = st.slice(move |o| o.diagnostics.iter().filter(|d| d.concerns(field)).cloned().collect::<Vec<Diagnostic>>());
    view! {
        <ul class="diagnostics" id=diagnostics_id(field)>
            {move || mine.get().into_iter().map(|d| view! {
                <li class=format!("diag {}", d.severity.as_str()) data-diagnostic="" data-severity=d.severity.as_str() data-code=d.code data-field=d.field>
                    <strong>{severity_word(d.severity)}": "</strong>{rich(&d.message)}
                </li>
            }).collect_view()}
        </ul>
    }
}

/// The unsafe choices a share link or a settings file asked for: named, not applied until
/// the user says so.
#[component]
fn Held() -> impl IntoView {
    let st = expect_context::<AppState>();
    let held = Memo::new(move |_| st.held());
    view! {
        <Show when=move || held.with(|h| !h.is_empty())>
            <div class="hazards" data-held="">
                <p><strong>"The link or file you opened asks for unsafe settings. They are not applied:"</strong></p>
                <ul>
                    {move || held.get().into_iter().map(|(key, value)| view! {
                        <li data-held-key=key>{label(key)}" = "<code>{value}</code>": "{unsafe_what(key)}</li>
                    }).collect_view()}
                </ul>
                <p class="row">
                    <button type="button" class="small danger" id="apply-held" on:click=move |_| st.apply_held()>"Apply them anyway"</button>
                    <button type="button" class="small" id="dismiss-held" on:click=move |_| st.dismiss_held()>"Keep the safe settings"</button>
                </p>
            </div>
        </Show>
    }
}

fn unsafe_what(key: &str) -> &'static str {
    UNSAFE.iter().find(|(k, _, _)| *k == key).map_or("", |(_, _, what)| what)
}

/// A link to an input that also moves the keyboard focus into it.
#[component]
fn ToInput(field: &'static str, children: Children) -> impl IntoView {
    view! { <a href=format!("#{}", anchor(field)) on:click=move |_| web::focus_first_control(&anchor(field))>{children()}</a> }
}

/// The status (`data-status`: complete, incomplete or error), what is missing, every diagnostic.
#[component]
pub fn Summary() -> impl IntoView {
    let st = expect_context::<AppState>();
    let verdict = st.slice(Output::verdict);
    let missing = st.slice(|o| o.missing.clone());
    let listed = st.slice(|o| o.diagnostics.clone());
    let hazards = st.slice(|o| o.hazards.clone());
    let status = move || verdict.get().status.as_str();
    let headline = move || {
        let Verdict { status, errors, warnings, notes, missing } = verdict.get();
        let mut parts = Vec::new();
        if errors > 0 {
            parts.push(format!("{} to fix", count(errors, "error", "errors")));
        }
        if missing > 0 {
            parts.push(format!("{} still missing", count(missing, "value", "values")));
        }
        let state = match status {
            Status::Complete => "Complete: every file and step is filled in.".to_string(),
            Status::Example => "Example: every value is made up; paste your own kubeconfig and token to start.".to_string(),
            Status::Error | Status::Incomplete => format!("Incomplete: {}.", parts.join(", ")),
        };
        let rest: Vec<String> = [(warnings, "warning", "warnings"), (notes, "note", "notes")]
            .into_iter()
            .filter(|(n, _, _)| *n > 0)
            .map(|(n, one, many)| count(n, one, many))
            .collect();
        if rest.is_empty() {
            state
        } else {
            format!("{state} {} to read.", rest.join(" and "))
        }
    };
    // Announced once typing pauses, through the page's one live region (not per keystroke).
    let announced = RwSignal::new(String::new());
    let pending = web::Later::new();
    Effect::new(move |_| {
        let text = headline();
        pending.run(1_000, move || announced.set(text));
    });
    view! {
        <section class="summary" aria-label="Status">
            <p class="status-line" data-status=status>{headline}</p>
            <p class="sr-only" role="status" aria-live="polite">{move || announced.get()}</p>
            <Held />
            <Show when=move || hazards.with(|h| !h.is_empty())>
                <div class="hazards" data-hazards="">
                    <p><strong>"Unsafe settings in effect:"</strong></p>
                    <ul>
                        {move || hazards.get().into_iter().map(|(field, what)| view! {
                            <li data-hazard=field><ToInput field=field>{label(field)}</ToInput>": "{what}</li>
                        }).collect_view()}
                    </ul>
                </div>
            </Show>
            <Show when=move || missing.with(|m| !m.is_empty())>
                <p class="missing">
                    "Still to fill in: "
                    {move || missing.get().into_iter().enumerate().map(|(i, key)| {
                        let field = input_of(key);
                        view! {
                            {(i > 0).then_some(", ")}
                            <span data-missing=key><ToInput field=field>{label(field)}</ToInput>" ("<code>{format!("<{key}>")}</code>")"</span>
                        }
                    }).collect_view()}
                </p>
            </Show>
            <ul>
                {move || listed.get().into_iter().map(|d| view! {
                    <li class=format!("diag {}", d.severity.as_str()) data-summary-field=d.field>
                        <ToInput field=d.field>{severity_word(d.severity)}" · "{label(d.field)}</ToInput>": "{rich(&d.message)}
                    </li>
                }).collect_view()}
            </ul>
        </section>
    }
}
