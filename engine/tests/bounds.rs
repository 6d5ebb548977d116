//! Hostile input stays bounded, and the security review's reproducers stay fixed. Time is
//! checked loosely here (a debug build; the quadratic paths took 1–93 s in release); the
//! worst-case benchmark (`examples/worst_case.rs`) measures the budgets in release.

mod common;
use common::hostile::{self, PeakAlloc};
use common::*;
use rsp_k8s_engine::preset::example;
use rsp_k8s_engine::{generate, Inputs};

#[global_allocator]
static ALLOC: PeakAlloc = PeakAlloc;

const MIB: usize = 1024 * 1024;

#[test]
fn every_hostile_family_is_bounded_in_time_memory_and_diagnostics() {
    // One test, so the cases run one at a time and the peak is each case's own.
    let mut report = String::new();
    for case in hostile::cases() {
        let (took, peak, out) = hostile::measure(&case.inputs, NOW);
        let line = format!("{} / {}: {took:?}, {} KiB, {} diagnostics\n", case.family, case.name, peak / 1024, out.diagnostics.len());
        report.push_str(&line);
        assert!(peak <= 64 * MIB, "{line}");
        assert!(took.as_secs_f64() < 3.0, "{line}");
        assert!(out.diagnostics.len() <= 40, "{line}{}", dump_diags(&out));
        assert!(out.diagnostics.iter().all(|d| d.message.len() < 1024), "{line}: a message grew with the input");
    }
    println!("{report}");
}

#[test]
fn deep_nesting_is_refused_in_plain_words() {
    for text in [
        format!("clusters: {}{}", "[".repeat(100), "]".repeat(100)),
        format!("x: {}1{}", "{a: ".repeat(100), "}".repeat(100)),
        format!("clusters:\n{}1\n", "- ".repeat(100)),
    ] {
        let out = with_kubeconfig(&text);
        let d = find(&out, "kubeconfig.too-deep");
        assert!(d.message.contains("kubectl never"), "{}", d.message);
        assert!(file(&out, "/etc/rstudio/launcher.kubernetes.conf").contains("api-url=<api-url>"));
    }
}

/// The codes about the kubeconfig (the example's settings have notes of their own).
fn kubeconfig_codes(out: &rsp_k8s_engine::Output) -> Vec<&'static str> {
    out.diagnostics.iter().filter(|d| d.field == "kubeconfig").map(|d| d.code).collect()
}

#[test]
fn alias_bombs_are_refused_in_plain_words_and_fast() {
    for (width, levels) in [(9, 10), (2, 40), (1000, 3)] {
        let t0 = std::time::Instant::now();
        let out = with_kubeconfig(&hostile::alias_bomb(width, levels));
        let d = find(&out, "kubeconfig.alias-bomb");
        assert!(d.message.contains("alias bomb") && d.message.contains("200000 values"), "{}", d.message);
        assert!(t0.elapsed().as_secs_f64() < 3.0, "{width}x{levels}: {:?}", t0.elapsed());
        assert!(file(&out, "/etc/rstudio/launcher.kubernetes.conf").contains("api-url=<api-url>"));
    }
    // Just within the limit (199,203 values) it is read, and refused for what it holds.
    for case in hostile::cases().iter().filter(|c| c.name.contains("allowed")) {
        let out = rsp_k8s_engine::generate(&case.inputs, NOW);
        assert_eq!(kubeconfig_codes(&out), ["kubeconfig.wrong-type"], "{}: {}", case.name, dump_diags(&out));
    }
    // A long string aliased many times is bounded by its bytes, not its count.
    let s = format!("s: &s \"{}\"\nclusters: [{}]\n", "x".repeat(100_000), vec!["*s"; 50].join(","));
    find(&with_kubeconfig(&s), "kubeconfig.alias-bomb");
}

