//! "When a session will not start": what the server says (the runbook's troubleshoot output,
//! `kubectl describe pod`, `kubectl get events`, the launcher's and rserver's logs, a browser
//! error; any mix, with timestamps, colour codes and CRLF) → the causes this page knows, each
//! with its evidence, the setup's field, file line and step, the fix and the documentation.
//!
//! The signatures are one table (`signatures.rs`), each message beside its source. The scan is
//! one pass over the text: a first-byte index of every pattern, tried at each position, so the
//! time is linear in the paste whatever the number of patterns. Nothing is recognised: the page
//! says so and lists what was looked for; a cause is never guessed.

mod signatures;

use crate::paths::{EXPORTS, KUBERNETES_CONF, RSERVER_CONF};
use crate::Output;
use serde::Serialize;
pub use signatures::{Signature, SIGNATURES};

/// The most of a paste that is read: its last 4 MiB (a log's newest lines are at its end).
pub const MAX_LOG_BYTES: usize = 4 * 1024 * 1024;
/// Evidence lines quoted per finding, and the length each is cut to (characters).
pub const EVIDENCE_LINES: usize = 3;
pub const EVIDENCE_CHARS: usize = 200;

/// What this page's setup says, so a finding names the user's own values. Read from the
/// rendered files (the values the server was given), never from a secret. The page hands it to
/// the module that scans (loaded on first use, in a worker) as its `slots()`, in `SLOTS` order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Setup {
    /// The session image (`launcher-sessions-container-image`).
    pub image: Option<String>,
    /// `launcher-sessions-callback-address`, and its host as a pod dials it.
    pub callback: Option<String>,
    pub callback_host: Option<String>,
    pub namespace: Option<String>,
    /// The first path /etc/exports shares (the home root).
    pub home: Option<String>,
}

impl Setup {
    pub fn from_output(out: &Output) -> Setup {
        let value = |path: &str, key: &str| -> Option<String> {
            let file = out.files.iter().find(|f| f.path == path)?;
            let prefix = format!("{key}=");
            let v = file.content.lines().find_map(|l| l.strip_prefix(prefix.as_str()))?.trim();
            // A placeholder (`<vm-ip>`) is not a value of the user's.
            (!v.is_empty() && !v.contains('<')).then(|| v.to_string())
        };
        let callback = value(RSERVER_CONF, "launcher-sessions-callback-address");
        // The host alone, as curl (`Failed to connect to HOST port N`) and Go (`dial tcp HOST:N`) name it.
        let callback_host = callback.as_deref().map(|c| {
            let rest = c.split_once("://").map_or(c, |(_, r)| r);
            let authority = rest.split('/').next().unwrap_or(rest);
            match authority.strip_prefix('[') {
                Some(v6) => v6.split(']').next().unwrap_or(v6).to_string(),
                None => authority.rsplit_once(':').map_or(authority, |(h, _)| h).to_string(),
            }
        });
        let home = out
            .files
            .iter()
            .find(|f| f.path == EXPORTS)
            .and_then(|f| f.content.lines().find(|l| l.starts_with('/')).and_then(|l| l.split_whitespace().next()).map(str::to_string));
        Setup {
            image: value(RSERVER_CONF, "launcher-sessions-container-image"),
            callback,
            callback_host,
            namespace: value(KUBERNETES_CONF, "kubernetes-namespace"),
            home,
        }
    }

