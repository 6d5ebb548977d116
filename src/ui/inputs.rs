//! The pasted inputs: kubeconfig (or a file), the context to use, and the token.

use super::diagnostics::{diagnostics_id, FieldDiagnostics};
use super::state::AppState;
use super::web;
use leptos::prelude::*;
use leptos::task::spawn_local;
use rsp_k8s_engine::diagnostic::{shown as shown_name, FieldId, CONTEXT, IMPORT, KUBECONFIG, TOKEN};
use rsp_k8s_engine::settings::anchor;
use rsp_k8s_engine::{import, MAX_KUBECONFIG_BYTES, MAX_TOKEN_BYTES};

/// A text box that shows `text` on first render and whenever the page replaces it; the
/// user's own typing flows only the other way (box → state).
pub(super) fn shown(text: impl Into<Signal<String>>) -> NodeRef<leptos::html::Textarea> {
    let text = text.into();
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

/// Past this size a pasted or loaded text is held, not shown whole: Chrome spends about a quarter
/// of a second laying out 1 MiB in a text box (a second for 4 MiB), whoever sets it. The box then
/// shows a part of it, read-only, and a button clears it.
pub(super) const SHOWN_MAX: usize = 256 * 1024;
/// How much a held text's box shows.
const PART: usize = 16 * 1024;

/// Which part of a held text its box shows: a kubeconfig's start, a log's end.
#[derive(Clone, Copy)]
pub(super) enum Part {
    Head,
    Tail,
}

/// What a box shows of `text`: all of it, or whole lines of `part` of a held one.
pub(super) fn part(text: &str, which: Part) -> String {
    if text.len() <= SHOWN_MAX {
        return text.to_string();
    }
    match which {
        Part::Head => {
            let mut end = PART;
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            text[..end].rsplit_once('\n').map_or(&text[..end], |(lines, _)| lines).to_string() + "\n"
        }
        Part::Tail => {
            let mut start = text.len() - PART;
            while !text.is_char_boundary(start) {
                start += 1;
            }
            let rest = &text[start..];
            rest.split_once('\n').map_or(rest, |(_, lines)| lines).to_string()
        }
    }
}

/// A box that holds large texts: what it shows (`shown`'s text), whether it is read-only, its paste
/// handler (a paste over `SHOWN_MAX` replaces what it held, through `replace`, which writes the box)
/// and the note under it with a button that clears it.
pub(super) struct Held<P, N, D> {
    pub shows: Signal<String>,
    pub held: Memo<bool>,
    pub on_paste: P,
    pub note: N,
    /// The box's `aria-describedby`: what it is given, and the note while there is one.
    pub described: D,
}

pub(super) fn held(
    text: ReadSignal<String>,
    which: Part,
    (max, what, refused): (usize, &'static str, RwSignal<Option<String>>),
    apply: impl Fn(String) + Copy + 'static,
    replace: impl Fn(String) + Copy + Send + Sync + 'static,
    note_id: &'static str,
) -> Held<impl Fn(web_sys::ClipboardEvent), impl IntoView, impl Fn(String) -> String + Copy> {
    let held = Memo::new(move |_| text.with(|t| t.len() > SHOWN_MAX));
    let shows = Signal::derive(move || text.with(|t| part(t, which)));
    let paste = bounded_paste(max, what, refused, apply);
    let on_paste = move |ev: web_sys::ClipboardEvent| {
        let pasted = ev.clipboard_data().and_then(|d| d.get_data("text").ok()).unwrap_or_default();
        // A paste into a held box (read-only, showing a part) replaces the whole held text too:
        // never an edit of the part, which would drop the rest.
        if pasted.len() <= max && (pasted.len() > SHOWN_MAX || held.get_untracked()) {
            ev.prevent_default();
            refused.set(None);
            replace(pasted);
        } else {
            paste(ev);
        }
    };
    let shown_part = match which {
        Part::Head => "its first lines",
        Part::Tail => "its last lines",
    };
    // Drawn only while a text is held: the box's card says nothing more otherwise.
    let note = move || {
        held.get().then(|| view! {
            <p class="help" id=note_id data-held-text=what>
                {format!("This {what} ({}) is held, not shown whole (a text box that large slows the page); the box shows {shown_part}. ", web::mib(text.with(String::len)))}
                <button type="button" class="small" id=format!("{note_id}-clear") on:click=move |_| replace(String::new())>{format!("Clear the {what}")}</button>
                " to paste or type another."
            </p>
        })
    };
    // The box is described by the note while there is one.
    let described = move |by: String| if held.get() { format!("{by} {note_id}") } else { by };
    Held { shows, held, on_paste, note, described }
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
    let no_error = st.slice(move |o| !o.has_error(field));
    let masked = move || text.with(|t| !t.trim().is_empty()) && no_error.get() && !revealed();
    let button = view! {
        <button type="button" class="small" id=format!("{field}-reveal") aria-pressed=move || revealed().to_string()
            aria-label=format!("Reveal the {what}") on:click=move |_| toggle()>
            {move || if revealed() { "Hide" } else { "Reveal" }}
        </button>
    };
    (masked, button)
}

/// Past this size, a paste or a deletion is applied by the page itself (`setRangeText`): the
/// browser's own editing command costs seconds for a paste of thousands of lines on this page,
/// and an edit this large is never one a person wants to undo key by key.
const LARGE_EDIT: usize = 16 * 1024;

/// A paste larger than `max` bytes is refused before it reaches the text box (and said so in
/// `refused`); a large one is put in place by the page; `apply` then takes the box's text.
pub(super) fn bounded_paste(
    max: usize,
    what: &'static str,
    refused: RwSignal<Option<String>>,
    apply: impl Fn(String) + Copy + 'static,
) -> impl Fn(web_sys::ClipboardEvent) {
    move |ev| {
        let text = ev.clipboard_data().and_then(|d| d.get_data("text").ok()).unwrap_or_default();
        if text.len() > max {
            ev.prevent_default();
            refused.set(Some(format!(
                "That paste is {}, more than the {} a {what} can be here: nothing was pasted.",
                web::mib(text.len()),
                web::mib(max)
            )));
            return;
        }
        refused.set(None);
        if text.len() > LARGE_EDIT {
            ev.prevent_default();
            replace_selection(&event_target(&ev), &text, apply);
        }
    }
}

/// Deleting a large selection, put in place by the page (see `LARGE_EDIT`).
pub(super) fn large_delete(apply: impl Fn(String) + Copy + 'static) -> impl Fn(web_sys::InputEvent) {
    move |ev| {
        let area: web_sys::HtmlTextAreaElement = event_target(&ev);
        let (start, end) = (area.selection_start().ok().flatten().unwrap_or(0), area.selection_end().ok().flatten().unwrap_or(0));
        if ev.input_type().starts_with("delete") && (end - start) as usize > LARGE_EDIT {
            ev.prevent_default();
            replace_selection(&area, "", apply);
        }
    }
}

fn replace_selection(area: &web_sys::HtmlTextAreaElement, text: &str, apply: impl Fn(String)) {
    let (start, end) = (area.selection_start().ok().flatten().unwrap_or(0), area.selection_end().ok().flatten().unwrap_or(0));
    // Everything selected (Ctrl+A, then paste): setting the value costs a fraction of setRangeText.
    if start == 0 && end == js_sys::JsString::from(area.value()).length() {
        area.set_value(text);
    } else if area.set_range_text_with_start_and_end_and_mode(text, start, end, "end").is_err() {
        return;
    }
    apply(area.value());
}

/// What was refused before it reached the engine (a paste or a file too large).
pub(super) fn refusal(refused: RwSignal<Option<String>>) -> impl IntoView {
    move || refused.get().map(|why| view! { <p class="diag error" role="alert" data-refused="">{why}</p> })
}

/// `aria-invalid` for an input: true while it has an error.
fn invalid(field: FieldId) -> Memo<bool> {
    expect_context::<AppState>().slice(move |o| o.has_error(field))
}

/// A file input's change: the first chosen file read as text (its size checked against `max`
/// before a byte is read) and given to `load`, or why not said in `refused`.
pub(super) fn text_file(
    max: usize,
    refused: RwSignal<Option<String>>,
    load: impl Fn(String) + Copy + 'static,
) -> impl Fn(leptos::ev::Event) + Copy + 'static {
    move |ev| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        spawn_local(async move {
            match web::read_first_file(&input, max).await {
                Some(Ok(text)) => {
                    refused.set(None);
                    load(text);
                }
                Some(Err(why)) => refused.set(Some(why)),
                None => {}
            }
            input.set_value("");
        });
    }
}

