//! Every kubeconfig diagnostic, with inputs shaped like real kubeconfigs from GKE, EKS, AKS,
//! kind, minikube, k3s, OpenShift and Rancher.

mod common;
use common::*;
use rsp_k8s_engine::diagnostic::Severity;
use rsp_k8s_engine::preset::EXAMPLE_KUBECONFIG;
use rsp_k8s_engine::{generate, Inputs};

const KCONF: &str = "/etc/rstudio/launcher.kubernetes.conf";

fn kconf_value(out: &rsp_k8s_engine::Output, key: &str) -> String {
    file(out, KCONF).lines().find_map(|l| l.strip_prefix(&format!("{key}="))).unwrap_or_else(|| panic!("no {key}")).to_string()
}

fn ca_of(kubeconfig: &str) -> String {
    kubeconfig.lines().find_map(|l| l.trim().strip_prefix("certificate-authority-data: ")).unwrap().trim_matches('"').to_string()
}

#[test]
fn gke_example_is_clean_and_fills_api_url_ca_and_gke_names() {
    let out = generate(&rsp_k8s_engine::preset::example(), NOW);
    assert!(out.diagnostics.iter().all(|d| d.severity == Severity::Info), "{}", dump_diags(&out));
    assert_eq!(kconf_value(&out, "api-url"), "https://34.89.68.23");
    assert_eq!(kconf_value(&out, "certificate-authority"), ca_of(EXAMPLE_KUBECONFIG));
    assert!(out.script.contains("get-credentials custard --location europe-west2 --project rsp-k8s-demo"));
}

#[test]
fn json_output_of_kubectl_gives_the_same_files_as_yaml() {
    let yaml = with_kubeconfig(EXAMPLE_KUBECONFIG);
    let json = with_kubeconfig(&fixture("example.json"));
    assert_eq!(yaml.files, json.files);
    assert_eq!(codes(&yaml), codes(&json));
}

#[test]
fn pasting_artefacts_are_tolerated() {
    let messy =
        format!("\u{feff}\r\n\r\n{}\r\n\r\n", EXAMPLE_KUBECONFIG.lines().map(|l| format!("    {l}")).collect::<Vec<_>>().join("\r\n"));
    assert_eq!(with_kubeconfig(&messy).files, with_kubeconfig(EXAMPLE_KUBECONFIG).files);
}

#[test]
fn multi_cluster_lists_every_context_and_preselects_current() {
    let out = with_kubeconfig(&fixture("multi-cluster.yaml"));
    assert_eq!(out.contexts, ["gke_rsp-k8s-demo_europe-west2_custard", "eks-analytics", "kind-dev"]);
    assert_eq!(out.context.as_deref(), Some("gke_rsp-k8s-demo_europe-west2_custard"));
}

#[test]
fn eks_context_uses_the_aws_cli_not_gcloud_and_notes_its_namespace() {
    let mut i = rsp_k8s_engine::preset::example();
    i.kubeconfig = fixture("multi-cluster.yaml");
    i.context = Some("eks-analytics".into());
    let out = generate(&i, NOW);
    assert_eq!(kconf_value(&out, "api-url"), "https://0123456789ABCDEF0123456789ABCDEF.gr7.eu-west-2.eks.amazonaws.com");
    assert!(out.script.contains("aws eks update-kubeconfig --region eu-west-2 --name analytics\n"));
    assert!(!out.script.lines().any(|l| l.trim_start().starts_with("gcloud")));
    assert_eq!(find(&out, "context.namespace-differs").field, "namespace");
}

