//! Text from the engine as the page shows it: `code` between backticks becomes code.

use leptos::prelude::*;

/// Plain text with its backtick-quoted parts as `<code>`.
pub fn rich(text: &str) -> impl IntoView {
    text.split('`')
        .enumerate()
        .map(|(i, part)| {
            let part = part.to_string();
            if i % 2 == 1 {
                view! { <code>{part}</code> }.into_any()
            } else {
                part.into_any()
            }
        })
        .collect_view()
}