#[test]
fn a_ca_shared_through_an_anchor_and_merge_keys_are_read_as_kubectl_reads_them() {
    let k = fixture("multi-cluster.yaml");
    let ca = k.lines().find_map(|l| l.trim().strip_prefix("certificate-authority-data: ")).unwrap().to_string();
    let mut shared = String::from("apiVersion: v1\nkind: Config\nclusters:\n");
    for i in 0..200 {
        let data = if i == 0 { format!("&ca {ca}") } else { "*ca".to_string() };
        shared.push_str(&format!(
            "- name: c{i}\n  cluster:\n    server: https://10.0.{}.{}\n    certificate-authority-data: {data}\n",
            i / 250,
            i % 250
        ));
    }
    shared.push_str("defaults: &ctx {cluster: c199, namespace: team}\ncontexts:\n- name: x\n  context:\n    <<: *ctx\n    namespace: mine\ncurrent-context: x\n");
    let pasted = rsp_k8s_engine::read_kubeconfig(&shared);
    let (contexts, current) = pasted.view().unwrap_or_else(|| panic!("{:?}", pasted.diagnostics()));
    assert_eq!(current.as_deref(), Some("x"));
    assert_eq!(contexts[0].cluster, "c199");
    assert_eq!(contexts[0].server.as_deref(), Some("https://10.0.0.199"));
    let out = with_kubeconfig(&shared);
    assert!(!codes(&out).iter().any(|c| c.starts_with("kubeconfig.")), "{}", dump_diags(&out));
}

#[test]
fn what_looks_like_an_alias_or_bracket_inside_a_value_is_not_one() {
    // Quoted, commented, block-scalar and mid-word characters are text, not structure.
    let mut k = fixture("minikube.yaml");
    k.push_str(&format!(
        "# {}\nx: \"*not [an alias {}\"\ny: 'it''s *fine'\nz: a*b[c\nw: |\n  *text [[[[\n",
        "[".repeat(200),
        "[".repeat(200)
    ));
    let out = with_kubeconfig(&k);
    assert!(
        !codes(&out).iter().any(|c| c.starts_with("kubeconfig.syntax") || *c == "kubeconfig.too-deep" || *c == "kubeconfig.alias-bomb"),
        "{}",
        dump_diags(&out)
    );
}

#[test]
fn the_callback_url_injection_is_refused() {
    for bad in [
        "http://[fd00::10]\nauth-none=1\nserver-user=root",
        "http://[fd00::10]|x",
        "http://[fd00::10]\0",
        "http://[fd00::10]\u{85}auth-none=1",
        "http://[fd00::10]x",
        "-http://10.0.0.1",
    ] {
        let out = generate(&example_with(&[("callback-url", bad)]), NOW);
        assert!(codes(&out).contains(&"setting.invalid"), "{bad:?}");
        let rserver = file(&out, "/etc/rstudio/rserver.conf");
        assert!(!rserver.contains("auth-none") && !rserver.contains("server-user"), "{bad:?}:\n{rserver}");
        assert!(rserver.contains("launcher-sessions-callback-address=<callback-url>\n"));
        assert!(!out.script.contains("auth-none"));
    }
    // The same through a crafted share link.
    let settings = rsp_k8s_engine::share::decode("#callback-url=http%3A%2F%2F%5Bfd00%3A%3A10%5D%0Aauth-none%3D1%0Aserver-user%3Droot");
    let out = generate(&Inputs { settings, ..example() }, NOW);
    assert!(!file(&out, "/etc/rstudio/rserver.conf").contains("auth-none"));
    // A bracketed IPv6 callback with a port still works.
    let out = generate(&example_with(&[("callback-url", "http://[fd00::10]:8787")]), NOW);
    assert!(file(&out, "/etc/rstudio/rserver.conf").contains("launcher-sessions-callback-address=http://[fd00::10]:8787\n"));
}

