//! The few browser APIs the page uses, on gloo where it covers them: clock, URL fragment,
//! clipboard, downloads, file reading, gzip. Nothing here makes a network request:
//! downloads are Blob URLs made and revoked in the page.

use gloo_timers::callback::Timeout;
use gloo_utils::{document, window};
use leptos::prelude::{LocalStorage, SetValue, StoredValue};
use rsp_k8s_engine::diagnostic::shown;
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

/// Un-gzip with the browser's DecompressionStream, fed 4 KiB at a time (each piece inflates in
/// a task of its own, a few MiB at most), and stop as soon as more than `max` bytes come out: a
/// small file that inflates to gigabytes costs `max`, not the whole stream. `Err(true)` when it
/// inflates past `max`, `Err(false)` when it is not gzip.
pub async fn gunzip(bytes: &[u8], max: usize) -> Result<Vec<u8>, bool> {
    let ds = DecompressionStream::new_decompression("gzip").map_err(|_| false)?;
    let writer = ds.writable().get_writer().map_err(|_| false)?;
    let reader: web_sys::ReadableStreamDefaultReader = ds.readable().get_reader().unchecked_into();
    let input = bytes.to_vec();
    let feeding = writer.clone();
    // A write waits while the output is not read (the readable side holds nothing), so the
    // feeding and the reading below take turns.
    wasm_bindgen_futures::spawn_local(async move {
        for piece in input.chunks(4096) {
            if JsFuture::from(feeding.write_with_chunk(&js_sys::Uint8Array::from(piece))).await.is_err() {
                return;
            }
        }
        let _ = JsFuture::from(feeding.close()).await;
    });
    let mut out = Vec::new();
    loop {
        let chunk: web_sys::ReadableStreamReadResult = JsFuture::from(reader.read()).await.map_err(|_| false)?.unchecked_into();
        if chunk.get_done().unwrap_or(true) {
            return Ok(out);
        }
        let data = js_sys::Uint8Array::new(&chunk.get_value());
        if out.len() + data.length() as usize > max {
            // Awaited, so neither promise is left to reject unhandled.
            let _ = JsFuture::from(reader.cancel()).await;
            let _ = JsFuture::from(writer.abort()).await;
            return Err(true);
        }
        out.extend_from_slice(&data.to_vec());
    }
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

/// A chosen file: its name, and its exact bytes, or why it was not read.
pub type Chosen = (String, Result<Vec<u8>, String>);

/// The exact bytes of the first chosen file, as text (lossy UTF-8, BOM and CRLF kept), or
/// why it was not read: its size is checked against `max` before a byte is read.
pub async fn read_first_file(input: &web_sys::HtmlInputElement, max: usize) -> Option<Result<String, String>> {
    let (_, bytes) = read_files(input, |_| max).await.into_iter().next()?;
    Some(bytes.map(|b| String::from_utf8_lossy(&b).into_owned()))
}

/// Every chosen file (read locally, never sent), each refused unread when its size is over
/// `max(name)`.
pub async fn read_files(input: &web_sys::HtmlInputElement, max: impl Fn(&str) -> usize) -> Vec<Chosen> {
    let Some(list) = input.files() else { return Vec::new() };
    let mut out = Vec::new();
    for file in (0..list.length()).filter_map(|i| list.get(i)).map(gloo_file::File::from) {
        let (name, size, max) = (file.name(), file.size() as usize, max(&file.name()));
        let bytes = if size > max {
            Err(format!("{} is {}, more than the {} it can be; it was not read.", shown(&name), mib(size), mib(max)))
        } else {
            gloo_file::futures::read_as_bytes(&file).await.map_err(|_| format!("{} could not be read.", shown(&name)))
        };
        out.push((name, bytes));
    }
    out
}

/// A size for messages about files: "1.5 MiB", "200 KiB".
pub fn mib(n: usize) -> String {
    if n >= 1024 * 1024 {
        format!("{}.{} MiB", n / (1024 * 1024), n % (1024 * 1024) * 10 / (1024 * 1024))
    } else {
        format!("{} KiB", n.div_ceil(1024))
    }
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
