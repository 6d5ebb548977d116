//! One rule for every verdict: a value with an error is never rendered (its `<placeholder>`
//! is), and a value rendered despite a concern carries a warning. Walks every error code the
//! engine's source can raise.

mod common;
use base64::Engine;
use common::*;
use rsp_k8s_engine::diagnostic::Severity;
use rsp_k8s_engine::preset::example;
use rsp_k8s_engine::{generate, Inputs, Output};
use std::collections::BTreeSet;

const KCONF: &str = "/etc/rstudio/launcher.kubernetes.conf";

fn jwt(claims: &str) -> String {
    let e = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    format!("{}.{}.c2lnbmF0dXJl", e.encode(r#"{"alg":"RS256","kid":"k"}"#), e.encode(claims))
}

fn kubeconfig_with_cluster(cluster: &str) -> String {
    format!("apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n{cluster}contexts:\n- name: x\n  context:\n    cluster: c\ncurrent-context: x\n")
}

/// A self-signed certificate valid 2020-01-01 to 2021-01-01 (long expired at `NOW`).
fn expired_ca() -> String {
    fixture("expired-ca.b64").trim().to_string()
}

/// Every error code the engine raises, an input that raises it, and the value it concerns.
fn cases() -> Vec<(&'static str, Inputs, &'static str)> {
    let k = |text: String| Inputs { kubeconfig: text, ..example() };
    let t = |token: String| Inputs { token, ..example() };
    let s = |key: &str, value: &str| example_with(&[(key, value)]);
    let cluster = |more: &[(&str, &str)]| {
        let mut i = example_with(&[
            ("topology", "cluster"),
            ("nodes", "wb-1 10.154.0.16, wb-2 10.154.0.21"),
            ("db-host", "10.154.0.40"),
            ("callback-url", ""),
        ]);
        i.settings.extend(more.iter().map(|(k, v)| (k.to_string(), v.to_string())));
        i
    };
    let server = |url: &str| k(kubeconfig_with_cluster(&format!("    server: {url}\n    insecure-skip-tls-verify: true\n")));
    let ca_data =
        |data: &str| k(kubeconfig_with_cluster(&format!("    server: https://10.0.0.1\n    certificate-authority-data: {data}\n")));
    let redacted = fixture("not-raw.yaml");
    let pem = base64::engine::general_purpose::STANDARD.encode("just text\n");
    let der = base64::engine::general_purpose::STANDARD.encode([0x30, 0x82, 0x01, 0x00]);
    let not_x509 = base64::engine::general_purpose::STANDARD.encode("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
    // The user's own token pasted over the example: what still holds the example's value.
    let own_token = |leftover: &'static str| {
        let mut i = rsp_k8s_engine::preset::shown(example());
        i.example.retain(|f| *f == leftover);
        i
    };
    vec![
        ("example.leftover", own_token("vm-ip"), "vm-ip"),
        ("example.leftover", own_token("kubeconfig"), "api-url"),
        ("example.leftover", own_token("nfs-client-cidr"), "nfs-client-cidr"),
        ("callback.loopback", s("callback-url", "http://127.0.0.1:8787"), "callback-url"),
        (
            "context.unusable-name",
            k(fixture("minikube.yaml")
                .replace("name: minikube\n", "name: \"mini\\u0007kube\"\n")
                .replace("current-context: minikube", "current-context: \"mini\\u0007kube\"")),
            "context",
        ),
        ("kubeconfig.bad-server", server("ftp://10.0.0.1"), "api-url"),
        ("kubeconfig.wrong-type", k("apiVersion: v1\nclusters: 3\ncontexts: []\n".into()), "api-url"),
        ("kubeconfig.api-version", k("apiVersion: v2\nclusters: []\ncontexts: []\n".into()), "api-url"),
        ("kubeconfig.duplicate-name", k("contexts: [{name: a, context: {}}, {name: a, context: {}}]\n".into()), "api-url"),
        ("kubeconfig.ca-expired", ca_data(&expired_ca()), "certificate-authority"),
        ("kubeconfig.ca-expired", Inputs { settings: s("cluster-ca", &expired_ca()).settings, ..server("https://10.0.0.1") }, "cluster-ca"),
        (
            "kubeconfig.ca-is-path",
            k(kubeconfig_with_cluster("    server: https://10.0.0.1\n    certificate-authority: /etc/ca.crt\n")),
            "certificate-authority",
        ),
        ("kubeconfig.ca-not-base64", ca_data("not*base64"), "certificate-authority"),
        ("kubeconfig.ca-not-pem", ca_data(&pem), "certificate-authority"),
        ("kubeconfig.ca-not-pem", ca_data(&der), "certificate-authority"),
        ("kubeconfig.ca-not-x509", ca_data(&not_x509), "certificate-authority"),
        (
            "kubeconfig.cluster-missing",
            k("apiVersion: v1\ncontexts:\n- name: x\n  context:\n    cluster: gone\ncurrent-context: x\n".into()),
            "api-url",
        ),
        ("kubeconfig.empty", k(" \n".into()), "api-url"),
        ("kubeconfig.no-contexts", k("apiVersion: v1\nkind: Config\nclusters: []\n".into()), "api-url"),
        ("kubeconfig.no-server", k(kubeconfig_with_cluster("    insecure-skip-tls-verify: true\n")), "api-url"),
        ("kubeconfig.not-kubeconfig", k("apiVersion: apps/v1\nkind: Deployment\n".into()), "api-url"),
        ("kubeconfig.not-raw", k(redacted), "certificate-authority"),
        ("kubeconfig.server-credentials", server("https://admin:pw@10.0.0.1"), "api-url"),
        ("kubeconfig.too-large", k("#".repeat(1024 * 1024 + 1)), "api-url"),
        ("kubeconfig.alias-bomb", k("a: &a [1,1,1,1,1,1,1,1,1,1]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: [*e,*e,*e]\n".into()), "api-url"),
        ("kubeconfig.syntax", k("clusters: [\n".into()), "api-url"),
        ("kubeconfig.too-deep", k(format!("clusters: {}{}", "[".repeat(80), "]".repeat(80))), "api-url"),
        ("kubeconfig.too-many-entries", k(format!("clusters: [{}1]", "1,".repeat(60_000))), "api-url"),
        (
            "session-image.needs-init-container",
            example_with(&[("target-release", "rsp-1.3"), ("session-image", "posit/workbench-session:R4.5.2-python3.14.3-ubuntu-24.04")]),
            "session-image",
        ),
        ("nfs-client-cidr.too-broad", s("nfs-client-cidr", "0.0.0.0/0"), "nfs-client-cidr"),
        ("pod-cidr.too-broad", s("pod-cidr", "0.0.0.0/2"), "pod-cidr"),
        ("user-cidr.everyone", s("user-cidr", "0.0.0.0/0"), "user-cidr"),
        ("setting.invalid", s("namespace", "Not A Name"), "namespace"),
        ("setting.required", s("vm-ip", ""), "vm-ip"),
        ("token.damaged", t(format!("eyJhbGciOiJSUzI1NiJ9.{}.c2ln", "A".repeat(5))), "auth-token"),
        ("token.empty", t(String::new()), "auth-token"),
        ("token.secret-without-token", t("apiVersion: v1\nkind: Secret\nmetadata: {name: x}\n".into()), "auth-token"),
        ("token.wrong-field", t("ca.crt: TFMwdA==".into()), "auth-token"),
        ("token.expired", t(jwt(r#"{"sub":"system:serviceaccount:rstudio:job-launcher","exp":1600000000}"#)), "auth-token"),
        ("token.not-jwt", t("abc.def".into()), "auth-token"),
        ("token.not-service-account", t(jwt(r#"{"iss":"https://accounts.google.com","sub":"1234","exp":1900000000}"#)), "auth-token"),
        ("token.too-large", t("a".repeat(65 * 1024)), "auth-token"),
        ("token.undecodable", t("ZXlK!!!notbase64".into()), "auth-token"),
        ("token.eks", t("k8s-aws-v1.aHR0cHM6Ly9zdHMuYW1hem9uYXdzLmNvbS8".into()), "auth-token"),
        ("token.openshift-user", t("sha256~AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdefg".into()), "auth-token"),
        ("token.redacted", t("REDACTED".into()), "auth-token"),
        ("vm-ip.in-pod-cidr", s("vm-ip", "10.48.0.7"), "vm-ip"),
        ("path.system", s("home-root", "/etc"), "home-root"),
        ("namespace.system", s("namespace", "kube-system"), "namespace"),
        ("admin-group.required", s("admin-enabled", "1"), "admin-group"),
        ("shared-storage-path.overlaps-homes", s("shared-storage-path", "/home/rsp-shared"), "shared-storage-path"),
        ("vm-ip.loopback", s("vm-ip", "127.0.0.1"), "vm-ip"),
        ("import.cluster-name-taken", imported("launcher.conf", "[cluster]\nname=Kubernetes\ntype=Local\n"), "cluster-name"),
        ("import.mount-taken", imported("launcher-mounts", "MountType: KubernetesPersistentVolumeClaim\nMountPath: /home/{USER}\nClaimName: homes\n"), "home-root"),
        // A cluster (issue 27): each mistake leaves its field a placeholder.
        ("cluster.nodes-required", cluster(&[("nodes", "")]), "nodes"),
        ("cluster.duplicate-address", cluster(&[("nodes", "wb-1 10.154.0.16, wb-2 10.154.0.21, wb-3 10.154.0.21")]), "nodes"),
        ("cluster.vm-not-node-1", cluster(&[("nodes", "wb-1 10.154.0.99, wb-2 10.154.0.21")]), "nodes"),
        ("cluster.release", cluster(&[("target-release", "rsp-1.3")]), "nodes"),
        ("cluster.database-required", cluster(&[("db-host", "")]), "db-host"),
        ("cluster.lb-is-node", cluster(&[("lb-address", "10.154.0.21")]), "lb-address"),
    ]
}

/// The example with one imported file.
fn imported(name: &str, text: &str) -> Inputs {
    Inputs { imports: vec![(name.to_string(), text.as_bytes().to_vec())], ..example() }
}

/// Error codes as the engine's source raises them.
fn error_codes_in_source() -> BTreeSet<String> {
    let mut codes = BTreeSet::new();
    let mut stack = vec![std::path::PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/src"))];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap().replace(char::is_whitespace, "");
            // `Diagnostic::error("code"`, and codes chosen before the call (`=> "code"`, `Err(("code"`, `Some(("code"`).
            for marker in ["Diagnostic::error(\"", "=>\"", "Err((\"", "Some((\""] {
                for (i, _) in text.match_indices(marker) {
                    let rest = &text[i + marker.len()..];
                    let code = &rest[..rest.find('"').unwrap()];
                    if code.contains('.') && code.chars().all(|c| c.is_ascii_lowercase() || c == '.' || c == '-') {
                        codes.insert(code.to_string());
                    }
                }
            }
        }
    }
    codes
}

fn rendered(out: &Output) -> String {
    out.files.iter().map(|f| f.content.as_str()).chain(out.steps.iter().map(|s| s.commands.as_str())).collect()
}

/// Errors about an input that is then left out whole rather than rendered: an imported file
/// that cannot be read is not merged; a settings file that cannot be read loads nothing.
fn left_out() -> Vec<&'static str> {
    vec!["import.bad-archive", "import.unreadable", "settings-file.syntax", "settings-file.too-large"]
}

#[test]
fn errors_about_an_input_that_is_left_out_leave_it_out() {
    for (name, bytes) in [("x.tar".to_string(), vec![1u8; 700]), ("rserver.conf".to_string(), b"a=1\n\0".to_vec())] {
        let out = generate(&Inputs { imports: vec![(name.clone(), bytes)], ..example() }, NOW);
        assert!(out.diagnostics.iter().any(|d| d.severity == Severity::Error && d.code.starts_with("import.")), "{name}");
        assert!(out.files.iter().all(|f| f.merged_from.is_none()), "{name}: nothing merged");
    }
    for text in ["a = \n".to_string(), "#".repeat(200 * 1024)] {
        let (settings, problems) = rsp_k8s_engine::settings::file::load(&text);
        assert_eq!(problems[0].severity, Severity::Error);
        assert_eq!(settings, rsp_k8s_engine::settings::defaults(), "nothing loaded");
    }
}

#[test]
fn every_error_leaves_its_value_a_placeholder() {
    let cases = cases();
    let mut covered: BTreeSet<String> = cases.iter().map(|(c, _, _)| c.to_string()).collect();
    covered.extend(left_out().into_iter().map(String::from));
    let uncovered: Vec<String> = error_codes_in_source().difference(&covered).cloned().collect();
    assert!(uncovered.is_empty(), "error codes without a case here: {uncovered:?}");
    for (code, inputs, key) in cases {
        let out = generate(&inputs, NOW);
        let d = out.diagnostics.iter().find(|d| d.code == code).unwrap_or_else(|| panic!("{code} not raised:\n{}", dump_diags(&out)));
        assert_eq!(d.severity, Severity::Error, "{code}");
        assert!(out.missing.contains(&key), "{code}: <{key}> should be missing, missing = {:?}", out.missing);
        assert!(rendered(&out).contains(&format!("<{key}>")), "{code}: <{key}> is not in the output");
    }
}

#[test]
fn the_script_refuses_exactly_what_is_missing() {
    let out = generate(&Inputs { settings: rsp_k8s_engine::settings::defaults(), ..Inputs::default() }, NOW);
    let guard = out.script.lines().find(|l| l.starts_with("missing=")).expect("a guard");
    for key in &out.missing {
        assert!(rendered(&out).contains(&format!("<{key}>")));
    }
    for key in ["api-url", "auth-token", "vm-ip", "nfs-client-cidr"] {
        assert!(out.missing.contains(&key), "{key}: {:?}", out.missing);
    }
    assert!(guard.contains("vm-ip") && guard.contains("nfs-client-cidr"), "{guard}");
    let complete = generate(&example(), NOW);
    assert!(complete.missing.is_empty(), "{:?}", complete.missing);
    assert!(!complete.script.contains("missing="));
}

#[test]
fn a_ca_that_is_not_yet_valid_is_written_with_a_warning() {
    // The example CA at a time before it starts.
    let out = generate(&example(), 1_000_000_000);
    assert_eq!(find(&out, "kubeconfig.ca-not-yet-valid").severity, Severity::Warning);
    assert!(file(&out, KCONF).contains("certificate-authority=LS0t"));
}

#[test]
fn a_cluster_without_a_ca_is_trusted_through_the_system_store() {
    // Rancher behind a publicly trusted certificate: no CA and no insecure flag.
    let out = with_kubeconfig(&kubeconfig_with_cluster("    server: https://rancher.example.com/k8s/clusters/c-m-abc\n"));
    assert_eq!(find(&out, "kubeconfig.no-ca").severity, Severity::Warning);
    let conf = file(&out, KCONF);
    assert!(!conf.contains("certificate-authority=") && !conf.contains("verify-ssl-certs"), "{conf}");
    assert!(conf.contains("system trust store"));
    let check = &out.steps.iter().find(|s| s.id == "check-api").unwrap().commands;
    assert!(check.contains("\nca=''\n") && check.contains("curl \"$@\""), "no CA: the system store {check}");
    assert!(out.missing.is_empty(), "{:?}", out.missing);
}

#[test]
fn an_insecure_cluster_gets_its_ca_from_the_form() {
    let kc = fixture("openshift.yaml");
    let out = with_kubeconfig(&kc);
    let d = find(&out, "kubeconfig.insecure");
    assert_eq!(d.severity, Severity::Warning);
    assert!(d.message.contains("Cluster CA"));
    assert!(out.steps.iter().any(|s| s.commands.contains("kube-root-ca.crt")));
    // The CA pasted as PEM (what the ConfigMap holds) is written as base64, like the kubeconfig's.
    let mut i = example_with(&[("cluster-ca", rsp_k8s_engine::preset::EXAMPLE_CA)]);
    i.kubeconfig = kc;
    let out = generate(&i, NOW);
    let conf = file(&out, KCONF);
    let want = base64::engine::general_purpose::STANDARD.encode(rsp_k8s_engine::preset::EXAMPLE_CA);
    assert!(conf.contains(&format!("certificate-authority={want}\n")), "{conf}");
    assert!(out.steps.iter().find(|s| s.id == "check-api").unwrap().commands.contains("--cacert"));
    // The example kubeconfig carries the same CA as base64.
    assert!(rsp_k8s_engine::preset::EXAMPLE_KUBECONFIG.contains(&format!("certificate-authority-data: {want}")));
}

#[test]
fn a_server_without_a_scheme_is_https_with_a_warning() {
    let out = with_kubeconfig(&kubeconfig_with_cluster("    server: 10.0.0.12:6443\n    insecure-skip-tls-verify: true\n"));
    assert_eq!(find(&out, "kubeconfig.server-no-scheme").severity, Severity::Warning);
    assert!(file(&out, KCONF).contains("api-url=https://10.0.0.12:6443\n"));
}

#[test]
fn tokens_people_paste_are_named() {
    let sa = jwt(
        r#"{"iss":"kubernetes/serviceaccount","kubernetes.io/serviceaccount/namespace":"rstudio","kubernetes.io/serviceaccount/service-account.name":"job-launcher","sub":"system:serviceaccount:rstudio:job-launcher"}"#,
    );
    let out = with_token(&format!("Authorization: Bearer {sa}"));
    find(&out, "token.header");
    assert_eq!(file(&out, "/etc/rstudio/launcher.kubernetes.token"), sa);

    let out = with_token(&jwt(r#"{"iss":"https://accounts.google.com","sub":"1234"}"#));
    assert!(find(&out, "token.not-service-account").message.contains("\"https://accounts.google.com\""));
    for (token, part) in [
        (format!("eyJhbGciOiJSUzI1NiJ9.{}.c2ln", "A".repeat(5)), "second part (its claims) does not decode"),
        (
            format!("e30.{}.c2ln", base64::engine::general_purpose::URL_SAFE_NO_PAD.encode("[1]")),
            "second part (its claims) is not a JSON object",
        ),
        (
            format!("{}.e30.c2ln", base64::engine::general_purpose::URL_SAFE_NO_PAD.encode("[1]")),
            "first part (its header) is not a JSON object",
        ),
        ("A.e30.c2ln".to_string(), "first part (its header) does not decode"),
    ] {
        let out = with_token(&token);
        assert!(find(&out, "token.damaged").message.contains(part), "{token}: {}", dump_diags(&out));
    }
}

#[test]
fn a_token_from_another_namespace_is_a_warning_naming_both() {
    let other =
        jwt(r#"{"sub":"system:serviceaccount:team-a:builder","kubernetes.io":{"namespace":"team-a","serviceaccount":{"name":"builder"}}}"#);
    let out = with_token(&other);
    let d = find(&out, "token.namespace-mismatch");
    assert_eq!(d.severity, Severity::Warning);
    assert!(
        d.message.contains("\"team-a\"") && d.message.contains("\"rstudio\"") && d.message.contains("rstudio/job-launcher"),
        "{}",
        d.message
    );
    assert_eq!(file(&out, "/etc/rstudio/launcher.kubernetes.token"), other, "a warning never blocks the file");
}
