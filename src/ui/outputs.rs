//! What the engine produced: an index, decoded facts, one card per file, and the runbook
//! grouped by where and when its steps run. Every card and step has a stable anchor
//! (`#file-rserver.conf`, `#step-token`).

use super::copy::{CopyButton, DownloadButton};
use super::state::AppState;
use super::web;
use leptos::prelude::*;
use rsp_k8s_engine::render::{File, FileKind, Step, StepId};
use rsp_k8s_engine::settings::{spec, Target};

/// Links to every file and step.
#[component]
pub fn Index() -> impl IntoView {
    let st = expect_context::<AppState>();
    let files = st.slice(|o| o.files.iter().map(|f| (f.anchor(), f.name())).collect::<Vec<_>>());
    let steps = st.slice(|o| o.steps.iter().map(|s| (s.id.name(), s.title)).collect::<Vec<_>>());
    view! {
        <nav class="card index" aria-label="Files and steps">
            <h2>"On this page"</h2>
            <p><strong>"Files: "</strong>
                {move || files.get().into_iter().enumerate().map(|(i, (anchor, name))| view! {
                    {(i > 0).then_some(" · ")}<a href=format!("#{anchor}")>{name}</a>
                }).collect_view()}
            </p>
            <p><strong>"Steps: "</strong>
                {move || steps.get().into_iter().enumerate().map(|(i, (id, title))| view! {
                    {(i > 0).then_some(" · ")}<a href=format!("#step-{id}")>{format!("{}. {title}", i + 1)}</a>
                }).collect_view()}
            </p>
        </nav>
    }
}

#[component]
pub fn Facts() -> impl IntoView {
    let rows = expect_context::<AppState>().slice(|o| o.facts.rows.clone());
    view! {
        <section class="card facts" aria-labelledby="facts-heading">
            <h2 id="facts-heading">"What your inputs say"</h2>
            <dl>
                {move || rows.get().into_iter().map(|(k, v)| view! { <dt>{k}</dt><dd>{v}</dd> }).collect_view()}
            </dl>
        </section>
    }
}

#[component]
pub fn Files() -> impl IntoView {
    let ids = expect_context::<AppState>().slice(|o| o.files.iter().map(File::id).collect::<Vec<_>>());
    view! {
        <section aria-labelledby="files-heading">
            <h2 id="files-heading">"Files"</h2>
            <For each=move || ids.get() key=|id| id.clone() let:id>
                <FileCard id=id />
            </For>
        </section>
    }
}

/// A file's text, line by line (so the lines a traced field produced can be highlighted);
/// the token in it is masked on screen until revealed, while the element's text stays
/// exactly the file's content.
fn content_view(file: Memo<Option<File>>) -> impl IntoView {
    let st = expect_context::<AppState>();
    move || {
        let traced = st.traced();
        file.with(|f| {
            let Some(f) = f else { return ().into_any() };
            // One text node unless a line is to be highlighted or masked (the common case).
            let lit_file =
                traced.and_then(spec).is_some_and(|t| t.sets.iter().any(|t| matches!(*t, Target::File(p, _) if p == f.path || p == "*")));
            if !lit_file && f.secret.is_none() {
                return f.content.clone().into_any();
            }
            let mut start = 0;
            let lit_lines = traced.map(|t| f.traced_lines(t)).unwrap_or_default();
            f.content
                .split_inclusive('\n')
                .enumerate()
                .map(|(n, line)| {
                    let range = start..start + line.len();
                    start = range.end;
                    let lit = lit_lines.get(n).copied().unwrap_or(false);
                    let body = match f.secret.clone().filter(|s| s.start >= range.start && s.end <= range.end) {
                        Some(s) => {
                            let (a, b) = (s.start - range.start, s.end - range.start);
                            view! {
                                {line[..a].to_string()}
                                <span class="secret" class:masked=move || !st.token_revealed()>{line[a..b].to_string()}</span>
                                {line[b..].to_string()}
                            }
                            .into_any()
                        }
                        None => line.to_string().into_any(),
                    };
                    view! { <span class="line" class:traced=lit>{body}</span> }
                })
                .collect_view()
                .into_any()
        })
    }
}

