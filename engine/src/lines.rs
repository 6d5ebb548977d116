//! What a line is, for every file the page writes or imports: one reader, used by the notes
//! and the trace (`File::line_notes`, `File::traced_lines`), the merge, the import's checks and
//! pre-fill, and the tests. Every byte of every line is kept, so a merge can replace the lines
//! the page owns and leave the rest as it was.
//! - `key=value` files, with `[section]` headers (launcher.conf, the profiles);
//! - launcher-mounts: blank-line-separated records of `Key: value` lines;
//! - /etc/exports: `path client(options) …` entries, `\` continuing an entry on the next line:
//!   each line of an entry sets that path (its key), its clients are its value;
//! - the manifests: YAML documents, explained at their `kind:` line;
//! - the token file: no keys, every line is the whole (`*`).

use crate::paths::{EXPORTS, MOUNTS, TOKEN_FILE};

/// How a file is laid out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layout {
    /// `key=value` lines, with `[section]` headers in launcher.conf and the profiles.
    KeyValue,
    /// launcher-mounts: blank-line-separated records of `Key: value` lines.
    Records,
    /// /etc/exports: `path client(options) …` lines, `\` continues a line.
    Exports,
    /// A manifest the runbook applies (a relative path): YAML documents, each explained at its
    /// `kind:` line.
    Manifest,
    /// A file without keys (the token file): each line is the whole of it, explained by `*`.
    Plain,
}

pub fn layout(path: &str) -> Layout {
    match path {
        MOUNTS => Layout::Records,
        EXPORTS => Layout::Exports,
        TOKEN_FILE => Layout::Plain,
        _ if !path.starts_with('/') => Layout::Manifest,
        _ => Layout::KeyValue,
    }
}

/// One line: its text (without the line break), and what it sets.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line<'a> {
    pub text: &'a str,
    /// The `[section]` (KeyValue) or the record number (Records) it belongs to.
    pub section: Section<'a>,
    /// The key it sets, if any: the path, for every line of an export entry (its clients are
    /// the value); `kind: Role`, for a manifest's document.
    pub key: Option<&'a str>,
    pub value: Option<&'a str>,
}

impl<'a> Line<'a> {
    /// What a note explains this line by: the key it sets, or the `[section]` it opens.
    pub fn explained_by(&self) -> Option<&'a str> {
        match self.section {
            Section::Named(header, _) if self.key.is_none() && self.text.trim() == header => Some(header),
            _ => self.key,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Section<'a> {
    None,
    Named(&'a str, usize),
    Record(usize),
}

pub fn lines<'a>(path: &str, text: &'a str) -> Vec<Line<'a>> {
    let layout = layout(path);
    let mut section = Section::None;
    let (mut sections, mut record, mut in_record) = (0, 0, false);
    // The directory of the export entry that the previous line continues (`\`).
    let mut entry: Option<&str> = None;
    let mut out = Vec::new();
    for raw in text.split('\n') {
        let text = raw.strip_suffix('\r').unwrap_or(raw);
        let trimmed = text.trim();
        let mut line = Line { text, section, key: None, value: None };
        let blank_or_comment = trimmed.is_empty() || trimmed.starts_with('#');
        match layout {
            // A continued entry goes on whatever the next line holds.
            Layout::Exports if entry.is_some() || !blank_or_comment => {
                match entry {
                    Some(path) => {
                        line.key = Some(path);
                        line.value = Some(trimmed);
                    }
                    None => {
                        let mut fields = trimmed.splitn(2, char::is_whitespace);
                        line.key = fields.next();
                        line.value = fields.next().map(str::trim);
                    }
                }
                entry = line.key.filter(|_| trimmed.ends_with('\\'));
            }
            _ if blank_or_comment => {
                if layout == Layout::Records && trimmed.is_empty() && in_record {
                    in_record = false;
                    record += 1;
                }
            }
            Layout::KeyValue if trimmed.starts_with('[') && trimmed.ends_with(']') => {
                sections += 1;
                section = Section::Named(trimmed, sections);
                line.section = section;
            }
            Layout::KeyValue => {
                if let Some((k, v)) = trimmed.split_once('=') {
                    line.key = Some(k.trim());
                    line.value = Some(v.trim());
                }
            }
            Layout::Records => {
                in_record = true;
                line.section = Section::Record(record);
                if let Some((k, v)) = trimmed.split_once(':') {
                    line.key = Some(k.trim());
                    line.value = Some(v.trim());
                }
            }
            Layout::Exports => {}
            Layout::Plain => line.key = Some("*"),
            Layout::Manifest => {
                if text.starts_with("kind: ") {
                    line.key = Some(text);
                }
            }
        }
        out.push(line);
    }
    out
}

