//! Golden files: the whole output for a few real setups, byte for byte.
//! After an intended change, regenerate with `UPDATE_GOLDEN=1 cargo test -p rsp-k8s-engine --test golden`
//! and review the diff.

mod common;
use common::*;
use rsp_k8s_engine::preset::example;
use rsp_k8s_engine::settings::defaults;
use rsp_k8s_engine::{generate, Inputs};

fn check(name: &str, inputs: &Inputs) {
    let got = dump(&generate(inputs, NOW));
    let path = format!("{}/tests/golden/{name}.txt", env!("CARGO_MANIFEST_DIR"));
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, &got).unwrap();
        return;
    }
    let want = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}; run with UPDATE_GOLDEN=1 to create it"));
    if got != want {
        let line = got.lines().zip(want.lines()).position(|(a, b)| a != b).unwrap_or(got.lines().count().min(want.lines().count()));
        panic!(
            "{name}: output differs from {path} at line {}:\n  got:  {:?}\n  want: {:?}\n(UPDATE_GOLDEN=1 to accept after review)",
            line + 1,
            got.lines().nth(line),
            want.lines().nth(line)
        );
    }
}

/// The seed's deployment, errata corrected, for current Posit Workbench.
#[test]
fn example_preset_current_release() {
    check("example-current", &example());
}

/// The seed's own choices in its own (RSP 1.3) format: see seed_parity.rs for the comparison.
#[test]
fn example_preset_rsp13_seed_choices() {
    check("example-rsp13", &seed_inputs());
}

/// A kubeconfig with three clusters, where the user picks a context that is not current.
#[test]
fn multi_cluster_non_default_context() {
    let mut i = example();
    i.kubeconfig = fixture("multi-cluster.yaml");
    i.context = Some("eks-analytics".into());
    i.settings.insert("namespace".into(), "rstudio".into());
    check("multi-cluster", &i);
}

/// Nothing pasted, every field at its default: placeholders everywhere they are needed.
#[test]
fn minimal_input() {
    check("minimal", &Inputs { settings: defaults(), ..Inputs::default() });
}

/// Verdicts: a cluster with no CA (trusted through the VM's store) and an expired token
/// (an error, so auth-token stays a placeholder).
#[test]
fn no_ca_cluster_and_expired_token() {
    let mut i = example();
    i.kubeconfig = fixture("rancher.yaml").lines().filter(|l| !l.contains("certificate-authority-data")).collect::<Vec<_>>().join("\n");
    i.token = fixture("expired-token.jwt");
    check("no-ca-expired-token", &i);
}

/// The examples for the other platforms (the GKE one is example-current).
#[test]
fn platform_presets() {
    for (id, inputs) in rsp_k8s_engine::preset::presets().into_iter().filter(|(id, _)| *id != "gke") {
        check(&format!("preset-{id}"), &inputs);
    }
}

/// Releases: the newest with posit/workbench-session (the init container), and an older one.
#[test]
fn releases_and_session_images() {
    check(
        "release-newest-workbench-session",
        &example_with(&[("session-image", "posit/workbench-session:R4.5.2-python3.14.3-ubuntu-24.04")]),
    );
    check("release-2025.09.2", &example_with(&[("target-release", "2025.09.2")]));
}
