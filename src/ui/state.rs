//! The page's state: what the operator typed, and the engine's output derived from it.
//! Data flows one way: these signals → `engine::read_kubeconfig` and `engine::generate_with`
//! (memos) → memoized slices of the output → every view.

use super::browser;
use leptos::prelude::*;
use rsp_k8s_engine::preset::{example, EXAMPLE_KUBECONFIG, EXAMPLE_TOKEN};
use rsp_k8s_engine::settings::{defaults, RawSettings};
use rsp_k8s_engine::{generate_with, read_kubeconfig, share, Inputs, Output};
use zeroize::Zeroize;

#[derive(Clone, Copy)]
pub struct AppState {
    pub kubeconfig: RwSignal<String>,
    pub token: RwSignal<String>,
    /// The context picked in the page; `None` follows current-context.
    pub context: RwSignal<Option<String>>,
    pub settings: RwSignal<RawSettings>,
    pub output: Memo<Output>,
    /// Notified when the page, not the user's typing, replaced the pasted texts (example,
    /// clear, a loaded file): only then are they written back into their text boxes, so a
    /// 1 MiB kubeconfig is not copied into the DOM again on every keystroke.
    pub replaced: Trigger,
}

impl AppState {
    /// A shared link (settings in the fragment) opens those settings with no secrets;
    /// otherwise the page opens on the example, so it shows real output at once.
    pub fn new() -> AppState {
        let frag = browser::fragment();
        // A share link carries key=value pairs; `#field-…` is only a jump to a field.
        let start = if !frag.contains('=') { example() } else { Inputs { settings: share::decode(&frag), ..Inputs::default() } };
        let kubeconfig = RwSignal::new(start.kubeconfig);
        let token = RwSignal::new(start.token);
        let context = RwSignal::new(start.context);
        let settings = RwSignal::new(start.settings);
        // Parsed only when its text changes: editing a field with a 1 MiB kubeconfig stays fast.
        let pasted = Memo::new(move |_| kubeconfig.with(|k| read_kubeconfig(k)));
        let output = Memo::new(move |_| {
            let inputs = Inputs { kubeconfig: String::new(), token: token.get(), context: context.get(), settings: settings.get() };
            pasted.with(|p| generate_with(p, &inputs, browser::now_secs()))
        });
        // Keep the share link current (settings only), at most every 250 ms: browsers
        // throttle history updates, and one per keystroke stalls typing.
        let pending = StoredValue::new(None::<TimeoutHandle>);
        Effect::new(move |_| {
            let fragment = settings.with(share::encode);
            if let Some(h) = pending.get_value() {
                h.clear();
            }
            let h = set_timeout_with_handle(move || browser::set_fragment(&fragment), std::time::Duration::from_millis(250));
            pending.set_value(h.ok());
        });
        AppState { kubeconfig, token, context, settings, output, replaced: Trigger::new() }
    }

    /// A part of the output that notifies its readers only when it changes, so an edit
    /// re-renders only what it affects.
    pub fn slice<T: PartialEq + Send + Sync + 'static>(&self, part: impl Fn(&Output) -> T + Send + Sync + 'static) -> Memo<T> {
        let output = self.output;
        Memo::new(move |_| output.with(&part))
    }

    pub fn setting(&self, key: &'static str) -> String {
        self.settings.with(|s| s.get(key).cloned().unwrap_or_default())
    }

    pub fn set_setting(&self, key: &'static str, value: String) {
        self.settings.update(|s| {
            s.insert(key.to_string(), value);
        });
    }

    pub fn load_example(&self) {
        self.kubeconfig.set(EXAMPLE_KUBECONFIG.to_string());
        self.token.set(EXAMPLE_TOKEN.to_string());
        self.context.set(None);
        self.settings.set(example().settings);
        self.replaced.notify();
    }

    /// Reset everything; overwrite the pasted secrets before dropping them.
    pub fn clear(&self) {
        self.kubeconfig.update(|s| s.zeroize());
        self.token.update(|s| s.zeroize());
        self.context.set(None);
        self.settings.set(defaults());
        self.replaced.notify();
    }
}
