//! An existing server: its files imported, merged key by key (what the page owns replaced,
//! everything else kept in place), the diff shown, conflicts diagnosed, hostile input bounded.

mod common;
use common::*;
use proptest::prelude::*;
use rsp_k8s_engine::preset::example;
use rsp_k8s_engine::{generate, Inputs, Output};

fn with_imports(files: &[(&str, &str)]) -> Output {
    let imports = files.iter().map(|(n, t)| (n.to_string(), t.as_bytes().to_vec())).collect();
    generate(&Inputs { imports, ..example() }, NOW)
}

fn merged<'a>(out: &'a Output, path: &str) -> &'a rsp_k8s_engine::render::File {
    out.files.iter().find(|f| f.path == path).unwrap()
}

#[test]
fn a_file_that_is_already_right_comes_back_byte_for_byte() {
    let plain = generate(&example(), NOW);
    for f in plain.files.iter().filter(|f| f.path.starts_with("/etc/") && !f.path.ends_with(".token")) {
        let name = f.path.rsplit('/').next().unwrap();
        let out = with_imports(&[(name, &f.content)]);
        let m = merged(&out, &f.path);
        assert_eq!(m.content, f.content, "{}", f.path);
        assert_eq!(m.merged_from.as_ref().unwrap().1, "", "{}: no diff", f.path);
    }
    // CRLF and a missing final newline are theirs to keep.
    let crlf = plain.files.iter().find(|f| f.path == "/etc/rstudio/rserver.conf").unwrap().content.replace('\n', "\r\n");
    let crlf = crlf.trim_end_matches("\r\n");
    let out = with_imports(&[("rserver.conf", crlf)]);
    assert_eq!(merged(&out, "/etc/rstudio/rserver.conf").content, crlf);
}

/// The example with what the page's import fills in (no field of the example counts as typed).
fn prefilled(files: &[(&str, &str)]) -> Inputs {
    let imports: Vec<(String, Vec<u8>)> = files.iter().map(|(n, t)| (n.to_string(), t.as_bytes().to_vec())).collect();
    let mut inputs = Inputs { imports: imports.clone(), ..example() };
    for (k, v) in rsp_k8s_engine::import::prefill(&rsp_k8s_engine::import::read(&imports)) {
        inputs.settings.insert(k.to_string(), v);
    }
    inputs
}

#[test]
fn a_workbench_with_ssl_and_pam_keeps_every_setting_of_its_own() {
    let theirs = fixture("existing/rserver-ssl-pam.conf");
    let out = with_imports(&[("rserver.conf", &theirs)]);
    let m = &merged(&out, "/etc/rstudio/rserver.conf").content;
    for kept in [
        "ssl-enabled=1",
        "ssl-certificate-key=/etc/ssl/private/workbench.example.com.key",
        "auth-pam-sessions-enabled=1",
        "r-versions-path=/etc/rstudio/r-versions",
        "# Launcher: an earlier attempt, to be replaced",
    ] {
        assert!(m.contains(&format!("{kept}\n")), "{kept} kept:\n{m}");
    }
    // Owned keys replaced where they were; the rest added in one marked block. Their TLS
    // (ssl-enabled=1) is followed: sessions call back over https, and no plaintext key is added.
    assert!(
        m.contains("launcher-sessions-enabled=1\nlauncher-sessions-callback-address=https://10.154.0.16:8787\nr-versions-path="),
        "{m}"
    );
    assert!(!m.contains("launcher-use-ssl=0"), "{m}");
    find(&out, "import.https-callback");
    assert_eq!(m.matches("# Added by rsp-k8s-config:").count(), 1);
    assert!(m.find("launcher-sessions-container-image=").unwrap() > m.find("# Added by rsp-k8s-config:").unwrap());
    // www-port is the page's: the form (here the example's 8787, Workbench's default) leaves it
    // out, so theirs goes, and the diff shows it.
    assert!(!m.contains("www-port="), "{m}");
    let diff = &merged(&out, "/etc/rstudio/rserver.conf").merged_from.as_ref().unwrap().1;
    assert!(diff.contains("\n-www-port=443\n"), "{diff}");
    let d = find(&out, "import.callback-differs");
    assert!(d.message.contains("http://workbench.example.com:8787") && d.message.contains("https://10.154.0.16:8787"));
    assert!(diff.starts_with("--- /etc/rstudio/rserver.conf (now)\n+++ /etc/rstudio/rserver.conf (merged)\n"), "{diff}");
    assert!(diff.contains("\n-launcher-sessions-enabled=0\n") && diff.contains("\n+launcher-sessions-enabled=1\n"), "{diff}");
    // As the page does it: the form is filled from their file, so their port and callback stay.
    let out = generate(&prefilled(&[("rserver.conf", &theirs)]), NOW);
    let m = &merged(&out, "/etc/rstudio/rserver.conf").content;
    assert!(m.starts_with("# /etc/rstudio/rserver.conf on a running Workbench: SSL, PAM, its own R and Python.\nwww-port=443\n"), "{m}");
    assert!(m.contains("launcher-sessions-callback-address=http://workbench.example.com:8787\n"), "{m}");
}

