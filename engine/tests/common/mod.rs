//! Shared helpers for the engine's integration tests.
#![allow(dead_code)] // each test binary uses a different subset

use rsp_k8s_engine::diagnostic::Diagnostic;
pub mod hostile;

use rsp_k8s_engine::preset::example;
use rsp_k8s_engine::{generate, Inputs, Output};

/// A cluster of three nodes (node 1 is the example's VM), NFS and PostgreSQL on servers of their
/// own, a load balancer in front.
pub fn three_nodes() -> Inputs {
    example_with(&[
        ("topology", "cluster"),
        ("nodes", "wb-1 10.154.0.16\nwb-2 10.154.0.21\nwb-3 10.154.0.22"),
        ("nfs-server", "10.154.0.30"),
        ("db-host", "10.154.0.40"),
        ("lb-address", "workbench.example.com"),
        ("callback-url", ""),
    ])
}

/// One stub test at a time: a stub written while another thread forks can be "text file busy".
pub fn serial() -> std::sync::MutexGuard<'static, ()> {
    static LOCK: std::sync::Mutex<()> = std::sync::Mutex::new(());
    LOCK.lock().unwrap_or_else(|e| e.into_inner())
}

/// 2026-12-01 00:00 UTC: a fixed "now", so diagnostics about expiry are reproducible.
pub const NOW: i64 = 1_796_083_200;

pub fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

pub fn example_with(changes: &[(&str, &str)]) -> Inputs {
    let mut i = example();
    for (k, v) in changes {
        i.settings.insert(k.to_string(), v.to_string());
    }
    i
}

pub fn with_kubeconfig(kubeconfig: &str) -> Output {
    let mut i = example();
    i.kubeconfig = kubeconfig.to_string();
    generate(&i, NOW)
}

pub fn with_token(token: &str) -> Output {
    let mut i = example();
    i.token = token.to_string();
    generate(&i, NOW)
}

pub fn codes(out: &Output) -> Vec<&'static str> {
    out.diagnostics.iter().map(|d| d.code).collect()
}

pub fn find<'a>(out: &'a Output, code: &str) -> &'a Diagnostic {
    out.diagnostics.iter().find(|d| d.code == code).unwrap_or_else(|| panic!("no diagnostic {code}; got:\n{}", dump_diags(out)))
}

pub fn dump_diags(out: &Output) -> String {
    out.diagnostics.iter().map(|d| format!("{d}\n")).collect()
}

pub fn file<'a>(out: &'a Output, path: &str) -> &'a str {
    &out.files.iter().find(|f| f.path == path).unwrap_or_else(|| panic!("no file {path}")).content
}

/// The seed guide's own choices (RSP 1.3 format, its /24, no_root_squash, cluster-admin, …).
pub fn seed_inputs() -> Inputs {
    example_with(&[
        ("target-release", "rsp-1.3"),
        ("nfs-client-cidr", "10.154.0.0/24"),
        ("nfs-squash", "no_root_squash"),
        ("rbac-mode", "cluster-admin"),
        ("debug-logging", "1"),
        ("jupyter-notebooks", "1"),
        ("jupyter-exe", "jupyter"),
        ("session-cull-minutes", "240"),
        ("session-image", "rstudio/r-session-complete:bionic-1.3.959-1"),
    ])
}

/// Everything an output holds, as one reviewable text.
pub fn dump(out: &Output) -> String {
    let mut s = String::new();
    for f in &out.files {
        s.push_str(&format!("===== {} ({} {})\n{}", f.path, f.owner, f.mode, f.content));
        if !f.content.ends_with('\n') {
            s.push_str("\n(no newline at end of file)\n");
        }
    }
    s.push_str("===== runbook script\n");
    s.push_str(&out.script);
    s.push_str("===== diagnostics\n");
    s.push_str(&dump_diags(out));
    s.push_str("===== facts\n");
    for (k, v) in &out.facts.rows {
        s.push_str(&format!("{k}: {v}\n"));
    }
    s
}
