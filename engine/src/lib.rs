//! rsp-k8s-config's engine: from what an operator pastes and types to every Posit
//! Workbench / NFS file and the runbook. Pure Rust, no DOM: one function, `generate`.
//!
//! Data flows one way: `intake` (kubeconfig, token) + `settings` → `model` → `checks`
//! (diagnostics) and `render` (files, manifests, runbook).

pub mod archive;
pub(crate) mod checks;
pub mod cluster;
pub mod diagnose;
pub mod diagnostic;
pub(crate) mod docs;
pub(crate) mod example;
pub mod facts;
/// The fuzz targets' bodies, shared by `fuzz/` (cargo-fuzz) and the corpus replay test: built
/// only with the `fuzzing` feature, never into the page.
#[cfg(feature = "fuzzing")]
pub mod fuzzing;
pub(crate) mod hazards;
pub mod images;
pub mod import;
mod inputs;
pub(crate) mod intake;
pub mod lines;
pub(crate) mod model;
pub mod paths;
pub mod preset;
pub mod render;
pub mod secret;
pub mod settings;
pub mod share;
pub mod steps;
pub(crate) mod time;

use diagnostic::{Diagnostic, FieldId, Severity, KUBECONFIG, TOKEN};
pub use inputs::Inputs;
/// The largest kubeconfig and token taken: the page refuses a bigger paste or file unread.
pub use intake::text::MAX_PASTE_BYTES as MAX_KUBECONFIG_BYTES;
pub use intake::token::MAX_TOKEN_BYTES;
use render::{File, Step};
use settings::Settings;

/// What the page says at the top: whether the files can be used as they are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// An error to fix: its value is a placeholder.
    Error,
    /// Placeholders left: values still to give.
    Incomplete,
    /// The loaded example, made up from end to end.
    Example,
    /// No placeholder, no error, no example value.
    Complete,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Error => "error",
            Status::Incomplete => "incomplete",
            Status::Example => "example",
            Status::Complete => "complete",
        }
    }
}

/// `Output::verdict`: the status, and the counts the page states with it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Verdict {
    pub status: Status,
    /// Errors to fix (their values are placeholders).
    pub errors: usize,
    pub warnings: usize,
    pub notes: usize,
    /// Placeholders still in the files or steps.
    pub missing: usize,
}

#[derive(Clone, PartialEq, Eq)]
pub struct Output {
    /// Machine files first (absolute paths), then the manifests the runbook applies.
    pub files: Vec<File>,
    pub steps: Vec<Step>,
    pub script: String,
    /// Sorted: errors, then warnings, then notes.
    pub diagnostics: Vec<Diagnostic>,
    /// Context names of the kubeconfig, in its order.
    pub contexts: Vec<String>,
    /// The context in use, if any.
    pub context: Option<String>,
    /// Placeholder keys still in the files or the runbook, in order: what is left to fill in.
    pub missing: Vec<&'static str>,
    /// Where the cluster runs, as the runbook assumes it (chosen, or read from the kubeconfig).
    pub platform: settings::values::Platform,
    pub facts: facts::Facts,
    /// What every checkbox and list holds as rendered (`Model::effective`): the form shows these.
    pub effective: Vec<(&'static str, String)>,
    /// Everything unsafe in effect, named at the top of the page: (the input, what it does).
    pub hazards: Vec<(FieldId, String)>,
    /// The loaded example is on show (both pasted inputs are its own).
    pub example: bool,
    /// The cloud names read from the kubeconfig for fields left empty: (key, value), which the
    /// form shows in those fields, marked as detected (typing a value overrides it).
    pub detected: Vec<(&'static str, String)>,
}

/// The files, steps and script can hold the token (inline delivery): `Debug` redacts them
/// (`File` and `Step` show sizes; the script is its size).
impl std::fmt::Debug for Output {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Output")
            .field("files", &self.files)
            .field("steps", &self.steps)
            .field("script", &secret::Redacted(self.script.len()))
            .field("diagnostics", &self.diagnostics)
            .field("contexts", &self.contexts)
            .field("context", &self.context)
            .field("missing", &self.missing)
            .field("platform", &self.platform)
            .field("facts", &self.facts)
            .field("effective", &self.effective)
            .field("hazards", &self.hazards)
            .field("example", &self.example)
            .finish()
    }
}

impl Output {
    /// Whether `field` has an error (its value is a placeholder).
    pub fn has_error(&self, field: &str) -> bool {
        self.diagnostics.iter().any(|d| d.severity == Severity::Error && d.concerns(field))
    }

    /// Whether the files can be used as they are, and what stands in the way, counted once.
    pub fn verdict(&self) -> Verdict {
        let count = |s: Severity| self.diagnostics.iter().filter(|d| d.severity == s).count();
        let (errors, missing) = (count(Severity::Error), self.missing.len());
        let status = if errors > 0 {
            Status::Error
        } else if missing > 0 {
            Status::Incomplete
        } else if self.example {
            Status::Example
        } else {
            Status::Complete
        };
        Verdict { status, errors, warnings: count(Severity::Warning), notes: count(Severity::Info), missing }
    }

    pub fn status(&self) -> Status {
        self.verdict().status
    }

    /// The runbook's steps in runs of one phase (`render::phases`).
    pub fn phases(&self) -> Vec<(render::Phase, std::ops::Range<usize>)> {
        render::phases(&self.steps)
    }