#[test]
fn a_seed_era_launcher_conf_keeps_its_sections_and_its_local_cluster() {
    let out = with_imports(&[("launcher.conf", &fixture("existing/launcher-rsp13.conf"))]);
    let m = &merged(&out, "/etc/rstudio/launcher.conf").content;
    assert!(m.contains("authorization-enabled=1\nthread-pool-size=4\nenable-debug-logging=0\n"), "{m}");
    assert!(m.contains("[cluster]\nname=Local\ntype=Local\n"), "{m}");
    assert!(m.contains("[cluster]\nname=Kubernetes\ntype=Kubernetes\n"), "{m}");
    assert!(!codes(&out).contains(&"import.second-kubernetes-cluster"), "same name: merged into it");
    let renamed = with_imports(&[("launcher.conf", &fixture("existing/launcher-rsp13.conf").replace("name=Kubernetes", "name=GKE"))]);
    find(&renamed, "import.second-kubernetes-cluster");
    assert!(merged(&renamed, "/etc/rstudio/launcher.conf").content.contains("name=GKE\n"), "theirs is kept");
}

#[test]
fn exports_with_other_shares_keep_them_and_gain_the_node_subnet() {
    let out = with_imports(&[("exports", &fixture("existing/exports"))]);
    let m = &merged(&out, "/etc/exports").content;
    // Their wide client stays (diagnosed); ours joins their /home entry; nothing else changes.
    assert!(m.starts_with("/srv/data 10.0.0.0/8(ro,sync,no_subtree_check)\n/home *(rw,sync,no_subtree_check,no_root_squash) 10.154.0.0/20(rw,sync,no_subtree_check,root_squash)\n# backups\n/backup 192.168.10.5(rw,sync) \\\n    192.168.10.6(rw,sync)\n"), "{m}");
    assert!(m.contains("# Added by rsp-k8s-config:\n/srv/rsp-shared") || !m.contains("/srv/rsp-shared"), "{m}");
    assert!(find(&out, "import.wider-export").message.contains("kept"));
    find(&out, "import.no-root-squash");
}

#[test]
fn mounts_of_their_own_are_kept() {
    let out = with_imports(&[("launcher-mounts", &fixture("existing/launcher-mounts"))]);
    let m = &merged(&out, "/etc/rstudio/launcher-mounts").content;
    assert!(m.starts_with("MountType: NFS\nHost: 10.154.0.16\nPath: /home/{USER}\n"), "{m}");
    assert!(m.contains("# scratch space\nHost: 10.154.0.20\nPath: /scratch\n"), "{m}");
    assert!(m.contains("# Added by rsp-k8s-config:\nMountType: NFS\nHost: 10.154.0.16\nPath: /srv/rsp-shared\n"), "{m}");
    let prefill = rsp_k8s_engine::import::prefill(&rsp_k8s_engine::import::read(&[(
        "launcher-mounts".into(),
        fixture("existing/launcher-mounts").into_bytes(),
    )]));
    assert!(prefill.contains(&("home-root", "/home".to_string())), "{prefill:?}");
}

