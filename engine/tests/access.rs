//! Who may do what: the session namespace is the sessions' own, with Pod Security and no API
//! token for its default account.

mod common;
use common::*;
use rsp_k8s_engine::diagnostic::Severity;
use rsp_k8s_engine::generate;
use rsp_k8s_engine::preset::example;

#[test]
fn the_clusters_own_namespaces_are_refused() {
    for ns in ["default", "kube-system", "kube-public", "kube-node-lease"] {
        let out = generate(&example_with(&[("namespace", ns)]), NOW);
        let d = find(&out, "namespace.system");
        assert_eq!((d.severity, d.field), (Severity::Error, "namespace"), "{ns}");
        assert!(out.missing.contains(&"namespace"), "{ns}");
        assert!(!out.steps.iter().any(|s| s.commands.contains(&format!("namespace {ns}"))), "{ns} reaches no command");
    }
    assert!(!codes(&generate(&example_with(&[("namespace", "kubeflow-users")]), NOW)).contains(&"namespace.system"));
}

#[test]
fn the_namespace_enforces_baseline_and_its_default_account_gets_no_token() {
    let out = generate(&example(), NOW);
    let ns = &out.steps.iter().find(|s| s.id == "namespace").unwrap().commands;
    assert!(ns.contains("pod-security.kubernetes.io/enforce=baseline"), "{ns}");
    assert!(ns.contains("patch serviceaccount default -p '{\"automountServiceAccountToken\":false}'"), "{ns}");
}

#[test]
fn the_admin_dashboard_is_off_unless_an_admin_group_is_given() {
    let conf = |out: &rsp_k8s_engine::Output| file(out, "/etc/rstudio/rserver.conf").to_string();
    let out = generate(&example(), NOW);
    assert!(conf(&out).contains("\nadmin-enabled=0\n") && !conf(&out).contains("admin-group"), "off by default");
    let out = generate(&example_with(&[("admin-enabled", "1")]), NOW);
    let d = find(&out, "admin-group.required");
    assert_eq!((d.severity, d.field), (Severity::Error, "admin-group"));
    assert!(
        conf(&out).contains("\nadmin-enabled=1\nadmin-group=<admin-group>\n") && out.missing.contains(&"admin-group"),
        "the script refuses to run"
    );
    let out = generate(&example_with(&[("admin-enabled", "1"), ("admin-group", "workbench-admins")]), NOW);
    assert!(conf(&out).contains("\nadmin-enabled=1\nadmin-group=workbench-admins\n"));
    assert!(!codes(&out).contains(&"admin-group.required"));
}

#[test]
fn a_public_users_range_without_tls_is_a_warning_that_names_the_risk() {
    for public in ["203.0.113.0/24", "2001:db8::/32"] {
        let out = generate(&example_with(&[("user-cidr", public)]), NOW);
        let d = find(&out, "user-cidr.public");
        assert_eq!(d.severity, Severity::Warning);
        assert!(d.message.contains("plain HTTP") && d.message.contains("clear text"), "{}", d.message);
    }
    for private in ["10.0.0.0/8", "192.168.1.0/24", "fd00::/64"] {
        assert!(!codes(&generate(&example_with(&[("user-cidr", private)]), NOW)).contains(&"user-cidr.public"), "{private}");
    }
}

#[test]
fn troubleshooting_pods_are_pinned_unprivileged_and_read_only() {
    let out = generate(&example(), NOW);
    let t = &out.steps.iter().find(|s| s.id == "troubleshoot").unwrap().commands;
    for line in t.lines().filter(|l| l.contains("kubectl -n rstudio run")) {
        assert!(line.contains("--image=busybox:1.37.0@sha256:"), "{line}");
        assert!(line.contains("\"runAsNonRoot\":true") && line.contains("\"allowPrivilegeEscalation\":false"), "{line}");
        assert!(line.contains("\"automountServiceAccountToken\":false"), "{line}");
    }
    assert!(t.contains("\"readOnly\":true}}]") && t.contains("\"mountPath\":\"/home-check\",\"readOnly\":true"), "{t}");
    assert!(!t.contains("curlimages"));
}

