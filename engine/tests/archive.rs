//! The archive holds every file at its path with its mode, plus the runbook, reproducibly.

mod common;
use common::*;
use rsp_k8s_engine::archive::tar;
use rsp_k8s_engine::generate;
use rsp_k8s_engine::preset::example;
use std::io::Read;

#[test]
fn archive_holds_every_file_with_its_mode_and_owner() {
    let out = generate(&example_with(&[("token-delivery", "inline")]), NOW);
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
    assert!(seen.iter().all(|s| s.0.starts_with("rsp-k8s-config/")), "one top-level folder");
    for f in &out.files {
        let p = format!("rsp-k8s-config/{}", f.path.trim_start_matches('/'));
        assert_eq!(get(&p).3, f.content, "{p}");
    }
    assert_eq!(get("rsp-k8s-config/etc/rstudio/launcher.kubernetes.conf").1, 0o640);
    assert_eq!(get("rsp-k8s-config/etc/exports").1, 0o644);
    assert_eq!(get("rsp-k8s-config/runbook.sh").1, 0o700);
    assert_eq!(get("rsp-k8s-config/runbook.sh").3, out.script);
    assert!(get("rsp-k8s-config/README.md").3.contains("Every value is filled in."));
    assert_eq!(seen.len(), out.files.len() + 2);
    assert_eq!(tar(&generate(&example(), NOW)).unwrap(), tar(&generate(&example(), NOW + 1)).unwrap(), "reproducible");
}

#[test]
fn an_incomplete_archive_says_so_in_its_readme() {
    let out = generate(&rsp_k8s_engine::Inputs { settings: rsp_k8s_engine::settings::defaults(), ..Default::default() }, NOW);
    let bytes = tar(&out).unwrap();
    let mut archive = ::tar::Archive::new(&bytes[..]);
    let mut readme = String::new();
    for entry in archive.entries().unwrap() {
        let mut e = entry.unwrap();
        if e.path().unwrap().ends_with("README.md") {
            e.read_to_string(&mut readme).unwrap();
        }
    }
    assert!(readme.contains("INCOMPLETE") && readme.contains("<api-url>") && readme.contains("<vm-ip>"), "{readme}");
}

#[test]
fn by_default_neither_the_script_nor_the_archive_holds_the_token() {
    let out = generate(&example(), NOW);
    let token = rsp_k8s_engine::preset::EXAMPLE_TOKEN.trim();
    assert!(out.files.iter().any(|f| f.content == token), "the page still shows the token file");
    assert!(!out.script.contains(&token[10..60]), "the script holds the token");
    let bytes = tar(&out).unwrap();
    assert!(!bytes.windows(50).any(|w| w == &token.as_bytes()[10..60]), "the archive holds the token");
    // Inline, as chosen, it is in both (and the form says so).
    let inline = generate(&example_with(&[("token-delivery", "inline")]), NOW);
    assert!(inline.script.contains(&token[10..60]));
}
