//! The share link: the URL fragment holds the non-secret settings. A page opened with a
//! share link starts from its settings; any other page starts from the example, and its
//! fragment is written only once the user has edited a setting, so a reload of an
//! untouched page (or a `#field-…` / `#step-…` jump) still opens the example.

use super::web;
use leptos::prelude::*;
use rsp_k8s_engine::preset::example;
use rsp_k8s_engine::settings::RawSettings;
use rsp_k8s_engine::{share, Inputs};

/// What the page opens with, and whether it came from a share link.
pub fn initial() -> (Inputs, bool) {
    let fragment = web::fragment();
    // A share link carries key=value pairs; an anchor is only a place on the page.
    if fragment.contains('=') {
        (Inputs { settings: share::decode(&fragment), ..Inputs::default() }, true)
    } else {
        (example(), false)
    }
}

/// Keep the fragment equal to the settings while `following`, at most every 250 ms:
/// browsers throttle history updates, and one per keystroke stalls typing.
pub fn follow(settings: RwSignal<RawSettings>, following: RwSignal<bool>) {
    let pending = web::Later::new();
    Effect::new(move |_| {
        if !following.get() {
            pending.cancel();
            return;
        }
        let encoded = settings.with(share::encode);
        pending.run(250, move || web::set_fragment(&encoded));
    });
}

/// Forget the fragment now (the page went back to the example or was cleared).
pub fn forget() {
    web::set_fragment("");
}