/// Every key the file sets, with why it is there and where that is documented. Drawn from
/// the keys alone, so typing a value (which changes a line, not its key) redraws nothing here.
fn explanations(id: String, path: String) -> impl IntoView {
    let st = expect_context::<AppState>();
    let notes = st.slice(move |o| {
        o.files
            .iter()
            .find(|f| f.id() == id)
            .map(|f| f.line_notes().into_iter().filter_map(|(_, note)| note).map(|n| (n.key.to_string(), n)).collect::<Vec<_>>())
            .unwrap_or_default()
    });
    move || {
        notes
            .get()
            .into_iter()
            .map(|(key, n)| {
                let key = if key == "*" { "each line".to_string() } else { key };
                view! {
                    <li>
                        <code>{key.clone()}</code>" "
                        <span class="explain" tabindex="0" data-explain=path.clone()>{n.text}</span>" "
                        <a href=n.doc target="_blank" rel="noopener noreferrer">{format!("Documentation of {key}")}</a>
                    </li>
                }
            })
            .collect_view()
    }
}

/// The change from the imported file to the merged one: the unified diff, its lines marked
/// (colour, and the + and − that every reader sees).
fn diff_view(path: &str, diff: String) -> impl IntoView {
    let summary = if diff.is_empty() { "No change to your file".to_string() } else { "Changes to your file".to_string() };
    let lines: Vec<(&'static str, String)> = diff
        .split_inclusive('\n')
        .map(|l| {
            let class = match l.as_bytes().first() {
                Some(b'+') if !l.starts_with("+++") => "add",
                Some(b'-') if !l.starts_with("---") => "del",
                Some(b'@') => "hunk",
                _ => "same",
            };
            (class, l.to_string())
        })
        .collect();
    view! {
        <details class="diff">
            <summary>{summary}</summary>
            <pre tabindex="0" role="region" aria-label=format!("Changes to {path}") data-diff=path.to_string()>
                {lines.into_iter().map(|(class, l)| view! { <span class=class>{l}</span> }).collect_view()}
            </pre>
            <p class="help">
                "The write step keeps your file as it is now; to go back, run the " <a href="#step-undo">"undo step"</a>
                " (or " <code>"bash runbook.sh undo"</code> ")."
            </p>
        </details>
    }
}

#[component]
fn FileCard(id: String) -> impl IntoView {
    let st = expect_context::<AppState>();
    let lookup = id.clone();
    let file = st.slice(move |o| o.files.iter().find(|f| f.id() == lookup).cloned());
    let content = move || file.with(|f| f.as_ref().map(|f| f.content.clone()).unwrap_or_default());
    let meta = move || file.with(|f| f.as_ref().map(|f: &File| (f.owner, f.mode, f.kind)));
    // A card's path, node and kind never change (they make its id), so read them once.
    let (path, node, anchor, name, is_manifest) = file
        .with_untracked(|f| f.as_ref().map(|f| (f.path.clone(), f.node.clone(), f.anchor(), f.name(), f.kind == FileKind::Manifest)))
        .unwrap_or_default();
    let pre_id = format!("{anchor}-content");
    let explain = RwSignal::new(false);
    let diff_path = path.clone();
    let explained = (id.clone(), path.clone());
    // Scrollable, so focusable and named: a keyboard can scroll it, a screen reader name it.
    let on_node = node.as_ref().map(|n| format!(" on node {n}")).unwrap_or_default();
    let region = format!("Contents of {path}{on_node}");
    let pre = if is_manifest {
        view! { <pre id=pre_id.clone() tabindex="0" role="region" aria-label=region data-manifest=path.clone() hidden=move || explain.get()>{content_view(file)}</pre> }.into_any()
    } else {
        view! { <pre id=pre_id.clone() tabindex="0" role="region" aria-label=region data-file=path.clone() data-node=node.clone() hidden=move || explain.get()>{content_view(file)}</pre> }.into_any()
    };
    let label = format!("{path}{on_node}");
    view! {
        <article class="card file" id=anchor>
            <header>
                <h3><code>{path.clone()}</code>{node.map(|n| view! { " " <span class="node">{format!("on node {n}")}</span> })}</h3>
                <span class="meta">
                    {move || match meta() {
                        Some((_, _, FileKind::Manifest)) => "applied by the runbook with kubectl".to_string(),
                        Some((owner, mode, _)) => format!("owner {owner}, mode {mode}"),
                        None => String::new(),
                    }}
                </span>
                <button type="button" class="small" aria-pressed=move || explain.get().to_string() aria-label=format!("Explain {label}")
                    on:click=move |_| explain.update(|e| *e = !*e)>"Explain"</button>
                <CopyButton text=content select_id=pre_id.clone() label=format!("Copy {label}") />
                <DownloadButton text=content name=name label=format!("Download {label}") />
            </header>
            {pre}
            // Drawn once the first render is done (or at once when asked for): they are hidden until then.
            <ol class="explained" hidden=move || !explain.get()>
                {move || (explain.get() || st.settled()).then(|| explanations(explained.0.clone(), explained.1.clone()))}
            </ol>
            {move || file.with(|f| f.as_ref().and_then(|f| f.merged_from.clone()).map(|(_, diff)| diff_view(&diff_path, diff)))}
        </article>
    }
}

#[component]
pub fn Runbook() -> impl IntoView {
    let st = expect_context::<AppState>();
    let script_memo = st.slice(|o| o.script.clone());
    let script = move || script_memo.get();
    let groups = st.slice(|o| {
        let numbered = |run: std::ops::Range<usize>| run.map(|i| (i + 1, o.steps[i].id)).collect::<Vec<_>>();
        o.phases().into_iter().map(|(phase, run)| (phase, numbered(run))).collect::<Vec<_>>()
    });
    view! {
        <section class="card runbook" id="runbook" aria-labelledby="runbook-heading">
            <h2 id="runbook-heading">"Runbook"</h2>
            <p class="help">"Run the steps in order, each where it says. The whole runbook is also one bash script below."</p>
            {move || groups.get().into_iter().map(|(phase, ids)| {
                let start = ids.first().map_or(1, |(n, _)| *n);
                view! {
                    <h3 class="phase">{phase.title()}</h3>
                    <ol start=start>
                        {ids.into_iter().map(|(n, id)| view! { <StepView id=id number=n /> }).collect_view()}
                    </ol>
                }
            }).collect_view()}
            <details>
                <summary>"The whole runbook as one script"</summary>
                <p class="row">
                    <CopyButton text=script select_id="runbook-script" label="Copy the whole script" guarded=true />
                    <DownloadButton text=script name="runbook.sh" label="Download the whole script" />
                </p>
                <pre id="runbook-script" tabindex="0" role="region" aria-label="The whole runbook script" data-runbook-script="">{script}</pre>
            </details>
        </section>
    }
}

#[component]
fn StepView(id: StepId, number: usize) -> impl IntoView {
    let st = expect_context::<AppState>();
    let step = st.slice(move |o| o.steps.iter().find(|s| s.id == id).cloned());
    let get = move |f: fn(&Step) -> String| step.with(|s| s.as_ref().map(f).unwrap_or_default());
    let title = step.with_untracked(|s| s.as_ref().map(|s| s.title).unwrap_or_default());
    let doc = step.with_untracked(|s| s.as_ref().map(|s| s.id.doc()).unwrap_or_default());
    let traced = move || st.traced().and_then(spec).is_some_and(|f| f.sets.contains(&Target::Step(id)));
    let pre_id = format!("step-{id}-commands");
    view! {
        <li data-step=id.name() id=format!("step-{id}") class:traced=traced>
            <h4>{title}</h4>
            <p class="help">
                <span data-explain=format!("step:{id}")>{move || get(|s| s.why.clone())}</span>" "
                <em>{move || get(|s| format!("Run on {}.", s.run_on))}</em>" "
                <a href=doc target="_blank" rel="noopener noreferrer">{format!("Documentation for step {number}")}</a>
            </p>
            <CopyButton text=move || get(|s| s.commands.clone()) select_id=pre_id.clone() label=format!("Copy step {number}: {}", title.to_lowercase()) />
            <pre id=pre_id tabindex="0" role="region" aria-label=format!("Commands of step {number}: {title}")>{move || get(|s| s.commands.clone())}</pre>
        </li>
    }
}

/// The personal guide: the deployment as one Markdown document to keep.
#[component]
pub fn Guide() -> impl IntoView {
    let st = expect_context::<AppState>();
    // Made once typing pauses: it is not needed on every keystroke.
    let guide = RwSignal::new(String::new());
    let pending = web::Later::new();
    Effect::new(move |_| {
        st.output().track();
        st.diagnosis().track();
        pending.run(300, move || guide.set(st.guide()));
    });
    view! {
        <section class="card guide" aria-labelledby="guide-heading">
            <h2 id="guide-heading">"Your guide"</h2>
            <p class="help">"This deployment as one Markdown document: inputs, decisions, every step and file with why. No secret is in it: the token and the CA appear as placeholders."</p>
            <p class="row"><DownloadButton text=move || st.guide() name=GUIDE_NAME label="Download guide (Markdown)" /></p>
            <details>
                <summary>"Show the guide"</summary>
                <pre tabindex="0" role="region" aria-label="The guide, in Markdown" data-guide="">{move || guide.get()}</pre>
            </details>
        </section>
    }
}

pub const GUIDE_NAME: &str = "rsp-k8s-config-guide.md";
