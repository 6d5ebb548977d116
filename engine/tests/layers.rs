//! The engine's layers, declared once (ARCHITECTURE.md quotes this table), held against every
//! `crate::…`, `super::…` and (in lib.rs) module path of every engine source file: a module
//! imports only from its own module tree or from a layer below its own, the modules that read
//! the model read none of the inputs' parsers, a renderer imports no other renderer nor what was
//! typed (`model::Typed`).
//! Unit-test modules (`#[cfg(test)] mod …` at a file's end) are not the product and not read.

use std::path::{Path, PathBuf};

/// Bottom first: each layer may import only the layers before it (and its own module tree).
const LAYERS: &[(&str, &[&str])] = &[
    ("words and places", &["diagnostic", "docs", "paths", "secret", "time"]),
    ("the runbook's steps", &["steps"]),
    ("reading what is pasted, line by line", &["intake", "lines"]),
    ("the form", &["settings"]),
    ("the inputs", &["cluster", "images", "import", "inputs", "share"]),
    ("what the inputs hold", &["example", "model", "preset"]),
    ("from the model", &["checks", "facts", "hazards", "render"]),
    ("the pipeline", &["lib"]),
    ("around the pipeline", &["archive", "diagnose"]),
    ("the fuzz targets' bodies", &["fuzzing"]),
];

/// They read only the model: none of the inputs' parsers.
const READ_THE_MODEL: &[&str] = &["checks", "facts", "hazards", "render"];
const INPUT_PARSERS: &[&str] = &["intake", "import"];

/// What was typed is for the checks: a renderer reads the model's resolved values (and the
/// settings nothing resolves, through the model's accessors), so each value has one route.
const TYPED: (&str, &str) = ("model", "Typed");

/// `render::render` hands each renderer what it needs: none imports another.
const RENDERERS: &[&str] = &["cluster", "files", "guide", "manifests", "merge", "runbook"];

fn layer(module: &str) -> usize {
    LAYERS.iter().position(|(_, members)| members.contains(&module)).unwrap_or_else(|| panic!("module {module} is in no layer"))
}

/// A file's module path: `render/merge.rs` → [render, merge]; `render/mod.rs` → [render];
/// `lib.rs` → [].
fn module_path(rel: &Path) -> Vec<String> {
    let mut parts: Vec<String> = rel.iter().map(|p| p.to_string_lossy().into_owned()).collect();
    let last = parts.pop().expect("a file name");
    let stem = last.trim_end_matches(".rs");
    if stem != "mod" && stem != "lib" {
        parts.push(stem.to_string());
    }
    parts
}

/// The source without comments, string literals and the unit tests at its end.
fn product_code(text: &str) -> String {
    let mut code = String::new();
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        if line.trim() == "#[cfg(test)]" && lines.peek().is_some_and(|next| next.trim_start().starts_with("mod ")) {
            break;
        }
        code.push_str(line);
        code.push('\n');
    }
    // A `crate::` in a message or a comment is no import. Quotes as characters ('"', '\\')
    // open no string.
    let code = code.replace("'\"'", "' '").replace("'\\\"'", "' '").replace("'\\\\'", "' '");
    let mut out = String::with_capacity(code.len());
    let (mut in_string, mut in_comment, mut escaped) = (false, false, false);
    let mut chars = code.chars().peekable();
    while let Some(c) = chars.next() {
        if in_comment {
            in_comment = c != '\n';
        } else if in_string {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
        } else if c == '"' {
            in_string = true;
        } else if c == '/' && chars.peek() == Some(&'/') {
            in_comment = true;
        } else {
            out.push(c);
            continue;
        }
        if c == '\n' {
            out.push(c);
        }
    }
    out
}

fn ident(s: &str) -> &str {
    let end = s.find(|c: char| !(c.is_alphanumeric() || c == '_')).unwrap_or(s.len());
    &s[..end]
}

/// The first two segments of every path that `rest` (what follows `crate::`) names: one, or
/// each of a `{…}` group's.
fn targets(rest: &str) -> Vec<(String, String)> {
    let rest = rest.trim_start();
    if let Some(group) = rest.strip_prefix('{') {
        let mut depth = 1;
        let mut items = vec![String::new()];
        for c in group.chars() {
            match c {
                '{' => depth += 1,
                '}' => depth -= 1,
                ',' if depth == 1 => items.push(String::new()),
                _ => {}
            }
            if depth == 0 {
                break;
            }
            if !(c == ',' && depth == 1) {
                items.last_mut().expect("one item").push(c);
            }
        }
        return items.iter().map(|i| i.trim()).filter(|i| !i.is_empty()).flat_map(targets).collect();
    }
    let first = ident(rest);
    let after = rest[first.len()..].strip_prefix("::").map(str::trim_start).unwrap_or("");
    if first.is_empty() {
        return Vec::new();
    }
    // `model::{Model, Typed}`: each of the group's names is a child.
    if after.starts_with('{') {
        return targets(after).into_iter().map(|(child, _)| (first.to_string(), child)).collect();
    }
    vec![(first.to_string(), ident(after).to_string())]
}