fn kubeconfig_with_context(name: &str) -> String {
    format!(
        "apiVersion: v1\nclusters:\n- name: c\n  cluster:\n    server: https://10.0.0.1\n    insecure-skip-tls-verify: true\ncontexts:\n- name: {name:?}\n  context:\n    cluster: c\ncurrent-context: {name:?}\n"
    )
}

#[test]
fn odd_context_names_never_become_a_wrong_command() {
    let out = with_kubeconfig(&kubeconfig_with_context("bad\0name"));
    find(&out, "context.unusable-name");
    assert!(!out.script.contains("use-context ''"), "a NUL name must not quote to ''");
    assert!(out.script.contains("use-context -- '<context>'"));

    let out = with_kubeconfig(&kubeconfig_with_context("--help"));
    assert!(out.script.contains("kubectl config use-context -- --help\n"), "{}", out.script);
    let out = with_kubeconfig(&kubeconfig_with_context("gke_p_l_--help"));
    let credentials = &out.steps.iter().find(|s| s.id == "credentials").unwrap().commands;
    assert!(credentials.contains("kubectl config use-context -- gke_p_l_--help\n"), "{credentials}");
}

#[test]
fn a_password_in_the_server_url_is_refused_and_never_shown() {
    let k = fixture("minikube.yaml").replace("server: https://", "server: https://admin:s3cret-pass@");
    assert!(k.contains("s3cret-pass"));
    let out = with_kubeconfig(&k);
    find(&out, "kubeconfig.server-credentials");
    let everything = dump(&out);
    assert!(!everything.contains("s3cret-pass"), "the password reached the output");
}

#[test]
fn a_key_written_twice_keeps_its_last_value_as_kubectl_reads_it() {
    let k = fixture("rancher.yaml").replace("    server: ", "    server: https://first.example.com\n    server: ");
    let out = with_kubeconfig(&k);
    assert!(!codes(&out).contains(&"kubeconfig.syntax"), "{}", dump_diags(&out));
    assert!(file(&out, "/etc/rstudio/launcher.kubernetes.conf").contains("api-url=https://rancher.example.com/k8s/clusters/c-m-4x7qz2bd\n"));
}

#[test]
fn thousands_of_bad_entries_give_one_error() {
    let out = with_kubeconfig(&format!("contexts: [{}1]\n", "1,".repeat(20_000)));
    assert_eq!(kubeconfig_codes(&out), ["kubeconfig.wrong-type"], "{}", dump_diags(&out));
    assert!(find(&out, "kubeconfig.wrong-type").message.starts_with("an entry of contexts is a number"), "{}", dump_diags(&out));
}

#[test]
fn a_long_share_link_restores_every_user() {
    let users: Vec<String> = (0..1900).map(|i| format!("user{i:05}")).collect();
    let mut settings = rsp_k8s_engine::preset::example_settings();
    settings.insert("users".into(), users.join(", "));
    let link = rsp_k8s_engine::share::encode(&settings);
    assert!(link.len() > 16 * 1024, "the reproducer is a link over 16 KiB");
    assert_eq!(rsp_k8s_engine::share::decode(&link), settings);
}

#[test]
fn settings_over_their_limit_are_refused() {
    let out = generate(&example_with(&[("users", &"alice ".repeat(20_000))]), NOW);
    assert!(find(&out, "setting.invalid").message.contains("at most 64 KiB"));
    let out = generate(&example_with(&[("namespace", &"a".repeat(2000))]), NOW);
    assert!(find(&out, "setting.invalid").message.contains("at most 1 KiB"));
}

#[test]
fn a_context_named_like_a_placeholder_is_not_taken_for_one() {
    let out = with_kubeconfig(&kubeconfig_with_context("team-<users>"));
    assert!(!out.missing.contains(&"users"), "{:?}", out.missing);
    let guard = out.script.lines().find(|l| l.starts_with("missing=")).unwrap_or_default();
    assert!(!guard.contains("users"), "{guard}");
    assert!(out.script.contains("use-context -- 'team-<users>'"));
}
