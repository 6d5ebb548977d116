fn main() {
    // The page's own timeline for `scripts/bench.sh`: by "rsp:start" the wasm has been fetched,
    // compiled and instantiated; "rsp:rendered" ends the first (synchronous) render.
    mark("rsp:start");
    leptos::mount::mount_to_body(rsp_k8s_config::App);
    mark("rsp:rendered");
}

/// `performance.mark(name)`, best effort. Called through js-sys because the web-sys feature
/// "Performance" is not enabled in Cargo.toml, and a benchmark mark must never break the page.
fn mark(name: &str) {
    use js_sys::{Function, Reflect};
    use wasm_bindgen::{JsCast, JsValue};
    let Ok(perf) = Reflect::get(&js_sys::global(), &JsValue::from_str("performance")) else { return };
    if let Ok(f) = Reflect::get(&perf, &JsValue::from_str("mark")).and_then(|f| f.dyn_into::<Function>()) {
        let _ = f.call1(&perf, &JsValue::from_str(name));
    }
}
