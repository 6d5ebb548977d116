//! Copy and download buttons with visible feedback in reserved space that clears itself, a
//! select-the-text fallback, and a second click asked for when the output is incomplete.

use super::diagnostics::count;
use super::state::AppState;
use super::web;
use leptos::prelude::*;
use leptos::task::spawn_local;
use rsp_k8s_engine::{Output, Status};

/// A short message that clears itself after a few seconds.
#[derive(Clone, Copy)]
pub struct Feedback {
    text: RwSignal<String>,
    clear: web::Later,
}

impl Feedback {
    pub fn new() -> Feedback {
        Feedback { text: RwSignal::new(String::new()), clear: web::Later::new() }
    }

    pub fn say(&self, message: impl Into<String>) {
        let text = self.text;
        text.set(message.into());
        self.clear.run(5_000, move || text.set(String::new()));
    }

    /// The reserved space it shows in (the page does not move when it appears).
    pub fn view(&self) -> impl IntoView {
        let text = self.text;
        view! { <span class="feedback" role="status">{move || text.get()}</span> }
    }
}

/// What is wrong with the output, in a sentence, or `None` when it is complete.
pub fn incompleteness() -> Option<String> {
    let st = expect_context::<AppState>();
    let verdict = st.output().with_untracked(Output::verdict);
    match verdict.status {
        Status::Complete => None,
        Status::Example => Some("This is the example: every value in it is made up.".to_string()),
        Status::Error | Status::Incomplete => Some(format!(
            "Incomplete: {} and {} still placeholders; the script refuses to run until they are filled in.",
            count(verdict.errors, "error", "errors"),
            count(verdict.missing, "value", "values"),
        )),
    }
}

/// Acts at once on complete output; otherwise says what is missing first and acts on a
/// second click.
#[derive(Clone, Copy)]
pub struct Guard {
    armed: RwSignal<bool>,
}

impl Guard {
    pub fn new() -> Guard {
        Guard { armed: RwSignal::new(false) }
    }

    /// True when the action may go ahead now.
    pub fn pass(&self, feedback: Feedback) -> bool {
        self.confirm(feedback, incompleteness().map(|why| format!("{why} Press again to go ahead anyway.")))
    }

    /// True when there is nothing to ask (`ask` is `None`) or this is the second click.
    pub fn confirm(&self, feedback: Feedback, ask: Option<String>) -> bool {
        match ask {
            Some(ask) if !self.armed.get_untracked() => {
                feedback.say(ask);
                self.armed.set(true);
                false
            }
            _ => {
                self.armed.set(false);
                true
            }
        }
    }

    pub fn armed(&self) -> bool {
        self.armed.get()
    }
}

/// Copies `text()`; when the clipboard is refused, selects the element `select_id` instead.
#[component]
pub fn CopyButton(
    text: impl Fn() -> String + Send + Sync + 'static,
    #[prop(into)] select_id: String,
    #[prop(into)] label: String,
    /// Ask for a second click when the output is incomplete (the whole script).
    #[prop(optional)]
    guarded: bool,
) -> impl IntoView {
    let feedback = Feedback::new();
    let guard = Guard::new();
    let on_click = move |_| {
        if guarded && !guard.pass(feedback) {
            return;
        }
        let value = text();
        let id = select_id.clone();
        spawn_local(async move {
            match web::copy(&value).await {
                Ok(()) => feedback.say("Copied"),
                Err(()) => {
                    web::select_text_of(&id);
                    feedback.say("Selected: press Ctrl+C (⌘C) to copy");
                }
            }
        });
    };
    view! {
        <button type="button" class="small" data-copy="" aria-label=label.clone() on:click=on_click>
            {move || if guard.armed() { "Copy anyway" } else { "Copy" }}
        </button>
        {feedback.view()}
    }
}

/// Downloads `text()` under exactly `name` (octet-stream, so no browser adds ".txt").
#[component]
pub fn DownloadButton(
    text: impl Fn() -> String + Send + Sync + 'static,
    #[prop(into)] name: String,
    #[prop(into)] label: String,
) -> impl IntoView {
    view! {
        <button type="button" class="small" data-download="" aria-label=label on:click=move |_| web::download(&name, text().as_bytes(), "application/octet-stream")>
            "Download"
        </button>
    }
}