#[test]
fn kind_and_k3s_loopback_servers_are_flagged() {
    let mut i = rsp_k8s_engine::preset::example();
    i.kubeconfig = fixture("multi-cluster.yaml");
    i.context = Some("kind-dev".into());
    let d = generate(&i, NOW).diagnostics;
    let d = d.iter().find(|d| d.code == "kubeconfig.loopback-server").expect("kind flagged");
    assert!(d.message.contains("127.0.0.1"));
    let out = with_kubeconfig(&fixture("k3s.yaml"));
    find(&out, "kubeconfig.loopback-server");
    for host in ["localhost:6443", "[::1]:6443", "kubernetes.docker.internal:6443"] {
        let out = with_kubeconfig(&fixture("k3s.yaml").replace("127.0.0.1:6443", host));
        find(&out, "kubeconfig.loopback-server");
    }
}

#[test]
fn minikube_ca_as_file_path_says_how_to_inline_it() {
    let out = with_kubeconfig(&fixture("minikube.yaml"));
    let d = find(&out, "kubeconfig.ca-is-path");
    assert_eq!(d.severity, Severity::Error);
    assert!(d.message.contains("--minify --flatten"));
    assert!(file(&out, KCONF).contains("certificate-authority=<certificate-authority>"));
}

#[test]
fn aks_client_credentials_never_reach_any_output() {
    let out = with_kubeconfig(&fixture("aks.yaml"));
    assert_eq!(kconf_value(&out, "api-url"), "https://myaks-dns-0a1b2c3d.hcp.westeurope.azmk8s.io:443");
    assert!(!dump(&out).contains("SECRETCRED"));
}

#[test]
fn openshift_insecure_cluster_needs_an_explicit_opt_in() {
    let out = with_kubeconfig(&fixture("openshift.yaml"));
    let d = find(&out, "kubeconfig.insecure");
    assert!(d.message.contains("insecure-skip-tls-verify"));
    assert!(!file(&out, KCONF).contains("verify-ssl-certs"));
    assert!(!file(&out, KCONF).contains("certificate-authority="), "left to the system trust store until a CA is given");

    let mut i = example_with(&[("skip-tls-verify", "1")]);
    i.kubeconfig = fixture("openshift.yaml");
    let out = generate(&i, NOW);
    assert!(file(&out, KCONF).contains("\nverify-ssl-certs=0\n"));
    assert!(!file(&out, KCONF).contains("certificate-authority="));
    assert_eq!(find(&out, "skip-tls-verify.on").severity, Severity::Warning);
    assert!(!dump(&out).contains("SECRETCRED"));
}

#[test]
fn opt_in_is_ignored_when_a_ca_exists() {
    let out = generate(&example_with(&[("skip-tls-verify", "1")]), NOW);
    find(&out, "skip-tls-verify.ignored");
    assert!(!file(&out, KCONF).contains("verify-ssl-certs"));
}

#[test]
fn rancher_server_path_is_kept_verbatim() {
    let out = with_kubeconfig(&fixture("rancher.yaml"));
    assert_eq!(kconf_value(&out, "api-url"), "https://rancher.example.com/k8s/clusters/c-m-4x7qz2bd");
    assert!(!dump(&out).contains("SECRETCRED"));
}

#[test]
fn output_without_raw_says_add_raw() {
    let out = with_kubeconfig(&fixture("not-raw.yaml"));
    let d = find(&out, "kubeconfig.not-raw");
    assert!(d.message.contains("--raw"));
}

#[test]
fn empty_paste_is_an_error_the_files_are_incomplete() {
    let out = with_kubeconfig("  \n ");
    assert_eq!(find(&out, "kubeconfig.empty").severity, Severity::Error);
    assert!(file(&out, KCONF).contains("api-url=<api-url>"));
}

#[test]
fn tab_indentation_names_the_line() {
    let kc = EXAMPLE_KUBECONFIG.replacen("  name: gke", "\tname: gke", 1);
    let d = find(&with_kubeconfig(&kc), "kubeconfig.syntax").clone();
    let line = kc.lines().position(|l| l.starts_with('\t')).unwrap() + 1;
    assert!(d.message.contains(&format!("line {line} is indented with a tab")), "{}", d.message);
}