    /// The names a signature's text fills in (`{image|…}`), and the order of `slots()`.
    pub const SLOTS: [&'static str; 5] = ["image", "callback", "callback-host", "namespace", "home"];

    fn get(&self, slot: &str) -> Option<&str> {
        match slot {
            "image" => self.image.as_deref(),
            "callback" => self.callback.as_deref(),
            "callback-host" => self.callback_host.as_deref(),
            "namespace" => self.namespace.as_deref(),
            "home" => self.home.as_deref(),
            _ => None,
        }
    }

    /// The values in `SLOTS` order, `""` for none: how the page hands the setup to the worker.
    pub fn slots(&self) -> Vec<String> {
        Self::SLOTS.iter().map(|s| self.get(s).unwrap_or_default().to_string()).collect()
    }

    /// Back from `slots()` (a missing or empty value is none).
    pub fn from_slots(values: &[String]) -> Setup {
        let at = |slot: &str| {
            let i = Self::SLOTS.iter().position(|s| *s == slot)?;
            values.get(i).filter(|v| !v.is_empty()).cloned()
        };
        Setup {
            image: at("image"),
            callback: at("callback"),
            callback_host: at("callback-host"),
            namespace: at("namespace"),
            home: at("home"),
        }
    }

    /// `{slot}`s of `text` filled with this setup's values, or the generic words after `|`
    /// (`{image|the session image}`).
    fn fill(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len() + 32);
        let mut rest = text;
        while let Some(open) = rest.find('{') {
            let Some(close) = rest[open..].find('}') else { break };
            out.push_str(&rest[..open]);
            let inner = &rest[open + 1..open + close];
            let (slot, generic) = inner.split_once('|').unwrap_or((inner, inner));
            match self.get(slot) {
                Some(v) => {
                    out.push('`');
                    out.push_str(&crate::diagnostic::shown(v));
                    out.push('`');
                }
                None => out.push_str(generic),
            }
            rest = &rest[open + close + 1..];
        }
        out.push_str(rest);
        out
    }
}

/// One cause found in the paste. Owned text: it crosses from the worker that scans to the page
/// (as JSON, read there by `src/ui/wire.rs`, whose getters spell these field names), which does
/// not hold the signature table.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// Stable id: `image-pull`, `callback-unreachable`, … (`data-cause` in the page).
    pub cause: String,
    /// The cause in plain words.
    pub title: String,
    /// What it means, naming this setup's values.
    pub explanation: String,
    pub fix: String,
    pub doc: String,
    /// The form fields and runbook steps it relates to (their files and lines: the fields' `sets`).
    pub fields: Vec<String>,
    pub steps: Vec<String>,
    /// Up to `EVIDENCE_LINES` distinct lines, timestamps and colours removed, escaped, cut,
    /// a token in them hidden.
    pub evidence: Vec<String>,
    /// How many lines of the paste show it.
    pub lines: usize,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Diagnosis {
    /// In the table's order (the more specific cause first).
    pub findings: Vec<Finding>,
    /// Bytes dropped from the start of a paste longer than `MAX_LOG_BYTES`.
    pub cut: usize,
    /// When nothing is recognised: every cause looked for (id, plain words), for the page to list.
    pub looked_for: Vec<(String, String)>,
}

impl Diagnosis {
    /// The note for a paste that was cut, in words.
    pub fn cut_note(&self) -> Option<String> {
        (self.cut > 0).then(|| {
            format!(
                "The paste is longer than {}: its first {} were left out and its last {} read.",
                crate::intake::text::kib(MAX_LOG_BYTES),
                crate::intake::text::kib(self.cut),
                crate::intake::text::kib(MAX_LOG_BYTES)
            )
        })
    }

    /// For the guide: each finding as its cause and fix only (no evidence: a log can hold
    /// tokens and internal names).
    pub fn guide_section(&self) -> String {
        if self.findings.is_empty() {
            return String::new();
        }
        let mut g = String::from("\n## Diagnosis\n\n");
        for f in &self.findings {
            g.push_str(&format!("- **{}** (`{}`): {} [Documentation]({})\n", f.title, f.cause, f.fix, f.doc));
        }
        g
    }
}

