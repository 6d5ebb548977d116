//! The page's state: what the operator typed, and the engine's output derived from it.
//! Data flows one way: the signals (private, changed only through the intent methods
//! below) → `engine::read_kubeconfig` and `engine::generate_with` (memos) → memoized
//! slices of the output → every view.

use super::{fragment, web};
use leptos::prelude::*;
use rsp_k8s_engine::preset::{example, presets};
use rsp_k8s_engine::settings::{self, defaults, RawSettings};
use rsp_k8s_engine::{generate_with, guide_with, import, read_kubeconfig, Inputs, Output, PastedKubeconfig};
use std::collections::BTreeSet;
use zeroize::Zeroize;

#[derive(Clone, Copy)]
pub struct AppState {
    kubeconfig: RwSignal<String>,
    token: RwSignal<String>,
    /// The context picked in the page; `None` follows current-context.
    context: RwSignal<Option<String>>,
    settings: RwSignal<RawSettings>,
    /// The fragment follows the settings: after an edit, or when opened from a share link.
    sharing: RwSignal<bool>,
    /// The example is on show, untouched.
    example: RwSignal<bool>,
    /// The first render is done: what is hidden at first (explanations) may be drawn now.
    settled: RwSignal<bool>,
    /// The token is shown in clear, in its box and in the files (it is masked otherwise).
    token_revealed: RwSignal<bool>,
    /// The form field whose lines are highlighted in every file and step.
    traced: RwSignal<Option<&'static str>>,
    /// The server's current files, as chosen (secret: launcher.kubernetes.conf holds a token).
    imports: RwSignal<Vec<(String, Vec<u8>)>>,
    /// Fields the user typed in (an import never overwrites them), and fields an import filled.
    typed: RwSignal<BTreeSet<&'static str>>,
    from_file: RwSignal<BTreeSet<&'static str>>,
    output: Memo<Output>,
    /// What the guide is made from (made on demand: it is the one output not needed per keystroke).
    guide: StoredValue<(Memo<PastedKubeconfig>, Memo<import::Imported>, Memo<Inputs>)>,
    /// Notified when the page, not the user's typing, replaced the pasted texts (example,
    /// clear, a loaded file): only then are they written back into their text boxes, so a
    /// 1 MiB kubeconfig is not copied into the DOM again on every keystroke.
    replaced: Trigger,
}

impl AppState {
    pub fn new() -> AppState {
        let (start, shared) = fragment::initial();
        let kubeconfig = RwSignal::new(start.kubeconfig);
        let token = RwSignal::new(start.token);
        let context = RwSignal::new(start.context);
        let settings = RwSignal::new(start.settings);
        let sharing = RwSignal::new(shared);
        let example = RwSignal::new(!shared);
        // Parsed only when its text changes: editing a field with a 1 MiB kubeconfig stays fast.
        let pasted = Memo::new(move |_| kubeconfig.with(|k| read_kubeconfig(k)));
        let imports = RwSignal::new(Vec::new());
        let imported = Memo::new(move |_| imports.with(|i| import::read(i)));
        let inputs =
            Memo::new(move |_| Inputs { token: token.get(), context: context.get(), settings: settings.get(), ..Inputs::default() });
        let output =
            Memo::new(move |_| inputs.with(|inputs| pasted.with(|p| imported.with(|i| generate_with(p, i, inputs, web::now_secs())))));
        fragment::follow(settings, sharing);
        let settled = RwSignal::new(false);
        // `try_set`: the page may be gone by then (tests mount and unmount it).
        gloo_timers::callback::Timeout::new(200, move || {
            let _ = settled.try_set(true);
        })
        .forget();
        AppState {
            kubeconfig,
            token,
            context,
            settings,
            sharing,
            example,
            token_revealed: RwSignal::new(false),
            settled,
            traced: RwSignal::new(None),
            imports,
            typed: RwSignal::new(BTreeSet::new()),
            from_file: RwSignal::new(BTreeSet::new()),
            output,
            guide: StoredValue::new((pasted, imported, inputs)),
            replaced: Trigger::new(),
        }
    }