#[test]
fn an_archive_of_etc_rstudio_is_read_by_the_paths_inside() {
    let (conf, exports) = (fixture("existing/rserver-ssl-pam.conf"), fixture("existing/exports"));
    let bytes = tar_of(&[("./etc/rstudio/rserver.conf", &conf), ("/etc/exports", &exports), ("etc/rstudio/unrelated.conf", "x=1\n")]);
    let out = generate(&Inputs { imports: vec![("etc-rstudio.tar".into(), bytes)], ..example() }, NOW);
    assert!(merged(&out, "/etc/rstudio/rserver.conf").merged_from.is_some());
    assert!(merged(&out, "/etc/exports").merged_from.is_some());
    assert!(merged(&out, "/etc/rstudio/launcher.conf").merged_from.is_none());
}

#[test]
fn hostile_imports_are_diagnosed_never_a_panic() {
    let big = "a=1\n".repeat(100_000);
    let binary = "x=1\n\0\u{1}".to_string();
    let dupes = "www-port=1\nwww-port=2\nnot a setting\n";
    let out = with_imports(&[
        ("rserver.conf", &big),
        ("jupyter.conf", &binary),
        ("launcher.conf", dupes),
        ("hosts", "127.0.0.1 x"),
        ("exports", "\r\n\r\n"),
    ]);
    assert_eq!(codes(&out).iter().filter(|c| **c == "import.unreadable").count(), 2);
    find(&out, "import.unknown-file");
    assert!(find(&out, "import.duplicate-key").message.contains("line 2"));
    assert!(find(&out, "import.unknown-line").message.contains("line 3"));
    let broken = generate(&Inputs { imports: vec![("x.tar".into(), vec![1, 2, 3])], ..example() }, NOW);
    assert!(codes(&broken).iter().any(|c| c.starts_with("import.")), "{}", dump_diags(&broken));
}

