//! The servers admins already run (`fixtures/servers/*`), imported as the page does it (the form
//! filled from their files) and as they come (the example's form): every line of theirs the
//! page does not own is kept in order, and Workbench would start (no key twice in a section, no
//! two clusters of one name, no two mounts at one MountPath, no directory exported twice).

mod common;
use common::*;
use rsp_k8s_engine::preset::example;
use rsp_k8s_engine::render::File;
use rsp_k8s_engine::{generate, Inputs, Output};

const SERVERS: &[&str] = &["stock-local", "tls-pam", "openid-lb", "slurm-local", "nfs-clients", "pvc-home"];

fn server(name: &str) -> Vec<(String, Vec<u8>)> {
    let dir = format!("{}/tests/fixtures/servers/{name}", env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| {
            let p = e.unwrap().path();
            (p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read(&p).unwrap())
        })
        .collect();
    files.sort();
    files
}

/// As the page imports: the form filled from their files where nothing was typed.
fn as_the_page_does(imports: Vec<(String, Vec<u8>)>, settings: &[(&str, &str)]) -> Inputs {
    let mut inputs = Inputs { imports, ..example() };
    for (k, v) in rsp_k8s_engine::import::prefill(&rsp_k8s_engine::import::read(&inputs.imports)) {
        inputs.settings.insert(k.to_string(), v);
    }
    for (k, v) in settings {
        inputs.settings.insert(k.to_string(), v.to_string());
    }
    inputs
}

fn merged<'a>(out: &'a Output, name: &str) -> &'a File {
    let path = if name == "exports" { "/etc/exports".to_string() } else { format!("/etc/rstudio/{name}") };
    out.files.iter().find(|f| f.path == path).unwrap_or_else(|| panic!("no {path}"))
}

fn step_commands(out: &Output) -> String {
    out.steps.iter().map(|s| s.commands.as_str()).collect()
}

fn key_of(line: &str) -> Option<&str> {
    let t = line.trim();
    if t.is_empty() || t.starts_with('#') || t.starts_with('[') {
        return None;
    }
    t.split_once('=').map(|(k, _)| k.trim())
}

/// Keys the page owns in a `key=value` file: what its renderer explains (in launcher.conf,
/// only its `[server]` section's: the clusters are theirs), and every token.
fn owned(f: &File, name: &str, line: &str, section: &str) -> bool {
    let Some(k) = key_of(line) else { return false };
    if k == "auth-token" || k.ends_with("-token") {
        return true;
    }
    let explained = f.notes.iter().any(|n| n.key == k);
    match name {
        "launcher.conf" => explained && section == "[server]",
        "launcher.kubernetes.profiles.conf" => explained && section == "[*]",
        _ => explained,
    }
}

/// Every line of theirs the page does not own is in the merged file, in order.
fn keeps_their_lines(f: &File, name: &str, theirs: &str) {
    let mut rest = f.content.as_str();
    let mut section = String::new();
    for line in theirs.lines() {
        if line.trim().starts_with('[') {
            section = line.trim().to_string();
        }
        // An exports entry may gain our client or our options for it: its words are checked below.
        if owned(f, name, line, &section) || (name == "exports" && !line.trim_start().starts_with('#')) {
            continue;
        }
        let at = rest.find(line).unwrap_or_else(|| panic!("{name}: their line {line:?} was dropped or moved:\n{}", f.content));
        rest = &rest[at + line.len()..];
    }
    if name == "exports" {
        // Every directory, client and continuation of theirs, in order, but the options of the
        // client the page writes (the node subnet).
        let mut rest = f.content.as_str();
        for word in theirs.split_whitespace().filter(|w| !w.starts_with("10.154.0.0/20(")) {
            let at = rest.find(word).unwrap_or_else(|| panic!("exports: their {word:?} was dropped or moved:\n{}", f.content));
            rest = &rest[at + word.len()..];
        }
    }
}

