//! Rendering: the validated model into files, manifests and the runbook. Pure and
//! byte-stable: the same inputs always give the same bytes (no clock, no randomness).

mod cluster;
mod files;
pub(crate) mod guide;
mod manifests;
pub(crate) mod merge;
mod parts;
pub(crate) mod runbook;
mod shell;

use crate::lines::Line;
use crate::model::Model;
use crate::secret::Redacted;
pub use crate::steps::{Phase, StepId};

/// A file to put on a machine (absolute path) or a manifest the runbook applies (relative).
#[derive(Clone, PartialEq, Eq)]
pub struct File {
    pub path: String,
    pub owner: &'static str,
    pub mode: &'static str,
    pub kind: FileKind,
    pub content: String,
    /// Where the token sits in `content`, for the page to mask it on screen.
    pub secret: Option<std::ops::Range<usize>>,
    /// What each key of this file does, declared beside the renderer that writes it.
    pub notes: Notes,
    /// The imported file this one was merged into, and the unified diff from it to this.
    pub merged_from: Option<(String, String)>,
    /// In a cluster, the node this file is for (its per-node options differ); `None`: the
    /// same file on every machine it goes to.
    pub node: Option<String>,
}

/// Why a line is there: the key it explains (`key`, `[section]`, `Key`, `kind: Role`, or
/// `*` for every line of a file without keys), the explanation, and the page that documents it.
#[derive(Debug, PartialEq, Eq)]
pub struct Note {
    pub key: &'static str,
    pub text: &'static str,
    pub doc: &'static str,
    /// The first Workbench release with this key; `None`: every release, RStudio Server Pro 1.3 too.
    pub since: Option<crate::settings::values::Version3>,
}

pub type Notes = &'static [Note];

impl File {
    /// What tells this file from every other: its path, and in a cluster the node it is for
    /// (per-node files share a path). The page keys its cards by it.
    pub fn id(&self) -> String {
        match &self.node {
            Some(n) => format!("{}@{n}", self.path),
            None => self.path.clone(),
        }
    }

    /// The name it is downloaded as: its path's last part, with the node's name for a cluster's
    /// per-node file (`load-balancer-wb-2`).
    pub fn name(&self) -> String {
        let base = self.path.rsplit('/').next().unwrap_or(&self.path);
        match &self.node {
            Some(n) => format!("{base}-{n}"),
            None => base.to_string(),
        }
    }

    /// The anchor of its card on the page (`file-rserver.conf`, `file-load-balancer-wb-2`).
    pub fn anchor(&self) -> String {
        format!("file-{}", self.name())
    }

    /// Its lines as `crate::lines` reads them (one per line of the content, split after each `\n`).
    pub fn lines(&self) -> Vec<Line<'_>> {
        let mut lines = crate::lines::lines(&self.path, &self.content);
        if lines.last().is_some_and(|l| l.text.is_empty()) {
            lines.pop();
        }
        lines
    }

    /// For each line of the content, whether `field` produced it: its `sets` names this file
    /// and the line's key. In an imported /etc/exports or launcher-mounts (where their lines and
    /// ours set the same keys), a line of theirs left as it was is theirs.
    pub fn traced_lines(&self, field: &str) -> Vec<bool> {
        use crate::settings::{spec, Target};
        let lines = self.lines();
        let Some(spec) = spec(field) else { return vec![false; lines.len()] };
        let theirs: std::collections::HashSet<&str> = match &self.merged_from {
            Some((theirs, _)) if self.path == crate::paths::EXPORTS || self.path == crate::paths::MOUNTS => theirs.lines().collect(),
            _ => std::collections::HashSet::new(),
        };
        lines
            .iter()
            .map(|line| {
                let Some(key) = line.explained_by() else { return false };
                spec.sets.iter().any(|t| matches!(*t, Target::File(p, k) if (p == self.path || p == "*") && (k.is_empty() || k == key)))
                    && !theirs.contains(line.text)
            })
            .collect()
    }

    /// Each line of the content, with the note that explains it if it sets anything.
    pub fn line_notes(&self) -> Vec<(Line<'_>, Option<&'static Note>)> {
        self.lines()
            .into_iter()
            .map(|line| {
                let note = line.explained_by().and_then(|k| self.notes.iter().find(|n| n.key == k || n.key == "*"));
                (line, note)
            })
            .collect()
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    /// Goes on the Workbench VM (which is also the NFS server).
    Machine,
    /// Applied with kubectl; shown for review and kept in the archive.
    Manifest,
}

