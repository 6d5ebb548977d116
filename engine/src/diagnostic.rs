//! Diagnostics: what is wrong (or worth knowing) about the inputs, in plain words,
//! tied to the input that caused it. Messages never quote a secret.

use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// The input a diagnostic concerns: `kubeconfig`, `token`, `context`, or a settings key
/// (`settings::label` names it as the page does).
pub type FieldId = &'static str;

pub const KUBECONFIG: FieldId = "kubeconfig";
pub const TOKEN: FieldId = "token";
pub const CONTEXT: FieldId = "context";
/// The server's files, imported to be merged into.
pub const IMPORT: FieldId = "import";

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Stable machine code, e.g. `kubeconfig.not-raw`.
    pub code: &'static str,
    pub field: FieldId,
    /// Another input involved, where the page shows it too (a token from another namespace
    /// shows at the token and at the namespace).
    pub also: Option<FieldId>,
    pub message: String,
}

impl Diagnostic {
    pub fn error(code: &'static str, field: FieldId, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, code, field, message)
    }
    pub fn warning(code: &'static str, field: FieldId, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, code, field, message)
    }
    pub fn info(code: &'static str, field: FieldId, message: impl Into<String>) -> Self {
        Self::new(Severity::Info, code, field, message)
    }
    fn new(severity: Severity, code: &'static str, field: FieldId, message: impl Into<String>) -> Self {
        Diagnostic { severity, code, field, also: None, message: message.into() }
    }

    pub fn also(mut self, field: FieldId) -> Self {
        self.also = Some(field);
        self
    }

    /// Whether it concerns `field` (where it was raised, or the other input involved).
    pub fn concerns(&self, field: &str) -> bool {
        self.field == field || self.also == Some(field)
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} [{}] {}: {}", self.severity.as_str(), self.code, self.field, self.message)
    }
}

/// A name from the input as a message shows it: at most 64 characters, control characters
/// escaped, so no message grows with the input or breaks a line (`escape_debug` also escapes
/// what reorders or hides text: bidi controls, zero-width characters); a backtick shown as
/// `'`, so a name never opens or closes a message's code span.
pub fn shown(name: &str) -> String {
    let mut text: String = name
        .chars()
        .take(64)
        .flat_map(|c| match c {
            '`' => vec!['\''],
            c => c.escape_debug().collect(),
        })
        .collect();
    if name.chars().nth(64).is_some() {
        text.push('…');
    }
    text
}

/// Sort for display: errors first, then by field, keeping the order within a field.
pub fn sort(diags: &mut [Diagnostic]) {
    diags.sort_by_key(|d| d.severity);
}

/// Diagnostics of one kind about one input shown at most this often; the rest are counted.
pub const MAX_ALIKE: usize = 5;

/// At most `MAX_ALIKE` diagnostics of each code and input, then one that counts the rest
/// ("and 65,533 more like these"): a file of 65,534 duplicate keys is read, not listed.
pub fn cap(diags: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut seen: std::collections::HashMap<(&'static str, FieldId), usize> = std::collections::HashMap::new();
    let mut out = Vec::with_capacity(diags.len().min(256));
    for d in diags {
        let n = seen.entry((d.code, d.field)).or_default();
        *n += 1;
        if *n <= MAX_ALIKE {
            out.push(d);
        }
    }
    // Each count goes right after the last one of its kind (`out` is short: five of each kind).
    let mut i = 0;
    while i < out.len() {
        let kind = (out[i].code, out[i].field);
        let left = seen[&kind].saturating_sub(MAX_ALIKE);
        if left > 0 && kind.0 != MORE && out.iter().rposition(|d| (d.code, d.field) == kind) == Some(i) {
            out.insert(i + 1, more(out[i].severity, kind.1, left));
            i += 1;
        }
        i += 1;
    }
    out
}

/// The code of the line that counts what `cap` left out.
pub const MORE: &str = "diagnostic.more";

/// The line that counts `n` diagnostics left out.
pub fn more(severity: Severity, field: FieldId, n: usize) -> Diagnostic {
    Diagnostic::new(severity, MORE, field, format!("…and {} more like these.", thousands(n)))
}

/// 65533 → "65,533".
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}
