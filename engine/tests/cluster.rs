//! A load-balanced cluster (issue 27): three nodes, a separate NFS server and an external load
//! balancer render golden files whose per-node copies differ only in the per-node option; the
//! cluster's script passes shellcheck; its checks catch the classic mistakes; the PostgreSQL
//! password is nowhere the page puts anything.

mod common;
use common::*;
use rsp_k8s_engine::{generate, Output};

fn codes(out: &Output) -> Vec<&'static str> {
    out.diagnostics.iter().map(|d| d.code).collect()
}

/// The whole output, each per-node file under its node's name.
fn dump_nodes(out: &Output) -> String {
    let mut s = String::new();
    for f in &out.files {
        let node = f.node.as_deref().map(|n| format!(" on {n}")).unwrap_or_default();
        s.push_str(&format!("===== {}{node} ({} {})\n{}", f.path, f.owner, f.mode, f.content));
    }
    s.push_str("===== runbook script\n");
    s.push_str(&out.script);
    s.push_str("===== diagnostics\n");
    s.push_str(&dump_diags(out));
    s
}

#[test]
fn three_nodes_with_nfs_and_a_load_balancer_golden() {
    let got = dump_nodes(&generate(&three_nodes(), NOW));
    let path = format!("{}/tests/golden/cluster-three-nodes.txt", env!("CARGO_MANIFEST_DIR"));
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, &got).unwrap();
        return;
    }
    let want = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}; run with UPDATE_GOLDEN=1 to create it"));
    assert!(got == want, "{path} differs (UPDATE_GOLDEN=1 to accept after review)");
}

#[test]
fn per_node_files_differ_only_in_the_per_node_option() {
    let out = generate(&three_nodes(), NOW);
    assert!(out.diagnostics.iter().all(|d| d.severity != rsp_k8s_engine::diagnostic::Severity::Error), "{}", dump_diags(&out));
    let per_node: Vec<_> = out.files.iter().filter(|f| f.node.is_some()).collect();
    let names: Vec<&str> = per_node.iter().filter_map(|f| f.node.as_deref()).collect();
    assert_eq!(names, ["wb-1", "wb-2", "wb-3"]);
    // Posit: /etc/rstudio identical on every node but the node's own address (www-host-name).
    let without = |text: &str| text.lines().filter(|l| !l.starts_with("www-host-name=")).collect::<Vec<_>>().join("\n");
    for f in &per_node {
        assert_eq!(without(&f.content), without(&per_node[0].content), "{}", f.path);
    }
    for (f, address) in per_node.iter().zip(["10.154.0.16", "10.154.0.21", "10.154.0.22"]) {
        assert!(f.content.contains(&format!("\nwww-host-name={address}\n")), "{}", f.content);
    }
    // Every other file is one file for every node.
    let mut paths: Vec<&str> = out.files.iter().filter(|f| f.node.is_none()).map(|f| f.path.as_str()).collect();
    let count = paths.len();
    paths.dedup();
    assert_eq!(paths.len(), count);
    let db = file(&out, "/etc/rstudio/database.conf");
    assert!(db.contains("provider=postgresql\nhost=10.154.0.40\nport=5432\ndatabase=rstudio\nusername=rstudio\n"), "{db}");
    assert!(!db.lines().any(|l| l.starts_with("password=")), "{db}");
    assert!(file(&out, "/etc/rstudio/rserver.conf").contains("launcher-sessions-callback-address=http://workbench.example.com:8787\n"));
    assert!(file(&out, "/etc/rstudio/launcher-mounts").contains("Host: 10.154.0.30\n"));
    let exports = file(&out, "/etc/exports");
    assert!(exports.contains(" 10.154.0.21(rw,sync,no_subtree_check,root_squash)"), "{exports}");
}

#[test]
fn the_cluster_script_passes_shellcheck() {
    for inputs in [three_nodes(), example_with(&[("topology", "cluster"), ("nodes", "a 10.154.0.16, b 10.154.0.17"), ("db-host", "db")])] {
        let script = generate(&inputs, NOW).script;
        let mut child = std::process::Command::new("shellcheck")
            .args(["--shell=bash", "--severity=style", "-"])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .expect("shellcheck must be installed (scripts/setup.sh installs it)");
        std::io::Write::write_all(child.stdin.as_mut().unwrap(), script.as_bytes()).unwrap();
        let findings = String::from_utf8_lossy(&child.wait_with_output().unwrap().stdout).into_owned();
        assert!(findings.is_empty(), "{findings}");
    }
}

#[test]
fn the_classic_cluster_mistakes_are_diagnosed() {
    let case = |pairs: &[(&str, &str)]| {
        let mut i = three_nodes();
        for (k, v) in pairs {
            i.settings.insert(k.to_string(), v.to_string());
        }
        generate(&i, NOW)
    };
    assert!(codes(&case(&[("lb-address", "10.154.0.21")])).contains(&"cluster.lb-is-node"));
    assert!(codes(&case(&[("nodes", "wb-1 10.154.0.16, wb-2 10.154.0.21, wb-3 10.154.0.21")])).contains(&"cluster.duplicate-address"));
    let one = case(&[("lb-address", "")]);
    assert!(codes(&one).contains(&"cluster.callback-one-node"), "{}", dump_diags(&one));
    assert!(codes(&case(&[("nfs-server", "")])).contains(&"cluster.nfs-on-node"));
    assert!(codes(&case(&[("nodes", "wb-1 10.154.0.99, wb-2 10.154.0.21")])).contains(&"cluster.vm-not-node-1"));
    assert!(codes(&case(&[("db-host", "")])).contains(&"cluster.database-required"));
    assert!(codes(&case(&[("target-release", "rsp-1.3")])).contains(&"cluster.release"));
    assert!(codes(&case(&[("nodes", "wb-1 10.154.0.16")])).contains(&"setting.invalid"));
    // The three-node setup itself has none of them.
    assert!(
        !codes(&generate(&three_nodes(), NOW)).iter().any(|c| c.starts_with("cluster.")),
        "{}",
        dump_diags(&generate(&three_nodes(), NOW))
    );
}

/// A password typed into a field is refused there, so no link or settings file carries it;
/// the password itself is typed nowhere in the page.
#[test]
fn a_password_typed_into_a_field_never_leaves_the_page() {
    let password = "Xk9qPz2mL7vRw4";
    for key in ["db-user", "db-name", "db-host", "lb-address", "nfs-server"] {
        let mut i = three_nodes();
        i.settings.insert(key.into(), password.into());
        let out = generate(&i, NOW);
        assert!(out.diagnostics.iter().any(|d| d.field == key && d.code == "setting.invalid"), "{key}: {}", dump_diags(&out));
        let link = rsp_k8s_engine::share::encode(&i.settings);
        let saved = rsp_k8s_engine::settings::file::save(&i.settings);
        let guide = rsp_k8s_engine::guide(&i, NOW);
        let archive = rsp_k8s_engine::archive::tar(&out).unwrap();
        for (what, text) in
            [("link", link), ("settings file", saved), ("guide", guide), ("script", out.script.clone()), ("files", dump_nodes(&out))]
        {
            assert!(!text.contains(password), "{key}: the password reached the {what}");
        }
        assert!(!archive.windows(password.len()).any(|w| w == password.as_bytes()), "{key}: the password reached the archive");
    }
}