#[test]
fn an_imported_token_never_reaches_a_default_output() {
    let theirs = "api-url=https://10.0.0.1\nauth-token=eyJold.SECRETOLDTOKEN.sig\nkubernetes-namespace=rstudio\n";
    let inputs = Inputs { imports: vec![("launcher.kubernetes.conf".into(), theirs.as_bytes().to_vec())], ..example() };
    let out = generate(&inputs, NOW);
    let d = find(&out, "import.token-removed");
    assert!(d.message.contains("/etc/rstudio/launcher.k8s.token") || d.message.contains("auth-token-path"), "{}", d.message);
    for f in &out.files {
        assert!(!f.content.contains("SECRETOLDTOKEN"), "{}", f.path);
        assert!(!f.merged_from.as_ref().is_some_and(|(_, diff)| diff.contains("SECRETOLDTOKEN")), "{}: diff", f.path);
    }
    let m = merged(&out, "/etc/rstudio/launcher.kubernetes.conf");
    assert!(m.merged_from.as_ref().unwrap().1.contains("\n-auth-token=(hidden)\n"), "the diff says it goes");
    assert!(!out.script.contains("SECRETOLDTOKEN") && !out.steps.iter().any(|s| s.commands.contains("SECRETOLDTOKEN")));
    assert!(!dump_diags(&out).contains("SECRETOLDTOKEN"));
    assert!(!format!("{out:?}").contains("SECRETOLDTOKEN"));
    assert!(!rsp_k8s_engine::guide(&inputs, NOW).contains("SECRETOLDTOKEN"));
    let archive = rsp_k8s_engine::archive::tar(&out).unwrap();
    assert!(!String::from_utf8_lossy(&archive).contains("SECRETOLDTOKEN"));
    // Inline delivery: the pasted token replaces theirs, and the warning says so.
    let inline = Inputs { imports: inputs.imports.clone(), ..example_with(&[("token-delivery", "inline")]) };
    let out = generate(&inline, NOW);
    assert!(find(&out, "import.token-removed").message.contains("pasted"));
    assert!(!dump_diags(&out).contains("SECRETOLDTOKEN"));
    assert!(!merged(&out, "/etc/rstudio/launcher.kubernetes.conf").content.contains("SECRETOLDTOKEN"));
    assert!(!rsp_k8s_engine::guide(&inline, NOW).contains("SECRETOLDTOKEN"));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// Whatever their file holds, every line the page does not own is still there, in order.
    #[test]
    fn a_merge_never_drops_a_line_the_page_does_not_own(
        lines in proptest::collection::vec(prop_oneof![
            "[a-z]{1,8}=[a-z0-9/.:]{0,12}",
            "# [ -~]{0,20}",
            Just(String::new()),
            Just("launcher-sessions-enabled=0".to_string()),
            Just("www-port=8787".to_string()),
            Just("[server]".to_string()),
            Just("[cluster]".to_string()),
            Just("name=Local".to_string()),
            Just("name=Kubernetes".to_string()),
            Just("type=Local".to_string()),
            Just("type=Slurm".to_string()),
            Just("launcher-use-ssl=1".to_string()),
        ], 0..30),
        file in proptest::sample::select(vec!["rserver.conf", "jupyter.conf", "launcher.conf"]),
    ) {
        let theirs = lines.join("\n") + "\n";
        let out = with_imports(&[(file, &theirs)]);
        let path = format!("/etc/rstudio/{file}");
        let ours = generate(&example(), NOW);
        // Owned: what our file sets, and (but in launcher.conf, whose sections are theirs) every
        // key its renderer explains.
        let mut owned: Vec<String> = ours.files.iter().find(|f| f.path == path).unwrap().content.lines()
            .filter_map(|l| l.split_once('=').map(|(k, _)| k.to_string())).collect();
        if file != "launcher.conf" {
            owned.extend(merged(&out, &path).notes.iter().map(|n| n.key.to_string()));
        }
        let m = &merged(&out, &path).content;
        let mut rest = m.as_str();
        for l in theirs.lines().filter(|l| l.split_once('=').is_none_or(|(k, _)| !owned.iter().any(|o| o == k))) {
            let at = rest.find(l);
            prop_assert!(at.is_some(), "{l:?} was dropped from:\n{m}");
            rest = &rest[at.unwrap() + l.len()..];
        }
    }
}

fn read_one(name: &str, text: &str) -> Vec<(&'static str, String)> {
    rsp_k8s_engine::import::prefill(&rsp_k8s_engine::import::read(&[(name.to_string(), text.as_bytes().to_vec())]))
}

/// Each field's own reader: the value it reads from its key (and only that field fills).
#[test]
fn each_prefilled_field_has_its_own_reader() {
    use rsp_k8s_engine::import::{Reader, PREFILLS};
    for p in PREFILLS {
        let spec = rsp_k8s_engine::settings::spec(p.field).unwrap();
        let name = p.path.rsplit('/').next().unwrap();
        let (text, want) = match p.reader {
            Reader::Flag => (format!("{}\n{}=true\n", p.section, p.key), "1".to_string()),
            Reader::KubernetesCluster => {
                ("[cluster]\nname=Local\ntype=Local\n\n[cluster]\nname=GKE\ntype=Kubernetes\n".to_string(), "GKE".into())
            }
            Reader::HomeMount => ("Host: 10.0.0.5\nPath: /export/{USER}\nMountPath: /users/{USER}\n".to_string(), "/users".into()),
            Reader::Text => {
                let value = if spec.example.is_empty() { spec.default } else { spec.example };
                // The file holds the CA as base64 of its PEM, as the launcher reads it.
                let value = if p.field == "cluster-ca" {
                    base64::Engine::encode(&base64::engine::general_purpose::STANDARD, value)
                } else {
                    value.to_string()
                };
                (format!("{}\n{}={value}\n", p.section, p.key), value)
            }
        };
        let got = read_one(name, &text);
        let got: Vec<_> = got.iter().filter(|(k, _)| *k == p.field).collect();
        assert_eq!(got, [&(p.field, want.clone())], "{}: from {text:?}", p.field);
        // The same key in another section (or file) is not that field's.
        if !p.section.is_empty() {
            let elsewhere = read_one(name, &format!("[other]\n{}={want}\n", p.key));
            assert!(!elsewhere.iter().any(|(k, _)| *k == p.field), "{}: read outside {}", p.field, p.section);
        }
    }
}

