//! Rendering: the validated model into files, manifests and the runbook. Pure and
//! byte-stable: the same inputs always give the same bytes (no clock, no randomness).

pub mod files;
pub mod manifests;
pub mod runbook;
pub mod shell;

/// A file to put on a machine (absolute path) or a manifest the runbook applies (relative).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct File {
    pub path: String,
    pub owner: &'static str,
    pub mode: &'static str,
    pub kind: FileKind,
    pub content: String,
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
    pub title: &'static str,
    pub why: String,
    pub run_on: &'static str,
    pub commands: String,
}
