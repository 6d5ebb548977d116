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
                match (f.line_key(line), note) {
                    (Some(key), None) => unexplained.push(format!("{}: {key}", f.path)),
                    (_, Some(n)) => assert!(n.text.len() > 10 && n.doc.starts_with("https://"), "{}: {}", f.path, n.key),
                    _ => {}
                }
            }
        }
        for s in &out.steps {
            assert!(s.doc.starts_with("https://"), "step {} has no documentation page", s.id);
            assert!(s.why.len() > 10, "step {} is not explained", s.id);
        }
    }
    unexplained.sort();
    unexplained.dedup();
    assert!(unexplained.is_empty(), "lines without an explanation:\n{}", unexplained.join("\n"));
}
