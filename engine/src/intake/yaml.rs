//! YAML (and JSON, which is YAML) into a generic tree, with errors a person can act on.
//! The tree is walked by hand so that any shape gets a specific message, never a panic.

use serde::Deserialize;
use serde_norway::{Mapping, Value};

pub struct Documents {
    /// Non-empty documents, in order.
    pub docs: Vec<Value>,
}

/// A syntax error: where, and what to do about it. Never quotes the input.
pub struct SyntaxError {
    pub line: Option<usize>,
    pub message: String,
}

pub fn parse(text: &str) -> Result<Documents, SyntaxError> {
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

fn explain(text: &str, e: &serde_norway::Error) -> SyntaxError {
    let line = e.location().map(|l| l.line());
    if let Some(tab_line) = text.lines().position(|l| l.starts_with('\t') || l.trim_start_matches(' ').starts_with('\t')) {
        return SyntaxError {
            line: Some(tab_line + 1),
            message: format!(
                "line {} is indented with a tab; YAML allows only spaces for indentation. Replace the tabs with spaces (or paste the output of kubectl directly).",
                tab_line + 1
            ),
        };
    }
    // libyaml's own words ("did not find expected key", "recursion limit exceeded") are
    // fixed phrases; drop the position suffix and anything quoted, to be sure no input leaks.
    let raw = e.to_string();
    let problem = raw.split(" at line ").next().unwrap_or(&raw);
    let problem: String = problem.split('"').step_by(2).collect::<Vec<_>>().join("…");
    let message = match line {
        Some(l) => format!("the text is not valid YAML or JSON near line {l}: {problem}."),
        None => format!("the text is not valid YAML or JSON: {problem}."),
    };
    SyntaxError { line, message }
}

pub fn get<'a>(map: &'a Mapping, key: &str) -> Option<&'a Value> {
    map.get(key).filter(|v| !v.is_null())
}

/// A scalar as text: strings as they are, numbers and booleans as YAML writes them.
pub fn scalar(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
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
