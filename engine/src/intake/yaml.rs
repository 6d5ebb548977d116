//! YAML (and JSON, which is YAML) into a generic tree, with errors a person can act on.
//! The tree is walked by hand so that any shape gets a specific message, never a panic.

use serde::Deserialize;
use serde_norway::{Mapping, Value};

pub struct Documents {
    /// Non-empty documents, in order.
    pub docs: Vec<Value>,
}

/// Why a text was refused: where, and what to do about it. Never quotes the input.
pub struct SyntaxError {
    pub kind: Refusal,
    pub message: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// Not YAML or JSON.
    Syntax,
    /// Nested deeper than `MAX_DEPTH`.
    TooDeep,
    /// Uses aliases, which can expand far beyond the text's size.
    Aliases,
    /// Has more than `MAX_ENTRIES` entries.
    TooMany,
}

/// Deepest nesting accepted. kubectl writes kubeconfigs five levels deep and JWT claims
/// are flatter; a YAML parser's work grows with depth squared, so depth is bounded first.
pub const MAX_DEPTH: usize = 64;
/// Most entries (list items, mapping keys) accepted: a 200-cluster kubeconfig has ~3,000
/// once its users are skipped. Each costs ~100 bytes parsed, so this bounds memory too.
pub const MAX_ENTRIES: usize = 50_000;

pub fn parse(text: &str) -> Result<Documents, SyntaxError> {
    bound(text)?;
    let mut docs = Vec::new();
    for de in serde_norway::Deserializer::from_str(text) {
        match Value::deserialize(de) {
            Ok(Value::Null) => {}
            Ok(v) => docs.push(v),
            Err(e) => return Err(explain(text, &e)),
        }
    }
    Ok(Documents { docs })
}

/// One linear pass that refuses, before any parser runs, what would make it slow or huge:
/// nesting deeper than `MAX_DEPTH` (flow brackets, indentation, `- - -` chains), more than
/// `MAX_ENTRIES` entries, and aliases (`*name`: kubectl never prints them, and each may
/// expand to a whole copy of its anchor).
/// Quoted scalars, comments and block scalars are skipped, so their text never counts.
fn bound(text: &str) -> Result<(), SyntaxError> {
    let mut flow = 0usize;
    let mut quote: Option<char> = None;
    let mut indents: Vec<usize> = Vec::new();
    let mut block_scalar_parent: Option<usize> = None;
    let mut entries = 0usize;
    for (n, line) in text.split('\n').enumerate() {
        let indent = line.len() - line.trim_start_matches(' ').len();
        let body = &line[indent..];
        if let Some(parent) = block_scalar_parent {
            if body.trim().is_empty() || indent > parent {
                continue;
            }
            block_scalar_parent = None;
        }
        let refuse = |kind: Refusal| Err(refusal(kind, n + 1));
        let mut depth_here = 0;
        if quote.is_none() && flow == 0 && !body.is_empty() && !body.starts_with('#') {
            while indents.last().is_some_and(|&top| top >= indent) {
                indents.pop();
            }
            indents.push(indent);
            depth_here = indents.len();
            entries += 1;
        }
        let mut last: Option<char> = None;
        let mut space_before = true;
        let mut chars = body.chars().peekable();
        while let Some(c) = chars.next() {
            if let Some(q) = quote {
                if q == '"' && c == '\\' {
                    chars.next();
                } else if c == q {
                    if q == '\'' && chars.peek() == Some(&'\'') {
                        chars.next();
                    } else {
                        quote = None;
                        last = Some(c);
                        space_before = false;
                    }
                }
                continue;
            }
            if c == ' ' || c == '\t' || c == '\r' {
                space_before = true;
                continue;
            }
            // A node may start here: at the line's start, after a flow indicator, or after
            // an indicator (`:`, `-`, `?`) and a space (in flow context `:` needs none).
            let node_start = match last {
                None => true,
                Some('[' | '{' | ',') => true,
                Some(':') => space_before || flow > 0,
                Some('-' | '?') => space_before && flow == 0,
                Some(_) => false,
            };
            match c {
                '#' if space_before => break,
                '"' | '\'' if node_start => quote = Some(c),
                '*' if node_start => return refuse(Refusal::Aliases),
                '[' | '{' if node_start || flow > 0 => {
                    flow += 1;
                    if depth_here + flow > MAX_DEPTH {
                        return refuse(Refusal::TooDeep);
                    }
                }
                ']' | '}' if flow > 0 => flow -= 1,
                ',' if flow > 0 => entries += 1,
                '-' | '?' if node_start && flow == 0 && chars.peek().is_none_or(|n| *n == ' ') => {
                    depth_here += 1;
                    entries += 1;
                    if depth_here > MAX_DEPTH {
                        return refuse(Refusal::TooDeep);
                    }
                }
                '|' | '>' if node_start && flow == 0 => {
                    block_scalar_parent = Some(indent);
                    break;
                }
                _ => {}
            }
            last = Some(c);
            space_before = false;
        }
        if depth_here > MAX_DEPTH {
            return refuse(Refusal::TooDeep);
        }
        if entries > MAX_ENTRIES {
            return refuse(Refusal::TooMany);
        }
    }
    Ok(())
}

