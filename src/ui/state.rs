//! The page's state: what the operator typed, and the engine's output derived from it.
//! Data flows one way: the signals (private, changed only through the intent methods
//! below) → `engine::read_kubeconfig` and `engine::generate_with` (memos) → memoized
//! slices of the output → every view.

use super::{fragment, on_demand, web};
use leptos::prelude::*;
use rsp_k8s_engine::diagnose::{Diagnosis, Setup};
use rsp_k8s_engine::diagnostic::{FieldId, KUBECONFIG, TOKEN};
use rsp_k8s_engine::preset::{example, presets, shown};
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
    /// The inputs that still hold a loaded example's made-up value (`Inputs::example`).
    example: RwSignal<BTreeSet<FieldId>>,
    /// Unsafe choices a share link or a settings file asked for, held back until applied.
    held: RwSignal<Vec<(&'static str, String)>>,
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
    /// What the server said, pasted into the diagnose box (secret like the token: in memory
    /// only, never in the link, storage or the settings file; wiped by Clear).
    log: RwSignal<String>,
    /// The causes it shows, for this setup, from the on-demand module's worker (or why it could
    /// not run); `None` while the box is empty (nothing is scanned).
    diagnosis: RwSignal<Option<Result<Diagnosis, String>>>,
    /// A scan of the box's current text is under way (`aria-busy` on the findings).
    diagnosing: RwSignal<bool>,
    /// What the guide is made from (made on demand: it is the one output not needed per keystroke).
    guide: StoredValue<(Memo<PastedKubeconfig>, Memo<import::Imported>, Memo<Inputs>)>,
    /// Notified when the page, not the user's typing, replaced the pasted texts (example,
    /// clear, a loaded file): only then are they written back into their text boxes, so a
    /// 1 MiB kubeconfig is not copied into the DOM again on every keystroke.
    replaced: Trigger,
}