#[test]
fn a_prefill_reads_each_value_in_its_own_sense() {
    // Verification on never ticks "skip TLS"; off does not either (an import turns nothing unsafe on).
    for v in ["1", "0"] {
        let got = read_one("launcher.kubernetes.conf", &format!("verify-ssl-certs={v}\n"));
        assert!(!got.iter().any(|(k, _)| *k == "skip-tls-verify"), "{v}: {got:?}");
    }
    // auto-update=1 is no image; the image key is.
    let got = read_one("rserver.conf", "launcher-sessions-auto-update=1\n");
    assert!(!got.iter().any(|(k, _)| *k == "session-image"), "{got:?}");
    let got =
        read_one("rserver.conf", "launcher-sessions-auto-update=1\nlauncher-sessions-container-image=posit/workbench-session:ubuntu2204\n");
    assert!(got.contains(&("session-image", "posit/workbench-session:ubuntu2204".into())), "{got:?}");
    // Booleans keep their sense, in Workbench's spellings; anything else is not read.
    assert!(read_one("rserver.conf", "admin-enabled=0\n").contains(&("admin-enabled", "0".into())));
    assert!(read_one("rserver.conf", "admin-enabled=true\n").contains(&("admin-enabled", "1".into())));
    assert!(!read_one("rserver.conf", "admin-enabled=maybe\n").iter().any(|(k, _)| *k == "admin-enabled"));
    // Only a Kubernetes cluster names ours, wherever it is in the file.
    assert!(!read_one("launcher.conf", "[cluster]\nname=Local\ntype=Local\n").iter().any(|(k, _)| *k == "cluster-name"));
    assert!(read_one("launcher.conf", "[cluster]\ntype=Kubernetes\nname=K8s\n").contains(&("cluster-name", "K8s".into())));
    // A mount that is not a home never gives the home root.
    assert!(!read_one("launcher-mounts", "Host: h\nPath: /scratch\nMountPath: /scratch\n").iter().any(|(k, _)| *k == "home-root"));
}

/// A tar of these members, each name as tar -P writes it (the crate refuses absolute paths,
/// tar(1) does not).
fn tar_of(members: &[(&str, &str)]) -> Vec<u8> {
    let mut tar = tar::Builder::new(Vec::new());
    for (path, text) in members {
        let mut h = tar::Header::new_gnu();
        h.set_size(text.len() as u64);
        h.set_mode(0o644);
        h.as_old_mut().name[..path.len()].copy_from_slice(path.as_bytes());
        h.set_cksum();
        tar.append(&h, text.as_bytes()).unwrap();
    }
    tar.into_inner().unwrap()
}