fn is_module(name: &str) -> bool {
    LAYERS.iter().any(|(_, m)| m.contains(&name))
}

/// Every crate module a file names: (top-level module, its child or ""). A name of the crate
/// root (`crate::Inputs`) is `lib`.
fn imports(module: &[String], code: &str) -> Vec<(String, String)> {
    let mut found = Vec::new();
    for (prefix, base) in [("crate::", Vec::new()), ("super::", module[..module.len().saturating_sub(1)].to_vec())] {
        for (at, _) in code.match_indices(prefix) {
            let before = code[..at].chars().next_back();
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
                continue;
            }
            for (first, second) in targets(&code[at + prefix.len()..]) {
                let mut path = base.clone();
                path.push(first);
                path.push(second);
                path.retain(|p| !p.is_empty());
                match path.first() {
                    Some(top) if is_module(top) => found.push((top.clone(), path.get(1).cloned().unwrap_or_default())),
                    _ => found.push(("lib".into(), String::new())),
                }
            }
        }
    }
    // The crate root names its modules without `crate::`.
    if module.is_empty() {
        for (_, members) in LAYERS {
            for m in members.iter().filter(|m| **m != "lib") {
                let needle = format!("{m}::");
                for (at, _) in code.match_indices(&needle) {
                    let before = code[..at].chars().next_back();
                    if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
                        continue;
                    }
                    found.push((m.to_string(), ident(&code[at + needle.len()..]).to_string()));
                }
            }
        }
    }
    found
}

/// What the stated layers forbid in one file, as `file: module imports module::child (why)`.
fn violations(rel: &Path, text: &str) -> Vec<String> {
    let module = module_path(rel);
    let top = module.first().map_or("lib", String::as_str);
    let mut out = Vec::new();
    for (target, child) in imports(&module, &product_code(text)) {
        let shown = if child.is_empty() { target.clone() } else { format!("{target}::{child}") };
        let why = if target == top {
            let renderers = top == "render" && module.len() > 1;
            (renderers && RENDERERS.contains(&module[1].as_str()) && RENDERERS.contains(&child.as_str()) && child != module[1])
                .then_some("a renderer imports another renderer")
        } else if top == "render" && (target.as_str(), child.as_str()) == TYPED {
            Some("a renderer reads only resolved values")
        } else if layer(&target) >= layer(top) {
            Some("an import from the same layer or one above")
        } else if READ_THE_MODEL.contains(&top) && INPUT_PARSERS.contains(&target.as_str()) {
            Some("it reads only the model")
        } else {
            None
        };
        if let Some(why) = why {
            out.push(format!("{}: {top} imports {shown} ({why})", rel.display()));
        }
    }
    out
}

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("engine/src is readable") {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn every_engine_import_keeps_to_the_stated_layers() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&src, &mut files);
    files.sort();
    assert!(files.len() > 30, "the engine's sources are found");
    let mut wrong = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for path in &files {
        let rel = path.strip_prefix(&src).expect("under src");
        let text = std::fs::read_to_string(path).expect("a source file");
        seen.insert(module_path(rel).first().cloned().unwrap_or_else(|| "lib".into()));
        wrong.extend(violations(rel, &text));
    }
    let declared: std::collections::BTreeSet<String> = LAYERS.iter().flat_map(|(_, m)| m.iter().map(|m| m.to_string())).collect();
    assert_eq!(seen, declared, "every engine module is in exactly the layers declared, and every declared one exists");
    assert!(wrong.is_empty(), "imports against the stated layers:\n{}", wrong.join("\n"));
}

#[test]
fn an_upward_import_is_caught() {
    let cases = [
        ("diagnostic.rs", "use crate::settings::spec;\n", "an import from the same layer or one above"),
        ("settings/mod.rs", "use crate::{docs, render::paths::*};\n", "an import from the same layer or one above"),
        ("intake/kubeconfig.rs", "use crate::settings::values::Platform;\n", "an import from the same layer or one above"),
        ("facts.rs", "use crate::intake::token::Lifetime;\n", "it reads only the model"),
        ("render/files.rs", "use super::runbook::script;\n", "a renderer imports another renderer"),
        ("render/files.rs", "use crate::model::{Model, Typed};\n", "a renderer reads only resolved values"),
        ("render/guide.rs", "fn f(m: &Model) { crate::model::Typed::typed(m); }\n", "a renderer reads only resolved values"),
        ("example.rs", "fn f(i: &crate::Inputs) {}\n", "an import from the same layer or one above"),
        ("lib.rs", "fn f() { fuzzing::share(b\"\"); }\n", "an import from the same layer or one above"),
    ];
    for (file, code, why) in cases {
        let found = violations(Path::new(file), code);
        assert!(found.iter().any(|v| v.contains(why)), "{file}: {code:?} is not caught as {why:?}: {found:?}");
    }
    // Comments, messages and unit tests are not imports; a module's own tree is its own.
    let fine = "// crate::lib_only\nconst M: &str = \"see crate::render\";\nuse super::shell::word;\n#[cfg(test)]\nmod tests {\n    use crate::fuzzing;\n}\n";
    assert_eq!(violations(Path::new("render/runbook.rs"), fine), Vec::<String>::new());
}