impl AppState {
    pub fn new() -> AppState {
        let (start, shared, held) = fragment::initial();
        let kubeconfig = RwSignal::new(start.kubeconfig);
        let token = RwSignal::new(start.token);
        let context = RwSignal::new(start.context);
        let settings = RwSignal::new(start.settings);
        let sharing = RwSignal::new(shared);
        let example = RwSignal::new(start.example);
        // Parsed only when its text changes: editing a field with a 1 MiB kubeconfig stays fast.
        let pasted = Memo::new(move |_| kubeconfig.with(|k| read_kubeconfig(k)));
        let imports = RwSignal::new(Vec::new());
        let imported = Memo::new(move |_| imports.with(|i| import::read(i)));
        let inputs = Memo::new(move |_| Inputs {
            token: token.get(),
            context: context.get(),
            settings: settings.get(),
            example: example.get(),
            ..Inputs::default()
        });
        let output =
            Memo::new(move |_| inputs.with(|inputs| pasted.with(|p| imported.with(|i| generate_with(p, i, inputs, web::now_secs())))));
        // What a link or a saved file may carry: the user's own values, never the example's.
        let shareable = Memo::new(move |_| {
            let mut own = settings.get();
            example.with(|e| settings::forget(&mut own, e));
            own
        });
        fragment::follow(shareable, sharing);
        let log = RwSignal::new(String::new());
        let setup = Memo::new(move |_| output.with(Setup::from_output));
        let diagnosis = RwSignal::new(None);
        let diagnosing = RwSignal::new(false);
        // Scanned in the worker, off this thread; the answer for the newest text wins (older calls
        // are coalesced away or cancelled).
        Effect::new(move |_| {
            let setup = setup.with(|s| s.slots().into_iter().map(wasm_bindgen::JsValue::from).collect::<js_sys::Array>());
            let Some(text) = log.with(|l| (!l.trim().is_empty()).then(|| wasm_bindgen::JsValue::from_str(l))) else {
                on_demand::forget("diagnose");
                diagnosing.set(false);
                diagnosis.set(None);
                return;
            };
            diagnosing.set(true);
            on_demand::call("diagnose", js_sys::Array::of2(&text, &setup), move |answer| {
                let found = answer.and_then(|json| super::wire::diagnosis(&json));
                diagnosing.set(false);
                diagnosis.set(Some(found));
            });
        });
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
            held: RwSignal::new(held),
            token_revealed: RwSignal::new(false),
            settled,
            traced: RwSignal::new(None),
            imports,
            typed: RwSignal::new(BTreeSet::new()),
            from_file: RwSignal::new(BTreeSet::new()),
            output,
            log,
            diagnosis,
            diagnosing,
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

    /// The personal guide for what is on the page now; a diagnosis only as its causes and fixes.
    pub fn guide(&self) -> String {
        let (pasted, imported, inputs) = self.guide.get_value();
        let guide = inputs
            .with_untracked(|inputs| pasted.with_untracked(|p| imported.with_untracked(|i| guide_with(p, i, inputs, web::now_secs()))));
        let found =
            self.diagnosis.with_untracked(|d| d.as_ref().and_then(|d| d.as_ref().ok()).map(Diagnosis::guide_section).unwrap_or_default());
        guide + &found
    }

    /// The diagnose box's text (tracked), and what it shows.
    pub fn log(&self) -> ReadSignal<String> {
        self.log.read_only()
    }

    pub fn diagnosis(&self) -> ReadSignal<Option<Result<Diagnosis, String>>> {
        self.diagnosis.read_only()
    }

    pub fn diagnosing(&self) -> ReadSignal<bool> {
        self.diagnosing.read_only()
    }

    pub fn paste_log(&self, text: String) {
        self.log.set(text);
    }

    /// As pasting, and the box shows the file's text.
    pub fn load_log_file(&self, text: String) {
        self.replace(self.log, text);
    }

    /// The page, not the user's typing, puts `new` into a pasted text (a file, the example,
    /// Clear): the old text is overwritten before it goes, and its box is written back (only
    /// then, so a 1 MiB kubeconfig is not copied into the DOM again on every keystroke).
    fn replace(&self, text: RwSignal<String>, new: String) {
        text.update(|t| {
            t.zeroize();
            *t = new;
        });
        self.replaced.notify();
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

    /// Unsafe choices a link or a settings file asked for, not applied yet.
    pub fn held(&self) -> Vec<(&'static str, String)> {
        self.held.get()
    }

    /// Apply what a link or a settings file asked for, as if chosen in the form.
    pub fn apply_held(&self) {
        for (key, value) in self.held.get_untracked() {
            self.set_setting(key, value);
        }
        self.held.set(Vec::new());
    }

    pub fn dismiss_held(&self) {
        self.held.set(Vec::new());
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
        self.new_kubeconfig();
    }

    /// As pasting, and the text box shows the file's text.
    pub fn load_kubeconfig_file(&self, text: String) {
        self.replace(self.kubeconfig, text);
        self.new_kubeconfig();
    }

    /// A new kubeconfig starts from its own current-context, and is the user's own.
    fn new_kubeconfig(&self) {
        self.context.set(None);
        self.not_example(|f| f == KUBECONFIG);
    }

    /// The inputs `own` picks no longer hold the example's value: the one place they leave it.
    fn not_example(&self, own: impl Fn(FieldId) -> bool) {
        if self.example.with_untracked(|e| e.iter().any(|f| own(f))) {
            self.example.update(|e| e.retain(|f| !own(f)));
        }
    }

    pub fn pick_context(&self, name: String) {
        self.context.set(Some(name));
    }

    pub fn paste_token(&self, text: String) {
        self.token.set(text);
        self.not_example(|f| f == TOKEN);
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
        self.not_example(|f| f == key);
    }

    /// The server's current files: merged into, and filling the form where nothing was typed.
    pub fn import(&self, files: Vec<(String, Vec<u8>)>) {
        let found = import::prefill(&import::read(&files));
        let typed = self.typed.get_untracked();
        let filled: Vec<(&'static str, String)> = found.into_iter().filter(|(k, _)| !typed.contains(k)).collect();
        self.settings.update(|s| {
            for (k, v) in &filled {
                s.insert(k.to_string(), settings::enter(k, v));
            }
        });
        self.not_example(|f| filled.iter().any(|(k, _)| *k == f));
        self.from_file.set(filled.iter().map(|(k, _)| *k).collect());
        self.imports.set(files);
    }

    /// The form's settings as a file to keep (the example's made-up values left out).
    pub fn saved_settings(&self) -> String {
        let mut own = self.settings.get_untracked();
        self.example.with_untracked(|e| settings::forget(&mut own, e));
        settings::file::save(&own)
    }

    /// Settings loaded from a saved file (its unsafe choices held back): the on-demand module
    /// reads the TOML (its parser is not on the first screen), the page applies what it holds;
    /// `done` gets what was left out, or why nothing was loaded (the form then stays as it was).
    pub fn load_settings(&self, text: String, done: impl FnOnce(Result<Vec<String>, String>) + 'static) {
        let st = *self;
        on_demand::call("read_settings", js_sys::Array::of1(&text.into()), move |answer| {
            done(answer.and_then(|json| super::wire::read_settings(&json)).map(|pairs| {
                let (mut loaded, problems) = settings::file::apply(pairs);
                st.held.set(settings::hold_back(&mut loaded));
                st.settings.set(loaded);
                st.typed.set(BTreeSet::new());
                st.from_file.set(BTreeSet::new());
                st.sharing.set(true);
                // Every setting is now the file's; the pasted inputs stay as they were.
                st.not_example(|f| ![KUBECONFIG, TOKEN].contains(&f));
                problems.into_iter().map(|d| d.message).collect()
            }))
        });
    }

    /// What of the user's own is on the page, in words ("your kubeconfig", "3 settings"): what
    /// Clear or loading an example would wipe.
    pub fn own_inputs(&self) -> Vec<String> {
        let example = self.example.get_untracked();
        let mut own = Vec::new();
        for (field, text, what) in [(KUBECONFIG, self.kubeconfig, "your kubeconfig"), (TOKEN, self.token, "your token")] {
            if !example.contains(field) && text.with_untracked(|t| !t.trim().is_empty()) {
                own.push(what.to_string());
            }
        }
        let defaults = defaults();
        let settings = self
            .settings
            .with_untracked(|s| s.iter().filter(|(k, v)| defaults.get(*k) != Some(*v) && !example.iter().any(|e| e == k)).count());
        if settings > 0 {
            own.push(format!("{settings} setting{}", if settings == 1 { "" } else { "s" }));
        }
        if self.log.with_untracked(|l| !l.trim().is_empty()) {
            own.push("the log in the diagnose box".to_string());
        }
        let files = self.imports.with_untracked(Vec::len);
        if files > 0 {
            own.push(format!("{files} imported file{}", if files == 1 { "" } else { "s" }));
        }
        own
    }

    /// Whether an import filled this field (and the user has not changed it since).
    pub fn is_from_file(&self, key: &str) -> bool {
        self.from_file.with(|f| f.contains(key))
    }

    /// Load one of the examples (`preset::PRESETS`), by id.
    pub fn load_example(&self, id: &str) {
        let e = shown(presets().into_iter().find(|(p, _)| *p == id).map_or_else(example, |(_, inputs)| inputs));
        self.replace(self.kubeconfig, e.kubeconfig);
        self.replace(self.token, e.token);
        self.context.set(e.context);
        self.settings.set(e.settings);
        self.example.set(e.example);
        self.held.set(Vec::new());
        self.stop_sharing();
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
        if self.output.with_untracked(|o| o.example) {
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
        for text in [self.kubeconfig, self.token, self.log] {
            self.replace(text, String::new());
        }
        // The worker that scanned it holds a copy: it goes, and its memory with it.
        on_demand::reset();
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
        self.not_example(|_| true);
        self.held.set(Vec::new());
    }

    fn stop_sharing(&self) {
        self.sharing.set(false);
        fragment::forget();
    }
}
