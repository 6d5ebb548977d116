//! The on-demand module (`on-demand/`): code the first screen does not need. Its JS glue and
//! wasm arrive with the page (hosted: two `<link rel="preload" data-on-demand=…>` the page reads
//! at mount; offline: two `<script type="application/octet-stream" data-on-demand=…>` blocks, the
//! wasm gzip + base64), so no request is made after load; they are compiled, in a worker, only on
//! the first call, and the scan never holds the page's thread.
//!
//! Calls are coalesced per function: while one runs, only the newest waiting call of each is
//! kept, so typing into a 4 MiB log scans the latest text, not every keystroke's.

use super::web;
use base64::Engine as _;
use js_sys::{Array, Object, Reflect, Uint8Array};
use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, BlobPropertyBag, MessageEvent, Url, Worker};

/// Appended to the glue in the worker: the first message is the module, the rest are calls.
const BOOT: &str = include_str!("on-demand-boot.js");
/// The module inflates to about 150 KiB; a larger result is not this build's.
const MAX_MODULE: usize = 8 * 1024 * 1024;

type Done = Box<dyn FnOnce(Result<String, String>)>;
/// A worker and its two handlers (kept alive with it).
type Started = (Worker, Closure<dyn FnMut(MessageEvent)>, Closure<dyn FnMut(web_sys::Event)>);

struct Call {
    func: &'static str,
    args: Array,
    done: Done,
}

#[derive(Default)]
struct OnDemand {
    /// The glue and the module's bytes; `None` while they arrive.
    source: Option<Result<(String, Uint8Array), String>>,
    worker: Option<Started>,
    /// The call the worker runs (its `done` is dropped when cancelled), and the newest waiting
    /// call of each function, in the order they were made.
    running: Option<(u32, &'static str, Option<Done>)>,
    waiting: Vec<Call>,
    seq: u32,
}

thread_local! {
    static STATE: RefCell<OnDemand> = RefCell::new(OnDemand::default());
}

/// Read the module's glue and bytes as the page loads (hosted, the preloads already under way).
pub fn prefetch() {
    wasm_bindgen_futures::spawn_local(async {
        let source = load().await;
        STATE.with(|s| s.borrow_mut().source = Some(source));
        next();
    });
}

/// Run `func(args…)` of the module; `done` gets its JSON answer, or why it could not run.
/// A call replaces a waiting call of the same function, and the running one's answer (neither
/// `done` is called).
pub fn call(func: &'static str, args: Array, done: impl FnOnce(Result<String, String>) + 'static) {
    // The waiting and running calls of this function are for older input.
    cancel(func);
    STATE.with(|s| s.borrow_mut().waiting.push(Call { func, args, done: Box::new(done) }));
    next();
}

/// Forget `func`'s waiting call and its running one's answer (the input they were for is gone).
fn cancel(func: &'static str) {
    STATE.with(|s| {
        let mut s = s.borrow_mut();
        s.waiting.retain(|c| c.func != func);
        if let Some((_, running, done)) = s.running.as_mut() {
            if *running == func {
                *done = None;
            }
        }
    });
}

/// `cancel`, and end the worker when it has nothing else to do: the text it was given for
/// `func` goes with its memory (a log's box emptied). The next call starts another.
pub fn forget(func: &'static str) {
    cancel(func);
    let idle = STATE.with(|s| {
        let s = s.borrow();
        s.waiting.is_empty() && s.running.as_ref().is_none_or(|(.., done)| done.is_none())
    });
    if idle {
        reset();
    }
}

/// Stop the worker, and with it whatever text it was given (Clear): the next call starts another.
pub fn reset() {
    let worker = STATE.with(|s| {
        let mut s = s.borrow_mut();
        s.waiting.clear();
        s.running = None;
        s.worker.take()
    });
    if let Some((worker, ..)) = worker {
        worker.terminate();
    }
}

/// Start the waiting call if the worker is free and the module is here. Every `done` is called
/// with no borrow held: it sets signals, and their effects may call again.
fn next() {
    let ready = STATE.with(|s| {
        let mut s = s.borrow_mut();
        if s.running.is_some() || s.waiting.is_empty() {
            return None;
        }
        s.source.as_ref()?;
        let call = s.waiting.remove(0);
        let started = match s.source.as_ref()? {
            Err(why) => Err(why.clone()),
            Ok((glue, module)) => match s.worker.as_ref() {
                Some((worker, ..)) => Ok(worker.clone()),
                None => start(glue, module).map(|w| {
                    let worker = w.0.clone();
                    s.worker = Some(w);
                    worker
                }),
            },
        };
        Some((call, started, {
            s.seq += 1;
            s.seq
        }))
    });
    let Some((call, started, seq)) = ready else { return };
    let worker = match started {
        Ok(worker) => worker,
        // Every waiting call gets the same answer, not only the first.
        Err(why) => {
            (call.done)(Err(why));
            return next();
        }
    };
    let message = Object::new();
    let _ = Reflect::set(&message, &"seq".into(), &seq.into());
    let _ = Reflect::set(&message, &"fn".into(), &call.func.into());
    let _ = Reflect::set(&message, &"args".into(), &call.args);
    STATE.with(|s| s.borrow_mut().running = Some((seq, call.func, Some(call.done))));
    if let Err(e) = worker.post_message(&message) {
        finish(Err(format!("{e:?}")));
    }
}

/// The running call's answer: hand it over, then start the next.
fn finish(answer: Result<String, String>) {
    let done = STATE.with(|s| s.borrow_mut().running.take().and_then(|(.., done)| done));
    if let Some(done) = done {
        done(answer);
    }
    next();
}

/// A worker from a Blob of the glue and the boot script (the policy allows `worker-src blob:`),
/// given a copy of the module's bytes as its first message.
fn start(glue: &str, module: &Uint8Array) -> Result<Started, String> {
    let why = |e: JsValue| format!("the browser refused the worker: {}", e.as_string().unwrap_or_else(|| format!("{e:?}")));
    let options = BlobPropertyBag::new();
    options.set_type("text/javascript");
    let parts = Array::of2(&glue.into(), &BOOT.into());
    let blob = Blob::new_with_str_sequence_and_options(&parts, &options).map_err(why)?;
    let url = Url::create_object_url_with_blob(&blob).map_err(why)?;
    let worker = Worker::new(&url).map_err(why);
    // The worker's script is fetched when it starts, so the URL is revoked with its first answer.
    let revoke = url.clone();
    let worker = worker?;
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |ev: MessageEvent| {
        let _ = Url::revoke_object_url(&revoke);
        let data = ev.data();
        let field = |k: &str| Reflect::get(&data, &k.into()).ok().and_then(|v| v.as_string());
        finish(match field("ok") {
            Some(ok) => Ok(ok),
            None => Err(field("err").unwrap_or_else(|| "no answer".into())),
        });
    });
    // A worker that cannot start (a policy, a broken module) answers nothing: say so, and start
    // afresh on the next call.
    let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(move |_| {
        // This handler is running: its closure is leaked, not dropped (a few bytes, once).
        if let Some((worker, on_message, on_error)) = STATE.with(|s| s.borrow_mut().worker.take()) {
            worker.terminate();
            on_message.forget();
            on_error.forget();
        }
        finish(Err("the worker stopped with an error".into()));
    });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    worker.post_message(&module.slice(0, module.length())).map_err(why)?;
    Ok((worker, on_message, on_error))
}