#[test]
fn other_syntax_errors_give_a_line() {
    let d = find(&with_kubeconfig("apiVersion: v1\nclusters:\n- name: a\n  cluster: {server: \"x\"\n"), "kubeconfig.syntax").clone();
    assert!(d.message.contains("near line"), "{}", d.message);
}

#[test]
fn a_deployment_is_recognised_as_not_a_kubeconfig() {
    let out = with_kubeconfig("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n");
    assert!(find(&out, "kubeconfig.not-kubeconfig").message.contains("Kubernetes Deployment manifest"));
    let out = with_kubeconfig(rsp_k8s_engine::preset::EXAMPLE_TOKEN);
    assert!(find(&out, "kubeconfig.not-kubeconfig").message.contains("token box"));
    assert!(!find(&out, "kubeconfig.not-kubeconfig").message.contains("eyJ"));
    find(&with_kubeconfig("- a\n- b\n"), "kubeconfig.not-kubeconfig");
    assert!(find(&with_kubeconfig("---\nnull\n---\n"), "kubeconfig.not-kubeconfig").message.contains("empty YAML document"));
}

#[test]
fn several_documents_warn_and_use_the_kubeconfig() {
    let out = with_kubeconfig(&format!("apiVersion: v1\nkind: Namespace\nmetadata: {{name: x}}\n---\n{EXAMPLE_KUBECONFIG}"));
    find(&out, "kubeconfig.multiple-documents");
    assert_eq!(kconf_value(&out, "api-url"), "https://34.89.68.23");
}

#[test]
fn missing_cluster_duplicate_names_and_bad_entries() {
    let kc = EXAMPLE_KUBECONFIG.replacen("    cluster: gke_rsp-k8s-demo_europe-west2_custard\n", "    cluster: gone\n", 1);
    assert!(find(&with_kubeconfig(&kc), "kubeconfig.cluster-missing").message.contains("\"gone\""));
    let dup = fixture("multi-cluster.yaml").replace("name: kind-dev\n- context", "name: eks-analytics\n- context");
    let dup = dup.replace("  name: kind-dev\ncurrent", "  name: eks-analytics\ncurrent");
    // kubectl refuses two entries of one name, a list of another shape, and an entry that is
    // not a mapping; so does the engine, in its own words.
    let d = find(&with_kubeconfig(&dup), "kubeconfig.duplicate-name").clone();
    assert!(
        d.severity == Severity::Error && d.message.contains("\"eks-analytics\"") && d.message.contains("kubectl refuses"),
        "{}",
        d.message
    );
    let d = find(&with_kubeconfig("clusters: {a: 1}\ncontexts: []\n"), "kubeconfig.wrong-type").clone();
    assert_eq!(d.message, "clusters is a mapping, where kubectl reads a list; kubectl refuses this file too.");
    let d = find(&with_kubeconfig("clusters:\n- just-a-string\ncontexts: []\n"), "kubeconfig.wrong-type").clone();
    assert!(d.message.starts_with("an entry of clusters is text"), "{}", d.message);
    let d = find(&with_kubeconfig("clusters:\n- name: 12\n  cluster: {server: https://a}\n"), "kubeconfig.wrong-type").clone();
    assert!(d.message.starts_with("name of an entry of clusters is a number (YAML reads it so unless it is in quotes"), "{}", d.message);
    let d = find(&with_kubeconfig(&EXAMPLE_KUBECONFIG.replace("apiVersion: v1", "apiVersion: v2")), "kubeconfig.api-version").clone();
    assert!(d.message.contains("\"v2\""), "{}", d.message);
    // Like kubectl, an entry without a name or section is kept empty, with a warning.
    let out = with_kubeconfig(&EXAMPLE_KUBECONFIG.replace("contexts:\n", "contexts:\n- name: half\n"));
    assert_eq!(find(&out, "kubeconfig.bad-entry").severity, Severity::Warning);
    assert!(out.contexts.contains(&"half".to_string()), "{:?}", out.contexts);
    find(&with_kubeconfig("apiVersion: v1\nkind: Config\nclusters: null\ncontexts: null\nusers: null\n"), "kubeconfig.no-contexts");
}