/// What would stop Workbench, the launcher or a session pod from starting.
fn would_start(f: &File, name: &str) {
    let text = &f.content;
    match name {
        "launcher-mounts" => {
            let paths: Vec<&str> = text.lines().filter_map(|l| l.trim().strip_prefix("MountPath:")).map(str::trim).collect();
            let mut unique = paths.clone();
            unique.sort_unstable();
            unique.dedup();
            assert_eq!(unique.len(), paths.len(), "two mounts at one MountPath:\n{text}");
        }
        "exports" => {
            let mut continued = false;
            let mut dirs = Vec::new();
            for l in text.lines() {
                let t = l.trim();
                if !continued && !t.is_empty() && !t.starts_with('#') {
                    dirs.push(t.split_whitespace().next().unwrap());
                }
                continued = t.ends_with('\\');
            }
            let n = dirs.len();
            dirs.sort_unstable();
            dirs.dedup();
            assert_eq!(dirs.len(), n, "a directory exported twice:\n{text}");
        }
        _ => {
            let mut section = String::new();
            let mut seen = std::collections::HashSet::new();
            let mut clusters = std::collections::HashSet::new();
            for l in text.lines() {
                if l.trim().starts_with('[') {
                    section = format!("{}#{}", l.trim(), seen.len());
                    continue;
                }
                if let Some(k) = key_of(l) {
                    assert!(seen.insert((section.clone(), k.to_string())), "{name}: {k} twice in {section}:\n{text}");
                    if name == "launcher.conf" && k == "name" {
                        assert!(clusters.insert(l.trim().to_string()), "two clusters of one name:\n{text}");
                    }
                }
            }
        }
    }
}

fn check(out: &Output, imports: &[(String, Vec<u8>)], server: &str) {
    for (name, bytes) in imports {
        let theirs = std::str::from_utf8(bytes).unwrap();
        // A file the page does not write here (vscode.conf with VS Code off) stays as it is.
        let path = if name == "exports" { "/etc/exports".to_string() } else { format!("/etc/rstudio/{name}") };
        if !out.files.iter().any(|f| f.path == path) {
            assert!(!step_commands(out).contains(&format!("stage_file {path} ")), "{path}");
            continue;
        }
        let f = merged(out, name);
        assert!(f.merged_from.is_some(), "{server}/{name} merged");
        keeps_their_lines(f, name, theirs);
        would_start(f, name);
    }
    for f in out.files.iter().filter(|f| f.path.starts_with("/etc/rstudio/") && !f.path.ends_with(".token")) {
        would_start(f, f.path.rsplit('/').next().unwrap());
    }
}

#[test]
fn every_real_server_keeps_its_lines_and_would_start() {
    for name in SERVERS {
        let imports = server(name);
        let every_file = [("profiles", "1"), ("vscode", "1")];
        for inputs in [Inputs { imports: imports.clone(), ..example() }, as_the_page_does(imports.clone(), &every_file)] {
            let out = generate(&inputs, NOW);
            check(&out, &imports, name);
            // Their token is in no default output.
            let all: String =
                out.files.iter().map(|f| f.content.clone() + &f.merged_from.as_ref().map(|m| m.1.clone()).unwrap_or_default()).collect();
            assert!(!all.contains("OLDSECRETPAYLOAD") && !out.script.contains("OLDSECRETPAYLOAD"), "{name}");
        }
    }
}

#[test]
fn a_stock_local_cluster_stays_local_and_kubernetes_is_added_beside_it() {
    let imports = server("stock-local");
    let found = rsp_k8s_engine::import::prefill(&rsp_k8s_engine::import::read(&imports));
    assert!(!found.iter().any(|(k, _)| *k == "cluster-name"), "a Local cluster never names ours: {found:?}");
    assert!(
        found.contains(&("debug-logging", "1".into())) && found.contains(&("jupyter-exe", "/usr/local/bin/jupyter".into())),
        "{found:?}"
    );
    let out = generate(&as_the_page_does(imports, &[]), NOW);
    let l = &merged(&out, "launcher.conf").content;
    assert!(l.contains("[cluster]\nname=Local\ntype=Local\n"), "{l}");
    assert!(l.ends_with("# Added by rsp-k8s-config:\n[cluster]\nname=Kubernetes\ntype=Kubernetes\n"), "{l}");
    assert!(!codes(&out).contains(&"import.second-kubernetes-cluster"));
    // Their vscode.conf keeps its own keys.
    let v = &merged(&out, "vscode.conf").content;
    assert!(v.contains("exe=/usr/lib/rstudio-server/bin/pwb-code-server/bin/code-server\nargs=--verbose --host=0.0.0.0\n"), "{v}");
    // Naming ours "Local" is an error naming both, and the name is never rendered.
    let out = generate(&as_the_page_does(server("stock-local"), &[("cluster-name", "Local")]), NOW);
    let d = find(&out, "import.cluster-name-taken");
    assert!(d.message.contains("\"Local\" of type Local") && d.message.contains("Kubernetes"), "{}", d.message);
    assert!(out.missing.contains(&"cluster-name"));
    assert!(merged(&out, "launcher.conf").content.contains("name=<cluster-name>\ntype=Kubernetes"));
}

