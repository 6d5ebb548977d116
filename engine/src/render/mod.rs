//! Rendering: the validated model into files, manifests and the runbook. Pure and
//! byte-stable: the same inputs always give the same bytes (no clock, no randomness).

mod files;
mod manifests;
pub mod paths;
pub(crate) mod runbook;
mod shell;

use crate::model::Model;

/// When and where a step runs: the order of work.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    /// On the workstation, before the token exists in the page.
    Workstation,
    /// On the VM, once the token is pasted (the files hold it).
    Vm,
    /// Only when something fails.
    Troubleshoot,
}

impl Phase {
    pub fn title(self) -> &'static str {
        match self {
            Phase::Workstation => "On your workstation: prepare the cluster and create the token",
            Phase::Vm => "Then paste the token into this page, and on the Workbench VM as root: NFS, users, files, restart",
            Phase::Troubleshoot => "When something fails",
        }
    }
}

/// A file to put on a machine (absolute path) or a manifest the runbook applies (relative).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct File {
    pub path: String,
    pub owner: &'static str,
    pub mode: &'static str,
    pub kind: FileKind,
    pub content: String,
    /// Where the token sits in `content`, for the page to mask it on screen.
    pub secret: Option<std::ops::Range<usize>>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    /// Goes on the Workbench VM (which is also the NFS server).
    Machine,
    /// Applied with kubectl; shown for review and kept in the archive.
    Manifest,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    pub id: &'static str,
    pub phase: Phase,
    pub title: &'static str,
    pub why: String,
    pub run_on: &'static str,
    pub commands: String,
}

/// The manifests the runbook applies, by name.
pub(crate) struct Manifests {
    pub rbac: File,
    pub token_secret: File,
}

pub(crate) struct Rendered {
    /// Machine files first, then the manifests.
    pub files: Vec<File>,
    pub steps: Vec<Step>,
    pub script: String,
    /// Placeholder keys left anywhere in the files or the steps.
    pub missing: Vec<&'static str>,
}

pub(crate) fn render(m: &Model) -> Rendered {
    let machine = files::render(m);
    let manifests = manifests::render(m);
    let steps = runbook::render(m, &machine, &manifests);
    let mut files = machine;
    files.extend([manifests.rbac, manifests.token_secret]);
    // What the model lacks and the output shows: a typed value that happens to look like a
    // placeholder (a context named `<users>`) is not counted.
    let missing: Vec<&'static str> = m
        .missing()
        .into_iter()
        .filter(|key| {
            let mark = format!("<{key}>");
            files.iter().any(|f| f.content.contains(&mark)) || steps.iter().any(|s| s.commands.contains(&mark))
        })
        .collect();
    let script = runbook::script(&steps, &missing);
    Rendered { files, steps, script, missing }
}
