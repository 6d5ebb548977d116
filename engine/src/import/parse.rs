//! What a person should know about the lines of an imported file (`crate::lines` says what a
//! line is).

use crate::diagnostic::{more, shown, Diagnostic, Severity, IMPORT, MAX_ALIKE};
use crate::lines::{layout, lines, Layout};

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
