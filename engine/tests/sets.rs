//! What a field says it sets is what it sets, in both directions: each field is changed to
//! every other valid value, from two kinds of setup (the presets, and everything switched on,
//! on one server and in a cluster); every file, key and runbook step a change alters must be
//! named by its `sets` (from every setup), and everything its `sets` names must be altered by
//! some change (from some setup). The form shows that list as "Sets …", and the trace
//! highlights it.

mod common;
use common::*;
use rsp_k8s_engine::lines::lines;
use rsp_k8s_engine::preset::example;
use rsp_k8s_engine::render::{FileKind, StepId};
use rsp_k8s_engine::settings::values::Control;
use rsp_k8s_engine::settings::{FieldSpec, Group, Target, FIELDS};
use rsp_k8s_engine::{generate, Inputs, Output};
use std::collections::{BTreeMap, BTreeSet};

/// What differs between two outputs: files (with the keys of their changed lines, as
/// `lines` reads them) and steps.
#[derive(Default, Debug)]
struct Changes {
    files: BTreeMap<String, BTreeSet<String>>,
    steps: BTreeSet<StepId>,
}

/// Every line of the files at `path` (one per node in a cluster) that sets something: the
/// line, and the key (or `[section]`) it sets.
fn keyed_lines(o: &Output, path: &str) -> BTreeSet<(String, String)> {
    o.files
        .iter()
        .filter(|f| f.path == path)
        .flat_map(|f| lines(path, &f.content).into_iter().filter_map(|l| l.explained_by().map(|k| (l.text.to_string(), k.to_string()))))
        .collect()
}

