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

/// A cluster's per-node files share one path on their machines: in the archive each node's
/// copy is its own member under `nodes/<name>/`, and the copies differ only in www-host-name.
#[test]
fn a_clusters_per_node_files_are_one_member_per_node() {
    let out = generate(&three_nodes(), NOW);
    let got = members(&out);
    let paths: Vec<&str> = got.iter().map(|m| m.0.as_str()).collect();
    let mut distinct = paths.clone();
    distinct.sort_unstable();
    distinct.dedup();
    assert_eq!(distinct.len(), paths.len(), "no member overwrites another: {paths:?}");
    let nodes = [("wb-1", "10.154.0.16"), ("wb-2", "10.154.0.21"), ("wb-3", "10.154.0.22")];
    let lb: Vec<&(String, String)> = got.iter().filter(|m| m.0.ends_with("/etc/rstudio/load-balancer")).collect();
    assert_eq!(
        lb.iter().map(|m| m.0.as_str()).collect::<Vec<_>>(),
        nodes.map(|(n, _)| format!("rsp-k8s-config/nodes/{n}/etc/rstudio/load-balancer")),
    );
    let without = |text: &str| text.lines().filter(|l| !l.starts_with("www-host-name=")).collect::<Vec<_>>().join("\n");
    for (m, (_, address)) in lb.iter().zip(nodes) {
        assert!(m.1.contains(&format!("\nwww-host-name={address}\n")), "{}", m.1);
        assert_eq!(without(&m.1), without(&lb[0].1), "{}", m.0);
    }
    assert_ne!(lb[0].1, lb[1].1);
    // The files the same on every node stay at their paths, once; the README names the folders.
    assert!(paths.contains(&"rsp-k8s-config/etc/rstudio/database.conf"), "{paths:?}");
    // Every file but the token file (written on the VM), the README and runbook.sh.
    assert_eq!(got.len(), out.files.iter().filter(|f| f.path != rsp_k8s_engine::paths::TOKEN_FILE).count() + 2);
    let readme = &got.iter().find(|m| m.0 == "rsp-k8s-config/README.md").unwrap().1;
    assert!(readme.contains("`nodes/<name>/etc/`"), "{readme}");
    let one = members(&generate(&example(), NOW));
    assert!(!one.iter().any(|m| m.0.contains("/nodes/") || m.1.contains("`nodes/")), "one server: no nodes folder");
}

/// Every member of an output's archive: (path, content).
fn members(out: &rsp_k8s_engine::Output) -> Vec<(String, String)> {
    let bytes = tar(out).unwrap();
    let mut archive = ::tar::Archive::new(&bytes[..]);
    let mut members = Vec::new();
    for entry in archive.entries().unwrap() {
        let mut e = entry.unwrap();
        let path = e.path().unwrap().to_string_lossy().into_owned();
        let mut content = String::new();
        e.read_to_string(&mut content).unwrap();
        members.push((path, content));
    }
    members
}