    /// The checkbox or list value the form shows for `key`, as rendered.
    pub fn effective(&self, key: &str) -> Option<&str> {
        self.effective.iter().find(|(k, _)| *k == key).map(|(_, v)| v.as_str())
    }

    /// The value read from the kubeconfig for the empty field `key`, if any.
    pub fn detected(&self, key: &str) -> Option<&str> {
        self.detected.iter().find(|(k, _)| *k == key).map(|(_, v)| v.as_str())
    }
}

/// The pasted kubeconfig, parsed once: the page keeps it while other inputs change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PastedKubeconfig {
    kubeconfig: Option<intake::kubeconfig::Kubeconfig>,
    diagnostics: Vec<Diagnostic>,
}

/// One context as `kubectl config view` shows it, for the differential test against kubectl:
/// its cluster's server as written and its CA's bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContextView {
    pub name: String,
    pub cluster: String,
    /// `None` when the context's cluster is not in the kubeconfig.
    pub server: Option<String>,
    pub ca: Option<Vec<u8>>,
}

impl PastedKubeconfig {
    /// The contexts in the order written, and current-context; `None` when the kubeconfig
    /// was refused (the reason is in `diagnostics`).
    pub fn view(&self) -> Option<(Vec<ContextView>, Option<String>)> {
        let kc = self.kubeconfig.as_ref()?;
        let contexts = kc
            .contexts
            .iter()
            .map(|c| {
                let cl = kc.clusters.iter().find(|cl| cl.name == c.cluster);
                ContextView {
                    name: c.name.clone(),
                    cluster: c.cluster.clone(),
                    server: cl.and_then(|cl| cl.server.clone()),
                    ca: cl.and_then(|cl| cl.ca_data.as_deref()).and_then(intake::ca::data_bytes),
                }
            })
            .collect();
        Some((contexts, kc.current_context.clone()))
    }

    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }
}

pub fn read_kubeconfig(text: &str) -> PastedKubeconfig {
    let mut diagnostics = Vec::new();
    let kubeconfig = intake::kubeconfig::parse(text, &mut diagnostics);
    PastedKubeconfig { kubeconfig, diagnostics }
}

/// Render everything. `now` is seconds since the Unix epoch (only diagnostics depend on it).
pub fn generate(inputs: &Inputs, now: i64) -> Output {
    generate_with(&read_kubeconfig(&inputs.kubeconfig), &import::read(&inputs.imports), inputs, now)
}

/// As `generate`, with the kubeconfig and the imports already read (`inputs.kubeconfig` and
/// `inputs.imports` are not looked at).
pub fn generate_with(pasted: &PastedKubeconfig, imported: &import::Imported, inputs: &Inputs, now: i64) -> Output {
    let (model, rendered, diagnostics) = build(pasted, imported, inputs, now);
    let kc = pasted.kubeconfig.as_ref();
    Output {
        effective: model.effective(),
        detected: model.detected.clone(),
        hazards: hazards::in_effect(&model),
        example: example::on_show(inputs),
        facts: facts::Facts::new(&model),
        contexts: kc.map(|k| k.contexts.iter().map(|c| c.name.clone()).collect()).unwrap_or_default(),
        context: model.selection.map(|s| s.context),
        missing: rendered.missing,
        platform: model.cloud.platform(),
        files: rendered.files,
        steps: rendered.steps,
        script: rendered.script,
        diagnostics,
    }
}

/// The personal guide for these inputs, as Markdown (no secret in it). Not part of `Output`:
/// the page makes it once typing pauses, not on every keystroke.
pub fn guide(inputs: &Inputs, now: i64) -> String {
    guide_with(&read_kubeconfig(&inputs.kubeconfig), &import::read(&inputs.imports), inputs, now)
}

pub fn guide_with(pasted: &PastedKubeconfig, imported: &import::Imported, inputs: &Inputs, now: i64) -> String {
    let (model, rendered, diagnostics) = build(pasted, imported, inputs, now);
    render::guide::render(&model, &rendered.files, &rendered.steps, &diagnostics, &rendered.missing)
}

/// Intake, the model, its checks and everything rendered from it, with every diagnostic sorted.
fn build(
    pasted: &PastedKubeconfig,
    imported: &import::Imported,
    inputs: &Inputs,
    now: i64,
) -> (model::Model, render::Rendered, Vec<Diagnostic>) {
    let mut diags = pasted.diagnostics.clone();
    diags.extend(imported.diagnostics.iter().cloned());
    let leftovers = example::leftovers(inputs);
    let kc = pasted.kubeconfig.as_ref().filter(|_| !leftovers.contains(&KUBECONFIG));
    let selection = kc.and_then(|k| k.choose(inputs.context.as_deref(), &mut diags).map(|c| k.select(c, now, &mut diags)));
    let token = intake::token::parse(&inputs.token, now, &mut diags).filter(|_| !leftovers.contains(&TOKEN));
    let mut settings = Settings::parse(&inputs.settings, &mut diags);
    for field in &leftovers {
        settings.invalidate(field);
    }
    diags.extend(leftovers.iter().map(|f| example::leftover(f)));
    let model = model::Model::new(settings, selection, token, now, imported.clone());
    let found = checks::run(&model);
    let model = model.without_errors(&found);
    diags.extend(found);
    let rendered = render::render(&model);
    diags.extend(rendered.conflicts.iter().cloned());
    diagnostic::sort(&mut diags);
    let diags = diagnostic::cap(diags);
    (model, rendered, diags)
}
