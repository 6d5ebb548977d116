//! Copy and download buttons with visible feedback and a select-the-text fallback.

use super::web;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// Copies `text()`; when the clipboard is refused, selects the element `select_id` instead.
#[component]
pub fn CopyButton(
    text: impl Fn() -> String + Send + Sync + 'static,
    #[prop(into)] select_id: String,
    #[prop(into)] label: String,
) -> impl IntoView {
    let status = RwSignal::new(String::new());
    let on_click = move |_| {
        let value = text();
        let id = select_id.clone();
        spawn_local(async move {
            match web::copy(&value).await {
                Ok(()) => status.set("Copied".into()),
                Err(()) => {
                    web::select_text_of(&id);
                    status.set("Selected: press Ctrl+C (⌘C) to copy".into());
                }
            }
            set_timeout(move || status.set(String::new()), std::time::Duration::from_secs(3));
        });
    };
    view! {
        <button type="button" class="small" data-copy="" aria-label=label.clone() on:click=on_click>"Copy"</button>
        <span class="status" role="status" aria-live="polite">{move || status.get()}</span>
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
