//! What the engine produced: decoded facts, one card per file, and the runbook.

use super::copy::{CopyButton, DownloadButton};
use super::state::AppState;
use leptos::prelude::*;
use rsp_k8s_engine::render::{File, FileKind, Step};

#[component]
pub fn Facts() -> impl IntoView {
    let rows = expect_context::<AppState>().slice(|o| o.facts.rows.clone());
    view! {
        <section class="card facts" aria-label="What your inputs say">
            <h2>"What your inputs say"</h2>
            <dl>
                {move || rows.get().into_iter().map(|(k, v)| view! { <dt>{k}</dt><dd>{v}</dd> }).collect_view()}
            </dl>
        </section>
    }
}

fn slug(s: &str) -> String {
    s.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '-' }).collect()
}

#[component]
pub fn Files() -> impl IntoView {
    let paths = expect_context::<AppState>().slice(|o| o.files.iter().map(|f| f.path.clone()).collect::<Vec<_>>());
    view! {
        <section aria-label="Files">
            <h2>"Files"</h2>
            <For each=move || paths.get() key=|p| p.clone() let:path>
                <FileCard path=path />
            </For>
        </section>
    }
}

#[component]
fn FileCard(path: String) -> impl IntoView {
    let st = expect_context::<AppState>();
    let lookup = path.clone();
    let file = st.slice(move |o| o.files.iter().find(|f| f.path == lookup).cloned());
    let content = move || file.with(|f| f.as_ref().map(|f| f.content.clone()).unwrap_or_default());
    let meta = move || file.with(|f| f.as_ref().map(|f: &File| (f.owner, f.mode, f.kind)));
    let id = format!("file-{}", slug(&path));
    let name = path.rsplit('/').next().unwrap_or(&path).to_string();
    // A path's kind never changes, so read it once.
    let is_manifest = file.with_untracked(|f| f.as_ref().is_some_and(|f| f.kind == FileKind::Manifest));
    let pre = if is_manifest {
        view! { <pre id=id.clone() data-manifest=path.clone()>{content}</pre> }.into_any()
    } else {
        view! { <pre id=id.clone() data-file=path.clone()>{content}</pre> }.into_any()
    };
    view! {
        <article class="card file">
            <header>
                <h3><code>{path.clone()}</code></h3>
                <span class="meta">
                    {move || match meta() {
                        Some((_, _, FileKind::Manifest)) => "applied by the runbook with kubectl".to_string(),
                        Some((owner, mode, _)) => format!("owner {owner}, mode {mode}"),
                        None => String::new(),
                    }}
                </span>
                <CopyButton text=content select_id=id.clone() label=format!("Copy {path}") />
                <DownloadButton text=content name=name label=format!("Download {path}") />
            </header>
            {pre}
        </article>
    }
}

#[component]
pub fn Runbook() -> impl IntoView {
    let st = expect_context::<AppState>();
    let script_memo = st.slice(|o| o.script.clone());
    let script = move || script_memo.get();
    let ids = st.slice(|o| o.steps.iter().map(|s| s.id).collect::<Vec<_>>());
    view! {
        <section class="card runbook" aria-label="Runbook">
            <h2>"Runbook"</h2>
            <p class="help">"Run the steps in order, each where it says. The whole runbook is also one bash script below."</p>
            <ol>
                <For each=move || ids.get() key=|id| *id let:id>
                    <StepView id=id />
                </For>
            </ol>
            <details>
                <summary>"The whole runbook as one script"</summary>
                <p class="row">
                    <CopyButton text=script select_id="runbook-script" label="Copy the whole script" />
                    <DownloadButton text=script name="runbook.sh" label="Download the whole script" />
                </p>
                <pre id="runbook-script" data-runbook-script="">{script}</pre>
            </details>
        </section>
    }
}

#[component]
fn StepView(id: &'static str) -> impl IntoView {
    let st = expect_context::<AppState>();
    let step = st.slice(move |o| o.steps.iter().find(|s| s.id == id).cloned());
    let get = move |f: fn(&Step) -> String| step.with(|s| s.as_ref().map(f).unwrap_or_default());
    let pre_id = format!("step-{id}");
    view! {
        <li data-step=id>
            <h3>{move || get(|s| s.title.to_string())}</h3>
            <p class="help">{move || get(|s| s.why.clone())}" "<em>{move || get(|s| format!("Run on {}.", s.run_on))}</em></p>
            <CopyButton text=move || get(|s| s.commands.clone()) select_id=pre_id.clone() label=format!("Copy step {id}") />
            <pre id=pre_id>{move || get(|s| s.commands.clone())}</pre>
        </li>
    }
}