#[test]
fn the_nfs_trust_boundary_is_stated_where_the_export_is_chosen() {
    let out = generate(&example(), NOW);
    let d = find(&out, "nfs-client-cidr.trust-boundary");
    assert_eq!((d.severity, d.field), (Severity::Info, "nfs-client-cidr"));
    assert!(d.message.contains("any namespace") && d.message.contains("sec=krb5p") && d.message.contains("nfs-guard"), "{}", d.message);
}

/// Ranges that would open the server to strangers are errors, and so never rendered.
#[test]
fn ranges_that_open_the_server_are_errors_and_never_rendered() {
    for (key, value, code) in [
        ("nfs-client-cidr", "0.0.0.0/0", "nfs-client-cidr.too-broad"),
        ("nfs-client-cidr", "10.0.0.0/7", "nfs-client-cidr.too-broad"),
        ("nfs-client-cidr", "::/0", "nfs-client-cidr.too-broad"),
        ("nfs-client-cidr", "fd00::/16", "nfs-client-cidr.too-broad"),
        ("pod-cidr", "0.0.0.0/0", "pod-cidr.too-broad"),
        ("pod-cidr", "0.0.0.0/4", "pod-cidr.too-broad"),
        ("user-cidr", "0.0.0.0/0", "user-cidr.everyone"),
        ("user-cidr", "::/0", "user-cidr.everyone"),
    ] {
        let out = generate(&example_with(&[(key, value)]), NOW);
        let d = find(&out, code);
        assert_eq!((d.severity, d.field), (Severity::Error, key), "{key}={value}");
        assert!(out.missing.contains(&key), "{key}={value}: {:?}", out.missing);
        let everything: String =
            out.files.iter().map(|f| f.content.as_str()).chain(out.steps.iter().map(|s| s.commands.as_str())).collect();
        assert!(!everything.contains(value), "{key}={value} was rendered");
    }
    // The node subnet of a real VPC, and a /8, pass.
    for ok in ["10.0.0.0/8", "10.154.0.0/20"] {
        let out = generate(&example_with(&[("nfs-client-cidr", ok), ("pod-cidr", "")]), NOW);
        assert!(!codes(&out).contains(&"nfs-client-cidr.too-broad"), "{ok}");
    }
}

/// HTTPS: rserver's keys, an https callback, both files required; without it, what each IDE loses.
#[test]
fn https_and_what_plain_http_costs_each_ide() {
    let tls = [
        ("https", "1"),
        ("ssl-certificate", "/etc/ssl/rsp/cert.pem"),
        ("ssl-certificate-key", "/etc/ssl/rsp/key.pem"),
        ("vscode", "1"),
        ("positron", "1"),
    ];
    let out = generate(&example_with(&tls), NOW);
    let conf = &out.files.iter().find(|f| f.path == "/etc/rstudio/rserver.conf").unwrap().content;
    assert!(conf.contains("\nssl-enabled=1\nssl-certificate=/etc/ssl/rsp/cert.pem\nssl-certificate-key=/etc/ssl/rsp/key.pem\n"), "{conf}");
    assert!(conf.contains("launcher-sessions-callback-address=https://"), "{conf}");
    assert!(!codes(&out).iter().any(|c| c.starts_with("https.")), "{:?}", codes(&out));
    assert!(out.files.iter().any(|f| f.path == "/etc/rstudio/positron.conf" && f.content.contains("\nenabled=1\n")));
    // Without the certificate: an error, and no ssl line with a made-up path.
    let out = generate(&example_with(&[("https", "1")]), NOW);
    assert!(out.missing.contains(&"ssl-certificate") && out.missing.contains(&"ssl-certificate-key"), "{:?}", out.missing);
    // Plain HTTP: VS Code and Positron are named as restricted; RStudio and Jupyter as unencrypted.
    let out = generate(&example_with(&[("vscode", "1"), ("positron", "1")]), NOW);
    let d = find(&out, "https.ide-restricted");
    assert!(
        d.severity == Severity::Warning && d.message.contains("VS Code and Positron Pro") && d.message.contains("2024.12.0"),
        "{}",
        d.message
    );
    assert!(find(&out, "https.off").message.contains("RStudio Pro and Jupyter"));
    // A release before Positron: no positron.conf, and a warning that says why.
    let out = generate(&example_with(&[("positron", "1"), ("target-release", "2024.09.1")]), NOW);
    assert!(!out.files.iter().any(|f| f.path == "/etc/rstudio/positron.conf"));
    assert_eq!(find(&out, "positron.unsupported").severity, Severity::Warning);
}