/// The causes `log` shows, for this `setup`.
pub fn diagnose(log: &str, setup: &Setup) -> Diagnosis {
    let (log, cut) = last_bytes(log, MAX_LOG_BYTES);
    let text = normalise(log);
    let index = Index::new(setup);
    // (lines, evidence, lines quoted): a log repeating one line is quoted a few times, not per line.
    let mut hits: Vec<(usize, Vec<String>, usize)> = vec![(0, Vec::new(), 0); SIGNATURES.len()];
    // Line numbers from 1: a pattern's slot holds the last line it was tried on.
    let mut tried = vec![0; index.patterns];
    for (number, line) in text.split('\n').enumerate() {
        if let Some(sig) = index.classify(line, number + 1, &mut tried) {
            let (count, evidence, quoted) = &mut hits[sig];
            *count += 1;
            if evidence.len() < EVIDENCE_LINES && *quoted < 16 * EVIDENCE_LINES {
                *quoted += 1;
                let quoted = quote(line);
                if !evidence.contains(&quoted) {
                    evidence.push(quoted);
                }
            }
        }
    }
    let findings = SIGNATURES
        .iter()
        .zip(hits)
        .filter(|(_, (count, _, _))| *count > 0)
        .map(|(s, (lines, evidence, _))| Finding {
            cause: s.cause.into(),
            title: s.title.into(),
            explanation: setup.fill(s.explain),
            fix: setup.fill(s.fix),
            doc: s.doc.into(),
            fields: s.fields.iter().map(|f| f.to_string()).collect(),
            steps: s.steps.iter().map(|f| f.to_string()).collect(),
            evidence,
            lines,
        })
        .collect::<Vec<_>>();
    // What every cause is, in plain words: listed when nothing is recognised.
    let looked_for = match findings.is_empty() {
        true => SIGNATURES.iter().map(|s| (s.cause.into(), s.title.into())).collect(),
        false => Vec::new(),
    };
    Diagnosis { findings, cut, looked_for }
}

/// The last `max` bytes of `text`, from a character boundary, and how many were dropped.
fn last_bytes(text: &str, max: usize) -> (&str, usize) {
    if text.len() <= max {
        return (text, 0);
    }
    let mut start = text.len() - max;
    while !text.is_char_boundary(start) {
        start += 1;
    }
    (&text[start..], start)
}

/// One pass: CRLF and lone CR become LF, ANSI escapes (CSI `ESC [ … final`, OSC `ESC ] … BEL/ST`,
/// two-byte `ESC x`) and other control characters but the tab go.
pub fn normalise(text: &str) -> String {
    let b = text.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        match c {
            b'\r' => {
                out.push(b'\n');
                i += if b.get(i + 1) == Some(&b'\n') { 2 } else { 1 };
            }
            0x1b => {
                i += 1;
                match b.get(i) {
                    Some(b'[') => {
                        i += 1;
                        while i < b.len() && !(0x40..=0x7e).contains(&b[i]) {
                            i += 1;
                        }
                        i += 1;
                    }
                    Some(b']') => {
                        while i < b.len() && b[i] != 0x07 && !(b[i] == 0x1b && b.get(i + 1) == Some(&b'\\')) {
                            i += 1;
                        }
                        i += if b.get(i) == Some(&0x07) { 1 } else { 2 };
                    }
                    Some(_) => i += 1,
                    None => {}
                }
            }
            b'\n' | b'\t' => {
                out.push(c);
                i += 1;
            }
            0..=0x1f | 0x7f => i += 1,
            _ => {
                out.push(c);
                i += 1;
            }
        }
    }
    // Only ASCII bytes were removed, so every multi-byte character is whole (a cut escape's
    // final byte is ASCII too).
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// A line as quoted: its leading timestamps gone, a token in it hidden, escaped, cut.
fn quote(line: &str) -> String {
    // Only the part that is shown is looked at for tokens (a 4 MiB line stays linear).
    let line = strip_timestamps(line).trim();
    let head = line.char_indices().nth(EVIDENCE_CHARS * 4).map_or(line, |(i, _)| &line[..i]);
    let line = hide_tokens(head);
    let mut out: String = line
        .chars()
        .take(EVIDENCE_CHARS)
        .flat_map(|c| {
            // Quotes and backslashes stay as written (log lines are full of them); what is
            // invisible or reorders text (controls, bidi, zero-width) is escaped as `shown` does.
            let plain = matches!(c, '"' | '\'' | '\\') || c.escape_debug().eq(std::iter::once(c));
            let escaped: Vec<char> = if plain { vec![c] } else { c.escape_debug().collect() };
            escaped
        })
        .collect();
    if line.chars().nth(EVIDENCE_CHARS).is_some() {
        out.push('…');
    }
    out
}

