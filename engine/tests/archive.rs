//! The archive holds every file at its path with its mode, plus the runbook, reproducibly.

mod common;
use common::*;
use rsp_k8s_engine::archive::tar;
use rsp_k8s_engine::generate;
use rsp_k8s_engine::preset::example;
use std::io::Read;

#[test]
fn archive_holds_every_file_with_its_mode_and_owner() {
    let out = generate(&example_with(&[("token-delivery", "file")]), NOW);
    let bytes = tar(&out).unwrap();
    let mut archive = ::tar::Archive::new(&bytes[..]);
    let mut seen = Vec::new();
    for entry in archive.entries().unwrap() {
        let mut e = entry.unwrap();
        let path = e.path().unwrap().to_string_lossy().into_owned();
        let (mode, user) = (e.header().mode().unwrap(), e.header().username().unwrap().unwrap_or_default().to_string());
        let mut content = String::new();
        e.read_to_string(&mut content).unwrap();
        seen.push((path, mode, user, content));
    }
    let get = |p: &str| seen.iter().find(|s| s.0 == p).unwrap_or_else(|| panic!("{p} missing"));
    for f in &out.files {
        let p = f.path.trim_start_matches('/');
        assert_eq!(get(p).3, f.content, "{p}");
    }
    assert_eq!(get("etc/rstudio/launcher.kubernetes.token").1, 0o640);
    assert_eq!(get("etc/exports").1, 0o644);
    assert_eq!(get("runbook.sh").1, 0o755);
    assert_eq!(get("runbook.sh").3, out.script);
    assert_eq!(seen.len(), out.files.len() + 1);
    assert_eq!(tar(&generate(&example(), NOW)).unwrap(), tar(&generate(&example(), NOW + 1)).unwrap(), "reproducible");
}