#[test]
fn context_choice_falls_back_and_explains() {
    let multi = fixture("multi-cluster.yaml");
    let no_current = multi.replace("current-context: gke_rsp-k8s-demo_europe-west2_custard\n", "current-context: \"\"\n");
    let out = with_kubeconfig(&no_current);
    find(&out, "kubeconfig.no-current-context");
    assert_eq!(out.context, None);
    assert!(file(&out, KCONF).contains("api-url=<api-url>"));

    let dangling = multi.replace("current-context: gke_rsp-k8s-demo_europe-west2_custard\n", "current-context: deleted\n");
    find(&with_kubeconfig(&dangling), "kubeconfig.current-context-missing");

    let mut i = rsp_k8s_engine::preset::example();
    i.context = Some("not-there".into());
    let out = generate(&i, NOW);
    assert_eq!(find(&out, "kubeconfig.context-missing").field, "context");
    assert_eq!(out.context.as_deref(), Some("gke_rsp-k8s-demo_europe-west2_custard"));

    // A single context is used even without current-context.
    let single = EXAMPLE_KUBECONFIG.replace("current-context: gke_rsp-k8s-demo_europe-west2_custard\n", "");
    assert_eq!(with_kubeconfig(&single).context.as_deref(), Some("gke_rsp-k8s-demo_europe-west2_custard"));
}

#[test]
fn bad_ca_data_is_diagnosed_precisely() {
    let ca = ca_of(EXAMPLE_KUBECONFIG);
    let swap = |new: &str| with_kubeconfig(&EXAMPLE_KUBECONFIG.replace(&ca, new));
    find(&swap("not*base64!"), "kubeconfig.ca-not-base64");
    let der = base64::Engine::encode(&base64::engine::general_purpose::STANDARD, [0x30u8, 0x82, 0x01, 0xff, 0x00, 0xfe]);
    assert!(find(&swap(&der), "kubeconfig.ca-not-pem").message.contains("DER"));
    find(&swap("aGVsbG8gd29ybGQ="), "kubeconfig.ca-not-pem");
    let bad_pem = base64::Engine::encode(
        &base64::engine::general_purpose::STANDARD,
        "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
    );
    find(&swap(&bad_pem), "kubeconfig.ca-not-x509");
    // Wrapped base64 is read as kubectl reads it: line breaks kept by a `|` block are
    // accepted and rendered on one line; a plain value wrapped over lines is folded by YAML
    // into one with spaces, which kubectl refuses, and so is it here.
    let block = format!("|\n      {}\n      {}", &ca[..60], &ca[60..]);
    assert_eq!(kconf_value(&swap(&block), "certificate-authority"), ca);
    let folded = format!("{}\n      {}", &ca[..60], &ca[60..]);
    let d = find(&swap(&folded), "kubeconfig.ca-not-base64").clone();
    assert!(d.message.contains("spaces inside") && d.message.contains("kubectl refuses"), "{}", d.message);
}

#[test]
fn ca_validity_is_checked_against_now() {
    let i = rsp_k8s_engine::preset::example();
    let expired = generate(&i, 2_500_000_000);
    let d = find(&expired, "kubeconfig.ca-expired");
    assert!(d.message.contains("expired on 2046-11-23") && d.message.contains("example cluster CA"), "{}", d.message);
    find(&generate(&i, 1_700_000_000), "kubeconfig.ca-not-yet-valid");
    find(&generate(&i, 2_426_556_192 - 86_400), "kubeconfig.ca-expiring");
}

