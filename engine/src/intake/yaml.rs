//! YAML (and JSON, which is YAML) into a generic tree, with errors a person can act on.
//! The tree is walked by hand so that any shape gets a specific message, never a panic.

use serde::de::{self, DeserializeSeed, Deserializer, EnumAccess, MapAccess, SeqAccess, VariantAccess, Visitor};
use serde_norway::{Mapping, Value};
use std::cell::Cell;

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
    /// Its aliases expand to more than `MAX_EXPANDED_NODES` values or `MAX_EXPANDED_BYTES`
    /// of text (an "alias bomb").
    Expands,
    /// Has more than `MAX_ENTRIES` entries.
    TooMany,
}

/// Deepest nesting accepted. kubectl writes kubeconfigs five levels deep and JWT claims
/// are flatter; a YAML parser's work grows with depth squared, so depth is bounded first.
pub const MAX_DEPTH: usize = 64;
/// Most entries (list items, mapping keys) accepted: a 200-cluster kubeconfig has ~3,000
/// once its users are skipped. Each costs ~100 bytes parsed, so this bounds memory too.
pub const MAX_ENTRIES: usize = 50_000;
/// Most values (scalars, lists, mappings) the text may hold once its aliases (`*name`) are
/// expanded, counted over all its documents: four per entry the text itself may have, so a
/// kubeconfig at the entry limit still fits, while an alias bomb (`a: &a [x,x]`,
/// `b: &b [*a,*a]`, … doubling with each line) is refused after this many, not after 2^n.
pub const MAX_EXPANDED_NODES: usize = 4 * MAX_ENTRIES;
/// Most bytes of scalar text once aliases are expanded: four times the paste limit, so a
/// CA shared through one anchor by hundreds of clusters is fine, and a 500 KB string
/// aliased a thousand times is not.
pub const MAX_EXPANDED_BYTES: usize = 4 * 1024 * 1024;

/// The marker of our own expansion refusal inside a parser error.
const EXPANDS: &str = "aliases expand beyond the limit";

pub fn parse(text: &str) -> Result<Documents, SyntaxError> {
    bound(text)?;
    let budget = Budget { nodes: Cell::new(MAX_EXPANDED_NODES), bytes: Cell::new(MAX_EXPANDED_BYTES) };
    let mut docs = Vec::new();
    for de in serde_norway::Deserializer::from_str(text) {
        match Node(&budget).deserialize(de) {
            Ok(Value::Null) => {}
            Ok(mut v) => {
                if text.contains("<<") {
                    // `<<: *base` merges a mapping's keys in, as kubectl's YAML reader does;
                    // keys written beside it win.
                    v.apply_merge().map_err(|_| refusal(Refusal::Syntax, 0))?;
                }
                docs.push(v)
            }
            Err(e) => return Err(explain(text, &e)),
        }
    }
    Ok(Documents { docs })
}

/// What expansion may still produce.
struct Budget {
    nodes: Cell<usize>,
    bytes: Cell<usize>,
}

impl Budget {
    fn charge<E: de::Error>(&self, bytes: usize) -> Result<(), E> {
        let (n, b) = (self.nodes.get(), self.bytes.get());
        if n == 0 || b < bytes {
            return Err(E::custom(EXPANDS));
        }
        self.nodes.set(n - 1);
        self.bytes.set(b - bytes);
        Ok(())
    }
}

/// A YAML value built like `serde_norway::Value`, but read as kubectl's YAML reader reads
/// it: a key written twice keeps its last value, a tag (`!!str`, `!custom`) is dropped after
/// it has chosen the scalar's type, and every value an alias expands to is charged to the
/// budget, so expansion stops at the limit instead of at the end of memory.
struct Node<'b>(&'b Budget);

impl<'de> DeserializeSeed<'de> for Node<'_> {
    type Value = Value;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Node<'_> {
    type Value = Value;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Value, E> {
        self.0.charge(0)?;
        Ok(Value::Bool(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Value, E> {
        self.0.charge(0)?;
        Ok(Value::Number(v.into()))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
        self.0.charge(0)?;
        Ok(Value::Number(v.into()))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        self.0.charge(0)?;
        Ok(Value::Number(v.into()))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Value, E> {
        self.0.charge(v.len())?;
        Ok(Value::String(v.to_owned()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Value, E> {
        self.0.charge(v.len())?;
        Ok(Value::String(v))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        self.0.charge(0)?;
        Ok(Value::Null)
    }
    fn visit_none<E: de::Error>(self) -> Result<Value, E> {
        self.visit_unit()
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        self.deserialize(d)
    }
    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        self.deserialize(d)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        self.0.charge(0)?;
        let mut items = Vec::new();
        while let Some(v) = seq.next_element_seed(Node(self.0))? {
            items.push(v);
        }
        Ok(Value::Sequence(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        self.0.charge(0)?;
        let mut m = Mapping::new();
        while let Some(k) = map.next_key_seed(Node(self.0))? {
            let v = map.next_value_seed(Node(self.0))?;
            m.insert(k, v);
        }
        Ok(Value::Mapping(m))
    }
    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Value, A::Error> {
        let (_tag, variant): (de::IgnoredAny, _) = data.variant()?;
        variant.newtype_variant_seed(self)
    }
}

/// One linear pass that refuses, before any parser runs, what would make it slow or huge:
/// nesting deeper than `MAX_DEPTH` (flow brackets, indentation, `- - -` chains), more than
/// `MAX_ENTRIES` entries. (Aliases are bounded as they expand: `Node`.)
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
        Refusal::Expands => format!(
            "the text's YAML aliases (*name) expand to more than {MAX_EXPANDED_NODES} values or {} MiB of text, far beyond any kubeconfig: an \"alias bomb\". Write the shared parts out, or paste the output of `kubectl config view --raw --flatten`, which has no aliases.",
            MAX_EXPANDED_BYTES / (1024 * 1024)
        ),
        Refusal::TooMany => format!(
            "the text has more than {MAX_ENTRIES} entries (line {line}); a kubeconfig has a few per cluster. Paste only the cluster you need: `kubectl config view --raw --minify --flatten`."
        ),
        Refusal::Syntax if line == 0 => {
            "a merge key (<<) is given something other than a mapping or a list of mappings, which YAML does not allow.".to_string()
        }
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
    if raw.contains(EXPANDS) || raw.contains("repetition limit exceeded") {
        return refusal(Refusal::Expands, 0);
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
        Some(Value::String(s)) => yaml11_bool(s) == Some(true),
        _ => false,
    }
}

/// A plain scalar YAML 1.1 (kubectl's YAML reader) takes for a boolean, and this YAML 1.2
/// reader for text: `yes`, `on`, `y`, … (the spellings YAML 1.1 lists).
pub fn yaml11_bool(s: &str) -> Option<bool> {
    match s {
        "y" | "Y" | "yes" | "Yes" | "YES" | "on" | "On" | "ON" | "true" | "True" | "TRUE" => Some(true),
        "n" | "N" | "no" | "No" | "NO" | "off" | "Off" | "OFF" | "false" | "False" | "FALSE" => Some(false),
        _ => None,
    }
}