/// A file's content, and the file it was merged into, can hold the token: `Debug` shows sizes.
impl std::fmt::Debug for File {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("File")
            .field("path", &self.path)
            .field("owner", &self.owner)
            .field("mode", &self.mode)
            .field("kind", &self.kind)
            .field("node", &self.node)
            .field("content", &Redacted(self.content.len()))
            .field("merged_from", &self.merged_from.as_ref().map(|(t, d)| (Redacted(t.len()), Redacted(d.len()))))
            .finish_non_exhaustive()
    }
}

#[derive(Clone, PartialEq, Eq)]
pub struct Step {
    /// Which step: its name, phase and documentation (`steps.rs`).
    pub id: StepId,
    pub title: &'static str,
    pub why: String,
    pub run_on: &'static str,
    pub commands: String,
}

/// A step's commands write the files, so with an inline token they hold it: `Debug` shows sizes.
impl std::fmt::Debug for Step {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Step").field("id", &self.id).field("commands", &Redacted(self.commands.len())).finish_non_exhaustive()
    }
}

/// The steps in runs of one phase, in their order: each phase with the positions of its steps
/// (what the page and the guide head with the phase's title).
pub fn phases(steps: &[Step]) -> Vec<(Phase, std::ops::Range<usize>)> {
    let mut runs: Vec<(Phase, std::ops::Range<usize>)> = Vec::new();
    for (i, s) in steps.iter().enumerate() {
        match runs.last_mut() {
            Some((phase, run)) if *phase == s.id.phase() => run.end = i + 1,
            _ => runs.push((s.id.phase(), i..i + 1)),
        }
    }
    runs
}

/// The manifests the runbook applies, by name.
pub(crate) struct Manifests {
    pub rbac: File,
    pub token_secret: File,
    pub nfs_guard: File,
}

pub(crate) struct Rendered {
    /// Machine files first, then the manifests.
    pub files: Vec<File>,
    pub steps: Vec<Step>,
    pub script: String,
    /// Placeholder keys left anywhere in the files or the steps.
    pub missing: Vec<&'static str>,
    /// What the imported files hold that a person should look at.
    pub conflicts: Vec<crate::diagnostic::Diagnostic>,
}

pub(crate) fn render(m: &Model) -> Rendered {
    let mut machine = files::render(m);
    let mut conflicts = Vec::new();
    for f in &mut machine {
        if let Some(theirs) = m.imported.get(&f.path) {
            let (merged, notes) = merge::merge_file(&f.path, theirs, &f.content, f.notes);
            conflicts.extend(notes);
            // The token moved with its line.
            f.secret = f.secret.as_ref().and_then(|r| {
                let token = &f.content[r.clone()];
                merged.find(token).map(|start| start..start + token.len())
            });
            // A token of theirs (removed) or ours (inline) is in no diff.
            let mask = merge::masked;
            let diff = unified_diff(&f.path, &mask(theirs), &mask(&merged));
            f.content = merged;
            f.merged_from = Some((theirs.to_string(), diff));
        }
    }
    let manifests = manifests::render(m);
    let (steps, cluster_files) = match &m.cluster {
        None => (runbook::render(m, &machine, &manifests), Vec::new()),
        Some(c) => cluster::render(m, c, runbook::render(m, &cluster::nodes_write(&machine), &manifests), &machine),
    };
    let mut files = machine;
    files.extend(cluster_files);
    files.extend([manifests.rbac, manifests.token_secret, manifests.nfs_guard]);
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
    Rendered { files, steps, script, missing, conflicts }
}

/// The change from their file to ours, as `diff -u` shows it.
fn unified_diff(path: &str, theirs: &str, ours: &str) -> String {
    similar::TextDiff::from_lines(theirs, ours)
        .unified_diff()
        .context_radius(3)
        .header(&format!("{path} (now)"), &format!("{path} (merged)"))
        .to_string()
}
