//! rsp-k8s-config's engine: from what an operator pastes and types to every Posit
//! Workbench / NFS file and the runbook. Pure Rust, no DOM: one function, `generate`.
//!
//! Data flows one way: `intake` (kubeconfig, token) + `settings` → `model` → `checks`
//! (diagnostics) and `render` (files, manifests, runbook).

pub mod archive;
pub(crate) mod checks;
pub mod diagnostic;
pub(crate) mod docs;
pub mod facts;
/// The fuzz targets' bodies, shared by `fuzz/` (cargo-fuzz) and the corpus replay test.
pub mod fuzzing;
pub(crate) mod images;
pub mod import;
pub(crate) mod intake;
pub(crate) mod model;
pub mod preset;
pub mod render;
pub mod secret;
pub mod settings;
pub mod share;

use diagnostic::Diagnostic;
use render::{File, Step};
use settings::{RawSettings, Settings};

/// Everything the operator provides. Secrets stay in here and in rendered files only.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Inputs {
    pub kubeconfig: String,
    /// The context picked in the page; `None` follows current-context.
    pub context: Option<String>,
    pub token: String,
    pub settings: RawSettings,
    /// The server's current files, to merge into: (file name, bytes), archives un-gzipped.
    pub imports: Vec<(String, Vec<u8>)>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
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
        facts: facts::Facts::new(&model),
        contexts: kc.map(|k| k.contexts.iter().map(|c| c.name.clone()).collect()).unwrap_or_default(),
        context: model.selection.map(|s| s.context),
        missing: rendered.missing,
        platform: model.platform,
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
    let kc = pasted.kubeconfig.as_ref();
    let selection = kc.and_then(|k| k.choose(inputs.context.as_deref(), &mut diags).map(|c| k.select(c, now, &mut diags)));
    let token = intake::token::parse(&inputs.token, now, &mut diags);
    let settings = Settings::parse(&inputs.settings, &mut diags);
    let model = model::Model::new(settings, selection, token, now, imported.clone());
    let found = checks::run(&model);
    let model = model.without_errors(&found);
    diags.extend(found);
    let rendered = render::render(&model);
    diags.extend(rendered.conflicts.iter().cloned());
    diagnostic::sort(&mut diags);
    (model, rendered, diags)
}
