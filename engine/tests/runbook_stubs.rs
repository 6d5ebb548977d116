//! The runbook's logic, run for real by bash against stub commands on PATH: a failing step
//! never leaves a service down, and every wait gives up with a message.

mod common;
use common::*;
use rsp_k8s_engine::preset::example;
use rsp_k8s_engine::{generate, Output};
use std::path::{Path, PathBuf};
use std::process::Command;

/// A folder of stub commands that log their arguments; `behaviour` maps a command line (a
/// prefix of "cmd args", where `*` matches anything) to what the stub does instead of exiting 0.
struct Stubs {
    dir: PathBuf,
}

/// The stubbed commands: the services, the cluster, and what would need root (chown).
const STUBBED: &[&str] = &[
    "rstudio-server",
    "systemctl",
    "kubectl",
    "sleep",
    "curl",
    "base64",
    "R",
    "chown",
    "gcloud",
    "exportfs",
    "useradd",
    "passwd",
    "id",
    "aws",
    "az",
    "apt-get",
    "dnf",
    "firewall-cmd",
    "ufw",
];

/// A real command's absolute path (for a stub that hands over to it).
fn real(cmd: &str) -> String {
    let out = Command::new("bash").arg("-c").arg(format!("command -v {cmd}")).output().unwrap();
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

impl Stubs {
    fn new(name: &str, behaviour: &[(&str, &str)]) -> Stubs {
        let dir = std::env::temp_dir().join(format!("rsp-k8s-stubs-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        for cmd in STUBBED {
            // Each stub: log "cmd args", then act as `behaviour` says for the first pattern that matches; else succeed (a command that reads a pipe reads it, so the pipe never breaks).
            let mut body = format!("#!/bin/bash\necho \"{cmd} $*\" >> \"{}/log\"\ncase \"{cmd} $*\" in\n", dir.display());
            for (pattern, action) in behaviour.iter().filter(|(p, _)| p.starts_with(&format!("{cmd} "))) {
                let glob: Vec<String> = pattern.split('*').map(|part| format!("\"{part}\"")).collect();
                body.push_str(&format!("  {}*) {action} ;;\n", glob.join("*")));
            }
            body.push_str(if ["kubectl", "base64"].contains(cmd) {
                "esac\n[ -t 0 ] || cat > /dev/null\nexit 0\n"
            } else {
                "esac\nexit 0\n"
            });
            let path = dir.join(cmd);
            std::fs::write(&path, body).unwrap();
            std::fs::set_permissions(&path, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
        }
        Stubs { dir }
    }

    /// A throwaway root for the files a step writes (inside the stubs' folder).
    fn prefix(&self) -> PathBuf {
        self.dir.join("root")
    }

    /// A step's commands with every absolute path they write moved under `prefix()`.
    fn in_prefix(&self, commands: &str) -> String {
        let p = self.prefix();
        let p = p.display();
        commands
            .replace("stage_file /etc/", &format!("stage_file {p}/etc/"))
            .replace("token_path=/etc/", &format!("token_path={p}/etc/"))
            .replace("/var/lib/rsp-k8s-config", &format!("{p}/var/lib/rsp-k8s-config"))
    }

    /// Run a step's commands as the script does (`set -euo pipefail`); its exit status.
    fn run(&self, commands: &str) -> i32 {
        self.command(commands).status().unwrap().code().unwrap_or(-1)
    }

    /// The bash that runs `commands`, with the stubs first on PATH and TMPDIR in the stubs' folder.
    fn command(&self, commands: &str) -> Command {
        let path = format!("{}:{}", self.dir.display(), std::env::var("PATH").unwrap_or_default());
        std::fs::create_dir_all(self.tmp()).unwrap();
        let mut c = Command::new("bash");
        c.arg("-c")
            .arg(format!("set -euo pipefail\n{commands}"))
            .env("PATH", path)
            .env("TMPDIR", self.tmp())
            .stdin(std::process::Stdio::null())
            .stderr(std::process::Stdio::null());
        c
    }

    fn tmp(&self) -> PathBuf {
        self.dir.join("tmp")
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
    // An older target checks for its own release, a patch the list once lacked too.
    let out = generate(&example_with(&[("target-release", "2026.07.1")]), NOW);
    assert_eq!(Stubs::new("preflight-older-target", &older).run(step(&out, "preflight-vm")), 0);
    let patch = [good[1], ("rstudio-server version", "echo '2026.08.0+187.pro5 Workbench'")];
    let out = generate(&example_with(&[("target-release", "2026.08.0")]), NOW);
    assert_eq!(Stubs::new("preflight-patch", &patch).run(step(&out, "preflight-vm")), 0);
    // A long status whose match comes first: grep stops early, and pipefail must not fail the step.
    let long = [good[0], ("rstudio-server license-manager", "echo 'Enable-Launcher: 1'; seq 200000")];
    assert_eq!(Stubs::new("preflight-licence-long", &long).run(preflight), 0, "an early match is a match");
    // An expired licence stops here, whatever its sections say.
    let expired = [good[0], ("rstudio-server license-manager", "echo 'Status: Expired'; echo 'Enable-Launcher: 1'")];
    assert_ne!(Stubs::new("preflight-expired", &expired).run(preflight), 0, "an expired licence stops here");
}

/// Every file under `dir`, relative, sorted.
fn tree(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                todo.push(p.clone());
            }
            out.push(p.strip_prefix(dir).unwrap().display().to_string());
        }
    }
    out.sort();
    out
}

fn mode(path: &Path) -> u32 {
    std::os::unix::fs::PermissionsExt::mode(&std::fs::metadata(path).unwrap().permissions()) & 0o7777
}

#[test]
fn ctrl_c_during_a_hanging_verification_starts_workbench_again() {
    let _serial = serial();
    let out = generate(&example(), NOW);
    let hang = format!("exec {} 300", real("sleep"));
    let stubs = Stubs::new("verify-sigint", &[("rstudio-server verify-installation", &hang)]);
    // Ctrl-C signals the terminal's foreground process group: the step's own group here.
    let mut child = std::os::unix::process::CommandExt::process_group(&mut stubs.command(step(&out, "verify")), 0).spawn().unwrap();
    let started = std::time::Instant::now();
    while !stubs.log().iter().any(|l| l.contains("verify-installation")) {
        assert!(started.elapsed().as_secs() < 10, "verify-installation never started: {:?}", stubs.log());
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    std::thread::sleep(std::time::Duration::from_millis(200));
    assert_eq!(Command::new("kill").args(["-INT", "--", &format!("-{}", child.id())]).status().unwrap().code(), Some(0));
    let status = child.wait().unwrap();
    assert!(started.elapsed().as_secs() < 20, "the step waited for the hanging verification");
    assert_ne!(status.code(), Some(0), "an interrupted verification is not a success");
    assert_eq!(stubs.log().last().map(String::as_str), Some("rstudio-server start"), "{:?}", stubs.log());
}

#[test]
fn a_verification_that_never_ends_times_out_and_starts_workbench_again() {
    let _serial = serial();
    let out = generate(&example(), NOW);
    let verify = step(&out, "verify");
    assert!(verify.contains("verify_seconds=1200\n"), "{verify}");
    let hang = format!("exec {} 300", real("sleep"));
    let stubs = Stubs::new("verify-timeout", &[("rstudio-server verify-installation", &hang)]);
    let started = std::time::Instant::now();
    assert_eq!(stubs.run(&verify.replace("verify_seconds=1200\n", "verify_seconds=1\n")), 124, "timeout's status");
    assert!(started.elapsed().as_secs() < 20);
    assert_eq!(stubs.log().last().map(String::as_str), Some("rstudio-server start"));
}

#[test]
fn a_full_disk_during_the_config_writes_changes_no_file() {
    let _serial = serial();
    let out = generate(&example(), NOW);
    let stubs = Stubs::new("full-disk", &[]);
    let commands = stubs.in_prefix(step(&out, "write-files"));
    let root = stubs.prefix();
    let written: Vec<_> = out.files.iter().filter(|f| f.path.starts_with('/') && !f.path.ends_with(".token")).collect();
    assert!(written.iter().any(|f| f.content.len() > 1024), "one file is larger than the limit below");
    for f in &written {
        let path = root.join(&f.path[1..]);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, "old\n").unwrap();
    }
    let before = tree(&root);
    // The disk is full after 1 KiB: a write of a larger file fails part-way.
    assert_ne!(stubs.run(&format!("ulimit -f 1\n{commands}")), 0, "the step fails");
    for f in &written {
        assert_eq!(std::fs::read_to_string(root.join(&f.path[1..])).unwrap(), "old\n", "{} was changed", f.path);
    }
    assert_eq!(tree(&root), before, "temporary files are removed");
    // With room, every file is written, and the originals are kept for root only.
    assert_eq!(stubs.run(&commands), 0);
    for f in &written {
        assert_eq!(std::fs::read_to_string(root.join(&f.path[1..])).unwrap(), f.content, "{}", f.path);
        // (Kept under the originals folder by their full path, here the prefix's.)
        let kept = root.join(format!("var/lib/rsp-k8s-config/originals{}{}.orig", root.display(), f.path));
        assert_eq!(std::fs::read_to_string(&kept).unwrap(), "old\n");
        assert_eq!(mode(&kept), 0o600, "{}", kept.display());
    }
    assert_eq!(mode(&root.join("var/lib/rsp-k8s-config/originals")), 0o700);
    assert_eq!(mode(&root.join("etc/rstudio/launcher.kubernetes.conf")), 0o640, "the mode is given before the rename");
    // A second run keeps the first originals.
    assert_eq!(stubs.run(&commands), 0);
    assert_eq!(
        std::fs::read_to_string(root.join(format!("var/lib/rsp-k8s-config/originals{}/etc/rstudio/rserver.conf.orig", root.display())))
            .unwrap(),
        "old\n"
    );
    assert!(std::fs::read_dir(stubs.tmp()).unwrap().next().is_none(), "nothing is left in TMPDIR");
}

#[test]
fn an_empty_or_malformed_token_never_replaces_a_working_one() {
    let _serial = serial();
    let out = generate(&example(), NOW);
    let base64 = format!("exec {} \"$@\"", real("base64"));
    let token_path = "etc/rstudio/launcher.kubernetes.token";
    for (name, secret) in [("empty", ""), ("not-a-jwt", "bm90IGEgdG9rZW4="), ("good", "ZXlKaGJHY2lPaUpTVXpJMU5pSjkuZTMwLmM=")] {
        let print = format!("echo {secret}");
        let stubs = Stubs::new(&format!("token-{name}"), &[("kubectl -n * -o jsonpath*", &print), ("base64 ", &base64)]);
        let path = stubs.prefix().join(token_path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, "working.token.here").unwrap();
        let status = stubs.run(&stubs.in_prefix(step(&out, "token-file")));
        let now = std::fs::read_to_string(&path).unwrap();
        if name == "good" {
            assert_eq!((status, now.as_str()), (0, "eyJhbGciOiJSUzI1NiJ9.e30.c"));
            assert_eq!(mode(&path), 0o640);
        } else {
            assert_ne!(status, 0, "{name}: the step fails");
            assert_eq!(now, "working.token.here", "{name}: the working token is left as it was");
            assert_eq!(tree(&stubs.prefix().join("etc/rstudio")), ["launcher.kubernetes.token"], "{name}");
        }
    }
}

#[test]
fn an_existing_home_root_keeps_its_owner_and_mode_and_absent_directories_are_created() {
    let _serial = serial();
    let out = generate(&example_with(&[("home-root", "/srv/homes")]), NOW);
    let stubs = Stubs::new("dirs", &[]);
    let root = stubs.prefix();
    let commands = step(&out, "shared-storage").replace(" /srv/", &format!(" {}/srv/", root.display()));
    let home = root.join("srv/homes");
    std::fs::create_dir_all(&home).unwrap();
    std::fs::set_permissions(&home, std::os::unix::fs::PermissionsExt::from_mode(0o750)).unwrap();
    assert_eq!(stubs.run(&commands), 0);
    assert_eq!(mode(&home), 0o750, "the existing home root is left alone");
    let shared = root.join("srv/rsp-shared");
    assert_eq!(mode(&shared), 0o1777, "the absent shared storage is created");
    let chowns: Vec<String> = stubs.log().into_iter().filter(|l| l.starts_with("chown")).collect();
    assert_eq!(chowns, [format!("chown -- rstudio-server:rstudio-server {}", shared.display())], "only what was created is owned");
    // A second run changes nothing, even after someone narrowed the shared storage.
    std::fs::set_permissions(&shared, std::os::unix::fs::PermissionsExt::from_mode(0o770)).unwrap();
    assert_eq!(stubs.run(&commands), 0);
    assert_eq!((mode(&home), mode(&shared)), (0o750, 0o770));
    // A file where a directory should be stops the step.
    std::fs::remove_dir(&shared).unwrap();
    std::fs::write(&shared, "").unwrap();
    assert_ne!(stubs.run(&commands), 0);
}

#[test]
fn only_accounts_the_run_creates_get_a_password() {
    let _serial = serial();
    let out = generate(&example_with(&[("users", "alice bob")]), NOW);
    let stubs = Stubs::new("users", &[("id -u alice", "exit 0"), ("id -u bob", "exit 1")]);
    assert_eq!(stubs.run(step(&out, "users")), 0);
    let log = stubs.log();
    assert!(log.contains(&"useradd --create-home --home-dir /home/bob --shell /bin/bash bob".to_string()), "{log:?}");
    assert!(!log.iter().any(|l| l.contains("useradd") && l.contains("alice")), "{log:?}");
    assert_eq!(log.iter().filter(|l| l.starts_with("passwd")).collect::<Vec<_>>(), ["passwd bob"]);
}

/// What the curl stub saw: its command line, and the header file and CA it was given.
fn curl_spy(dir: &Path) -> String {
    let d = dir.display();
    format!(
        r#"prev=''; for a in "$@"; do case "$a" in @*) cat "${{a#@}}" >> "{d}/headers"; stat -c '%a' "$(dirname "${{a#@}}")" >> "{d}/dirs" ;; esac; if [ "$prev" = --cacert ]; then cat "$a" >> "{d}/ca"; fi; prev=$a; done; exit 0"#
    )
}

#[test]
fn the_api_checks_keep_the_token_off_command_lines_and_out_of_predictable_files() {
    let _serial = serial();
    let out = generate(&example(), NOW);
    let token = rsp_k8s_engine::preset::EXAMPLE_TOKEN.trim();
    let base64 = format!("exec {} \"$@\"", real("base64"));
    for id in ["check-api", "check-api-vm"] {
        let dir = std::env::temp_dir().join(format!("rsp-k8s-spy-{id}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let secret = std::process::Command::new("bash").arg("-c").arg(format!("printf %s '{token}' | base64 -w0")).output().unwrap().stdout;
        let print = format!("echo {}", String::from_utf8(secret).unwrap());
        let spy = curl_spy(&dir);
        let stubs = Stubs::new(id, &[("kubectl -n * -o jsonpath*", &print), ("base64 ", &base64), ("curl ", &spy)]);
        // An attacker's CA where the old runbook wrote its own, and an attacker's token file.
        std::fs::create_dir_all(stubs.tmp()).unwrap();
        std::fs::write(stubs.tmp().join("rsp-k8s-ca.pem"), "ATTACKER CA").unwrap();
        let token_file = stubs.prefix().join("etc/rstudio/launcher.kubernetes.token");
        std::fs::create_dir_all(token_file.parent().unwrap()).unwrap();
        std::fs::write(&token_file, token).unwrap();
        let commands = step(&out, id).replace("< /etc/", &format!("< {}/etc/", stubs.prefix().display()));
        assert_eq!(stubs.run(&commands), 0, "{id}");
        let log = stubs.log().join("\n");
        assert!(log.contains("curl ") && !log.contains(&token[..40]), "{id}: the token is on a command line:\n{log}");
        let read = |f: &str| std::fs::read_to_string(dir.join(f)).unwrap_or_default();
        assert_eq!(read("headers"), format!("Authorization: Bearer {token}\n"), "{id}");
        assert_eq!(read("dirs"), "700\n", "{id}: the header file is in a private directory");
        assert!(read("ca").starts_with("-----BEGIN CERTIFICATE-----"), "{id}: our CA, not the attacker's");
        assert_eq!(std::fs::read_to_string(stubs.tmp().join("rsp-k8s-ca.pem")).unwrap(), "ATTACKER CA");
        let left: Vec<_> = std::fs::read_dir(stubs.tmp()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(left, ["rsp-k8s-ca.pem"], "{id}: the private directory is removed");
        let _ = std::fs::remove_dir_all(&dir);
    }
}

#[test]
fn the_token_is_printed_only_when_the_page_needs_it_pasted() {
    let _serial = serial();
    let token = "eyJhbGciOiJSUzI1NiJ9.e30.c";
    let base64 = format!("exec {} \"$@\"", real("base64"));
    for (delivery, printed) in [("file", false), ("inline", true)] {
        let out = generate(&example_with(&[("token-delivery", delivery)]), NOW);
        let stubs =
            Stubs::new(&format!("print-{delivery}"), &[("kubectl -n", "echo ZXlKaGJHY2lPaUpTVXpJMU5pSjkuZTMwLmM="), ("base64 ", &base64)]);
        let shown = stubs.command(step(&out, "token")).output().unwrap();
        assert!(shown.status.success());
        assert_eq!(String::from_utf8_lossy(&shown.stdout).contains(token), printed, "{delivery}");
    }
    // At a terminal (script(1) gives it one), with its own file: printed only on a yes.
    let out = generate(&example(), NOW);
    let stubs = Stubs::new("print-asked", &[("kubectl -n", "echo ZXlKaGJHY2lPaUpTVXpJMU5pSjkuZTMwLmM="), ("base64 ", &base64)]);
    let body = stubs.dir.join("token-step.sh");
    std::fs::write(&body, format!("set -euo pipefail\n{}", step(&out, "token"))).unwrap();
    for (answer, printed) in [("n", false), ("y", true)] {
        let mut child = Command::new("script")
            .args(["-qec", &format!("bash {}", body.display()), "/dev/null"])
            .env("PATH", format!("{}:{}", stubs.dir.display(), std::env::var("PATH").unwrap_or_default()))
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        std::io::Write::write_all(child.stdin.as_mut().unwrap(), format!("{answer}\n").as_bytes()).unwrap();
        let shown = child.wait_with_output().unwrap();
        assert!(shown.status.success(), "{answer}");
        assert_eq!(String::from_utf8_lossy(&shown.stdout).contains(token), printed, "answer {answer}");
    }
}

#[test]
fn a_wider_binding_left_in_place_stops_the_rbac_step() {
    let _serial = serial();
    let out = generate(&example(), NOW);
    let rbac = step(&out, "rbac");
    let narrow = [("kubectl auth can-i create jobs", "echo yes"), ("kubectl auth can-i", "echo no; exit 1")];
    let stubs = Stubs::new("rbac-narrow", &narrow);
    assert_eq!(stubs.run(rbac), 0, "{:?}", stubs.log());
    assert!(
        stubs.log().contains(&"kubectl -n rstudio delete rolebinding job-launcher-admin --ignore-not-found".to_string()),
        "the page's own wider binding goes"
    );
    // The original guide's cluster-admin for system:serviceaccounts:rstudio: the default account may read Secrets.
    let guide = [("kubectl auth can-i get secrets * --as=system:serviceaccount:rstudio:default", "echo yes"), narrow[0], narrow[1]];
    assert_ne!(Stubs::new("rbac-guide-binding", &guide).run(rbac), 0, "a wider binding for the sessions' account stops the step");
    let launcher = [("kubectl auth can-i get secrets * --as=system:serviceaccount:rstudio:job-launcher", "echo yes"), narrow[0], narrow[1]];
    assert_ne!(Stubs::new("rbac-launcher-wider", &launcher).run(rbac), 0, "a wider binding for the launcher stops the step");
    // No answer (no permission to impersonate) is not a yes or a no: it stops the step too.
    assert_ne!(Stubs::new("rbac-no-answer", &[]).run(rbac), 0);
    // In cluster-admin mode the launcher is wide by choice; the sessions' account is still checked.
    let admin = generate(&example_with(&[("rbac-mode", "cluster-admin")]), NOW);
    let stubs =
        Stubs::new("rbac-admin", &[("kubectl auth can-i * --as=system:serviceaccount:rstudio:job-launcher", "echo yes"), narrow[1]]);
    assert_eq!(stubs.run(step(&admin, "rbac")), 0);
    assert!(!stubs.log().iter().any(|l| l.contains("delete rolebinding")));
    assert_ne!(Stubs::new("rbac-admin-guide", &guide).run(step(&admin, "rbac")), 0);
}

#[test]
fn firewall_rules_that_exist_are_updated_to_these_ranges() {
    let _serial = serial();
    let out = generate(&example(), NOW);
    let ranges = [
        ("gcloud container clusters describe *clusterIpv4Cidr", "echo 10.48.0.0/14"),
        ("gcloud compute networks subnets describe", "echo 10.154.0.0/20"),
    ];
    let exists = [ranges[0], ranges[1], ("gcloud compute firewall-rules describe", "exit 0")];
    let stubs = Stubs::new("firewall-exists", &exists);
    assert_eq!(stubs.run(step(&out, "firewall")), 0);
    let log = stubs.log();
    let nfs: Vec<&String> = log.iter().filter(|l| l.contains("firewall-rules update custard-workbench-nfs")).collect();
    assert_eq!(nfs.len(), 1, "{log:?}");
    assert!(nfs[0].contains("--allow tcp:2049 --source-ranges 10.154.0.0/20 --destination-ranges 10.154.0.16/32"), "{nfs:?}");
    assert!(!log.iter().any(|l| l.contains("firewall-rules create")), "{log:?}");
    let absent = [ranges[0], ranges[1], ("gcloud compute firewall-rules describe", "exit 1")];
    let stubs = Stubs::new("firewall-absent", &absent);
    assert_eq!(stubs.run(step(&out, "firewall")), 0);
    assert_eq!(stubs.log().iter().filter(|l| l.contains("firewall-rules create")).count(), 3, "nodeports, callback, nfs");
}

#[test]
fn exports_are_applied_without_restarting_the_nfs_server() {
    let _serial = serial();
    let out = generate(&example(), NOW);
    let running = Stubs::new("nfs-running", &[]);
    assert_eq!(running.run(step(&out, "nfs-export")), 0);
    assert_eq!(running.log(), ["systemctl is-active --quiet nfs-server", "exportfs -ra", "exportfs -v"]);
    let stopped = Stubs::new("nfs-stopped", &[("systemctl is-active", "exit 3")]);
    assert_eq!(stopped.run(step(&out, "nfs-export")), 0);
    assert!(stopped.log().contains(&"systemctl enable --now nfs-server".to_string()));
    assert!(!stopped.log().iter().any(|l| l.contains("restart")));
}

#[test]
fn only_the_session_namespace_may_mount_the_export_where_the_cluster_can_enforce_it() {
    let _serial = serial();
    let out = generate(&example(), NOW);
    let guard = file(&out, "kubernetes/nfs-guard.yaml");
    assert!(guard.contains("v.nfs.server != '10.154.0.16'") && guard.contains("operator: NotIn\n          values: [rstudio]"), "{guard}");
    let with = Stubs::new("guard-supported", &[]);
    assert_eq!(with.run(step(&out, "nfs-guard")), 0);
    assert!(with.log().contains(&"kubectl apply -f -".to_string()), "{:?}", with.log());
    let without = Stubs::new("guard-unsupported", &[("kubectl get validatingadmissionpolicies", "exit 1")]);
    assert_eq!(without.run(step(&out, "nfs-guard")), 0, "an older cluster is told, not stopped");
    assert!(!without.log().contains(&"kubectl apply -f -".to_string()));
}

#[test]
fn an_old_world_readable_backup_beside_a_secret_moves_to_the_root_only_folder() {
    let _serial = serial();
    let out = generate(&example_with(&[("token-delivery", "inline")]), NOW);
    let stubs = Stubs::new("old-orig", &[]);
    let root = stubs.prefix();
    let conf = root.join("etc/rstudio/launcher.kubernetes.conf");
    std::fs::create_dir_all(conf.parent().unwrap()).unwrap();
    std::fs::write(&conf, "auth-token=new\n").unwrap();
    let old = root.join("etc/rstudio/launcher.kubernetes.conf.orig");
    std::fs::write(&old, "auth-token=old-secret\n").unwrap();
    std::fs::set_permissions(&old, std::os::unix::fs::PermissionsExt::from_mode(0o644)).unwrap();
    assert_eq!(stubs.run(&stubs.in_prefix(step(&out, "write-files"))), 0);
    assert!(!old.exists(), "no copy of a secret is left beside the file");
    let kept = root.join(format!("var/lib/rsp-k8s-config/originals{}/etc/rstudio/launcher.kubernetes.conf.orig", root.display()));
    assert_eq!((std::fs::read_to_string(&kept).unwrap().as_str(), mode(&kept)), ("auth-token=old-secret\n", 0o600));
}

#[test]
fn a_path_through_a_symbolic_link_is_refused_by_the_runbook() {
    let _serial = serial();
    let out = generate(&example_with(&[("home-root", "/srv/homes")]), NOW);
    let stubs = Stubs::new("dirs-symlink", &[]);
    let root = stubs.prefix();
    let commands = step(&out, "shared-storage").replace(" /srv/", &format!(" {}/srv/", root.display()));
    // An attacker's (or a mistaken) link from the shared storage to a system directory.
    let system = root.join("etc");
    std::fs::create_dir_all(&system).unwrap();
    std::fs::set_permissions(&system, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    std::fs::create_dir_all(root.join("srv")).unwrap();
    std::os::unix::fs::symlink(&system, root.join("srv/rsp-shared")).unwrap();
    assert_ne!(stubs.run(&commands), 0, "the step stops");
    assert_eq!(mode(&system), 0o755, "the link's target is left alone");
    assert!(!stubs.log().iter().any(|l| l.starts_with("chown") && l.contains("rsp-shared")), "{:?}", stubs.log());
}

/// A server as a distribution leaves it: (path under /, content, mode).
type Shape = &'static [(&'static str, &'static str, u32)];

/// Ubuntu: nfs-kernel-server's commented /etc/exports; a stock Workbench with a Local cluster.
const UBUNTU: Shape = &[
    ("etc/exports", "# /etc/exports: the access control list for filesystems which may be exported\n#\t\tto NFS clients.  See exports(5).\n", 0o644),
    ("etc/rstudio/rserver.conf", "# Server Configuration File\n\n", 0o644),
    ("etc/rstudio/launcher.conf", "[server]\naddress=localhost\nport=5559\nserver-user=rstudio-server\nadmin-group=rstudio-server\n\n[cluster]\nname=Local\ntype=Local\n", 0o644),
];

/// RHEL: the setup package's empty /etc/exports; an rserver.conf edited without a final newline,
/// readable by root only.
const RHEL: Shape = &[
    ("etc/exports", "", 0o644),
    ("etc/rstudio/rserver.conf", "# Server Configuration File\nauth-minimum-user-id=1000", 0o600),
    ("etc/rstudio/jupyter.conf", "labs-enabled=0\n", 0o644),
];

#[test]
fn undo_puts_back_every_file_as_it_was_on_ubuntu_and_rhel() {
    let _serial = serial();
    for (name, shape) in [("ubuntu", UBUNTU), ("rhel", RHEL)] {
        let imports = shape.iter().map(|(p, t, _)| (p.rsplit('/').next().unwrap().to_string(), t.as_bytes().to_vec())).collect();
        let out = generate(&rsp_k8s_engine::Inputs { imports, ..example() }, NOW);
        let stubs = Stubs::new(&format!("undo-{name}"), &[]);
        let root = stubs.prefix();
        for (path, text, m) in shape {
            let p = root.join(path);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(&p, text).unwrap();
            std::fs::set_permissions(&p, std::os::unix::fs::PermissionsExt::from_mode(*m)).unwrap();
        }
        let before = tree(&root.join("etc"));
        assert_eq!(stubs.run(&stubs.in_prefix(step(&out, "write-files"))), 0, "{name}");
        // Their bytes: a file without a final newline stays without one on the VM.
        let rserver = std::fs::read_to_string(root.join("etc/rstudio/rserver.conf")).unwrap();
        assert_eq!(rserver, rsp_k8s_engine_file(&out, "/etc/rstudio/rserver.conf"), "{name}");
        assert_eq!(rserver.ends_with('\n'), shape[1].1.ends_with('\n'), "{name}: final newline as theirs");
        assert_ne!(tree(&root.join("etc")), before, "{name}: files were added");
        // `runbook.sh undo`: the script runs only the undo step.
        let script = stubs.in_prefix(&out.script);
        assert_eq!(stubs.run(&format!("set -- undo\n{script}")), 0, "{name}");
        assert_eq!(tree(&root.join("etc")), before, "{name}: the files created are removed, no temporary file is left");
        for (path, text, m) in shape {
            assert_eq!(std::fs::read_to_string(root.join(path)).unwrap(), *text, "{name}: {path} as it was");
            assert_eq!(mode(&root.join(path)), *m, "{name}: {path} keeps its mode");
        }
        let log = stubs.log();
        assert!(!log.iter().any(|l| l.starts_with("kubectl") || l.starts_with("rstudio-server")), "{name}: nothing else ran: {log:?}");
        let restarts: Vec<&str> = log.iter().map(String::as_str).filter(|l| !l.starts_with("chown")).collect();
        assert_eq!(restarts, ["exportfs -ra", "systemctl restart rstudio-launcher", "systemctl restart rstudio-server"], "{name}");
        // A second write keeps the first originals; undo again gives the same files.
        assert_eq!(stubs.run(&stubs.in_prefix(step(&out, "write-files"))), 0, "{name}");
        assert_eq!(stubs.run(&stubs.in_prefix(step(&out, "write-files"))), 0, "{name}");
        assert_eq!(stubs.run(&stubs.in_prefix(step(&out, "undo"))), 0, "{name}");
        for (path, text, _) in shape {
            assert_eq!(std::fs::read_to_string(root.join(path)).unwrap(), *text, "{name}: {path} as it was, after two runs");
        }
        assert_eq!(tree(&root.join("etc")), before, "{name}");
    }
    // Nothing was ever written: undo says so and changes nothing.
    let out = generate(&example(), NOW);
    let stubs = Stubs::new("undo-nothing", &[]);
    assert_eq!(stubs.run(&stubs.in_prefix(step(&out, "undo"))), 1);
    assert!(stubs.log().is_empty());
}

fn rsp_k8s_engine_file<'a>(out: &'a Output, path: &str) -> &'a str {
    &out.files.iter().find(|f| f.path == path).unwrap().content
}

#[test]
fn the_diff_on_the_vm_never_shows_a_token() {
    let _serial = serial();
    let theirs = "api-url=https://10.0.0.1\nauth-token=eyJold.SECRETOLDTOKEN.sig\nkubernetes-namespace=rstudio\n";
    let out = generate(&example(), NOW);
    let stubs = Stubs::new("diff-token", &[]);
    let root = stubs.prefix();
    let path = root.join("etc/rstudio/launcher.kubernetes.conf");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    // The VM's file holds a token the page never saw: its diff hides it.
    std::fs::write(&path, theirs).unwrap();
    let output = stubs.command(&stubs.in_prefix(step(&out, "write-files"))).output().unwrap();
    assert!(output.status.success());
    let shown = String::from_utf8_lossy(&output.stdout);
    assert!(shown.contains("-auth-token=(hidden)"), "{shown}");
    assert!(!shown.contains("SECRETOLDTOKEN"), "{shown}");
}

fn preset(id: &str) -> rsp_k8s_engine::Inputs {
    rsp_k8s_engine::preset::presets().into_iter().find(|(p, _)| *p == id).unwrap().1
}

#[test]
fn the_eks_firewall_checks_the_cluster_then_makes_its_rules() {
    let _serial = serial();
    let out = generate(&preset("eks"), NOW);
    let firewall = step(&out, "firewall");
    let cluster = [
        ("aws eks describe-cluster*vpcId*", "echo vpc-1"),
        ("aws eks describe-cluster*clusterSecurityGroupId*", "echo sg-cluster"),
        ("aws eks describe-cluster*subnetIds*", "printf 'subnet-a\\tsubnet-b\\n'"),
        ("aws ec2 describe-instances", "printf 'vpc-1\\tsg-vm\\n'"),
        // A rule made by an earlier run: counts as made.
        ("aws ec2 authorize-security-group-ingress*FromPort=2049*", "echo 'An error occurred (InvalidPermission.Duplicate)' >&2; exit 254"),
    ];
    let mut good = cluster.to_vec();
    good.push(("aws ec2 describe-subnets", "printf '10.0.0.0/20\\t10.0.16.0/20\\n'"));
    let stubs = Stubs::new("eks-good", &good);
    assert_eq!(stubs.run(firewall), 0, "{:?}", stubs.log());
    let rules: Vec<String> = stubs.log().into_iter().filter(|l| l.starts_with("aws ec2 authorize")).collect();
    assert_eq!(rules.len(), 3, "{rules:?}");
    assert!(
        rules.iter().any(|r| r.contains(
            "--group-id sg-cluster --ip-permissions IpProtocol=tcp,FromPort=30000,ToPort=32767,IpRanges=[{CidrIp=10.0.4.20/32}]"
        )),
        "{rules:?}"
    );
    assert!(
        rules
            .iter()
            .any(|r| r
                .contains("--group-id sg-vm --ip-permissions IpProtocol=tcp,FromPort=8787,ToPort=8787,IpRanges=[{CidrIp=10.0.0.0/19}]")),
        "{rules:?}"
    );
    // A subnet outside the page's node range: stop before any rule.
    let mut bad = cluster.to_vec();
    bad.push(("aws ec2 describe-subnets", "printf '10.0.0.0/20\\t10.9.0.0/20\\n'"));
    let stubs = Stubs::new("eks-bad", &bad);
    assert_ne!(stubs.run(firewall), 0);
    assert!(!stubs.log().iter().any(|l| l.starts_with("aws ec2 authorize")), "{:?}", stubs.log());
}

#[test]
fn the_aks_firewall_checks_the_cluster_then_makes_its_rules() {
    let _serial = serial();
    let out = generate(&preset("aks"), NOW);
    let firewall = step(&out, "firewall");
    let nsg = "/subscriptions/s/resourceGroups/vmrg/providers/Microsoft.Network/networkSecurityGroups/vm-nsg";
    let nic = format!("printf '{nsg}\\t/subscriptions/s/resourceGroups/vmrg/providers/Microsoft.Network/virtualNetworks/v/subnets/vm\\n'");
    let node_nsg = "echo /subscriptions/s/resourceGroups/MC_rg/providers/Microsoft.Network/networkSecurityGroups/aks-agentpool";
    let cluster = [
        ("az aks show*networkPluginMode*", "echo overlay"),
        ("az aks show*networkPlugin*", "echo azure"),
        ("az aks show*nodeResourceGroup*", "echo MC_rg"),
        ("az aks show*podSubnetId*", "echo"),
        (
            "az aks show*vnetSubnetId*",
            "echo /subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/nodes",
        ),
        ("az network nsg list", node_nsg),
        ("az network nic list", nic.as_str()),
        ("az network nsg rule show", "exit 3"),
    ];
    let mut good = cluster.to_vec();
    good.push(("az network vnet subnet show", "echo 10.224.0.0/16"));
    let stubs = Stubs::new("aks-good", &good);
    assert_eq!(stubs.run(firewall), 0, "{:?}", stubs.log());
    let rules: Vec<String> = stubs.log().into_iter().filter(|l| l.starts_with("az network nsg rule create")).collect();
    assert_eq!(rules.len(), 3, "{rules:?}");
    assert!(
        rules.iter().any(|r| r.contains("--resource-group vmrg --nsg-name vm-nsg --name workbench-callback")
            && r.contains("--source-address-prefixes 10.224.0.0/16")),
        "the callback comes from the nodes: {rules:?}"
    );
    // A VNet AKS made itself (no subnet IDs on the pools): read from the node resource group.
    let mut managed: Vec<(&str, &str)> = cluster.iter().filter(|(p, _)| !p.contains("vnetSubnetId")).copied().collect();
    managed.insert(0, ("az aks show*vnetSubnetId*", "echo"));
    managed.push(("az network vnet list --resource-group MC_rg", "echo 10.224.0.0/16"));
    let stubs = Stubs::new("aks-managed", &managed);
    assert_eq!(stubs.run(firewall), 0, "{:?}", stubs.log());
    managed.pop();
    managed.push(("az network vnet list --resource-group MC_rg", "echo 10.225.0.0/16"));
    let stubs = Stubs::new("aks-managed-bad", &managed);
    assert_ne!(stubs.run(firewall), 0, "a managed VNet outside the page's range stops too");
    let mut bad = cluster.to_vec();
    bad.push(("az network vnet subnet show", "echo 10.240.0.0/16"));
    let stubs = Stubs::new("aks-bad", &bad);
    assert_ne!(stubs.run(firewall), 0);
    assert!(!stubs.log().iter().any(|l| l.starts_with("az network nsg rule create")), "{:?}", stubs.log());
}

/// The VM's OS family decides the package manager, the package and the firewall: both families run.
#[test]
fn the_nfs_server_step_follows_the_os_family() {
    let _serial = serial();
    let out = generate(&example(), NOW);
    for (os, release, firewall, installs, opens) in [
        (
            "ubuntu",
            "ID=ubuntu\nID_LIKE=debian\n",
            ("ufw status", "echo 'Status: active'"),
            "apt-get install -y nfs-kernel-server",
            "ufw allow from 10.154.0.0/20 to any port 2049 proto tcp",
        ),
        (
            "rhel",
            "ID=\"rocky\"\nID_LIKE=\"rhel centos fedora\"\n",
            ("systemctl is-active --quiet firewalld", "exit 0"),
            "dnf install -y nfs-utils",
            "firewall-cmd --permanent --add-rich-rule=rule family=ipv4 source address=10.154.0.0/20 port port=2049 protocol=tcp accept",
        ),
    ] {
        let stubs = Stubs::new(&format!("nfs-{os}"), &[firewall]);
        std::fs::create_dir_all(stubs.prefix().join("etc")).unwrap();
        std::fs::write(stubs.prefix().join("etc/os-release"), release).unwrap();
        let commands = step(&out, "nfs-server")
            .replace("os_release=/etc/os-release", &format!("os_release={}/etc/os-release", stubs.prefix().display()));
        assert_eq!(stubs.run(&commands), 0, "{os}: {:?}", stubs.log());
        let log = stubs.log();
        assert!(log.iter().any(|l| l == installs), "{os}: {log:?}");
        assert!(log.iter().any(|l| l == opens), "{os}: {log:?}");
        // The callback (pods on GKE) reaches Workbench's port, and nothing opens wider than the node subnet.
        assert!(log.iter().any(|l| l.contains("10.48.0.0/14") && l.contains("8787")), "{os}: {log:?}");
        assert!(!log.iter().any(|l| l.contains("0.0.0.0")), "{os}: {log:?}");
        let other = if os == "ubuntu" { "dnf" } else { "apt-get" };
        assert!(!log.iter().any(|l| l.starts_with(other)), "{os}: {log:?}");
    }
    // Another system stops, saying why.
    let stubs = Stubs::new("nfs-other", &[]);
    std::fs::create_dir_all(stubs.prefix().join("etc")).unwrap();
    std::fs::write(stubs.prefix().join("etc/os-release"), "ID=alpine\n").unwrap();
    let commands =
        step(&out, "nfs-server").replace("os_release=/etc/os-release", &format!("os_release={}/etc/os-release", stubs.prefix().display()));
    assert_ne!(stubs.run(&commands), 0);
}