/// A boolean as Workbench reads it, in its own sense; `None` for anything else.
pub fn flag(value: &str) -> Option<bool> {
    match value.to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "on" => Some(true),
        "0" | "false" | "no" | "off" => Some(false),
        _ => None,
    }
}

/// The first `key=` line of a file, as a boolean, in one cheap pass (the key is in one section).
pub fn first_flag(text: &str, key: &str) -> Option<bool> {
    text.split('\n')
        .map(str::trim)
        .filter(|l| l.starts_with(key))
        .find_map(|l| l.split_once('=').filter(|(k, _)| k.trim() == key).map(|(_, v)| v.trim()))
        .and_then(flag)
}

/// One launcher-mounts record's keys, found in one pass.
#[derive(Clone, Copy, Default, Debug, PartialEq, Eq)]
pub struct Mount<'a> {
    pub mount_type: Option<&'a str>,
    pub host: Option<&'a str>,
    pub path: Option<&'a str>,
    pub mount_path: Option<&'a str>,
}

impl Mount<'_> {
    /// The same volume: an NFS mount (or one without a type, as before 2022.12) of the same host
    /// and path.
    pub fn same_volume(&self, other: &Mount) -> bool {
        let nfs = |m: &Mount| m.mount_type.is_none_or(|t| t.eq_ignore_ascii_case("nfs"));
        nfs(self) && nfs(other) && self.host == other.host && self.path == other.path
    }
}

pub fn mounts<'a>(lines: &[Line<'a>]) -> Vec<(Section<'a>, Mount<'a>)> {
    let mut out: Vec<(Section, Mount)> = Vec::new();
    for l in lines.iter().filter(|l| matches!(l.section, Section::Record(_)) && l.key.is_some()) {
        if out.last().is_none_or(|(s, _)| *s != l.section) {
            out.push((l.section, Mount::default()));
        }
        let m = &mut out.last_mut().expect("pushed").1;
        let slot = match l.key {
            Some("MountType") => &mut m.mount_type,
            Some("Host") => &mut m.host,
            Some("Path") => &mut m.path,
            Some("MountPath") => &mut m.mount_path,
            _ => continue,
        };
        if slot.is_none() {
            *slot = l.value;
        }
    }
    out
}

/// One /etc/exports entry (a line and its `\` continuations): its directory, and each client
/// word with the line it is on.
#[derive(Debug)]
pub struct Export<'a> {
    pub first: usize,
    pub last: usize,
    pub path: &'a str,
    pub clients: Vec<(usize, &'a str)>,
}

impl Export<'_> {
    /// A client word's host (`10.0.0.0/8` of `10.0.0.0/8(rw)`); `-opts` words set defaults.
    pub fn host(word: &str) -> &str {
        word.split('(').next().unwrap_or(word)
    }
}

pub fn exports<'a>(lines: &[Line<'a>]) -> Vec<Export<'a>> {
    let mut out: Vec<Export> = Vec::new();
    let mut continued = false;
    for (n, l) in lines.iter().enumerate() {
        let trimmed = l.text.trim();
        if !continued && (trimmed.is_empty() || trimmed.starts_with('#')) {
            continue;
        }
        let body = trimmed.strip_suffix('\\').unwrap_or(trimmed);
        let mut words = body.split_whitespace();
        if !continued {
            let Some(path) = words.next() else { continue };
            out.push(Export { first: n, last: n, path, clients: Vec::new() });
        }
        let e = out.last_mut().expect("an entry is open");
        e.last = n;
        e.clients.extend(words.map(|w| (n, w)));
        continued = trimmed.ends_with('\\');
    }
    out
}