/// The glue and the module, from the preloads (hosted) or the inline blocks (offline).
async fn load() -> Result<(String, Uint8Array), String> {
    let find = |what: &str| {
        gloo_utils::document()
            .query_selector(&format!("[data-on-demand=\"{what}\"]"))
            .ok()
            .flatten()
            .ok_or_else(|| format!("this build has no on-demand {what}"))
    };
    let (glue, module) = (find("js")?, find("wasm")?);
    if let Some(href) = glue.get_attribute("href") {
        let text = fetched(&href).await?.text().map_err(|e| format!("{e:?}"))?;
        let text = JsFuture::from(text).await.map_err(|e| format!("{e:?}"))?.as_string().unwrap_or_default();
        let href = module.get_attribute("href").unwrap_or_default();
        let bytes = fetched(&href).await?.array_buffer().map_err(|e| format!("{e:?}"))?;
        let bytes = JsFuture::from(bytes).await.map_err(|e| format!("{e:?}"))?;
        return Ok((text, Uint8Array::new(&bytes)));
    }
    let gz = base64::engine::general_purpose::STANDARD
        .decode(module.text_content().unwrap_or_default().trim())
        .map_err(|_| "the on-demand module is damaged".to_string())?;
    let bytes = web::gunzip(&gz, MAX_MODULE).await.map_err(|_| "the on-demand module is damaged".to_string())?;
    Ok((glue.text_content().unwrap_or_default(), Uint8Array::from(bytes.as_slice())))
}

async fn fetched(href: &str) -> Result<web_sys::Response, String> {
    let response = JsFuture::from(gloo_utils::window().fetch_with_str(href)).await.map_err(|e| format!("{e:?}"))?;
    let response: web_sys::Response = response.unchecked_into();
    match response.ok() {
        true => Ok(response),
        false => Err(format!("{href}: HTTP {}", response.status())),
    }
}
