//! The runbook's logic, run for real by bash against stub commands on PATH: a failing step
//! never leaves a service down, and every wait gives up with a message.

mod common;
use common::*;
use rsp_k8s_engine::preset::example;
use rsp_k8s_engine::{generate, Output};
use std::path::{Path, PathBuf};
use std::process::Command;

/// A folder of stub commands that log their arguments; `fail` maps a command (and its first
/// argument) to an exit status, `print` to what it prints.
struct Stubs {
    dir: PathBuf,
}

impl Stubs {
    fn new(name: &str, behaviour: &[(&str, &str)]) -> Stubs {
        let dir = std::env::temp_dir().join(format!("rsp-k8s-stubs-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        for cmd in ["rstudio-server", "systemctl", "kubectl", "sleep", "curl", "base64", "R"] {
            // Each stub: log "cmd args", then act as `behaviour` says for "cmd first-arg".
            let mut body = format!("#!/bin/bash\necho \"{cmd} $*\" >> \"{}/log\"\ncase \"{cmd} $1\" in\n", dir.display());
            for (pattern, action) in behaviour.iter().filter(|(p, _)| p.starts_with(&format!("{cmd} "))) {
                body.push_str(&format!("  \"{pattern}\") {action} ;;\n"));
            }
            body.push_str("esac\nexit 0\n");
            let path = dir.join(cmd);
            std::fs::write(&path, body).unwrap();
            std::fs::set_permissions(&path, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
        }
        Stubs { dir }
    }

    /// Run a step's commands as the script does (`set -euo pipefail`); its exit status.
    fn run(&self, commands: &str) -> i32 {
        let path = format!("{}:{}", self.dir.display(), std::env::var("PATH").unwrap_or_default());
        let status = Command::new("bash")
            .arg("-c")
            .arg(format!("set -euo pipefail\n{commands}"))
            .env("PATH", path)
            .stderr(std::process::Stdio::null())
            .status()
            .unwrap();
        status.code().unwrap_or(-1)
    }

    fn log(&self) -> Vec<String> {
        std::fs::read_to_string(self.dir.join("log")).unwrap_or_default().lines().map(str::to_string).collect()
    }
}

impl Drop for Stubs {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(Path::new(&self.dir));
    }
}

/// One test at a time: a stub written while another thread forks can be "text file busy".
fn serial() -> std::sync::MutexGuard<'static, ()> {
    static LOCK: std::sync::Mutex<()> = std::sync::Mutex::new(());
    LOCK.lock().unwrap_or_else(|e| e.into_inner())
}

fn step<'a>(out: &'a Output, id: &str) -> &'a str {
    &out.steps.iter().find(|s| s.id == id).unwrap_or_else(|| panic!("no step {id}")).commands
}

#[test]
fn a_failing_verification_leaves_workbench_running_and_fails_the_step() {
    let _serial = serial();
    let out = generate(&example(), NOW);
    let stubs = Stubs::new("verify-fails", &[("rstudio-server verify-installation", "exit 3")]);
    assert_eq!(stubs.run(step(&out, "verify")), 3, "the step fails with verification's status");
    assert_eq!(stubs.log(), ["rstudio-server stop", "rstudio-server verify-installation --verify-user=alice", "rstudio-server start"]);

    let stubs = Stubs::new("verify-passes", &[]);
    assert_eq!(stubs.run(step(&out, "verify")), 0);
    assert_eq!(stubs.log().last().map(String::as_str), Some("rstudio-server start"));
}

#[test]
fn a_launcher_that_does_not_start_leaves_rserver_as_it_was() {
    let _serial = serial();
    let out = generate(&example(), NOW);
    let stubs = Stubs::new("launcher-down", &[("systemctl is-active", "exit 3")]);
    assert_ne!(stubs.run(step(&out, "restart")), 0);
    let log = stubs.log();
    assert!(!log.iter().any(|l| l == "systemctl restart rstudio-server"), "{log:?}");
    let stubs = Stubs::new("launcher-up", &[]);
    assert_eq!(stubs.run(step(&out, "restart")), 0);
    assert!(stubs.log().iter().any(|l| l == "systemctl restart rstudio-server"));
}

#[test]
fn the_wait_for_the_token_gives_up_after_a_minute() {
    let _serial = serial();
    let out = generate(&example(), NOW);
    let stubs = Stubs::new("no-token", &[]); // kubectl prints nothing: the Secret is never filled in
    assert_ne!(stubs.run(step(&out, "token")), 0);
    let sleeps = stubs.log().iter().filter(|l| l.starts_with("sleep")).count();
    assert_eq!(sleeps, 60, "one try a second for a minute");
    let stubs = Stubs::new("token", &[("kubectl -n", "echo ZXlKaGJHY2lPaUpTVXpJMU5pSjkuZTMwLmM=")]);
    assert_eq!(stubs.run(step(&out, "token")), 0);
    assert_eq!(stubs.log().iter().filter(|l| l.starts_with("sleep")).count(), 0);
}

#[test]
fn the_vm_preflight_stops_on_a_wrong_release_or_a_licence_without_the_launcher() {
    let _serial = serial();
    let out = generate(&example(), NOW);
    let preflight = step(&out, "preflight-vm");
    let good = [
        ("rstudio-server version", "echo '2026.09.0+174.pro3 Workbench'"),
        ("rstudio-server license-manager", "echo 'Enable-Launcher: 1'"),
    ];
    assert_eq!(Stubs::new("preflight-ok", &good).run(preflight), 0);
    let older = [good[1], ("rstudio-server version", "echo '2026.07.1+147.pro6 Workbench'")];
    assert_ne!(Stubs::new("preflight-old", &older).run(preflight), 0, "another release stops here");
    let no_launcher = [good[0], ("rstudio-server license-manager", "echo 'Enable-Launcher: 0'")];
    assert_ne!(Stubs::new("preflight-licence", &no_launcher).run(preflight), 0, "a licence without the Launcher stops here");
    // An older target checks for its own release.
    let out = generate(&example_with(&[("target-release", "2026.07.1")]), NOW);
    assert_eq!(Stubs::new("preflight-older-target", &older).run(step(&out, "preflight-vm")), 0);
}