fn refusal(kind: Refusal, line: usize) -> SyntaxError {
    let message = match kind {
        Refusal::TooDeep => format!(
            "the text is nested more than {MAX_DEPTH} levels deep (line {line}); kubectl never writes that. Paste the output of kubectl as it is."
        ),
        Refusal::Aliases => format!(
            "the text uses a YAML alias (*name, line {line}): kubectl never prints these, and they can expand to an enormous size. Paste the output of kubectl as it is."
        ),
        Refusal::TooMany => format!(
            "the text has more than {MAX_ENTRIES} entries (line {line}); a kubeconfig has a few per cluster. Paste only the cluster you need: `kubectl config view --raw --minify --flatten`."
        ),
        Refusal::Syntax => format!("the text is not valid YAML or JSON near line {line}."),
    };
    SyntaxError { kind, message }
}

/// libyaml's own descriptions of what it found: fixed phrases, so they are safe to show.
const PROBLEMS: &[&str] = &[
    "block sequence entries are not allowed in this context",
    "control characters are not allowed",
    "could not find expected ':'",
    "did not find expected ',' or ']'",
    "did not find expected ',' or '}'",
    "did not find expected '-' indicator",
    "did not find expected <document start>",
    "did not find expected key",
    "did not find expected node content",
    "did not find expected comment or line break",
    "did not find expected whitespace or line break",
    "found a tab character that violates indentation",
    "found a tab character where an indentation space is expected",
    "found character that cannot start any token",
    "found undefined tag handle",
    "found unexpected ':'",
    "found unexpected document indicator",
    "found unexpected end of stream",
    "found unknown escape character",
    "invalid Unicode character",
    "mapping keys are not allowed in this context",
    "mapping values are not allowed in this context",
    "recursion limit exceeded",
];

fn explain(text: &str, e: &serde_norway::Error) -> SyntaxError {
    let syntax = |message| SyntaxError { kind: Refusal::Syntax, message };
    if let Some(tab_line) = text.lines().position(|l| l.trim_start_matches(' ').starts_with('\t')) {
        return syntax(format!(
                "line {} is indented with a tab; YAML allows only spaces for indentation. Replace the tabs with spaces (or paste the output of kubectl directly).",
                tab_line + 1
            ),
        );
    }
    // The error's own text may quote the input (a duplicate key, a value): only fixed
    // phrases from our list are shown.
    let raw = e.to_string();
    if raw.starts_with("duplicate entry") {
        return syntax(
            "a mapping has the same key twice, which YAML does not allow. Remove the duplicate key (kubectl never writes one).".into(),
        );
    }
    let line = e.location().map(|l| l.line());
    let problem = PROBLEMS.iter().find(|p| raw.contains(*p)).map_or(String::new(), |p| format!(": {p}"));
    let message = match line {
        Some(l) => format!("the text is not valid YAML or JSON near line {l}{problem}."),
        None => format!("the text is not valid YAML or JSON{problem}."),
    };
    syntax(message)
}

pub fn get<'a>(map: &'a Mapping, key: &str) -> Option<&'a Value> {
    map.get(key).filter(|v| !v.is_null())
}

/// A scalar as text: strings as they are, whole numbers and booleans as YAML writes them.
/// Fractions are never a name or a date here, so no float is ever formatted (the code to
/// print one is some 20 KB of WebAssembly).
pub fn scalar(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => n.as_i64().map(|i| i.to_string()).or_else(|| n.as_u64().map(|u| u.to_string())),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

pub fn str_at(map: &Mapping, key: &str) -> Option<String> {
    get(map, key).and_then(scalar)
}

pub fn is_true(map: &Mapping, key: &str) -> bool {
    match get(map, key) {
        Some(Value::Bool(b)) => *b,
        Some(Value::String(s)) => s.eq_ignore_ascii_case("true"),
        _ => false,
    }
}