fn changes(a: &Output, b: &Output) -> Changes {
    let mut c = Changes::default();
    let paths: BTreeSet<&str> = a.files.iter().chain(&b.files).map(|f| f.path.as_str()).collect();
    let content = |o: &Output, p: &str| o.files.iter().filter(|f| f.path == p).map(|f| f.content.clone()).collect::<Vec<_>>();
    for path in paths {
        if content(a, path) != content(b, path) {
            let keys = keyed_lines(a, path).symmetric_difference(&keyed_lines(b, path)).map(|(_, k)| k.clone()).collect();
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
    let shared = |o: &Output| o.steps.iter().filter(|s| !s.id.name().starts_with("cluster-")).cloned().collect::<Vec<_>>();
    for (x, y) in shared(a).iter().zip(&shared(b)) {
        assert_eq!(x.id, y.id, "the steps are always the same, in the same order");
        if own(a, &x.commands) != own(b, &y.commands) {
            c.steps.insert(x.id);
        }
    }
    let cluster = |o: &Output| {
        o.steps.iter().filter(|s| s.id.name().starts_with("cluster-")).map(|s| (s.id, s.commands.clone())).collect::<BTreeMap<_, _>>()
    };
    let (ca, cb) = (cluster(a), cluster(b));
    for id in ca.keys().chain(cb.keys()) {
        if ca.get(id).map(|t| own(a, t)) != cb.get(id).map(|t| own(b, t)) {
            c.steps.insert(*id);
        }
    }
    // Writing one more file (or one fewer) is part of that file.
    let machine = |o: &Output| o.files.iter().filter(|f| f.kind == FileKind::Machine).map(|f| f.path.clone()).collect::<Vec<_>>();
    if machine(a) != machine(b) {
        c.steps.remove(&StepId::WriteFiles);
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

/// A cluster of two nodes, NFS and PostgreSQL of their own, behind a load balancer.
const CLUSTER: &[(&str, &str)] = &[
    ("topology", "cluster"),
    ("nodes", "wb-1 10.154.0.16, wb-2 10.154.0.21"),
    ("nfs-server", "10.154.0.31"),
    ("db-host", "10.154.0.41"),
    ("lb-address", "workbench.internal"),
];

/// HTTPS with its certificate and key (both required then).
const HTTPS: &[(&str, &str)] =
    &[("https", "1"), ("ssl-certificate", "/etc/ssl/rsp/cert.pem"), ("ssl-certificate-key", "/etc/ssl/rsp/key.pem")];

/// Everything the presets leave off: every optional file (VS Code, Positron, the profiles),
/// HTTPS, the dashboard, every Jupyter kind, debug logging, sharing, the users' firewall rule;
/// the session image stays the recommended one, with its init container, and the token goes
/// into its own file (the defaults).
const EVERYTHING_ON: &[(&str, &str)] = &[
    ("vscode", "1"),
    ("positron", "1"),
    ("profiles", "1"),
    ("admin-enabled", "1"),
    ("admin-group", "rsp-admins"),
    ("jupyter-notebooks", "1"),
    ("debug-logging", "1"),
    ("project-sharing", "1"),
    ("user-cidr", "198.51.100.0/24"),
];

fn set(i: &mut Inputs, values: &[(&str, &str)]) {
    for (k, v) in values {
        i.settings.insert(k.to_string(), v.to_string());
    }
}

/// Where each field is changed from: the presets' setup for it, then the same with everything
/// switched on, on one server and in a cluster.
fn setups(key: &str) -> Vec<(&'static str, Inputs)> {
    let presets = base_for(key);
    let mut on = presets.clone();
    set(&mut on, HTTPS);
    set(&mut on, EVERYTHING_ON);
    let mut cluster = on.clone();
    set(&mut cluster, CLUSTER);
    vec![("the presets", presets), ("everything on", on), ("everything on in a cluster", cluster)]
}

/// The example, or for fields that matter only in some setups, such a setup.
fn base_for(key: &str) -> Inputs {
    // A cloud's own names matter on that cloud: start from its example.
    if let Some((_, preset)) = rsp_k8s_engine::preset::presets().into_iter().find(|(id, _)| key.starts_with(&format!("{id}-"))) {
        return preset;
    }
    let mut i = example();
    // A cluster's fields matter in a cluster (three nodes, NFS and PostgreSQL of their own).
    if rsp_k8s_engine::settings::spec(key).is_some_and(|f| f.group == Group::Topology) && key != "topology" {
        set(&mut i, CLUSTER);
    }
    // The certificate and key matter only with HTTPS on (and then both are required).
    if key.starts_with("ssl-") {
        set(&mut i, HTTPS);
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

/// What a field's `sets` names, in this output: each file with whether all of it counts
/// (`file(PATH, "")`, every file's header) or the keys named, and the steps.
#[derive(Default)]
struct Declared {
    files: BTreeMap<String, (bool, BTreeSet<String>)>,
    steps: BTreeSet<StepId>,
}

fn declared(spec: &FieldSpec, out: &Output) -> Declared {
    let mut d = Declared::default();
    for t in spec.sets {
        match *t {
            Target::File("*", _) => {
                for f in out.files.iter().filter(|f| f.kind == FileKind::Machine) {
                    d.files.entry(f.path.clone()).or_default().0 = true;
                }
            }
            Target::File(path, "") => d.files.entry(path.to_string()).or_default().0 = true,
            Target::File(path, key) => {
                d.files.entry(path.to_string()).or_default().1.insert(key.to_string());
            }
            Target::Step(id) => {
                d.steps.insert(id);
            }
        }
    }
    d
}

#[test]
fn every_field_sets_exactly_what_it_says() {
    let mut wrong = Vec::new();
    for spec in FIELDS {
        // What its `sets` names, and what some change altered, over every setup.
        let mut want = Declared::default();
        let mut seen = Changes::default();
        for (setup, base) in setups(spec.key) {
            let before = generate(&base, NOW);
            let current = base.settings.get(spec.key).cloned().unwrap_or_default();
            let named = declared(spec, &before);
            for alt in alternatives(spec, &current) {
                let mut changed = base.clone();
                changed.settings.insert(spec.key.to_string(), alt.clone());
                let after = generate(&changed, NOW);
                assert!(
                    !after.diagnostics.iter().any(|d| d.field == spec.key && d.code.starts_with("setting.")),
                    "{}={alt:?} ({setup}) must be valid:\n{}",
                    spec.key,
                    dump_diags(&after)
                );
                let c = changes(&before, &after);
                for (path, keys) in &c.files {
                    match named.files.get(path) {
                        None => {
                            wrong.push(format!("{}={alt} ({setup}): changes {path} ({keys:?}), which its sets does not name", spec.key))
                        }
                        Some((false, named_keys)) => {
                            for k in keys.difference(named_keys) {
                                wrong.push(format!("{}={alt} ({setup}): changes {path}: {k}, which its sets does not name", spec.key));
                            }
                        }
                        Some((true, _)) => {}
                    }
                    seen.files.entry(path.clone()).or_default().extend(keys.iter().cloned());
                }
                for id in &c.steps {
                    if !named.steps.contains(id) {
                        wrong.push(format!("{}={alt} ({setup}): changes runbook step {id}, which its sets does not name", spec.key));
                    }
                }
                seen.steps.extend(c.steps);
            }
            for (path, (whole, keys)) in named.files {
                let entry = want.files.entry(path).or_default();
                entry.0 |= whole;
                entry.1.extend(keys);
            }
            want.steps.extend(named.steps);
        }
        for (path, (_, keys)) in &want.files {
            match seen.files.get(path) {
                None => wrong.push(format!("{}: sets names {path}, which no other value changes", spec.key)),
                Some(changed) => {
                    for k in keys.difference(changed) {
                        wrong.push(format!(
                            "{}: sets names {path}: {k}, but no line with that key changes (changed: {changed:?})",
                            spec.key
                        ));
                    }
                }
            }
        }
        if seen.files.is_empty() && seen.steps.is_empty() {
            wrong.push(format!("{}: no other value changes any file or step (a setting must be rendered)", spec.key));
        }
        for id in want.steps.difference(&seen.steps) {
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
