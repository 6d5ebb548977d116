//! Paths that cannot hurt: the home root and the shared storage are never a directory of the
//! system, nor one inside the other; each refusal is a diagnostic and leaves a placeholder.

mod common;
use common::*;
use rsp_k8s_engine::diagnostic::Severity;
use rsp_k8s_engine::generate;
use rsp_k8s_engine::preset::example;

fn refused(key: &str, value: &str, code: &str) {
    let out = generate(&example_with(&[(key, value)]), NOW);
    let d = find(&out, code);
    assert_eq!((d.severity, d.field), (Severity::Error, key), "{value}");
    assert!(out.missing.contains(&key), "{key}={value} stays a placeholder: {:?}", out.missing);
    let owner = if key == "home-root" { "root:root" } else { "rstudio-server:rstudio-server" };
    assert!(!out.script.contains(&format!("ensure_dir {value} {owner}")), "{value} is not created or exported");
    // (The home root, /home, is exported as the home root, of course.)
    if value != "/home" {
        assert!(!file(&out, "/etc/exports").contains(&format!("\n{value} ")), "{value} is not exported");
    }
}

#[test]
fn system_directories_and_their_parents_are_refused() {
    for key in ["home-root", "shared-storage-path"] {
        for path in [
            "/etc",
            "/etc/rstudio",
            "/usr",
            "/usr/local/bin",
            "/var",
            "/var/lib",
            "/var/lib/rstudio-server",
            "/var/lib/rstudio-server/shared-storage",
            "/root",
            "/boot",
            "/run",
            "/tmp",
            "/tmp/x",
            "/var/tmp/x",
            "/opt",
            "/srv",
            "/mnt",
            "/proc",
            "/sys",
            "/dev",
            "/bin",
            "/sbin",
            "/lib",
        ] {
            refused(key, path, "path.system");
        }
    }
    for fine in [("home-root", "/srv/home"), ("home-root", "/data/home"), ("shared-storage-path", "/opt/rsp/shared")] {
        let out = generate(&example_with(&[fine]), NOW);
        assert!(!codes(&out).contains(&"path.system"), "{fine:?}:\n{}", dump_diags(&out));
    }
}

#[test]
fn shared_storage_is_never_the_home_root_inside_it_or_above_it() {
    for shared in ["/home", "/home/rsp-shared", "/home/a/b"] {
        refused("shared-storage-path", shared, "shared-storage-path.overlaps-homes");
    }
    let out = generate(&example_with(&[("home-root", "/srv/work/home"), ("shared-storage-path", "/srv/work")]), NOW);
    assert_eq!(find(&out, "shared-storage-path.overlaps-homes").field, "shared-storage-path");
    // The VM's own /home is never shared storage, even with homes elsewhere.
    let out = generate(&example_with(&[("home-root", "/srv/home"), ("shared-storage-path", "/home")]), NOW);
    find(&out, "shared-storage-path.overlaps-homes");
    assert!(!codes(&generate(&example(), NOW)).contains(&"shared-storage-path.overlaps-homes"), "the default is fine");
}

#[test]
fn shared_storage_is_prefilled_only_from_server_shared_storage_path() {
    use rsp_k8s_engine::import::{prefill, read};
    let mounts = "MountType: NFS\nHost: 10.154.0.16\nPath: /home/{USER}\nMountPath: /home/{USER}\nReadOnly: false\n";
    let got = prefill(&read(&[("launcher-mounts".into(), mounts.as_bytes().to_vec())]));
    assert!(got.contains(&("home-root", "/home".to_string())), "{got:?}");
    assert!(!got.iter().any(|(k, _)| *k == "shared-storage-path"), "a mount's Path is not the shared storage: {got:?}");
    let rserver = "server-shared-storage-path=/srv/shared\n";
    let got =
        prefill(&read(&[("rserver.conf".into(), rserver.as_bytes().to_vec()), ("launcher-mounts".into(), mounts.as_bytes().to_vec())]));
    assert!(got.contains(&("shared-storage-path", "/srv/shared".to_string())), "{got:?}");
}
