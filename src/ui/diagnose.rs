//! "When a session will not start": the diagnose box. What the server says goes in (pasted, or
//! a file); the engine's findings come out, each with its evidence, the setup's fields, their
//! file lines and the runbook's steps, linked, the fix and the documentation.

use super::inputs::{held, large_delete, refusal, shown, Part};
use super::state::AppState;
use super::text::rich;
use super::web;
use leptos::prelude::*;
use rsp_k8s_engine::diagnose::{Finding, MAX_LOG_BYTES};
use rsp_k8s_engine::settings::{anchor, label, spec, Target};

/// The largest paste or file taken at all; the engine reads its last 4 MiB.
const MAX_TAKEN: usize = 64 * 1024 * 1024;
#[component]
pub fn Diagnose() -> impl IntoView {
    let st = expect_context::<AppState>();
    let refused = RwSignal::new(None);
    let on_file = super::inputs::text_file(MAX_TAKEN, refused, move |text| st.load_log_file(text));
    let big =
        held(st.log(), Part::Tail, (MAX_TAKEN, "log", refused), move |t| st.paste_log(t), move |t| st.load_log_file(t), "diagnose-held");
    let diagnosis = st.diagnosis();
    let busy = st.diagnosing();
    let steps = st.slice(|o| o.steps.iter().map(|s| (s.id.name(), s.title)).collect::<Vec<_>>());
    let cards = st.slice(|o| o.files.iter().map(|f| (f.path.clone(), f.anchor())).collect::<Vec<_>>());
    view! {
        <section class="card" id=anchor("diagnose")>
            <h2><label for="diagnose">"5. When a session will not start (optional)"</label></h2>
            <p class="help" id="diagnose-help">
                "Paste what the server says: the output of the runbook's step " <a href="#step-troubleshoot">"“When something fails”"</a>
                ", " <code>"kubectl describe pod"</code> ", " <code>"kubectl get events"</code>
                ", the launcher's or rserver's log, a browser error; any mix. Each cause found is shown with the lines that show it, what in your setup it concerns, and the fix. "
                "The text stays in this page: never sent, stored, put in the link or the settings file; Clear wipes it."
            </p>
            <textarea id="diagnose" name="diagnose" rows="6" spellcheck="false" autocomplete="off" autocapitalize="off"
                aria-describedby=move || (big.described)("diagnose-help".to_string()) node_ref=shown(big.shows) readonly=move || big.held.get()
                on:paste=big.on_paste
                on:beforeinput=large_delete(move |t| st.paste_log(t)) on:input=move |ev| st.paste_log(event_target_value(&ev))></textarea>
            {big.note}
            <p class="row">
                <label class="file">"Load a log file: " <input type="file" id="diagnose-file" on:change=on_file /></label>
            </p>
            {refusal(refused)}
            <div id="diagnosis" aria-live="polite" aria-busy=move || busy.get().to_string()>
                {move || diagnosis.with(|d| d.as_ref().map(|d| {
                    let d = match d {
                        Ok(d) => d,
                        Err(why) => return view! {
                            <p class="diag error" data-diagnosis-failed="">{format!("The diagnosis could not run: {why}. Reload the page to try again.")}</p>
                        }.into_any(),
                    };
                    let cut = d.cut_note().map(|n| view! { <p class="diag info" data-diagnosis-cut="">{n}</p> });
                    let body = if d.findings.is_empty() {
                        view! {
                            <div data-diagnosis-none="">
                                <p>"Nothing this page knows was found in what you pasted, so it names no cause. It looked for:"</p>
                                <ul>{d.looked_for.iter().map(|(cause, title)| view! { <li data-looked-for=cause.clone()>{title.clone()}</li> }).collect_view()}</ul>
                            </div>
                        }.into_any()
                    } else {
                        let n = d.findings.len();
                        view! {
                            <p><strong>{format!("{n} cause{} found:", if n == 1 { "" } else { "s" })}</strong></p>
                            <ol class="findings">
                                {d.findings.iter().map(|f| finding(f, &steps.get(), &cards.get())).collect_view()}
                            </ol>
                        }.into_any()
                    };
                    view! { {cut}{body} }.into_any()
                }))}
            </div>
            <p class="help">{format!("At most the last {} of a paste is read.", web::mib(MAX_LOG_BYTES))}</p>
        </section>
    }
}

/// `steps`: the runbook's (id, title); `cards`: each file's path and its card's anchor.
fn finding(f: &Finding, steps: &[(&'static str, &'static str)], cards: &[(String, String)]) -> impl IntoView {
    let evidence_id = format!("evidence-{}", f.cause);
    let lines = f.lines;
    let title = f.title.clone();
    // The steps this setup's runbook has (a cluster's steps are not in a one-server runbook).
    let in_runbook: Vec<(&'static str, &'static str)> =
        f.steps.iter().filter_map(|id| steps.iter().find(|(s, _)| s == id).copied()).collect();
    // The files and lines each field sets (the settings table's `sets` column), once each, of
    // the files this setup has (the first node's card, for a cluster's per-node file).
    let mut files: Vec<(String, String)> = Vec::new();
    for t in f.fields.iter().filter_map(|k| spec(k)).flat_map(|s| s.sets.iter()) {
        if let Target::File(path, _) = t {
            let card = cards.iter().find(|(p, _)| p == path);
            if let Some((_, anchor)) = card.filter(|_| !files.iter().any(|(_, d)| *d == t.describe())) {
                files.push((anchor.clone(), t.describe()));
            }
        }
    }
    view! {
        <li class="finding" data-diagnosis="" data-cause=f.cause.clone()>
            <h3>{title.clone()}</h3>
            <p>{rich(&f.explanation)}</p>
            <p class="help">{format!("Seen in {lines} line{}:", if lines == 1 { "" } else { "s" })}</p>
            <pre id=evidence_id tabindex="0" role="region" aria-label=format!("Lines that show: {title}") data-evidence="">{f.evidence.join("\n")}</pre>
            <p><strong>"Fix: "</strong>{rich(&f.fix)}</p>
            <p class="help" data-related="">
                {(!f.fields.is_empty()).then(|| view! {
                    "Your settings: "
                    {f.fields.iter().enumerate().map(|(i, k)| view! {
                        {(i > 0).then_some(", ")}<a href=format!("#{}", anchor(k)) data-related-field=k.clone()>{label(k)}</a>
                    }).collect_view()}
                    ". "
                })}
                {(!files.is_empty()).then(|| view! {
                    "They set: "
                    {files.into_iter().enumerate().map(|(i, (anchor, what))| view! {
                        {(i > 0).then_some("; ")}<a href=format!("#{anchor}") data-related-file="">{what}</a>
                    }).collect_view()}
                    ". "
                })}
                {(!in_runbook.is_empty()).then(|| view! {
                    "Runbook: "
                    {in_runbook.into_iter().enumerate().map(|(i, (id, title))| view! {
                        {(i > 0).then_some(", ")}<a href=format!("#step-{id}") data-related-step=id>{format!("“{title}”")}</a>
                    }).collect_view()}
                    "."
                })}
            </p>
            <p><a href=f.doc.clone() target="_blank" rel="noopener noreferrer">{format!("Documentation: {}", title.to_lowercase())}</a></p>
        </li>
    }
}