/// Leading `2024-05-01T12:00:00.123Z`, `[2024-05-01 12:00:00,123]`, `I0501 12:00:00.123456`,
/// `May  1 12:00:00 host prog[123]:` stamps, however many.
pub fn strip_timestamps(line: &str) -> &str {
    let mut rest = line.trim_start();
    loop {
        let Some(word) = rest.split_whitespace().next() else { return rest };
        let bare = word.trim_matches(|c| matches!(c, '[' | ']' | '(' | ')'));
        let stamp = bare.len() >= 8
            && bare.bytes().any(|c| c.is_ascii_digit())
            && bare.bytes().filter(|c| matches!(c, b':' | b'-')).count() >= 2
            && bare.bytes().all(|c| c.is_ascii_digit() || b"-:.,TZ+/IWEF".contains(&c));
        // klog's `E0501 10:00:01.123456`: the severity and the date, then the time.
        let klog = bare.len() == 5 && bare.starts_with(['I', 'W', 'E', 'F']) && bare[1..].bytes().all(|c| c.is_ascii_digit());
        let stamp = stamp || klog;
        let month = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"].contains(&bare);
        if stamp {
            rest = rest[rest.find(word).unwrap_or(0) + word.len()..].trim_start();
        } else if month {
            // `May  1 12:00:00 host prog[pid]:`: the month, day, time, host and program.
            let words: Vec<&str> = rest.split_whitespace().take(5).collect();
            if words.len() >= 5 && words[2].contains(':') && words[4].ends_with(':') {
                let prog = words[4];
                rest = rest[rest.find(prog).unwrap_or(0) + prog.len()..].trim_start();
            } else {
                return rest;
            }
        } else {
            return rest;
        }
    }
}

/// A JWT (`eyJ…` with two dots) or what follows `Bearer ` replaced by `[token hidden]`.
fn hide_tokens(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    loop {
        let jwt = rest.find("eyJ");
        let bearer = rest.find("Bearer ").map(|i| i + "Bearer ".len());
        let Some(at) = [jwt, bearer].into_iter().flatten().min() else { break };
        let end = rest[at..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '=' | '+' | '/')))
            .map_or(rest.len(), |e| at + e);
        out.push_str(&rest[..at]);
        if end - at >= 16 {
            out.push_str("[token hidden]");
        } else {
            out.push_str(&rest[at..end]);
        }
        rest = &rest[end..];
        if end == at {
            // Nothing token-like there: move past the match.
            let step = rest.chars().next().map_or(0, char::len_utf8);
            out.push_str(&rest[..step]);
            rest = &rest[step..];
        }
    }
    out.push_str(rest);
    out
}

/// Every pattern, by its first byte: at each position of a line only the patterns that start
/// with that byte are tried.
/// A pattern as looked for: its number, its signature's, its text, what the line must also hold.
type Entry = (usize, usize, &'static str, Vec<String>);

struct Index {
    by_first: Vec<Vec<Entry>>,
    patterns: usize,
}

impl Index {
    fn new(setup: &Setup) -> Index {
        let mut by_first: Vec<Vec<Entry>> = vec![Vec::new(); 256];
        let mut patterns = 0;
        for (i, s) in SIGNATURES.iter().enumerate() {
            for p in s.patterns {
                // A pattern about the setup's own value needs that value (unknown: not looked for).
                let mut also = Vec::new();
                let mut usable = true;
                for a in p.also {
                    match a.strip_prefix('{').and_then(|a| a.strip_suffix('}')) {
                        Some(slot) => match setup.get(slot) {
                            Some(v) => also.push(v.to_string()),
                            None => usable = false,
                        },
                        None => also.push(a.to_string()),
                    }
                }
                if usable {
                    by_first[usize::from(p.text.as_bytes()[0])].push((patterns, i, p.text, also));
                    patterns += 1;
                }
            }
        }
        Index { by_first, patterns }
    }

    /// The first signature (in table order) that `line` shows. `tried` (one slot per
    /// pattern) keeps a pattern's second condition to one look per line, so a line of the
    /// same words repeated stays linear.
    fn classify(&self, line: &str, number: usize, tried: &mut [usize]) -> Option<usize> {
        let bytes = line.as_bytes();
        let mut best: Option<usize> = None;
        for (at, &c) in bytes.iter().enumerate() {
            for (n, sig, text, also) in &self.by_first[usize::from(c)] {
                if tried[*n] == number || best.is_some_and(|b| b <= *sig) || !bytes[at..].starts_with(text.as_bytes()) {
                    continue;
                }
                tried[*n] = number;
                if also.is_empty() || also.iter().any(|a| line.contains(a.as_str())) {
                    best = Some(*sig);
                }
            }
        }
        best
    }
}