#[test]
fn archives_as_people_make_them_are_read() {
    for layout in ["etc/rstudio/", "rstudio/", "./", "", "./etc/rstudio/", "/etc/rstudio/"] {
        let exports = if layout.contains("rstudio") { layout.replace("rstudio/", "") } else { layout.to_string() };
        let bytes = tar_of(&[
            (&format!("{layout}rserver.conf"), "www-port=8787\n"),
            (&format!("{layout}launcher.kubernetes.profiles.conf"), "[*]\nmax-cpus=4\n"),
            (&format!("{exports}exports"), "/srv/data 10.0.0.0/8(ro)\n"),
            (&format!("{layout}notes/rserver.conf"), "a=1\n"),
        ]);
        for name in ["server.tar", "server.tar.gz", "server.tgz"] {
            let imported = rsp_k8s_engine::import::read(&[(name.to_string(), bytes.clone())]);
            assert!(imported.get("/etc/rstudio/rserver.conf").is_some(), "{layout} in {name}: {:?}", imported.diagnostics);
            assert!(imported.get("/etc/rstudio/launcher.kubernetes.profiles.conf").is_some(), "{layout} in {name}");
            assert!(imported.get("/etc/exports").is_some(), "{layout}exports in {name}");
            assert!(!imported.diagnostics.iter().any(|d| d.code == "import.repeated-member"), "{layout}: a nested file is not theirs");
        }
    }
    // The message names the file as chosen.
    let imported = rsp_k8s_engine::import::read(&[("server.tar.gz".to_string(), tar_of(&[("docs/readme.txt", "x\n")]))]);
    let d = imported.diagnostics.iter().find(|d| d.code == "import.empty-archive").unwrap();
    assert!(d.message.starts_with("\"server.tar.gz\""), "{}", d.message);
}

#[test]
fn a_repeated_key_is_said_to_stop_workbench_not_to_be_read() {
    let out = with_imports(&[("rserver.conf", "www-port=1\nwww-port=2\n")]);
    let d = find(&out, "import.duplicate-key");
    assert!(!d.message.contains("reads one of them") && d.message.contains("stop Workbench"), "{}", d.message);
    assert_eq!(merged(&out, "/etc/rstudio/rserver.conf").content.matches("www-port=").count(), 0, "owned and left out: both go");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// /etc/exports: every client word and comment of theirs is still there, in order, whatever
    /// the entries, clients and continuations; a directory is never exported twice.
    #[test]
    fn an_exports_merge_never_drops_a_client(
        entries in proptest::collection::vec((
            proptest::sample::select(vec!["/home", "/srv/data", "/srv/rsp-shared", "/backup", "# a comment"]),
            proptest::collection::vec(prop_oneof![
                Just("10.154.0.0/20(rw,sync)".to_string()),
                Just("*(ro)".to_string()),
                Just("host.example.com".to_string()),
                "10\\.[0-9]{1,3}\\.0\\.0/16\\((rw|ro),sync\\)",
            ], 0..4),
            any::<bool>(),
        ), 0..8),
    ) {
        let mut theirs = String::new();
        let mut seen = std::collections::HashSet::new();
        for (dir, clients, continued) in &entries {
            if dir.starts_with('#') {
                theirs.push_str(dir);
                theirs.push('\n');
                continue;
            }
            if !seen.insert(*dir) {
                continue;
            }
            theirs.push_str(dir);
            for (i, c) in clients.iter().enumerate() {
                theirs.push_str(if *continued && i > 0 { " \\\n\t" } else { " " });
                theirs.push_str(c);
            }
            theirs.push('\n');
        }
        let out = with_imports(&[("exports", &theirs)]);
        let m = &merged(&out, "/etc/exports").content;
        let mut rest = m.as_str();
        for word in theirs.split_whitespace().filter(|w| !w.starts_with("10.154.0.0/20")) {
            let at = rest.find(word);
            prop_assert!(at.is_some(), "{word:?} was dropped from:\n{m}\n(theirs:\n{theirs})");
            rest = &rest[at.unwrap() + word.len()..];
        }
        let mut dirs = Vec::new();
        let mut cont = false;
        for l in m.lines() {
            let t = l.trim();
            if !cont && !t.is_empty() && !t.starts_with('#') {
                dirs.push(t.split_whitespace().next().unwrap().to_string());
            }
            cont = t.ends_with('\\');
        }
        let n = dirs.len();
        dirs.sort();
        dirs.dedup();
        prop_assert_eq!(dirs.len(), n, "a directory exported twice:\n{}", m);
    }
}