#[test]
fn tls_of_theirs_is_followed_never_turned_off() {
    let out = generate(&as_the_page_does(server("tls-pam"), &[]), NOW);
    let r = &merged(&out, "rserver.conf").content;
    let l = &merged(&out, "launcher.conf").content;
    assert!(r.contains("launcher-use-ssl=1\n") && !r.contains("launcher-use-ssl=0"), "{r}");
    assert!(l.contains("enable-ssl=1\n") && !l.contains("enable-ssl=0"), "{l}");
    assert!(r.contains("launcher-sessions-callback-address=https://10.154.0.16:443\n"), "{r}");
    assert!(find(&out, "import.https-callback").message.contains("https://10.154.0.16:443"));
    let d = find(&out, "import.default-cluster");
    assert!(d.message.contains("\"Local\"") && d.message.contains("\"Kubernetes\""), "{}", d.message);
    // Half of it imported: said, since the page's other file has no TLS.
    let half = vec![server("tls-pam").into_iter().find(|(n, _)| n == "rserver.conf").unwrap()];
    let out = generate(&as_the_page_does(half, &[]), NOW);
    assert!(find(&out, "import.launcher-tls-half").message.contains("Import launcher.conf too"));
    assert!(!codes(&generate(&as_the_page_does(server("tls-pam"), &[]), NOW)).contains(&"import.launcher-tls-half"));
    // Without TLS of theirs, a new file says plaintext, as before.
    let plain = generate(&example(), NOW);
    assert!(merged(&plain, "rserver.conf").content.contains("launcher-use-ssl=0\n"));
}

#[test]
fn keys_the_page_owns_and_leaves_out_are_removed_and_the_diff_shows_it() {
    // An r-session-complete image (no init container), with the cluster's CA.
    let mut inputs = Inputs { imports: server("openid-lb"), ..example() };
    inputs.settings.insert("target-release".into(), "2026.07.1".into());
    inputs.settings.insert("session-image".into(), "rstudio/r-session-complete:ubuntu2204-2026.07.1".into());
    let out = generate(&inputs, NOW);
    let r = merged(&out, "rserver.conf");
    for gone in
        ["launcher-sessions-auto-update", "launcher-sessions-init-container-image-name", "launcher-sessions-init-container-image-tag"]
    {
        assert!(!r.content.contains(gone), "{gone}:\n{}", r.content);
        assert!(r.merged_from.as_ref().unwrap().1.contains(&format!("\n-{gone}=")), "the diff shows {gone} go");
    }
    let k = merged(&out, "launcher.kubernetes.conf");
    assert!(!k.content.contains("verify-ssl-certs=0") && k.content.contains("certificate-authority="), "{}", k.content);
    assert!(k.content.contains("job-expiry-hours=24\n"), "theirs kept");
    assert!(!k.content.contains("auth-token=") && k.content.contains("auth-token-path=/etc/rstudio/launcher.kubernetes.token"));
    assert!(find(&out, "import.token-removed").message.contains("auth-token-path"));
    for kept in
        ["auth-openid=1", "auth-openid-issuer=https://login.example.com/realms/staff", "load-balancing-enabled=1", "www-root-path=/rstudio"]
    {
        assert!(r.content.contains(kept), "{kept}");
    }
    // As the page does it, their image and its init container stay (the form says so).
    let out = generate(&as_the_page_does(server("openid-lb"), &[("profiles", "1")]), NOW);
    let r = &merged(&out, "rserver.conf").content;
    assert!(r.contains("launcher-sessions-container-image=posit/workbench-session:ubuntu2204\n"), "{r}");
    assert!(r.contains("launcher-sessions-auto-update=1\n"), "{r}");
    // Their profiles: [*] is the page's, their other keys and sections stay.
    let p = &merged(&out, "launcher.kubernetes.profiles.conf").content;
    assert!(p.contains("allow-unknown-images=0\nmax-cpus=4\n\n[@datasci]\nmax-mem-mb=16384\n"), "{p}");
}