#[component]
pub fn Kubeconfig() -> impl IntoView {
    let st = expect_context::<AppState>();
    let on_input = move |ev| st.paste_kubeconfig(event_target_value(&ev));
    let refused = RwSignal::new(None);
    let on_file = text_file(MAX_KUBECONFIG_BYTES, refused, move |text| st.load_kubeconfig_file(text));
    let revealed = RwSignal::new(false);
    let (masked, toggle) =
        masking(st.kubeconfig(), KUBECONFIG, move || revealed.get(), move || revealed.update(|r| *r = !*r), "kubeconfig");
    let kubeconfig_invalid = invalid(KUBECONFIG);
    let big = held(
        st.kubeconfig(),
        Part::Head,
        (MAX_KUBECONFIG_BYTES, "kubeconfig", refused),
        move |t| st.paste_kubeconfig(t),
        move |t| st.load_kubeconfig_file(t),
        "kubeconfig-held",
    );
    let contexts = st.slice(|o| o.contexts.clone());
    // The chosen context's place in the list ("" when none): the select's value, so no option
    // carries a reactive closure of its own (10,000 contexts stay one update).
    let chosen =
        st.slice(|o| o.context.as_ref().and_then(|c| o.contexts.iter().position(|x| x == c)).map_or_else(String::new, |i| i.to_string()));
    let picker = NodeRef::<leptos::html::Select>::new();
    // After the options are drawn (a `prop:value` would be set before they exist).
    Effect::new(move |_| {
        let value = chosen.get();
        contexts.track();
        if let Some(select) = picker.get() {
            select.set_value(&value);
        }
    });
    view! {
        <section class="card" id=anchor(KUBECONFIG)>
            <h2><label for="kubeconfig">"1. Kubeconfig"</label></h2>
            <p class="help" id="kubeconfig-help">
                "Paste the output of " <code>"kubectl config view --raw"</code> " (YAML, or " <code>"-o json"</code>
                "). Only the chosen cluster's server URL and CA are used; user credentials are never copied."
            </p>
            <textarea id="kubeconfig" name="kubeconfig" rows="9" spellcheck="false" autocomplete="off" autocapitalize="off"
                required=true aria-invalid=move || kubeconfig_invalid.get().to_string()
                aria-describedby=move || (big.described)(format!("kubeconfig-help {}", diagnostics_id(KUBECONFIG))) class:masked=masked node_ref=shown(big.shows)
                readonly=move || big.held.get() maxlength=MAX_KUBECONFIG_BYTES on:paste=big.on_paste
                on:beforeinput=large_delete(move |t| st.paste_kubeconfig(t)) on:input=on_input></textarea>
            {big.note}
            <p class="row">
                {toggle}
                <label class="file">"Load a kubeconfig file: " <input type="file" id="kubeconfig-file" on:change=on_file /></label>
            </p>
            {refusal(refused)}
            <FieldDiagnostics field=KUBECONFIG />
            <div id=anchor(CONTEXT) class="context">
                <Show when=move || contexts.with(|c| !c.is_empty())>
                    <label for="context">"Context "</label>
                    <select id="context" name="context" node_ref=picker on:change=move |ev| {
                        let picked = event_target_value(&ev).parse::<usize>().ok();
                        if let Some(name) = picked.and_then(|i| contexts.with_untracked(|c| c.get(i).cloned())) {
                            st.pick_context(name);
                        }
                    }>
                        // Shown, and selected, exactly while the files use no context.
                        {move || chosen.with(String::is_empty).then(|| view! {
                            <option value="" selected=true disabled=true>"Choose a context…"</option>
                        })}
                        // Names as messages show them: cut, with control and bidi characters escaped.
                        {move || contexts.with(|names| names.iter().enumerate().map(|(i, c)| view! { <option value=i.to_string()>{shown_name(c)}</option> }).collect_view())}
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
    let refused = RwSignal::new(None);
    view! {
        <section class="card" id=anchor(TOKEN)>
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
                node_ref=shown(st.token()) maxlength=MAX_TOKEN_BYTES on:paste=bounded_paste(MAX_TOKEN_BYTES, "token", refused, move |t| st.paste_token(t))
                on:beforeinput=large_delete(move |t| st.paste_token(t)) on:input=move |ev| st.paste_token(event_target_value(&ev))></textarea>
            <p class="row">{toggle}</p>
            {refusal(refused)}
            <FieldDiagnostics field=TOKEN />
        </section>
    }
}

/// The server's current files, to merge into instead of replacing them.
#[component]
pub fn Import() -> impl IntoView {
    let st = expect_context::<AppState>();
    let refused = RwSignal::new(Vec::<String>::new());
    let on_files = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        spawn_local(async move {
            let (mut files, mut why) = (Vec::new(), Vec::new());
            let chosen = web::read_files(&input, import::max_bytes).await;
            if chosen.len() > import::MAX_FILES {
                why.push(format!("{} files were chosen; the first {} were read.", chosen.len(), import::MAX_FILES));
            }
            for (name, bytes) in chosen.into_iter().take(import::MAX_FILES) {
                let bytes = match bytes {
                    Err(e) => {
                        why.push(e);
                        continue;
                    }
                    Ok(b) => b,
                };
                let lower = name.to_ascii_lowercase();
                // A .tar.gz is un-gzipped here, by the browser, and never past the archive limit;
                // the engine reads the tar, under the name as chosen (its messages say it).
                if lower.ends_with(".gz") || lower.ends_with(".tgz") {
                    match web::gunzip(&bytes, import::MAX_ARCHIVE_BYTES).await {
                        Ok(tar) => files.push((name, tar)),
                        Err(true) => why.push(format!(
                            "{} inflates to more than {}; it was not read.",
                            shown_name(&name),
                            web::mib(import::MAX_ARCHIVE_BYTES)
                        )),
                        Err(false) => why.push(format!("{} is not a gzip file; it was not read.", shown_name(&name))),
                    }
                } else {
                    files.push((name, bytes));
                }
            }
            refused.set(why);
            st.import(files);
            input.set_value("");
        });
    };
    let names = st.slice(|o| o.files.iter().filter(|f| f.merged_from.is_some()).map(|f| f.path.clone()).collect::<Vec<_>>());
    view! {
        <section class="card" id=anchor(IMPORT)>
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
            {move || refused.get().into_iter().map(|why| view! { <p class="diag error" role="alert" data-refused="">{why}</p> }).collect_view()}
            <FieldDiagnostics field=import::IMPORT />
        </section>
    }
}
