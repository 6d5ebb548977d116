//! The static shell in `index.html`: painted as soon as the HTML arrives, while the
//! WebAssembly is still fetched and compiled, with the two text boxes a user pastes into
//! first. The app takes over what was pasted there, then removes the shell.

use gloo_utils::document;
use wasm_bindgen::JsCast;

/// What the user put in the shell before the app ran.
pub struct Carried {
    pub kubeconfig: String,
    pub token: String,
    /// The app's card whose text box should take the keyboard focus (the shell's had it).
    pub focus: Option<&'static str>,
}

/// The shell's text boxes, each with the app's card that replaces it.
const BOXES: [(&str, &str); 2] = [("shell-kubeconfig", "field-kubeconfig"), ("shell-token", "field-token")];

/// Reads the shell and removes it, so no id is on the page twice and no pasted secret stays
/// in a detached copy of the DOM.
pub fn take() -> Carried {
    let doc = document();
    let value = |id: &str| {
        doc.get_element_by_id(id)
            .and_then(|e| e.dyn_into::<web_sys::HtmlTextAreaElement>().ok())
            .map(|area| {
                let v = area.value();
                area.set_value("");
                v
            })
            .unwrap_or_default()
    };
    let active = doc.active_element().map(|e| e.id()).unwrap_or_default();
    let focus = BOXES.iter().find(|(shell, _)| *shell == active).map(|(_, card)| *card);
    let carried = Carried { kubeconfig: value(BOXES[0].0), token: value(BOXES[1].0), focus };
    if let Some(shell) = doc.get_element_by_id("shell") {
        shell.remove();
    }
    carried
}
