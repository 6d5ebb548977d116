//! The diagnose box: realistic pastes (describe, events, logs) per cause, noise that must give
//! nothing, the runbook's own troubleshoot output from a failing setup, normalisation,
//! privacy of the guide's section, and the bounds (the last 4 MiB, linear time).

mod common;

use common::NOW;
use rsp_k8s_engine::diagnose::{diagnose, normalise, strip_timestamps, Diagnosis, Setup, MAX_LOG_BYTES, SIGNATURES};
use rsp_k8s_engine::preset::example;
use rsp_k8s_engine::settings::spec;

fn setup() -> Setup {
    Setup::from_output(&rsp_k8s_engine::generate(&example(), NOW))
}

fn run(log: &str) -> Diagnosis {
    diagnose(log, &setup())
}

fn causes(log: &str) -> Vec<String> {
    run(log).findings.into_iter().map(|f| f.cause).collect()
}

/// (cause, pasted excerpt): three or more shapes per cause.
const CASES: &[(&str, &str)] = &[
    // image-pull
    ("image-pull", r#"Events:
  Type     Reason     Age                From               Message
  ----     ------     ----               ----               -------
  Normal   Scheduled  2m                 default-scheduler  Successfully assigned rstudio/rstudio-launcher-abc12 to gke-pool-1-x
  Normal   Pulling    60s (x4 over 2m)   kubelet            Pulling image "rstudio/r-session-complete:ubuntu2204-2099.01.0"
  Warning  Failed     59s (x4 over 2m)   kubelet            Failed to pull image "rstudio/r-session-complete:ubuntu2204-2099.01.0": rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/rstudio/r-session-complete:ubuntu2204-2099.01.0": failed to resolve reference: docker.io/rstudio/r-session-complete:ubuntu2204-2099.01.0: not found
  Warning  Failed     59s (x4 over 2m)   kubelet            Error: ErrImagePull
"#),
    ("image-pull", "NAME                                READY   STATUS             RESTARTS   AGE\npod/rstudio-launcher-7f9c   0/1     ImagePullBackOff   0          3m12s\n"),
    ("image-pull", "2026-05-01T10:02:03.112Z [rstudio-kubernetes-launcher] ERROR Job rstudio-launcher-7f9c failed: Back-off pulling image \"registry.internal/posit/session:2026.09\"\r\n"),
    ("image-pull", "Error response from daemon: manifest unknown: manifest unknown\n"),
    // pod-security
    ("pod-security", r#"2026-05-01T10:02:03Z ERROR Error creating job: {"kind":"Status","apiVersion":"v1","status":"Failure","message":"pods \"rstudio-launcher-x\" is forbidden: violates PodSecurity \"restricted:latest\": allowPrivilegeEscalation != false","reason":"Forbidden","code":403}"#),
    ("pod-security", "LAST SEEN   TYPE      REASON         OBJECT                MESSAGE\n12s         Warning   FailedCreate   job/rstudio-launcher-x   Error creating: pods \"rstudio-launcher-x-8kq\" is forbidden: violates PodSecurity \"baseline:latest\": host namespaces (hostNetwork=true)\n"),
    ("pod-security", "Warning: would violate PodSecurity \"restricted:latest\": runAsNonRoot != true (pod or container \"rstudio\" must set securityContext.runAsNonRoot=true)\n"),
    ("pod-security", "Error creating: pods \"rs-1\" is forbidden: unable to validate against any security context constraint: [provider \"anyuid\": Forbidden: not usable by user or serviceaccount]\n"),
    // quota
    ("quota", "  Warning  FailedCreate  8s  job-controller  Error creating: pods \"rstudio-launcher-q\" is forbidden: exceeded quota: compute-resources, requested: limits.memory=8Gi, used: limits.memory=30Gi, limited: limits.memory=32Gi\n"),
    ("quota", r#"{"level":"error","msg":"create job","error":"pods \"rs-2\" is forbidden: failed quota: team-quota: must specify limits.cpu for: rstudio; limits.memory for: rstudio"}"#),
    ("quota", "\x1b[31mERROR\x1b[0m pods \"rs-3\" is forbidden: maximum memory usage per Container is 4Gi, but limit is 8Gi\n"),
    // rbac-forbidden
    ("rbac-forbidden", r#"2026-05-01T10:00:00.000000Z [rstudio-kubernetes-launcher] ERROR Kubernetes API request failed: jobs.batch is forbidden: User "system:serviceaccount:rstudio:job-launcher" cannot create resource "jobs" in API group "batch" in the namespace "rstudio""#),
    ("rbac-forbidden", "Error from server (Forbidden): pods is forbidden: User \"system:serviceaccount:rstudio:job-launcher\" cannot list resource \"pods\" in API group \"\" at the cluster scope\r\n"),
    ("rbac-forbidden", r#"{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"services is forbidden","reason":"Forbidden","details":{"kind":"services"},"code":403}"#),
    // token-unauthorized
    ("token-unauthorized", "error: You must be logged in to the server (Unauthorized)\n"),
    ("token-unauthorized", r#"May  1 10:00:01 wb rstudio-launcher[812]: ERROR Error response from Kubernetes: {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Unauthorized","reason":"Unauthorized","code":401}"#),
    ("token-unauthorized", "< HTTP/2 401 Unauthorized\n< content-type: application/json\n"),
    ("token-unauthorized", "E0501 10:00:01.123456   4242 memcache.go:265] couldn't get current server API group list: the server has asked for the client to provide credentials\n"),
    // ca-untrusted
    ("ca-untrusted", "Unable to connect to the server: tls: failed to verify certificate: x509: certificate signed by unknown authority\n"),
    ("ca-untrusted", "curl: (60) SSL certificate problem: unable to get local issuer certificate\nMore details here: https://curl.se/docs/sslcerts.html\n"),
    ("ca-untrusted", "2026-05-01T10:00:00.1Z [rstudio-kubernetes-launcher] ERROR Could not connect to Kubernetes API: certificate verify failed (SSL routines)\n"),
    ("ca-untrusted", "Unable to connect to the server: x509: certificate is valid for 10.0.0.1, 34.89.1.2, not 35.1.1.1\n"),
    // nfs-mount
    ("nfs-mount", r#"  Warning  FailedMount  12s (x8 over 2m)  kubelet  MountVolume.SetUp failed for volume "home" : mount failed: exit status 32
Mounting command: mount
Mounting arguments: -t nfs 10.154.0.16:/home /var/lib/kubelet/pods/1f/volumes/kubernetes.io~nfs/home
Output: mount.nfs: access denied by server while mounting 10.154.0.16:/home
"#),
    ("nfs-mount", "12s  Warning  FailedMount  pod/rstudio-launcher-n  Unable to attach or mount volumes: unmounted volumes=[home], unattached volumes=[home kube-api-access]: timed out waiting for the condition\n"),
    ("nfs-mount", "Output: mount.nfs: Connection timed out\n"),
    ("nfs-mount", "Output: mount: /var/lib/kubelet/pods/x/volumes/kubernetes.io~nfs/home: bad option; for several filesystems (e.g. nfs, cifs) you might need a /sbin/mount.<type> helper program.\n"),
    // home-permissions
    ("home-permissions", "2026-05-01T10:00:00.222Z ERROR system error 13 (Permission denied) [path: /home/bob/.local/share/rstudio, target-dir: ]; OCCURRED AT rstudio::core::Error rstudio::core::FilePath::createDirectory\n"),
    ("home-permissions", "mkdir: cannot create directory '/home/bob/.config': Permission denied\n"),
    ("home-permissions", "chown: changing ownership of '/home/carol': Operation not permitted\r\n"),
    // scheduling
    ("scheduling", "  Warning  FailedScheduling  30s  default-scheduler  0/3 nodes are available: 3 Insufficient memory. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.\n"),
    ("scheduling", "LAST SEEN   TYPE      REASON             OBJECT                  MESSAGE\n5s          Normal    NotTriggerScaleUp   pod/rstudio-launcher-s   pod didn't trigger scale-up: 1 node(s) had untolerated taint {dedicated: gpu}\n"),
    ("scheduling", "Status: Pending\nConditions:\n  PodScheduled False\nEvents: 0/4 nodes are available: 4 node(s) didn't match Pod's node affinity/selector.\n"),
    // version-mismatch
    ("version-mismatch", "Workbench here is 2024.12.1+563.pro5; these files are for Posit Workbench 2026.09.0. Install that release, or set the page's target release to it.\n"),
    ("version-mismatch", "+ echo 'Workbench here is 2025.05.0; these files are for Posit Workbench 2026.01.1. Install that release, or set the page'\\''s target release to it.'\r\n"),
    ("version-mismatch", "\x1b[1;31m[preflight-vm]\x1b[0m Workbench here is 2023.03.0; these files are for Posit Workbench 2024.04.2. Install that release\n"),
    // license
    ("license", "The licence does not enable the Job Launcher (Enable-Launcher: 1): sessions on Kubernetes need a tier that includes it.\n"),
    ("license", "$ rstudio-server license-manager status\nLicense-Engine: 4.4.3.0\nEnable-Launcher: 0\nStatus: Activated\n"),
    ("license", "2026-05-01 10:00:00 ERROR The licence does not enable the Job Launcher (Enable-Launcher: 1)\r\n"),
    // launcher-config
    ("launcher-config", "May  1 10:00:00 wb rstudio-server[1234]: ERROR unrecognised option 'launcher-sessions-callback-adress'\n"),
    ("launcher-config", "May  1 10:00:00 wb systemd[1]: rstudio-launcher.service: Failed with result 'exit-code'.\n"),
    ("launcher-config", "The launcher did not start: see /var/log/rstudio/launcher/.\n"),
    ("launcher-config", "2026-05-01T10:00:00Z [rserver] ERROR the argument ('88a') for option 'www-port' is invalid\n"),
    // cluster-join
    ("cluster-join", "The secure cookie key of wb-2 differs from node 1's: this node would not join the cluster. Move /etc/rstudio/secure-cookie-key aside and run this step again.\n"),
    ("cluster-join", "10.154.0.16 Online\nNot in the cluster yet: wb-2. On each, see /var/log/rstudio/rstudio-server/rserver.log (a secure cookie key or protocol that differs from node 1's keeps a node out).\r\n"),
    ("cluster-join", "2026-05-01T10:00:00.104212Z [rserver] ERROR system error 22 (Invalid argument) [key-files: /var/lib/rstudio-server/secure-cookie-key (managed), /etc/rstudio/secure-cookie-key (manual using XDG_CONFIG_DIRS)]; OCCURRED AT rstudio::core::Error rstudio::core::database::ConnectVisitor::getPassword(const rstudio::core::database::PostgresqlConnectionOptions&, std::string&) const src/cpp/core/Database.cpp:402\n"),
    ("cluster-join", "2026-05-01T10:00:02.551Z [rserver] ERROR asio.netdb error 1 (Host not found (authoritative)) [host: wb-2:8787, uri: /load-balancer/distributed_events]; OCCURRED AT void rstudio::core::http::AsyncClient::handleConnect\n"),
    ("cluster-join", "2026-05-01T10:00:00.000000Z [rserver] INFO Load balancer default for missing www-host-name using system hostname: wb-2:8787\n"),
    ("cluster-join", "2022-01-08T04:37:43.467818Z [rserver] ERROR system error 74 (Bad message) [description: error:0407109F:rsa routines:RSA_padding_check_PKCS1_type_2:pkcs decoding error, description: Failed sign-in - unable to decrypt password - error]; OCCURRED AT rstudio::core::Error rstudio::core::system::crypto::rsaPrivateDecrypt(const string&, std::string*) src/cpp/core/system/Crypto.cpp:377\n"),
    // database
    ("database", "2026-05-01T10:00:00.000000Z [rserver] ERROR Cannot establish connection to the database. connection to server at \"10.154.0.40\", port 5432 failed: Connection refused\n\tIs the server running on that host and accepting TCP/IP connections?\n"),
    ("database", "psql: error: connection to server at \"10.154.0.40\", port 5432 failed: FATAL:  password authentication failed for user \"rstudio\"\n"),
    ("database", "psql: error: connection to server at \"10.154.0.40\", port 5432 failed: FATAL:  database \"rstudio\" does not exist\r\n"),
    ("database", "2026-05-01 10:00:00.000 UTC [4242] FATAL:  no pg_hba.conf entry for host \"10.154.0.21\", user \"rstudio\", database \"rstudio\", no encryption\n"),
    ("database", "connection to server at \"db.internal\" (10.154.0.40), port 5432 failed: server does not support SSL, but SSL was required\n"),
    ("database", "2022-03-04T21:07:59.764604Z [rserver] WARNING A plain text value is potentially being used for the PostgreSQL password, or an encrypted password could not be decrypted. The RStudio Server documentation for PostgreSQL shows how to encrypt this value.; LOGGED FROM: rstudio::core::Error rstudio::core::database::ConnectVisitor::getPassword(const rstudio::core::database::PostgresqlConnectionOptions&, std::string&) const src/cpp/core/Database.cpp:410\n"),
    ("database", "could not connect to server: Connection timed out\n\tIs the server running on host \"10.154.0.40\" and accepting\n\tTCP/IP connections on port 5432?\n"),
    ("database", "[rserver] ERROR Cannot establish connection to the database. connection to server at \"10.154.0.40\", port 5432 failed: fe_sendauth: no password supplied\n"),
    // callback-unreachable
    ("callback-unreachable", "curl: (28) Connection timed out after 5001 milliseconds\n000\npod \"rsp-callback-check\" deleted\npod rstudio/rsp-callback-check terminated (Error)\n"),
    ("callback-unreachable", "curl: (7) Failed to connect to 10.154.0.16 port 8787 after 2 ms: Couldn't connect to server\n"),
    ("callback-unreachable", "2026-05-01T10:00:00Z ERROR dial tcp 10.154.0.16:8787: i/o timeout\n"),
    ("callback-unreachable", "EnvironmentError: RS_SERVER_ADDRESS environment variable not set. Cannot determine Posit Workbench server address. Contact your server administrator to ensure that launcher-sessions-callback-address is configured correctly.\n"),
    // network
    ("network", "Unable to connect to the server: dial tcp 34.89.10.20:443: i/o timeout\n"),
    ("network", "E0501 10:00:00.000000    1 reflector.go:138] Get \"https://api.internal:6443/api\": dial tcp: lookup api.internal on 127.0.0.53:53: no such host\n"),
    ("network", "\x1b[33mWARN\x1b[0m Kubernetes API: net/http: TLS handshake timeout\r\n"),
    ("network", "curl: (6) Could not resolve host: api.example.internal\n"),
];

#[test]
fn every_cause_is_found_in_at_least_three_realistic_pastes() {
    for s in SIGNATURES {
        let n = CASES.iter().filter(|(c, _)| *c == s.cause).count();
        assert!(n >= 3, "{}: {n} excerpts", s.cause);
    }
    for (cause, log) in CASES {
        let found = causes(log);
        assert!(found.iter().any(|c| c == cause), "expected {cause} in {found:?} for:\n{log}");
        // Nothing else is invented, but for a callback check's curl line (also a network failure).
        let extra: Vec<_> = found.iter().filter(|c| c != cause && *c != "network").collect();
        assert!(extra.is_empty(), "{cause}: also {extra:?} for:\n{log}");
    }
}

/// The 14 causes of the issue, and a cluster's two (issue 27), each declared once.
#[test]
fn the_table_holds_the_sixteen_causes_each_with_fields_or_steps_that_exist() {
    let want = [
        "image-pull",
        "callback-unreachable",
        "nfs-mount",
        "home-permissions",
        "rbac-forbidden",
        "token-unauthorized",
        "ca-untrusted",
        "version-mismatch",
        "license",
        "scheduling",
        "pod-security",
        "quota",
        "launcher-config",
        "network",
        "cluster-join",
        "database",
    ];
    let mut have: Vec<_> = SIGNATURES.iter().map(|s| s.cause).collect();
    have.sort_unstable();
    let mut want = want.to_vec();
    want.sort_unstable();
    assert_eq!(have, want);
    // The steps of one server and of a cluster.
    let cluster =
        common::example_with(&[("topology", "cluster"), ("nodes", "wb-1 10.154.0.16, wb-2 10.154.0.21"), ("db-host", "10.154.0.40")]);
    let steps: Vec<_> = [example(), cluster].iter().flat_map(|i| rsp_k8s_engine::generate(i, NOW).steps).map(|s| s.id.name()).collect();
    for s in SIGNATURES {
        assert!(s.doc.starts_with("https://"), "{}", s.cause);
        for f in s.fields {
            assert!(spec(f).is_some() || ["kubeconfig", "token"].contains(f), "{}: unknown field {f}", s.cause);
        }
        for st in s.steps {
            assert!(steps.contains(st), "{}: unknown step {st}", s.cause);
        }
        assert!(!s.fields.is_empty() || !s.steps.is_empty(), "{}", s.cause);
    }
}

const NOISE: &[&str] = &[
    // A healthy describe, events and logs.
    r#"Name:         rstudio-launcher-ok
Namespace:    rstudio
Status:       Running
Events:
  Type    Reason     Age   From               Message
  ----    ------     ----  ----               -------
  Normal  Scheduled  20s   default-scheduler  Successfully assigned rstudio/rstudio-launcher-ok to node-1
  Normal  Pulled     18s   kubelet            Container image "rstudio/r-session-complete:ubuntu2204-2026.09.0" already present on machine
  Normal  Created    18s   kubelet            Created container rstudio
  Normal  Started    17s   kubelet            Started container rstudio
"#,
    "2026-05-01T10:00:00.000000Z [rstudio-launcher] INFO Launcher started on localhost:5559\n2026-05-01T10:00:01Z [rstudio-kubernetes-launcher] INFO Job rstudio-launcher-ok is running\n",
    "200\npod \"rsp-callback-check\" deleted\n",
    "bob  carol  rsp-shared\npod \"rsp-nfs-check\" deleted\n",
    "yes\nexportfs -v\n/home  10.156.0.0/20(sync,wdelay,hide,no_subtree_check,sec=sys,rw,secure,root_squash,no_all_squash)\n",
    "",
    "\r\n\r\n\x1b[0m\x1b[32m✔ all good\x1b[0m\r\n",
    // A healthy cluster node: rserver's database lines, the cluster steps' own output.
    "2022-03-04T21:07:59.764354Z [rserver] INFO Creating database connection pool of size 2 (source: logical CPU count)\n2022-03-04T21:07:59.820262Z [rserver] INFO Database schema version is up to date.\n",
    "This is node wb-2 (node 1 is wb-1, 10.154.0.16).\nSecure cookie key in place (sha256 4f2ac01e, the same on every node).\nrstudio is empty: Workbench will create its tables.\n10.154.0.16 Online\n10.154.0.21 Online\n",
    "[rserver] WARNING Found /etc/rstudio/load-balancer - load balancing enabled for compatibility with 2023.06.\n",
    // Words near a pattern, but not one.
    "The image was pulled. Access is fine. permissions: none to report. Quota: plenty. forbidden fruit.\n",
];

#[test]
fn noise_gives_no_finding() {
    for log in NOISE {
        assert_eq!(causes(log), Vec::<&str>::new(), "for:\n{log}");
    }
}

/// The runbook's troubleshoot step, run on a setup with a wrong image tag and a blocked
/// callback port: its own output, as a terminal shows it, names both causes.
#[test]
fn the_troubleshoot_output_of_a_wrong_tag_and_a_blocked_port_names_both() {
    let log = "\u{1b}[1m# 1. From the cluster: can a pod reach rserver's callback address?\u{1b}[0m\r\n\
$ kubectl -n rstudio run rsp-callback-check --rm -i --restart=Never --image=curlimages/curl -- curl -sS -m 5 -o /dev/null -w '%{http_code}\\n' http://10.154.0.16:8787\r\n\
If you don't see a command prompt, try pressing enter.\r\n\
curl: (28) Connection timed out after 5002 milliseconds\r\n\
000\r\n\
pod \"rsp-callback-check\" deleted\r\n\
pod rstudio/rsp-callback-check terminated (Error)\r\n\
$ kubectl -n rstudio get pods,events\r\n\
NAME                              READY   STATUS             RESTARTS   AGE\r\n\
pod/rstudio-launcher-k2x9f-7wq    0/1     \u{1b}[31mImagePullBackOff\u{1b}[0m   0          4m\r\n\
LAST SEEN   TYPE      REASON    OBJECT                           MESSAGE\r\n\
4m          Warning   Failed    pod/rstudio-launcher-k2x9f-7wq   Failed to pull image \"rstudio/r-session-complete:ubuntu2204-2026.9.0\": rpc error: code = NotFound desc = failed to pull and unpack image: not found\r\n\
$ tail -n 50 /var/log/rstudio/launcher/*.log\r\n\
2026-05-01T10:04:00.118Z [rstudio-kubernetes-launcher] INFO Job rstudio-launcher-k2x9f is pending\r\n";
    let d = run(log);
    let found: Vec<_> = d.findings.iter().map(|f| f.cause.as_str()).collect();
    assert!(found.contains(&"image-pull") && found.contains(&"callback-unreachable"), "{found:?}");
    let pull = d.findings.iter().find(|f| f.cause == "image-pull").unwrap();
    assert!(pull.fields.iter().any(|f| f == "session-image"));
    // The setup's own image (the newest release's default), named beside the tag that failed.
    assert!(pull.explanation.contains("`posit/workbench-session:R4.5.2-python3.14.3-ubuntu-24.04`"), "{}", pull.explanation);
    let callback = d.findings.iter().find(|f| f.cause == "callback-unreachable").unwrap();
    assert!(callback.fields.iter().any(|f| f == "vm-ip") && callback.steps.iter().any(|s| s == "firewall"));
    assert!(callback.explanation.contains("`http://10.154.0.16:8787`"), "{}", callback.explanation);
    // Quoted without colours, CR or timestamps, at most three lines each.
    for f in &d.findings {
        assert!(!f.evidence.is_empty() && f.evidence.len() <= 3);
        for e in &f.evidence {
            assert!(!e.contains('\u{1b}') && !e.contains('\r'), "{e:?}");
        }
    }
    assert!(pull.evidence.iter().any(|e| e.starts_with("pod/rstudio-launcher-k2x9f-7wq")), "{:?}", pull.evidence);
}

#[test]
fn a_failure_on_another_host_is_network_not_the_callback() {
    assert_eq!(causes("curl: (7) Failed to connect to 10.9.9.9 port 443 after 1 ms: Connection refused\ndial tcp 10.9.9.9:443: connect: connection refused\n"), ["network"]);
    // Without a callback address on the page, the callback's own patterns are not looked for.
    let d = diagnose("dial tcp 10.154.0.16:8787: i/o timeout", &Setup::default());
    assert_eq!(d.findings.iter().map(|f| f.cause.as_str()).collect::<Vec<_>>(), ["network"]);
    // And the explanation falls back to words.
    let d = diagnose("Error: ErrImagePull", &Setup::default());
    assert!(d.findings[0].explanation.contains("(the session image)"), "{}", d.findings[0].explanation);
}

#[test]
fn colours_crlf_and_timestamps_are_removed_from_the_evidence() {
    assert_eq!(normalise("a\r\nb\rc\x1b[1;31md\x1b[0m\x1b]0;title\x07e\x00f"), "a\nb\ncdef");
    assert_eq!(strip_timestamps("2026-05-01T10:00:00.123456Z [launcher] x"), "[launcher] x");
    assert_eq!(strip_timestamps("[2026-05-01 10:00:00,123] x"), "x");
    assert_eq!(strip_timestamps("2026-05-01 10:00:00 ERROR x"), "ERROR x");
    assert_eq!(strip_timestamps("May  1 10:00:00 wb rstudio-server[12]: ERROR x"), "ERROR x");
    assert_eq!(strip_timestamps("E0501 10:00:01.123456   4242 memcache.go:265] x"), "4242 memcache.go:265] x");
    let d = run("2026-05-01T10:00:00Z \x1b[31mError: ErrImagePull\x1b[0m\r\n");
    assert_eq!(d.findings[0].evidence, ["Error: ErrImagePull"]);
}

#[test]
fn evidence_is_cut_escaped_deduplicated_and_hides_tokens() {
    let long = format!("Failed to pull image \"{}\": not found\u{202e}", "x".repeat(1000));
    let d = run(&format!("{long}\n{long}\n{long}\nError: ErrImagePull\nError: ErrImagePull\n"));
    let f = &d.findings[0];
    assert_eq!(f.lines, 5);
    assert_eq!(f.evidence.len(), 2, "{:?}", f.evidence);
    assert!(f.evidence[0].chars().count() <= 201 && f.evidence[0].ends_with('…'));
    let bidi = run("ErrImagePull \u{202e}evil");
    assert!(bidi.findings[0].evidence[0].contains("\\u{202e}"), "{:?}", bidi.findings[0].evidence);
    let jwt = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQifQ.c2lnbmF0dXJlc2lnbmF0dXJl";
    let d = run(&format!(
        "curl -H 'Authorization: Bearer {jwt}' https://api:6443\nerror: You must be logged in to the server (Unauthorized) token={jwt}\n"
    ));
    let all = format!("{:?}", d.findings);
    assert!(!all.contains("eyJhbGci") && !all.contains("c2lnbmF0dXJl"), "{all}");
    assert!(d.findings[0].evidence[0].contains("[token hidden]"));
}

#[test]
fn the_guide_holds_a_finding_only_as_its_cause_and_fix() {
    let d = run("Warning Failed kubelet Failed to pull image \"secret-registry.corp/internal:tag\": not found\n");
    let g = d.guide_section();
    assert!(g.contains("image-pull") && g.contains(&d.findings[0].fix));
    assert!(!g.contains("secret-registry.corp"), "{g}");
    assert_eq!(run("all fine").guide_section(), "");
}

#[test]
fn nothing_recognised_lists_what_was_looked_for() {
    let d = run("something else entirely");
    assert!(d.findings.is_empty());
    let listed: Vec<_> = d.looked_for.iter().map(|(cause, _)| cause.as_str()).collect();
    assert_eq!(listed, SIGNATURES.iter().map(|s| s.cause).collect::<Vec<_>>());
    assert!(d.looked_for.iter().all(|(_, title)| !title.is_empty()));
    // A finding leaves the list out: it is only for "nothing found".
    assert!(run("Error: ErrImagePull").looked_for.is_empty());
}

#[test]
fn the_setup_crosses_to_the_worker_as_its_slots() {
    let all = Setup {
        image: Some("i".into()),
        callback: Some("c".into()),
        callback_host: Some("h".into()),
        namespace: Some("n".into()),
        home: Some("/h".into()),
    };
    for s in [setup(), all, Setup::default()] {
        assert_eq!(s.slots().len(), Setup::SLOTS.len());
        assert_eq!(Setup::from_slots(&s.slots()), s);
    }
}

#[test]
fn a_paste_over_4_mib_is_cut_to_its_last_4_mib_with_a_note() {
    let head = "Error: ErrImagePull\n";
    let filler = "INFO nothing to see here, all is well today\n".repeat(MAX_LOG_BYTES / 40);
    let tail = "error: You must be logged in to the server (Unauthorized)\n";
    let d = run(&format!("{head}{filler}{tail}"));
    assert!(d.cut > 0);
    assert_eq!(d.findings.iter().map(|f| f.cause.as_str()).collect::<Vec<_>>(), ["token-unauthorized"]);
    assert!(d.cut_note().unwrap().contains("4096 KiB") || d.cut_note().unwrap().contains("4 MiB"), "{:?}", d.cut_note());
    // A cut inside a character starts at the next one.
    let d = run(&format!("{}{}", "é".repeat(MAX_LOG_BYTES / 2 + 1), tail));
    assert_eq!(d.findings.len(), 1);
    assert!(run(tail).cut_note().is_none());
}

/// Linear: the worst shapes at 4 MiB stay within the budget (≤ 50 ms per MiB in release; the
/// debug build of the tests gets ten times that).
#[test]
fn a_4_mib_log_is_read_in_linear_time() {
    let budget_ms = if cfg!(debug_assertions) { 2000.0 } else { 200.0 };
    for (name, log) in common::hostile::diagnose_logs() {
        let t = std::time::Instant::now();
        let d = run(&log);
        let ms = t.elapsed().as_secs_f64() * 1000.0;
        assert!(ms <= budget_ms, "{name}: {ms:.1} ms");
        assert!(d.findings.iter().all(|f| f.evidence.len() <= 3), "{name}");
    }
}
