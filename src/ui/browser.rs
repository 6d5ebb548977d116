//! Thin wrappers over browser APIs: clock, URL fragment, clipboard, downloads, file reading.
//! Nothing here makes a network request: downloads are Blob URLs created and revoked locally.

use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

// The browser's gzip (web-sys has it only behind its unstable-API flag).
#[wasm_bindgen]
extern "C" {
    type CompressionStream;
    #[wasm_bindgen(constructor, catch)]
    fn new(format: &str) -> Result<CompressionStream, JsValue>;
    #[wasm_bindgen(method, getter)]
    fn readable(this: &CompressionStream) -> web_sys::ReadableStream;
    #[wasm_bindgen(method, getter)]
    fn writable(this: &CompressionStream) -> web_sys::WritableStream;
}

fn blob(bytes: &[u8], mime: &str) -> Option<web_sys::Blob> {
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let props = web_sys::BlobPropertyBag::new();
    props.set_type(mime);
    web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &props).ok()
}

/// Gzip with the browser's CompressionStream (no WebAssembly deflate needed).
pub async fn gzip(bytes: &[u8]) -> Option<Vec<u8>> {
    let cs = CompressionStream::new("gzip").ok()?;
    let pair = web_sys::ReadableWritablePair::new(&cs.readable(), &cs.writable());
    let zipped = blob(bytes, "application/octet-stream")?.stream().pipe_through(&pair);
    let response = web_sys::Response::new_with_opt_readable_stream(Some(&zipped)).ok()?;
    let buf = JsFuture::from(response.array_buffer().ok()?).await.ok()?;
    Some(js_sys::Uint8Array::new(&buf).to_vec())
}

pub fn now_secs() -> i64 {
    (js_sys::Date::now() / 1000.0) as i64
}

fn window() -> Option<web_sys::Window> {
    web_sys::window()
}

/// Opened from disk (the single offline file), where there is nothing to download from.
pub fn is_local_file() -> bool {
    window().and_then(|w| w.location().protocol().ok()).as_deref() == Some("file:")
}

pub fn fragment() -> String {
    window().and_then(|w| w.location().hash().ok()).unwrap_or_default()
}

/// Replace the URL fragment without adding a history entry (settings only, never secrets).
pub fn set_fragment(encoded: &str) {
    let Some(w) = window() else { return };
    let (Ok(path), Ok(search)) = (w.location().pathname(), w.location().search()) else { return };
    let url = if encoded.is_empty() { format!("{path}{search}") } else { format!("{path}{search}#{encoded}") };
    if let Ok(h) = w.history() {
        let _ = h.replace_state_with_url(&JsValue::NULL, "", Some(&url));
    }
}

pub fn location_href() -> String {
    window().and_then(|w| w.location().href().ok()).unwrap_or_default()
}

/// Copy to the clipboard; `Err` when the browser refuses (no permission, insecure context).
pub async fn copy(text: &str) -> Result<(), ()> {
    let clipboard = window().ok_or(())?.navigator().clipboard();
    JsFuture::from(clipboard.write_text(text)).await.map(|_| ()).map_err(|_| ())
}

/// Select the text of an element, for the user to copy by hand when the clipboard is refused.
pub fn select_text_of(id: &str) {
    let Some(doc) = window().and_then(|w| w.document()) else { return };
    let (Some(el), Some(sel)) = (doc.get_element_by_id(id), doc.get_selection().ok().flatten()) else { return };
    if let Ok(range) = doc.create_range() {
        let _ = range.select_node_contents(&el);
        let _ = sel.remove_all_ranges();
        let _ = sel.add_range(&range);
    }
}

/// Offer bytes as a file download through a Blob URL (no request is made).
pub fn download(name: &str, bytes: &[u8], mime: &str) {
    let (Some(doc), Some(blob)) = (window().and_then(|w| w.document()), blob(bytes, mime)) else { return };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else { return };
    if let Ok(a) = doc.create_element("a").map(|e| e.unchecked_into::<web_sys::HtmlAnchorElement>()) {
        a.set_href(&url);
        a.set_download(name);
        a.click();
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}

/// The exact bytes of the first chosen file, as text (lossy UTF-8, BOM and CRLF kept).
pub async fn read_first_file(input: &web_sys::HtmlInputElement) -> Option<String> {
    let file = input.files()?.get(0)?;
    let buf = JsFuture::from(file.array_buffer()).await.ok()?;
    Some(String::from_utf8_lossy(&js_sys::Uint8Array::new(&buf).to_vec()).into_owned())
}