#[test]
fn server_url_problems() {
    let with_server = |s: &str| with_kubeconfig(&EXAMPLE_KUBECONFIG.replace("https://34.89.68.23", s));
    find(&with_server("http://34.89.68.23"), "kubeconfig.http-server");
    find(&with_server("ftp://34.89.68.23"), "kubeconfig.bad-server");
    find(&with_server("https://34.89.68.23/a b"), "kubeconfig.bad-server");
    find(&with_server("https://34.89.68.23/api"), "kubeconfig.server-ends-in-api");
    let out = with_server("https://34.89.68.23/");
    assert_eq!(kconf_value(&out, "api-url"), "https://34.89.68.23");
    let no_server = EXAMPLE_KUBECONFIG.replace("    server: https://34.89.68.23\n", "");
    find(&with_kubeconfig(&no_server), "kubeconfig.no-server");
}

#[test]
fn tls_server_name_and_proxy_url_cannot_be_expressed() {
    let kc = EXAMPLE_KUBECONFIG.replace(
        "    server: https://34.89.68.23\n",
        "    server: https://34.89.68.23\n    tls-server-name: api.internal\n    proxy-url: http://proxy:3128\n",
    );
    let out = with_kubeconfig(&kc);
    assert_eq!(out.diagnostics.iter().filter(|d| d.code == "kubeconfig.unsupported-setting").count(), 2);
}

#[test]
fn size_limit_is_explicit() {
    let big = "#".repeat(1024 * 1024 + 1);
    let d = find(&with_kubeconfig(&big), "kubeconfig.too-large").clone();
    assert!(d.message.contains("1025 KiB") && d.message.contains("1024 KiB"), "{}", d.message);
}

#[test]
fn alias_bombs_and_deep_nesting_are_refused() {
    let mut bomb = String::from("a: &a [\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\"]\n");
    for i in 1..12 {
        bomb.push_str(&format!(
            "{}: &{} [*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p}]\n",
            (b'a' + i) as char,
            (b'a' + i) as char,
            p = (b'a' + i - 1) as char
        ));
    }
    bomb.push_str("clusters: *l\n");
    find(&with_kubeconfig(&bomb), "kubeconfig.alias-bomb");
    let deep = format!("clusters: {}{}\n", "[".repeat(10_000), "]".repeat(10_000));
    find(&with_kubeconfig(&deep), "kubeconfig.too-deep");
}

#[test]
fn nothing_at_all_is_fine() {
    let out = generate(&Inputs::default(), NOW);
    assert!(out.contexts.is_empty());
    assert!(!out.files.is_empty());
}

#[test]
fn reading_the_kubeconfig_once_gives_the_same_output() {
    use rsp_k8s_engine::{generate_with, read_kubeconfig};
    let mut i = rsp_k8s_engine::preset::example();
    i.kubeconfig = fixture("multi-cluster.yaml");
    i.context = Some("kind-dev".into());
    let pasted = read_kubeconfig(&i.kubeconfig);
    let blank = Inputs { kubeconfig: String::new(), ..i.clone() };
    assert_eq!(generate_with(&pasted, &Default::default(), &blank, NOW), generate(&i, NOW));
}

#[test]
fn the_users_section_is_skipped_wherever_it_stands() {
    // Users first, then clusters: the clusters after it are still read.
    let kc = fixture("aks.yaml");
    let users_at = kc.find("users:\n").unwrap();
    let reordered = format!("{}{}", &kc[users_at..], &kc[..users_at]);
    assert_eq!(with_kubeconfig(&reordered).files, with_kubeconfig(&kc).files);
    // Flow style and JSON users are parsed whole and still ignored.
    let out = with_kubeconfig(&kc.replace(&kc[users_at..], "users: [{name: u, user: {token: SECRETCRED}}]\n"));
    assert!(!dump(&out).contains("SECRETCRED"));
    find(&with_kubeconfig(&fixture("not-raw.yaml")), "kubeconfig.not-raw");
    let json_not_raw = fixture("example.json").replacen(
        "\"certificate-authority-data\": \"",
        "\"certificate-authority-data\": \"DATA+OMITTED\", \"x\": \"",
        1,
    );
    find(&with_kubeconfig(&json_not_raw), "kubeconfig.not-raw");
}
