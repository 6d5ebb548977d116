//! What a field says it sets is what it sets: each field is changed to every other valid
//! value, and the files, keys and runbook steps that change must be exactly those its
//! `sets` names (the form shows that list as "Sets …").

mod common;
use common::*;
use rsp_k8s_engine::preset::example;
use rsp_k8s_engine::render::FileKind;
use rsp_k8s_engine::settings::values::Control;
use rsp_k8s_engine::settings::{FieldSpec, Target, FIELDS};
use rsp_k8s_engine::{generate, Inputs, Output};
use std::collections::{BTreeMap, BTreeSet};

/// What differs between two outputs: files (with the keys of their changed lines) and steps.
#[derive(Default, Debug)]
struct Changes {
    files: BTreeMap<String, BTreeSet<String>>,
    steps: BTreeSet<&'static str>,
}

fn key_of(line: &str) -> Option<&str> {
    if line.starts_with('#') || line.is_empty() {
        return None;
    }
    line.split_once('=').or_else(|| line.split_once(": ")).map(|(k, _)| k)
}

fn changes(a: &Output, b: &Output) -> Changes {
    let mut c = Changes::default();
    let paths: BTreeSet<&str> = a.files.iter().chain(&b.files).map(|f| f.path.as_str()).collect();
    let content = |o: &Output, p: &str| o.files.iter().find(|f| f.path == p).map(|f| f.content.clone());
    for path in paths {
        let (x, y) = (content(a, path), content(b, path));
        if x != y {
            let (x, y) = (x.unwrap_or_default(), y.unwrap_or_default());
            let (xs, ys): (BTreeSet<&str>, BTreeSet<&str>) = (x.lines().collect(), y.lines().collect());
            let keys = xs.symmetric_difference(&ys).filter_map(|l| key_of(l)).map(str::to_string).collect();
            c.files.insert(path.to_string(), keys);
        }
    }
    // A step that writes or applies a file changes with it; only its own text counts here.
    let own = |o: &Output, commands: &str| {
        o.files
            .iter()
            .filter(|f| !f.content.is_empty())
            .fold(commands.to_string(), |text, f| text.replace(&f.content, &format!("<file {}>", f.path)))
    };
    // The one-server steps are always the same, in the same order; a cluster adds its own
    // (`cluster-…`), which change when they come, go or differ.
    let shared = |o: &Output| o.steps.iter().filter(|s| !s.id.starts_with("cluster-")).cloned().collect::<Vec<_>>();
    for (x, y) in shared(a).iter().zip(&shared(b)) {
        assert_eq!(x.id, y.id, "the steps are always the same, in the same order");
        if own(a, &x.commands) != own(b, &y.commands) {
            c.steps.insert(x.id);
        }
    }
    let cluster = |o: &Output| {
        o.steps.iter().filter(|s| s.id.starts_with("cluster-")).map(|s| (s.id, s.commands.clone())).collect::<BTreeMap<_, _>>()
    };
    let (ca, cb) = (cluster(a), cluster(b));
    for id in ca.keys().chain(cb.keys()) {
        if ca.get(id).map(|t| own(a, t)) != cb.get(id).map(|t| own(b, t)) {
            c.steps.insert(id);
        }
    }
    // Writing one more file (or one fewer) is part of that file.
    let machine = |o: &Output| o.files.iter().filter(|f| f.kind == FileKind::Machine).map(|f| f.path.clone()).collect::<Vec<_>>();
    if machine(a) != machine(b) {
        c.steps.remove("write-files");
    }
    c
}

/// Every other valid value of a field.
fn alternatives(spec: &FieldSpec, current: &str) -> Vec<String> {
    match spec.control {
        Control::Checkbox => vec![if current == "1" { "0" } else { "1" }.to_string()],
        Control::Select(options) | Control::Suggest(options) => {
            options.iter().map(|(v, _)| v.to_string()).filter(|v| v != current).collect()
        }
        Control::Text | Control::Multiline => {
            assert!(
                !spec.example.is_empty() && spec.example != current,
                "{}: its e.g. value must be a valid value other than the example's",
                spec.key
            );
            vec![spec.example.to_string()]
        }
    }
}

