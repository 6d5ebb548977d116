//! The line structure of the files an import holds, kept exactly (every byte of every line),
//! so a merge can replace the lines the page owns and leave the rest as it was.

use super::IMPORT;
use crate::diagnostic::{more, shown, Diagnostic, Severity, MAX_ALIKE};
use crate::render::paths::{EXPORTS, MOUNTS};

/// How a file is laid out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Layout {
    /// `key=value` lines, with `[section]` headers in launcher.conf and the profiles.
    KeyValue,
    /// launcher-mounts: blank-line-separated records of `Key: value` lines.
    Records,
    /// /etc/exports: `path client(options) …` lines, `\` continues a line.
    Exports,
}

pub(crate) fn layout(path: &str) -> Layout {
    match path {
        MOUNTS => Layout::Records,
        EXPORTS => Layout::Exports,
        _ => Layout::KeyValue,
    }
}

/// One line: its text (without the line break), and what it sets.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Line<'a> {
    pub text: &'a str,
    /// The `[section]` (KeyValue) or the record number (Records) it belongs to.
    pub section: Section<'a>,
    /// The key it sets (the path, for an export), if any.
    pub key: Option<&'a str>,
    pub value: Option<&'a str>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Section<'a> {
    None,
    Named(&'a str, usize),
    Record(usize),
}

pub(crate) fn lines<'a>(path: &str, text: &'a str) -> Vec<Line<'a>> {
    let layout = layout(path);
    let mut section = Section::None;
    let (mut sections, mut record, mut in_record, mut continued) = (0, 0, false, false);
    let mut out = Vec::new();
    for raw in text.split('\n') {
        let text = raw.strip_suffix('\r').unwrap_or(raw);
        let trimmed = text.trim();
        let mut line = Line { text, section, key: None, value: None };
        let blank_or_comment = trimmed.is_empty() || trimmed.starts_with('#');
        match layout {
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
            Layout::Exports => {
                if !continued {
                    let mut fields = trimmed.splitn(2, char::is_whitespace);
                    line.key = fields.next();
                    line.value = fields.next().map(str::trim);
                }
                continued = trimmed.ends_with('\\');
            }
        }
        out.push(line);
    }
    out
}

/// What a person should know about an imported file: duplicated keys and lines that set
/// nothing, each with its line number.
pub(crate) fn check(path: &'static str, text: &str) -> Vec<Diagnostic> {
    let name = path.rsplit('/').next().unwrap_or(path);
    let mut out = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut odd = Vec::new();
    // Only the first few repeated keys are worded; the rest are counted (65,535 of them stay cheap).
    let mut repeated = 0;
    for (n, line) in lines(path, text).iter().enumerate() {
        let trimmed = line.text.trim();
        match line.key {
            Some(key) if layout(path) != Layout::Exports && !seen.insert((line.section, key)) => {
                repeated += 1;
                if repeated <= MAX_ALIKE {
                    out.push(Diagnostic::warning(
                        "import.duplicate-key",
                        IMPORT,
                        format!("{name} line {}: \"{}\" is set again: a repeated key can stop Workbench from starting. Keep one of them; the merge keeps the first (replaced if the page sets it) and drops the repeats of keys the page sets.", n + 1, shown(key)),
                    ));
                }
            }
            Some(_) => {}
            None if !(trimmed.is_empty() || trimmed.starts_with('#') || trimmed.starts_with('[')) => odd.push(n + 1),
            _ => {}
        }
    }
    if repeated > MAX_ALIKE {
        out.push(more(Severity::Warning, IMPORT, repeated - MAX_ALIKE));
    }
    if !odd.is_empty() {
        let lines: Vec<String> = odd.iter().take(5).map(ToString::to_string).collect();
        out.push(Diagnostic::warning(
            "import.unknown-line",
            IMPORT,
            format!(
                "{name}: line {} set{} nothing this page can read; kept as it is.",
                lines.join(", "),
                if odd.len() == 1 { "s" } else { "" }
            ),
        ));
    }
    out
}
