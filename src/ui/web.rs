//! The few browser APIs the page uses, on gloo where it covers them: clock, URL fragment,
//! clipboard, downloads, file reading, gzip. Nothing here makes a network request:
//! downloads are Blob URLs made and revoked in the page.

use gloo_timers::callback::Timeout;
use gloo_utils::{document, window};
use leptos::prelude::{LocalStorage, SetValue, StoredValue};
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

// The browser's gzip (web-sys has it only behind its unstable-API flag, gloo not at all).
#[wasm_bindgen]
extern "C" {
    type CompressionStream;
    #[wasm_bindgen(constructor, catch)]
    fn new(format: &str) -> Result<CompressionStream, JsValue>;
    #[wasm_bindgen(method, getter)]
    fn readable(this: &CompressionStream) -> web_sys::ReadableStream;
    #[wasm_bindgen(method, getter)]
    fn writable(this: &CompressionStream) -> web_sys::WritableStream;

    type DecompressionStream;
    #[wasm_bindgen(constructor, catch, js_class = "DecompressionStream")]
    fn new_decompression(format: &str) -> Result<DecompressionStream, JsValue>;
    #[wasm_bindgen(method, getter, js_class = "DecompressionStream")]
    fn readable(this: &DecompressionStream) -> web_sys::ReadableStream;
    #[wasm_bindgen(method, getter, js_class = "DecompressionStream")]
    fn writable(this: &DecompressionStream) -> web_sys::WritableStream;
}

/// Gzip with the browser's CompressionStream (no WebAssembly deflate needed).
pub async fn gzip(bytes: &[u8]) -> Option<Vec<u8>> {
    let cs = CompressionStream::new("gzip").ok()?;
    through(bytes, web_sys::ReadableWritablePair::new(&cs.readable(), &cs.writable())).await
}

/// Un-gzip with the browser's DecompressionStream (an imported .tar.gz).
pub async fn gunzip(bytes: &[u8]) -> Option<Vec<u8>> {
    let ds = DecompressionStream::new_decompression("gzip").ok()?;
    through(bytes, web_sys::ReadableWritablePair::new(&ds.readable(), &ds.writable())).await
}

async fn through(bytes: &[u8], pair: web_sys::ReadableWritablePair) -> Option<Vec<u8>> {
    let blob: web_sys::Blob = gloo_file::Blob::new(bytes).into();
    let response = web_sys::Response::new_with_opt_readable_stream(Some(&blob.stream().pipe_through(&pair))).ok()?;
    let buf = JsFuture::from(response.array_buffer().ok()?).await.ok()?;
    Some(js_sys::Uint8Array::new(&buf).to_vec())
}

pub fn now_secs() -> i64 {
    (js_sys::Date::now() / 1000.0) as i64
}

/// Opened from disk (the single offline file), where there is nothing to download from.
pub fn is_local_file() -> bool {
    window().location().protocol().ok().as_deref() == Some("file:")
}

pub fn fragment() -> String {
    window().location().hash().unwrap_or_default()
}

/// Replace the URL fragment without adding a history entry (settings only, never secrets).
pub fn set_fragment(encoded: &str) {
    let location = window().location();
    let (Ok(path), Ok(search)) = (location.pathname(), location.search()) else { return };
    let url = if encoded.is_empty() { format!("{path}{search}") } else { format!("{path}{search}#{encoded}") };
    if let Ok(history) = window().history() {
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&url));
    }
}

pub fn location_href() -> String {
    window().location().href().unwrap_or_default()
}

/// Copy to the clipboard; `Err` when the browser refuses (no permission, insecure context).
pub async fn copy(text: &str) -> Result<(), ()> {
    JsFuture::from(window().navigator().clipboard().write_text(text)).await.map(|_| ()).map_err(|_| ())
}

/// Select the text of an element, for the user to copy by hand when the clipboard is refused.
pub fn select_text_of(id: &str) {
    let doc = document();
    let (Some(el), Some(selection)) = (doc.get_element_by_id(id), doc.get_selection().ok().flatten()) else { return };
    if let Ok(range) = doc.create_range() {
        let _ = range.select_node_contents(&el);
        let _ = selection.remove_all_ranges();
        let _ = selection.add_range(&range);
    }
}

/// Offer bytes as a file download through a Blob URL (no request is made).
pub fn download(name: &str, bytes: &[u8], mime: &str) {
    let url = gloo_file::ObjectUrl::from(gloo_file::Blob::new_with_options(bytes, Some(mime)));
    if let Ok(a) = document().create_element("a").map(|e| e.unchecked_into::<web_sys::HtmlAnchorElement>()) {
        a.set_href(&url);
        a.set_download(name);
        a.click();
    }
    // Dropping `url` revokes it.
}

/// The exact bytes of the first chosen file, as text (lossy UTF-8, BOM and CRLF kept).
pub async fn read_first_file(input: &web_sys::HtmlInputElement) -> Option<String> {
    let (_, bytes) = read_files(input).await.into_iter().next()?;
    Some(String::from_utf8_lossy(&bytes).into_owned())
}

/// Every chosen file: its name and exact bytes (read locally, never sent).
pub async fn read_files(input: &web_sys::HtmlInputElement) -> Vec<(String, Vec<u8>)> {
    let Some(list) = input.files() else { return Vec::new() };
    let mut out = Vec::new();
    for file in (0..list.length()).filter_map(|i| list.get(i)).map(gloo_file::File::from) {
        if let Ok(bytes) = gloo_file::futures::read_as_bytes(&file).await {
            out.push((file.name(), bytes));
        }
    }
    out
}

/// Move the keyboard focus to the first control inside the element `id` (a summary link's
/// target), once the browser has followed the link (which would take the focus away).
pub fn focus_first_control(id: &str) {
    let id = id.to_string();
    gloo_timers::callback::Timeout::new(0, move || focus_control_in(&id)).forget();
}

/// Move the keyboard focus to the first control inside the element `id`, now.
pub fn focus_control_in(id: &str) {
    let selector = format!("#{id} textarea, #{id} input, #{id} select");
    if let Some(el) = document().query_selector(&selector).ok().flatten().and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = el.focus();
    }
}

/// Scroll to the element the URL's fragment names (`#step-token`), which did not exist yet
/// when the browser looked for it: the page is drawn after it loads.
pub fn scroll_to_fragment() {
    let id = fragment();
    let id = id.trim_start_matches('#');
    if id.is_empty() || id.contains('=') {
        return;
    }
    if let Some(el) = document().get_element_by_id(id) {
        el.scroll_into_view();
    }
}

/// Runs the last thing it was given once `ms` pass without a newer one: each call replaces
/// (and so cancels: gloo's Timeout clears itself on drop) the one still waiting.
#[derive(Clone, Copy)]
pub struct Later(StoredValue<Option<Timeout>, LocalStorage>);

impl Later {
    pub fn new() -> Later {
        Later(StoredValue::new_local(None))
    }

    pub fn run(&self, ms: u32, f: impl FnOnce() + 'static) {
        self.0.set_value(Some(Timeout::new(ms, f)));
    }

    pub fn cancel(&self) {
        self.0.set_value(None);
    }
}