/// The example, or for fields that matter only in some setups, such a setup.
fn base_for(key: &str) -> Inputs {
    // A cloud's own names matter on that cloud: start from its example.
    if let Some((_, preset)) = rsp_k8s_engine::preset::presets().into_iter().find(|(id, _)| key.starts_with(&format!("{id}-"))) {
        return preset;
    }
    let mut i = example();
    // A cluster's fields matter in a cluster (three nodes, NFS and PostgreSQL of their own).
    if rsp_k8s_engine::settings::spec(key).is_some_and(|f| f.group == rsp_k8s_engine::settings::Group::Topology) && key != "topology" {
        for (k, v) in [
            ("topology", "cluster"),
            ("nodes", "wb-1 10.154.0.16, wb-2 10.154.0.21"),
            ("nfs-server", "10.154.0.31"),
            ("db-host", "10.154.0.41"),
            ("lb-address", "workbench.internal"),
        ] {
            i.settings.insert(k.into(), v.into());
        }
    }
    // The certificate and key matter only with HTTPS on (and then both are required).
    if key.starts_with("ssl-") {
        i.settings.insert("https".into(), "1".into());
        i.settings.insert("ssl-certificate".into(), "/etc/ssl/rsp/cert.pem".into());
        i.settings.insert("ssl-certificate-key".into(), "/etc/ssl/rsp/key.pem".into());
    }
    // The admin group matters only with the dashboard on.
    if key == "admin-group" {
        i.settings.insert("admin-enabled".into(), "1".into());
    }
    // Keeping their default cluster matters only with a server that names one.
    if key == "default-cluster" {
        i.imports = vec![
            ("rserver.conf".into(), b"launcher-default-cluster=Local\n".to_vec()),
            ("jupyter.conf".into(), b"default-session-cluster=Local\n".to_vec()),
        ];
    }
    if key == "skip-tls-verify" || key == "cluster-ca" {
        i.kubeconfig = fixture("minikube.yaml")
            .lines()
            .filter(|l| !l.contains("certificate-authority"))
            .map(|l| if l.trim_start().starts_with("server:") { format!("{l}\n    insecure-skip-tls-verify: true") } else { l.to_string() })
            .collect::<Vec<_>>()
            .join("\n");
    }
    i
}

fn declared(spec: &FieldSpec, out: &Output) -> (BTreeMap<String, BTreeSet<String>>, BTreeSet<&'static str>) {
    let mut files: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut steps = BTreeSet::new();
    for t in spec.sets {
        match *t {
            Target::File("*", _) => {
                for f in out.files.iter().filter(|f| f.kind == FileKind::Machine) {
                    files.entry(f.path.clone()).or_default();
                }
            }
            Target::File(path, key) => {
                let keys = files.entry(path.to_string()).or_default();
                if !key.is_empty() {
                    keys.insert(key.to_string());
                }
            }
            Target::Step(id) => {
                steps.insert(id);
            }
        }
    }
    (files, steps)
}

#[test]
fn every_field_sets_exactly_what_it_says() {
    let mut wrong = Vec::new();
    for spec in FIELDS {
        let base = base_for(spec.key);
        let before = generate(&base, NOW);
        let current = base.settings.get(spec.key).cloned().unwrap_or_default();
        let (want_files, want_steps) = declared(spec, &before);
        let mut seen_files: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        let mut seen_steps = BTreeSet::new();
        for alt in alternatives(spec, &current) {
            let mut changed = base.clone();
            changed.settings.insert(spec.key.to_string(), alt.clone());
            let after = generate(&changed, NOW);
            assert!(
                !after.diagnostics.iter().any(|d| d.field == spec.key && d.code.starts_with("setting.")),
                "{}={alt:?} must be valid:\n{}",
                spec.key,
                dump_diags(&after)
            );
            let c = changes(&before, &after);
            for (path, keys) in &c.files {
                if !want_files.contains_key(path) {
                    wrong.push(format!("{}={alt}: changes {path} ({keys:?}), which its sets does not name", spec.key));
                }
                seen_files.entry(path.clone()).or_default().extend(keys.iter().cloned());
            }
            for id in &c.steps {
                if !want_steps.contains(id) {
                    wrong.push(format!("{}={alt}: changes runbook step {id}, which its sets does not name", spec.key));
                }
            }
            seen_steps.extend(c.steps);
        }
        for (path, keys) in &want_files {
            match seen_files.get(path) {
                None => wrong.push(format!("{}: sets names {path}, which no other value changes", spec.key)),
                Some(seen) => {
                    for k in keys.difference(seen) {
                        wrong.push(format!("{}: sets names {path}: {k}, but no line with that key changes (changed: {seen:?})", spec.key));
                    }
                }
            }
        }
        if seen_files.is_empty() && seen_steps.is_empty() {
            wrong.push(format!("{}: no other value changes any file or step (a setting must be rendered)", spec.key));
        }
        for id in want_steps.difference(&seen_steps) {
            wrong.push(format!("{}: sets names runbook step {id}, which no other value changes", spec.key));
        }
    }
    assert!(wrong.is_empty(), "the sets column is wrong:\n{}", wrong.join("\n"));
}

#[test]
fn every_default_and_example_value_is_valid() {
    for spec in FIELDS {
        for value in [spec.default, spec.example].into_iter().filter(|v| !v.is_empty()) {
            let out = generate(&example_with(&[(spec.key, value)]), NOW);
            assert!(!out.diagnostics.iter().any(|d| d.field == spec.key && d.code.starts_with("setting.")), "{}={value:?}", spec.key);
        }
    }
}
