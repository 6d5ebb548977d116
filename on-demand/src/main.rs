//! The module the first screen does not wait for: the diagnose box's scan and the settings
//! file's TOML parser. Trunk builds it as a worker (wasm-bindgen's `no-modules` glue); the page
//! fetches it with the first load, and starts it in a worker only when one of them is first used
//! (`src/ui/on_demand.rs`, `src/ui/on-demand-boot.js`). Its
//! answers are the engine's types as JSON, which the page parses with the browser's `JSON.parse`
//! and reads through getters (`src/ui/wire.rs`): the first screen holds no deserializer for them.

use rsp_k8s_engine::diagnose::{diagnose as scan, Setup};
use wasm_bindgen::prelude::wasm_bindgen;

/// A worker has no `main` work: the boot script calls the exports.
fn main() {}

/// The causes `log` shows for the setup given as its `Setup::slots()`, as a `Diagnosis` in JSON.
#[wasm_bindgen]
pub fn diagnose(log: &str, setup: Vec<String>) -> String {
    serde_json::to_string(&scan(log, &Setup::from_slots(&setup))).unwrap_or_default()
}

/// A saved settings file's keys and values (`settings::file::read`; the page applies them):
/// `[[[key, value or null]…], null]`, or `[[], "why it is not a settings file"]`.
#[wasm_bindgen]
pub fn read_settings(text: &str) -> String {
    let answer = match rsp_k8s_engine::settings::file::read(text) {
        Ok(pairs) => (pairs, None),
        Err(e) => (Vec::new(), Some(e.message)),
    };
    serde_json::to_string(&answer).unwrap_or_default()
}