    /// A part of the output that notifies its readers only when it changes, so an edit
    /// re-renders only what it affects.
    pub fn slice<T: PartialEq + Send + Sync + 'static>(&self, part: impl Fn(&Output) -> T + Send + Sync + 'static) -> Memo<T> {
        let output = self.output;
        Memo::new(move |_| output.with(&part))
    }

    pub fn output(&self) -> Memo<Output> {
        self.output
    }

    /// The personal guide for what is on the page now.
    pub fn guide(&self) -> String {
        let (pasted, imported, inputs) = self.guide.get_value();
        inputs.with_untracked(|inputs| pasted.with_untracked(|p| imported.with_untracked(|i| guide_with(p, i, inputs, web::now_secs()))))
    }

    pub fn setting(&self, key: &'static str) -> String {
        self.settings.with(|s| s.get(key).cloned().unwrap_or_default())
    }

    /// The pasted kubeconfig or token (tracked), for their boxes and masks.
    pub fn kubeconfig(&self) -> ReadSignal<String> {
        self.kubeconfig.read_only()
    }

    pub fn token(&self) -> ReadSignal<String> {
        self.token.read_only()
    }

    /// Whether the page shows the example, untouched.
    pub fn is_example(&self) -> bool {
        self.example.get()
    }

    pub fn settled(&self) -> bool {
        self.settled.get()
    }

    pub fn token_revealed(&self) -> bool {
        self.token_revealed.get()
    }

    /// Highlight what the field `key` produces (the field the user is in).
    pub fn trace(&self, key: &'static str) {
        self.traced.set(Some(key));
    }

    pub fn traced(&self) -> Option<&'static str> {
        self.traced.get()
    }

    pub fn toggle_token_reveal(&self) {
        self.token_revealed.update(|r| *r = !*r);
    }

    /// Subscribes the caller to the page replacing the pasted texts.
    pub fn track_replaced(&self) {
        self.replaced.track();
    }

    /// A new kubeconfig (typed or pasted) starts from its own current-context.
    pub fn paste_kubeconfig(&self, text: String) {
        self.kubeconfig.set(text);
        self.context.set(None);
        self.example.set(false);
    }

    /// As pasting, and the text box shows the file's text.
    pub fn load_kubeconfig_file(&self, text: String) {
        self.paste_kubeconfig(text);
        self.replaced.notify();
    }

    pub fn pick_context(&self, name: String) {
        self.context.set(Some(name));
        self.example.set(false);
    }

    pub fn paste_token(&self, text: String) {
        self.token.set(text);
        self.example.set(false);
    }

    /// The user's own edit: from now on the share link follows the settings.
    pub fn set_setting(&self, key: &'static str, value: String) {
        self.settings.update(|s| {
            s.insert(key.to_string(), value);
        });
        self.typed.update(|t| {
            t.insert(key);
        });
        self.from_file.update(|f| {
            f.remove(key);
        });
        self.sharing.set(true);
        self.example.set(false);
    }

    /// The server's current files: merged into, and filling the form where nothing was typed.
    pub fn import(&self, files: Vec<(String, Vec<u8>)>) {
        let found = import::prefill(&import::read(&files));
        let typed = self.typed.get_untracked();
        let filled: Vec<(&'static str, String)> = found.into_iter().filter(|(k, _)| !typed.contains(k)).collect();
        self.settings.update(|s| {
            for (k, v) in &filled {
                s.insert(k.to_string(), v.clone());
            }
        });
        self.from_file.set(filled.iter().map(|(k, _)| *k).collect());
        self.imports.set(files);
        self.example.set(false);
    }

    /// The form's settings as a file to keep.
    pub fn saved_settings(&self) -> String {
        self.settings.with(settings::file::save)
    }

    /// Settings loaded from a saved file; what was wrong in it.
    pub fn load_settings(&self, text: &str) -> Vec<rsp_k8s_engine::diagnostic::Diagnostic> {
        let (loaded, problems) = settings::file::load(text);
        self.settings.set(loaded);
        self.typed.set(BTreeSet::new());
        self.from_file.set(BTreeSet::new());
        self.sharing.set(true);
        self.example.set(false);
        problems
    }

    /// Whether an import filled this field (and the user has not changed it since).
    pub fn is_from_file(&self, key: &str) -> bool {
        self.from_file.with(|f| f.contains(key))
    }

    /// Load one of the examples (`preset::PRESETS`), by id.
    pub fn load_example(&self, id: &str) {
        let e = presets().into_iter().find(|(p, _)| *p == id).map_or_else(example, |(_, inputs)| inputs);
        self.kubeconfig.set(e.kubeconfig);
        self.token.set(e.token);
        self.context.set(e.context);
        self.settings.set(e.settings);
        self.example.set(true);
        self.stop_sharing();
        self.replaced.notify();
    }

    /// Reset everything; overwrite the pasted secrets (and imported files) before dropping them.
    pub fn clear(&self) {
        self.reset();
        self.stop_sharing();
    }

    /// What was pasted into the static shell before the app ran, taken as pasted here. The
    /// example, which the user never saw, goes first: nothing made-up is mixed into their input.
    pub fn take_over(&self, kubeconfig: String, token: String) {
        if kubeconfig.is_empty() && token.is_empty() {
            return;
        }
        if self.example.get_untracked() {
            self.reset();
        }
        if !kubeconfig.is_empty() {
            self.paste_kubeconfig(kubeconfig);
        }
        if !token.is_empty() {
            self.paste_token(token);
        }
    }

    /// `clear` without touching the URL fragment.
    fn reset(&self) {
        self.kubeconfig.update(|s| s.zeroize());
        self.token.update(|s| s.zeroize());
        self.imports.update(|files| {
            for (name, bytes) in files.iter_mut() {
                name.zeroize();
                bytes.zeroize();
            }
            files.clear();
        });
        self.typed.set(BTreeSet::new());
        self.from_file.set(BTreeSet::new());
        self.context.set(None);
        self.settings.set(defaults());
        self.example.set(false);
        self.replaced.notify();
    }

    fn stop_sharing(&self) {
        self.sharing.set(false);
        fragment::forget();
    }
}
