//! Every line that sets something, in every file, and every runbook step has an explanation
//! and a documentation page: declared beside the renderer that writes it.

mod common;
use common::*;
use rsp_k8s_engine::generate;
use rsp_k8s_engine::preset::presets;

#[test]
fn every_rendered_key_and_step_is_explained() {
    let mut cases: Vec<_> = presets().into_iter().map(|(_, i)| i).collect();
    cases.push(seed_inputs());
    cases.push(rsp_k8s_engine::Inputs { settings: rsp_k8s_engine::settings::defaults(), ..Default::default() });
    cases.push(example_with(&[
        ("token-delivery", "inline"),
        ("profiles", "1"),
        ("vscode", "1"),
        ("positron", "1"),
        ("https", "1"),
        ("ssl-certificate", "/etc/ssl/rsp/cert.pem"),
        ("ssl-certificate-key", "/etc/ssl/rsp/key.pem"),
        ("jupyter-exe", "/opt/jupyter/bin/jupyter"),
        ("www-port", "8788"),
        ("debug-logging", "1"),
        ("node-access", "1"),
        ("rbac-mode", "cluster-admin"),
    ]));
    let mut unexplained = Vec::new();
    for inputs in cases {
        let out = generate(&inputs, NOW);
        for f in &out.files {
            for (line, note) in f.line_notes() {
                match (line.explained_by(), note) {
                    (Some(key), None) => unexplained.push(format!("{}: {key}", f.path)),
                    (_, Some(n)) => assert!(n.text.len() > 10 && n.doc.starts_with("https://"), "{}: {}", f.path, n.key),
                    _ => {}
                }
            }
        }
        for s in &out.steps {
            assert!(s.id.doc().starts_with("https://"), "step {} has no documentation page", s.id);
            assert!(s.why.len() > 10, "step {} is not explained", s.id);
        }
    }
    unexplained.sort();
    unexplained.dedup();
    assert!(unexplained.is_empty(), "lines without an explanation:\n{}", unexplained.join("\n"));
}

#[test]
fn every_release_and_image_kind_writes_only_keys_that_release_has() {
    use rsp_k8s_engine::settings::values::{FieldValue, Release, RELEASES};
    let images = [
        "",
        "posit/workbench-session:R4.5.2-python3.14.3-ubuntu-24.04",
        "rstudio/workbench-session:ubuntu2204-r4.5.2_4.4.3-py3.13.9_3.12.11",
        "registry.example.com/team/r-base:4.5",
    ];
    let mut wrong = Vec::new();
    // Every listed release, and typed ones the table does not list (a patch, a newer, an older).
    let typed = [("2026.09.1", ""), ("2026.10.0", ""), ("2026.05.2", ""), ("2024.12.1", "")];
    for (id, _) in RELEASES.iter().chain(typed.iter()) {
        let release = Release::parse(id).unwrap();
        for image in images {
            let mut inputs =
                example_with(&[("target-release", id), ("session-image", image), ("vscode", "1"), ("positron", "1"), ("profiles", "1")]);
            if !release.is_workbench() && image.is_empty() {
                inputs.settings.insert("session-image".into(), "rstudio/r-session-complete:bionic-1.3.959-1".into());
            }
            let out = generate(&inputs, NOW);
            for f in &out.files {
                for (line, note) in f.line_notes() {
                    let (Some(key), Some(note)) = (line.explained_by(), note) else { continue };
                    if note.since.is_some_and(|first| !release.at_least(first)) {
                        wrong.push(format!("{id} {image:?}: {} writes {key}, which this release does not have", f.path));
                    }
                }
            }
            let init = out.files.iter().any(|f| f.content.contains("launcher-sessions-init-container-image-tag="));
            // The init container for every image family that needs it, and for the default from 2026.04.0 on.
            let needs_init = image.contains("/workbench-session:") || (image.is_empty() && release.at_least((2026, 4, 0)));
            assert_eq!(init, needs_init && release.is_workbench(), "{id} {image}");
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