#[test]
fn a_slurm_cluster_beside_local_is_kept_and_the_old_default_named() {
    let out = generate(&as_the_page_does(server("slurm-local"), &[]), NOW);
    let l = &merged(&out, "launcher.conf").content;
    assert!(l.contains("[cluster]\nname=HPC\ntype=Slurm\nexe=/usr/lib/rstudio-server/bin/rstudio-slurm-launcher\nconfig-file=/etc/rstudio/launcher.slurm.conf\n"), "{l}");
    assert!(out.diagnostics.iter().any(|d| d.code == "import.default-cluster" && d.message.contains("\"HPC\"")), "{}", dump_diags(&out));
    assert!(merged(&out, "rserver.conf").content.contains("launcher-default-cluster=Kubernetes\n"));
    assert!(merged(&out, "jupyter.conf").content.contains("default-session-cluster=Kubernetes\n"));
    // Or theirs, by choice: nothing to say then.
    let out = generate(&as_the_page_does(server("slurm-local"), &[("default-cluster", "theirs")]), NOW);
    assert!(merged(&out, "rserver.conf").content.contains("launcher-default-cluster=HPC\n"));
    assert!(merged(&out, "jupyter.conf").content.contains("default-session-cluster=HPC\n"));
    assert!(!codes(&out).contains(&"import.default-cluster"));
    assert!(merged(&out, "launcher.conf").content.contains("name=Kubernetes\ntype=Kubernetes\n"), "ours is still added");
}

#[test]
fn an_export_serving_several_clients_gains_ours_and_keeps_theirs() {
    let out = generate(&Inputs { imports: server("nfs-clients"), ..example() }, NOW);
    let e = &merged(&out, "exports").content;
    assert!(
        e.contains("/home\tbuild01.example.com(rw,sync,no_subtree_check) 192.168.5.10(rw,sync,insecure) \\\n\t10.154.0.0/20(rw,sync,no_subtree_check,root_squash) \\\n\t*.lab.example.com(ro,sync)\n"),
        "the same client gets our options in place, every other stays:\n{e}"
    );
    assert!(e.contains("/backup 192.168.10.5(rw,sync) \\\n    192.168.10.6(rw,sync)\n"), "{e}");
    assert!(
        e.contains("/srv/rsp-shared 10.20.0.0/16(rw,sync,no_subtree_check) 10.154.0.0/20(rw,sync,no_subtree_check,root_squash)\n"),
        "{e}"
    );
    assert!(!e.contains("# Added by rsp-k8s-config:"), "nothing added apart: {e}");
    let wider = out.diagnostics.iter().find(|d| d.code == "import.wider-export").expect("wider client diagnosed");
    assert!(wider.message.contains("*.lab.example.com") && wider.message.contains("kept"), "{}", wider.message);
    assert!(!out.diagnostics.iter().any(|d| d.code == "import.no-root-squash"), "their no_root_squash client is ours, replaced");
    assert!(find(&out, "import.insecure-export").message.contains("192.168.5.10"));
    // Focusing the home root lights the entries the page changed or added, not their /srv/data.
    let f = merged(&out, "exports");
    let lit: Vec<&str> =
        f.content.split_inclusive('\n').zip(f.traced_lines("home-root")).filter(|(_, lit)| *lit).map(|(l, _)| l.trim_end()).collect();
    assert!(!lit.is_empty() && lit.iter().all(|l| !l.contains("/srv/data") && !l.contains("/backup")), "{lit:?}");
    assert!(lit.iter().any(|l| l.contains("10.154.0.0/20(rw,sync,no_subtree_check,root_squash)")), "{lit:?}");
}

#[test]
fn a_pvc_home_mount_is_an_error_showing_both_and_never_doubled() {
    let out = generate(&as_the_page_does(server("pvc-home"), &[]), NOW);
    let d = find(&out, "import.mount-taken");
    assert!(d.message.contains("KubernetesPersistentVolumeClaim") && d.message.contains("Host: 10.154.0.16"), "{}", d.message);
    assert!(out.missing.contains(&"home-root"));
    let m = &merged(&out, "launcher-mounts").content;
    assert!(m.starts_with("# Homes on a PersistentVolumeClaim, made by the cluster admins.\nMountType: KubernetesPersistentVolumeClaim\nMountPath: /home/{USER}\nClaimName: workbench-homes\n"), "{m}");
    assert_eq!(m.matches("MountPath: /home/{USER}").count(), 1, "{m}");
}
