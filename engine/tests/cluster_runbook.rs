//! The cluster's runbook steps run for real by bash, on node 1 and node 2 of both OS families,
//! against stub commands (ssh to node 1, the firewall, Workbench), and the database step
//! against a real PostgreSQL server started here from the OS packages.

mod common;
use common::*;
use rsp_k8s_engine::{generate, Inputs, Output};
use std::path::{Path, PathBuf};
use std::process::Command;

const NODE_1: &str = "10.154.0.16";
const NODE_2: &str = "10.154.0.21";
/// database.conf as the step writes it: as rendered, and the encrypted password.
const DATABASE: &str = "/etc/rstudio/database.conf";

fn cluster(db_host: &str, db_port: &str, db_user: &str) -> Inputs {
    example_with(&[
        ("topology", "cluster"),
        ("nodes", &format!("wb-1 {NODE_1}\nwb-2 {NODE_2}")),
        ("nfs-server", "10.154.0.30"),
        ("db-host", db_host),
        ("db-port", db_port),
        ("db-user", db_user),
        ("lb-address", "workbench.example.com"),
        ("callback-url", ""),
    ])
}

/// A throwaway machine: stub commands first on PATH, its files under `root`.
struct Machine {
    dir: PathBuf,
}

impl Machine {
    /// `address`: what `hostname -I` says; `firewall`: "firewalld" (RHEL) or "ufw" (Ubuntu).
    fn new(name: &str, address: &str, firewall: &str) -> Machine {
        let dir = std::env::temp_dir().join(format!("rsp-cluster-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("bin")).unwrap();
        std::fs::create_dir_all(dir.join("root/etc/rstudio")).unwrap();
        std::fs::write(dir.join("root/etc/fstab"), "").unwrap();
        // The OS family as os-release says it: Ubuntu (ufw) or a RHEL rebuild (firewalld).
        let release = if firewall == "ufw" { "ID=ubuntu\nID_LIKE=debian\n" } else { "ID=\"rocky\"\nID_LIKE=\"rhel centos fedora\"\n" };
        std::fs::write(dir.join("root/etc/os-release"), release).unwrap();
        for log in ["launcher/rstudio-launcher.log", "rstudio-server/rserver.log"] {
            let path = dir.join("root/var/log/rstudio").join(log);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "INFO started\n").unwrap();
        }
        // Node 1 as ssh reaches it: its key, its accounts.
        std::fs::write(dir.join("node1-key"), "0b9e7a52-node-1-key\n").unwrap();
        let log = dir.join("log");
        let key = dir.join("node1-key");
        let firewalld = if firewall == "firewalld" { "exit 0" } else { "exit 3" };
        let ufw = if firewall == "ufw" { "echo 'Status: active'" } else { "exit 1" };
        // The accounts: this machine's and node 1's (`passwd`, `group`; `node1-…`), as getent reads them.
        for (file, text) in [
            ("passwd", "rstudio-server:x:998:998::/home/rstudio-server:/usr/sbin/nologin\n"),
            ("group", "rstudio-server:x:998:\n"),
            (
                "node1-passwd",
                "rstudio-server:x:998:998::/home/rstudio-server:/usr/sbin/nologin\nalice:x:1001:1001::/home/alice:/bin/bash\n",
            ),
            ("node1-group", "rstudio-server:x:998:\nalice:x:1001:\n"),
        ] {
            std::fs::write(dir.join(file), text).unwrap();
        }
        let d = dir.display();
        let stubs = [
            ("hostname", format!("echo {address}")),
            (
                "ssh",
                format!(
                    r#"shift 3; case "$*" in "cat "*) cat {k} ;; "sha256sum "*) sha256sum {k} ;; "getent "*) shift; ACCOUNTS=node1- getent "$@" ;; esac"#,
                    k = key.display()
                ),
            ),
            // getent: by name or number; 2 when absent, as getent(1).
            (
                "getent",
                format!(
                    r#"awk -F: -v k="$2" '$1 == k || $3 == k {{ print; found = 1 }} END {{ exit !found }}' "{d}/${{ACCOUNTS:-}}$1" || exit 2"#
                ),
            ),
            ("id", r#"[ "$1" = -u ] && line=$(getent passwd "$2") && echo "$line" | cut -d: -f3"#.to_string()),
            (
                "useradd",
                format!(
                    r#"while [ $# -gt 1 ]; do case "$1" in --uid) uid=$2; shift ;; --gid) gid=$2; shift ;; esac; shift; done; echo "$1:x:${{uid:-2000}}:${{gid:-2000}}::/home/$1:/bin/bash" >> "{d}/passwd""#
                ),
            ),
            ("groupadd", format!(r#"[ "$1" = --gid ] && echo "$4:x:$2:" >> "{d}/group""#)),
            ("passwd", "exit 0".to_string()),
            ("timedatectl", "echo yes".to_string()),
            (
                "rstudio-server",
                format!(
                    r#"case "$1" in encrypt-password) cat >/dev/null; echo ENCRYPTED-BY-WORKBENCH ;; list-nodes) echo "{NODE_1} Online"; echo "{NODE_2} Online" ;; version) echo 2026.09.0+123.pro1 ;; license-manager) echo 'Enable-Launcher: 1' ;; esac"#
                ),
            ),
            ("systemctl", format!(r#"case "$*" in *firewalld*) {firewalld} ;; esac"#)),
            // The workstation's tools, for the whole script: a cluster that answers as the
            // example's (its ranges, a filled-in token Secret, no wider permission).
            (
                "kubectl",
                r#"case "$*" in *"auth can-i create jobs"*) echo yes ;; *"auth can-i"*) echo no ;; *jsonpath*) echo ZXlKaGJHY2lPaUpTVXpJMU5pSjkuZTMwLmM= ;; esac; [ -t 0 ] || cat > /dev/null"#.to_string(),
            ),
            (
                "gcloud",
                r#"case "$*" in *clusterIpv4Cidr*) echo 10.48.0.0/14 ;; *"value(subnetwork)"*) echo default ;; *ipCidrRange*) echo 10.154.0.0/20 ;; esac"#.to_string(),
            ),
            ("gke-gcloud-auth-plugin", "exit 0".to_string()),
            ("R", "exit 0".to_string()),
            ("exportfs", "exit 0".to_string()),
            ("apt-get", "exit 0".to_string()),
            ("dnf", "exit 0".to_string()),
            ("ufw", format!(r#"[ "$1" = status ] && {ufw}; exit 0"#)),
            ("firewall-cmd", "exit 0".to_string()),
            ("curl", "echo ok".to_string()),
            ("chown", "exit 0".to_string()),
            ("mount", "exit 0".to_string()),
            ("mountpoint", "exit 1".to_string()),
            ("sleep", "exit 0".to_string()),
        ];
        for (cmd, body) in stubs {
            let path = dir.join("bin").join(cmd);
            std::fs::write(&path, format!("#!/bin/bash\necho \"{cmd} $*\" >> '{}'\n{body}\n", log.display())).unwrap();
            std::fs::set_permissions(&path, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
        }
        Machine { dir }
    }

    fn root(&self) -> PathBuf {
        self.dir.join("root")
    }

    /// Run a step's commands as the script does; (status, stderr).
    fn run(&self, commands: &str, extra_path: &str) -> (i32, String) {
        let r = self.root();
        let r = r.display();
        let commands = commands
            .replace("/etc/rstudio", &format!("{r}/etc/rstudio"))
            .replace("/etc/fstab", &format!("{r}/etc/fstab"))
            .replace("/var/lib/rsp-k8s-config", &format!("{r}/var/lib/rsp-k8s-config"))
            .replace("/root/.rsp-k8s-config", &format!("{r}/root/.rsp-k8s-config"))
            .replace("/etc/exports", &format!("{r}/etc/exports"))
            .replace("os_release=/etc/os-release", &format!("os_release={r}/etc/os-release"))
            .replace("/var/log/rstudio", &format!("{r}/var/log/rstudio"));
        let path = format!("{}:{extra_path}{}", self.dir.join("bin").display(), std::env::var("PATH").unwrap_or_default());
        let out = Command::new("bash")
            .arg("-c")
            .arg(format!("set -euo pipefail\n{commands}"))
            .env("PATH", path)
            .stdin(std::process::Stdio::null())
            .output()
            .unwrap();
        (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stderr).into_owned())
    }

    fn log(&self) -> String {
        std::fs::read_to_string(self.dir.join("log")).unwrap_or_default()
    }

    /// The database password, root-only, where the database step looks for it.
    fn password(&self, password: &str) {
        let dir = self.root().join("root/.rsp-k8s-config");
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("db-password");
        std::fs::write(&file, format!("{password}\n")).unwrap();
        std::fs::set_permissions(&file, std::os::unix::fs::PermissionsExt::from_mode(0o600)).unwrap();
    }
}

impl Drop for Machine {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn step<'a>(out: &'a Output, id: &str) -> &'a str {
    &out.steps.iter().find(|s| s.id == id).unwrap_or_else(|| panic!("no step {id}")).commands
}

/// A psql that answers as an empty PostgreSQL 15 would, for the machines without a real one.
fn fake_psql(dir: &Path) -> String {
    let bin = dir.join("psql-bin");
    std::fs::create_dir_all(&bin).unwrap();
    let path = bin.join("psql");
    std::fs::write(&path, "#!/bin/bash\ncase \"$*\" in *'select 1'*) echo 1 ;; *server_version_num*) echo 150008 ;; *) echo ;; esac\n")
        .unwrap();
    std::fs::set_permissions(&path, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    format!("{}:", bin.display())
}

#[test]
fn the_cluster_steps_run_on_node_1_and_node_2_of_both_os_families() {
    let _serial = serial();
    let out = generate(&cluster("10.154.0.40", "5432", "rstudio"), NOW);
    let ids = [
        "cluster-preflight",
        "cluster-cookie-key",
        "cluster-mounts",
        "cluster-users",
        "cluster-database",
        "cluster-node-files",
        "cluster-firewall",
        "cluster-join",
    ];
    for firewall in ["firewalld", "ufw"] {
        for (n, address) in [(1, NODE_1), (2, NODE_2)] {
            let m = Machine::new(&format!("{firewall}-{n}"), address, firewall);
            m.password("s3cret:with colon");
            let psql = fake_psql(&m.dir);
            for id in ids {
                let (status, stderr) = m.run(step(&out, id), &psql);
                assert_eq!(status, 0, "{firewall} node {n}, {id}:\n{stderr}\n{}", m.log());
                // Re-running any step is safe.
                assert_eq!(m.run(step(&out, id), &psql).0, 0, "{firewall} node {n}, {id} again");
            }
            let root = m.root();
            let key = std::fs::read_to_string(root.join("etc/rstudio/secure-cookie-key")).unwrap();
            let mode = |p: &str| std::os::unix::fs::PermissionsExt::mode(&std::fs::metadata(root.join(p)).unwrap().permissions()) & 0o777;
            assert_eq!(mode("etc/rstudio/secure-cookie-key"), 0o600);
            if n == 2 {
                assert_eq!(key, "0b9e7a52-node-1-key\n", "node 2 copies node 1's key");
            }
            let lb = std::fs::read_to_string(root.join("etc/rstudio/load-balancer")).unwrap();
            assert!(lb.contains(&format!("www-host-name={address}\n")), "{lb}");
            let db = std::fs::read_to_string(root.join("etc/rstudio/database.conf")).unwrap();
            assert!(db.ends_with("username=rstudio\n# password: added on each node by the database step, encrypted with the secure cookie key.\npassword=ENCRYPTED-BY-WORKBENCH\n"), "{db}");
            assert_eq!(mode("etc/rstudio/database.conf"), 0o600);
            assert!(!db.contains("s3cret"));
            let fstab = std::fs::read_to_string(root.join("etc/fstab")).unwrap();
            assert_eq!(fstab.matches("10.154.0.30:/home /home nfs").count(), 1, "one line, also after a re-run:\n{fstab}");
            let log = m.log();
            let opened = if firewall == "ufw" {
                format!("ufw allow from {} to any port 8787", if n == 1 { NODE_2 } else { NODE_1 })
            } else {
                "firewall-cmd --permanent --add-rich-rule".into()
            };
            assert!(log.contains(&opened), "{log}");
            assert!(!log.contains("s3cret"), "the password is on no command line:\n{log}");
        }
    }
}

#[test]
fn a_node_whose_key_differs_from_node_1s_stops_and_keeps_its_key() {
    let _serial = serial();
    let out = generate(&cluster("10.154.0.40", "5432", "rstudio"), NOW);
    let m = Machine::new("key-differs", NODE_2, "ufw");
    std::fs::write(m.root().join("etc/rstudio/secure-cookie-key"), "another-key\n").unwrap();
    let (status, stderr) = m.run(step(&out, "cluster-cookie-key"), "");
    assert_ne!(status, 0);
    assert!(stderr.contains("differs from node 1's"), "{stderr}");
    assert_eq!(std::fs::read_to_string(m.root().join("etc/rstudio/secure-cookie-key")).unwrap(), "another-key\n");
}

/// The whole script (`runbook.sh`, every step in order) on node 1 and then node 2 of both OS
/// families, NFS on node 1, the homes under `/data/rsp-…`, moved into a directory both see (as
/// the NFS mount would be): each run passes, and passes again.
#[test]
fn the_whole_cluster_script_runs_on_node_1_and_node_2_of_both_os_families_and_again() {
    let _serial = serial();
    for firewall in ["ufw", "firewalld"] {
        let shared = std::env::temp_dir().join(format!("rsp-cluster-whole-{firewall}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&shared);
        std::fs::create_dir_all(&shared).unwrap();
        let mut inputs = cluster("10.154.0.40", "5432", "rstudio");
        for (key, value) in [("nfs-server", ""), ("home-root", "/data/rsp-homes"), ("shared-storage", "/data/rsp-shared")] {
            inputs.settings.insert(key.into(), value.into());
        }
        let out = generate(&inputs, NOW);
        assert!(out.missing.is_empty(), "{:?}", out.missing);
        let moved = |text: &str| text.replace("/data/rsp-", &format!("{}/data/rsp-", shared.display()));
        let script = moved(&out.script);
        for (n, address) in [(1, NODE_1), (2, NODE_2)] {
            let m = Machine::new(&format!("whole-{firewall}-{n}"), address, firewall);
            m.password("s3cret:with colon");
            if n == 2 {
                std::fs::write(m.dir.join("passwd"), "rstudio-server:x:998:998::/home/rstudio-server:/usr/sbin/nologin\n").unwrap();
            }
            let psql = fake_psql(&m.dir);
            for run in ["first", "again"] {
                let (status, stderr) = m.run(&script, &psql);
                assert_eq!(status, 0, "{firewall} node {n}, {run} run:\n{stderr}\n{}", m.log());
            }
            let root = m.root();
            let read = |p: &str| std::fs::read_to_string(root.join(p)).unwrap_or_else(|e| panic!("{firewall} node {n}: {p}: {e}"));
            // The token file holds what the cluster gave (by default it is read from there).
            assert_eq!(read("etc/rstudio/launcher.kubernetes.token"), "eyJhbGciOiJSUzI1NiJ9.e30.c");
            let token = rsp_k8s_engine::paths::TOKEN_FILE;
            for f in out
                .files
                .iter()
                .filter(|f| f.node.is_none() && f.path.starts_with("/etc/rstudio/") && ![DATABASE, token].contains(&f.path.as_str()))
            {
                // As rendered, but for the paths this test moves (the run moved them in the commands).
                let want = moved(&f.content).replace("/etc/rstudio", &format!("{}/etc/rstudio", root.display()));
                assert_eq!(read(&f.path[1..]), want, "{firewall} node {n}: {}", f.path);
            }
            assert!(read("etc/rstudio/load-balancer").contains(&format!("www-host-name={address}\n")));
            assert!(read("etc/rstudio/database.conf").ends_with("password=ENCRYPTED-BY-WORKBENCH\n"));
            let log = m.log();
            assert!(!log.contains("s3cret"), "the password is on no command line");
            let (install, other) =
                if firewall == "ufw" { ("apt-get install -y nfs-kernel-server", "dnf") } else { ("dnf install -y nfs-utils", "apt-get") };
            assert!(!log.contains(other), "{firewall} node {n}: {log}");
            let fstab = read("etc/fstab");
            if n == 1 {
                // Node 1 is the NFS server: it exports the homes, mounts nothing.
                assert!(log.contains(install) && log.contains("exportfs -ra"), "{firewall}: {log}");
                assert!(read("etc/exports").contains(&moved("/data/rsp-homes ")), "{}", read("etc/exports"));
                assert_eq!(fstab, "");
            } else {
                assert!(!log.contains(install) && !log.contains("exportfs"), "{firewall} node 2: {log}");
                assert!(!root.join("etc/exports").exists());
                assert_eq!(read("etc/rstudio/secure-cookie-key"), "0b9e7a52-node-1-key\n");
                assert_eq!(fstab.matches(&moved(&format!("{NODE_1}:/data/rsp-homes "))).count(), 1, "{fstab}");
                let passwd = std::fs::read_to_string(m.dir.join("passwd")).unwrap();
                assert_eq!(passwd.matches("alice:x:1001:1001:").count(), 1, "node 1's numbers, once after the re-run: {passwd}");
            }
        }
        let _ = std::fs::remove_dir_all(&shared);
    }
}

/// Node 2 of either OS family: node 1's accounts absent here are created with node 1's numbers
/// (rstudio-server too, as a system account); an account whose numbers differ, or a number
/// another account holds, stops the step and is left as it was.
#[test]
fn node_2_gets_node_1s_uids_and_refuses_an_account_that_differs() {
    let _serial = serial();
    let out = generate(&cluster("10.154.0.40", "5432", "rstudio"), NOW);
    for firewall in ["firewalld", "ufw"] {
        let m = Machine::new(&format!("uids-{firewall}"), NODE_2, firewall);
        std::fs::write(m.dir.join("passwd"), "").unwrap();
        std::fs::write(m.dir.join("group"), "").unwrap();
        let (status, stderr) = m.run(step(&out, "cluster-users"), "");
        assert_eq!(status, 0, "{firewall}: {stderr}\n{}", m.log());
        let passwd = std::fs::read_to_string(m.dir.join("passwd")).unwrap();
        let group = std::fs::read_to_string(m.dir.join("group")).unwrap();
        assert!(passwd.contains("rstudio-server:x:998:998:") && passwd.contains("alice:x:1001:1001:"), "{firewall}: {passwd}");
        assert!(group.contains("rstudio-server:x:998:") && group.contains("alice:x:1001:"), "{firewall}: {group}");
        let log = m.log();
        assert!(log.contains("useradd --system --uid 998 --gid 998 --no-create-home"), "{log}");
        assert!(log.contains("useradd --uid 1001 --gid 1001 --no-create-home --home-dir /home/alice"), "{log}");
        // Again: nothing more is created.
        assert_eq!(m.run(step(&out, "cluster-users"), "").0, 0);
        assert_eq!(std::fs::read_to_string(m.dir.join("passwd")).unwrap(), passwd, "{firewall}: a re-run creates nothing");
        // Then the one-server users step finds alice and leaves her as she is.
        assert_eq!(m.run(step(&out, "users"), "").0, 0);
        assert_eq!(m.log().matches("useradd").count(), 2, "{}", m.log());

        // An existing alice with another UID, or node 1's UID held here by another account:
        // refused, named, nothing created or changed.
        for (case, account, message) in [
            ("uid-differs", "alice:x:1005:1005::/home/alice:/bin/bash", "alice is 1005:1005 (uid:gid) on wb-2 but 1001:1001 on node 1"),
            ("uid-taken", "bob:x:1001:1001::/home/bob:/bin/bash", "alice cannot get UID 1001 (node 1's) on wb-2: bob has it"),
        ] {
            let m = Machine::new(&format!("{case}-{firewall}"), NODE_2, firewall);
            let passwd = format!("rstudio-server:x:998:998::/home/rstudio-server:/usr/sbin/nologin\n{account}\n");
            std::fs::write(m.dir.join("passwd"), &passwd).unwrap();
            let (status, stderr) = m.run(step(&out, "cluster-users"), "");
            assert_ne!(status, 0, "{case}");
            assert!(stderr.contains(message), "{case}: {stderr}");
            assert!(!m.log().contains("useradd") && !m.log().contains("groupadd"), "{case}: {}", m.log());
            assert_eq!(std::fs::read_to_string(m.dir.join("passwd")).unwrap(), passwd, "{case}");
        }
    }
}

#[test]
fn the_nfs_steps_do_nothing_on_a_node_when_nfs_is_a_server_of_its_own() {
    let _serial = serial();
    let out = generate(&cluster("10.154.0.40", "5432", "rstudio"), NOW);
    let m = Machine::new("nfs-elsewhere", NODE_2, "ufw");
    for id in ["nfs-server", "nfs-export"] {
        let (status, stderr) = m.run(step(&out, id), "");
        assert_eq!(status, 0, "{id}: {stderr}");
    }
    assert!(!m.log().contains("systemctl enable"), "{}", m.log());
}

/// A real PostgreSQL server in a temporary directory, on a free loopback port, run as `nobody`
/// (PostgreSQL refuses root); stopped when dropped.
struct Postgres {
    dir: PathBuf,
    bin: PathBuf,
    port: u16,
}

impl Postgres {
    fn start(password: &str) -> Option<Postgres> {
        let bin = std::fs::read_dir("/usr/lib/postgresql")
            .ok()?
            .filter_map(Result::ok)
            .map(|e| e.path().join("bin"))
            .find(|b| b.join("initdb").exists())?;
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let dir = std::env::temp_dir().join(format!("rsp-pg-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("pw"), password).unwrap();
        assert!(Command::new("chown").args(["-R", "nobody", &dir.display().to_string()]).status().unwrap().success());
        let pg = Postgres { dir, bin, port };
        let data = pg.dir.join("data");
        pg.as_nobody(&[
            "initdb",
            "-D",
            &data.display().to_string(),
            "-U",
            "postgres",
            "--auth-local=trust",
            "--auth-host=scram-sha-256",
            &format!("--pwfile={}", pg.dir.join("pw").display()),
        ]);
        let opts = format!("-p {port} -k {} -c listen_addresses=127.0.0.1", pg.dir.display());
        pg.as_nobody(&[
            "pg_ctl",
            "-D",
            &data.display().to_string(),
            "-o",
            &opts,
            "-l",
            &pg.dir.join("log").display().to_string(),
            "-w",
            "start",
        ]);
        Some(pg)
    }

    fn as_nobody(&self, args: &[&str]) {
        let program = self.bin.join(args[0]);
        let out =
            Command::new("runuser").args(["-u", "nobody", "--"]).arg(&program).args(&args[1..]).current_dir(&self.dir).output().unwrap();
        assert!(out.status.success(), "{args:?}: {}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    }

    /// SQL as the superuser over the private socket.
    fn sql(&self, db: &str, sql: &str) {
        let out = Command::new("runuser")
            .args(["-u", "nobody", "--", "psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h"])
            .arg(&self.dir)
            .args(["-p", &self.port.to_string(), "-U", "postgres", "-d", db, "-c", sql])
            .output()
            .unwrap();
        assert!(out.status.success(), "{sql}: {}", String::from_utf8_lossy(&out.stderr));
    }
}

impl Drop for Postgres {
    fn drop(&mut self) {
        let data = self.dir.join("data").display().to_string();
        self.as_nobody(&["pg_ctl", "-D", &data, "-m", "fast", "-w", "stop"]);
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

#[test]
fn the_database_step_against_a_real_postgresql() {
    let _serial = serial();
    let password = "Pg-pass:word 1";
    let Some(pg) = Postgres::start(password) else {
        println!(
            "skipped: no PostgreSQL server binaries under /usr/lib/postgresql/*/bin (scripts/setup.sh installs the postgresql package)"
        );
        return;
    };
    pg.sql("postgres", "CREATE DATABASE rstudio");
    pg.sql("postgres", "CREATE DATABASE connect");
    pg.sql("connect", "CREATE TABLE users (id int); CREATE TABLE content (id int)");
    let run = |db: &str, pw: &str| {
        let mut inputs = cluster("127.0.0.1", &pg.port.to_string(), "postgres");
        inputs.settings.insert("db-name".into(), db.into());
        let out = generate(&inputs, NOW);
        let m = Machine::new(&format!("pg-{db}-{}", pw.len()), NODE_1, "ufw");
        m.password(pw);
        let (status, stderr) = m.run(step(&out, "cluster-database"), "");
        let conf = std::fs::read_to_string(m.root().join("etc/rstudio/database.conf")).ok();
        (status, stderr, conf)
    };
    // A fresh database passes, and database.conf gets the encrypted password only.
    let (status, stderr, conf) = run("rstudio", password);
    assert_eq!(status, 0, "{stderr}");
    let conf = conf.expect("database.conf written");
    assert!(conf.contains(&format!("port={}\n", pg.port)) && conf.ends_with("password=ENCRYPTED-BY-WORKBENCH\n"), "{conf}");
    assert!(!conf.contains(password));
    // Another product's tables: refused, and nothing written.
    let (status, stderr, conf) = run("connect", password);
    assert_ne!(status, 0);
    assert!(stderr.contains("not Workbench's") && stderr.contains("public.users"), "{stderr}");
    assert!(conf.is_none());
    // This cluster's own database (Workbench's schema_version table) is taken again.
    pg.sql("rstudio", "CREATE TABLE schema_version (v text)");
    assert_eq!(run("rstudio", password).0, 0);
    // A wrong password: the connection is refused, with what to check.
    let (status, stderr, _) = run("rstudio", "wrong");
    assert_ne!(status, 0);
    assert!(stderr.contains("Cannot connect"), "{stderr}");
}
