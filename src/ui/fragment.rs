//! The share link: the URL fragment holds the non-secret settings. A page opened with a
//! share link starts from its settings; any other page starts from the example, and its
//! fragment is written only once the user has edited a setting, so a reload of an
//! untouched page (or a `#field-…` / `#step-…` jump) still opens the example.

use super::web;
use leptos::prelude::*;
use rsp_k8s_engine::preset::{example, shown};
use rsp_k8s_engine::settings::{hold_back, RawSettings};
use rsp_k8s_engine::{share, Inputs};

/// What the page opens with, whether it came from a share link, and the unsafe choices the
/// link asked for (held back: the page names them and applies them only on request).
pub fn initial() -> (Inputs, bool, Vec<(&'static str, String)>) {
    let fragment = web::fragment();
    // A share link carries key=value pairs; an anchor is only a place on the page.
    if fragment.contains('=') {
        let mut settings = share::decode(&fragment);
        let held = hold_back(&mut settings);
        (Inputs { settings, ..Inputs::default() }, true, held)
    } else {
        (shown(example()), false, Vec::new())
    }
}

/// Keep the fragment equal to the user's own settings (`shareable`) while `following`, at
/// most every 250 ms: browsers throttle history updates, and one per keystroke stalls typing.
pub fn follow(shareable: Memo<RawSettings>, following: RwSignal<bool>) {
    let pending = web::Later::new();
    Effect::new(move |_| {
        if !following.get() {
            pending.cancel();
            return;
        }
        let encoded = shareable.with(share::encode);
        pending.run(250, move || web::set_fragment(&encoded));
    });
}

/// Forget the fragment now (the page went back to the example or was cleared).
pub fn forget() {
    web::set_fragment("");
}
