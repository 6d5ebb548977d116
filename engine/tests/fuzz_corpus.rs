//! The fuzz smoke run on stable: every file of `fuzz/corpus/<target>/` through the same
//! `rsp_k8s_engine::fuzzing` function that the cargo-fuzz target of that name calls. The
//! fuzzer itself (nightly) is `bash scripts/fuzz.sh`; a reproducer it finds belongs in the
//! corpus once fixed, so this test keeps it fixed.

use rsp_k8s_engine::fuzzing;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;

fn replay(target: &str, run: fn(&[u8])) {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../fuzz/corpus").join(target);
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("a readable corpus directory").path())
        .filter(|p| p.is_file())
        .collect();
    paths.sort();
    assert!(!paths.is_empty(), "{}: the corpus of {target} is empty", dir.display());
    let failed: Vec<String> = paths
        .iter()
        .filter(|p| {
            let data = std::fs::read(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            catch_unwind(AssertUnwindSafe(|| run(&data))).is_err()
        })
        .map(|p| p.display().to_string())
        .collect();
    assert!(failed.is_empty(), "{target}: {} of {} corpus files fail (panics above):\n{}", failed.len(), paths.len(), failed.join("\n"));
}

#[test]
fn kubeconfig() {
    replay("kubeconfig", fuzzing::kubeconfig);
}

#[test]
fn token() {
    replay("token", fuzzing::token);
}

#[test]
fn settings() {
    replay("settings", fuzzing::settings);
}

#[test]
fn share() {
    replay("share", fuzzing::share);
}

#[test]
fn archive() {
    replay("archive", fuzzing::archive);
}

#[test]
fn form() {
    replay("form", fuzzing::form);
}

#[test]
fn settings_file() {
    replay("settings_file", fuzzing::settings_file);
}

#[test]
fn import() {
    replay("import", fuzzing::import);
}
