//! The page's state: what the operator typed, and the engine's output derived from it.
//! Data flows one way: these signals → `engine::generate` (a memo) → every view.

use super::browser;
use leptos::prelude::*;
use rsp_k8s_engine::preset::{example, EXAMPLE_KUBECONFIG, EXAMPLE_TOKEN};
use rsp_k8s_engine::settings::{defaults, RawSettings};
use rsp_k8s_engine::{generate, share, Inputs, Output};
use zeroize::Zeroize;

#[derive(Clone, Copy)]
pub struct AppState {
    pub kubeconfig: RwSignal<String>,
    pub token: RwSignal<String>,
    /// The context picked in the page; `None` follows current-context.
    pub context: RwSignal<Option<String>>,
    pub settings: RwSignal<RawSettings>,
    pub output: Memo<Output>,
}

impl AppState {
    /// A shared link (settings in the fragment) opens those settings with no secrets;
    /// otherwise the page opens on the example, so it shows real output at once.
    pub fn new() -> AppState {
        let frag = browser::fragment();
        let start = if frag.trim_start_matches('#').is_empty() {
            example()
        } else {
            Inputs { settings: share::decode(&frag), ..Inputs::default() }
        };
        let kubeconfig = RwSignal::new(start.kubeconfig);
        let token = RwSignal::new(start.token);
        let context = RwSignal::new(start.context);
        let settings = RwSignal::new(start.settings);
        let output = Memo::new(move |_| {
            let inputs = Inputs { kubeconfig: kubeconfig.get(), token: token.get(), context: context.get(), settings: settings.get() };
            generate(&inputs, browser::now_secs())
        });
        // Keep the share link current: settings only.
        Effect::new(move |_| browser::set_fragment(&settings.with(share::encode)));
        AppState { kubeconfig, token, context, settings, output }
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
    }

    /// Reset everything; overwrite the pasted secrets before dropping them.
    pub fn clear(&self) {
        self.kubeconfig.update(|s| s.zeroize());
        self.token.update(|s| s.zeroize());
        self.context.set(None);
        self.settings.set(defaults());
    }
}
