//! Every token diagnostic, every settings diagnostic, and the cross-field checks.

mod common;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine;
use common::*;
use rsp_k8s_engine::diagnostic::Severity;
use rsp_k8s_engine::generate;
use rsp_k8s_engine::preset::EXAMPLE_TOKEN;

const KCONF: &str = "/etc/rstudio/launcher.kubernetes.conf";

fn jwt(payload: &str) -> String {
    format!("{}.{}.c2ln", URL_SAFE_NO_PAD.encode(r#"{"alg":"RS256"}"#), URL_SAFE_NO_PAD.encode(payload))
}

fn bound(ns: &str, sa: &str, exp: i64) -> String {
    jwt(&format!(
        r#"{{"aud":["https://kubernetes.default.svc"],"exp":{exp},"iat":{},"kubernetes.io":{{"namespace":"{ns}","serviceaccount":{{"name":"{sa}","uid":"u"}}}},"sub":"system:serviceaccount:{ns}:{sa}"}}"#,
        exp - 3600
    ))
}

/// The token as written for the launcher: its own file, by default.
fn rendered_token(out: &rsp_k8s_engine::Output) -> String {
    file(out, "/etc/rstudio/launcher.kubernetes.token").to_string()
}

#[test]
fn raw_jwt_wrapped_or_prefixed_is_accepted_as_is() {
    let token = EXAMPLE_TOKEN.trim();
    for pasted in [token.to_string(), format!("  Bearer {token}\n"), format!("{}\n{}\r\n", &token[..100], &token[100..])] {
        let out = with_token(&pasted);
        assert_eq!(rendered_token(&out), token);
        assert!(out.diagnostics.iter().all(|d| d.field != "token"), "{}", dump_diags(&out));
    }
}

#[test]
fn secret_data_token_is_decoded_exactly_once_and_says_so() {
    let encoded = STANDARD.encode(EXAMPLE_TOKEN.trim());
    let out = with_token(&encoded);
    assert_eq!(rendered_token(&out), EXAMPLE_TOKEN.trim());
    assert_eq!(find(&out, "token.base64-decoded").severity, Severity::Info);
    // Twice-encoded is not silently decoded twice.
    let twice = STANDARD.encode(&encoded);
    assert!(!rendered_token(&with_token(&twice)).starts_with("eyJ"));
}

#[test]
fn claims_are_decoded_for_legacy_and_bound_tokens() {
    let facts = |out: &rsp_k8s_engine::Output| out.facts.rows.iter().map(|(k, v)| format!("{k}: {v}")).collect::<Vec<_>>().join("\n");
    let legacy = with_token(EXAMPLE_TOKEN);
    assert!(facts(&legacy).contains("Token account: rstudio/job-launcher"));
    assert!(facts(&legacy).contains("Token expiry: none (Secret-based token)"));
    let b = with_token(&bound("rstudio", "job-launcher", NOW + 30 * 86_400));
    assert!(
        facts(&b).contains("Token expiry: 2026-12-31 00:00 UTC (bound token, audience https://kubernetes.default.svc)"),
        "{}",
        facts(&b)
    );
}

#[test]
fn empty_redacted_and_garbage_tokens() {
    assert_eq!(find(&with_token(""), "token.empty").severity, Severity::Error);
    find(&with_token("REDACTED"), "token.redacted");
    assert!(find(&with_token("hello"), "token.not-jwt").message.contains("1 dot-separated"));
    find(&with_token("a.b.c$"), "token.not-jwt");
    find(&with_token("eyJ!.x.y"), "token.damaged");
    find(&with_token("ZXlK%%%"), "token.undecodable");
    find(&with_token("ZXlKaGJHY2lPaUpTVXpJMU5pSjkuZXlKNElqb3hmUS5hYmM="), "token.base64-decoded");
    find(&with_token("abc.def.ghi"), "token.damaged");
    find(&with_token(&format!("{}.{}.x", URL_SAFE_NO_PAD.encode("{}"), URL_SAFE_NO_PAD.encode("{}"))), "token.not-jwt");
    let big = "a".repeat(65 * 1024);
    find(&with_token(&big), "token.too-large");
    // The placeholder stays; nothing half-decoded is rendered.
    assert_eq!(rendered_token(&with_token("hello")), "<auth-token>");
}

/// A Secret-based token's claims (no expiry), as a fake JWT.
fn legacy() -> String {
    jwt(
        r#"{"iss":"kubernetes/serviceaccount","kubernetes.io/serviceaccount/namespace":"rstudio","kubernetes.io/serviceaccount/secret.name":"job-launcher-token","kubernetes.io/serviceaccount/service-account.name":"job-launcher","sub":"system:serviceaccount:rstudio:job-launcher"}"#,
    )
}

/// The token is rendered as the JWT, and no diagnostic holds it or its base64.
fn takes(pasted: &str, jwt: &str, codes_expected: &[&str]) {
    let out = with_token(pasted);
    assert_eq!(rendered_token(&out), jwt, "{pasted}\n{}", dump_diags(&out));
    let token_codes: Vec<&str> = out.diagnostics.iter().filter(|d| d.field == "token").map(|d| d.code).collect();
    assert_eq!(token_codes, codes_expected, "{pasted}");
    let b64 = STANDARD.encode(jwt);
    assert!(out.diagnostics.iter().all(|d| !d.message.contains(&jwt[..20]) && !d.message.contains(&b64[..20])), "{}", dump_diags(&out));
}

#[test]
fn tokens_as_people_copy_them_are_decoded_when_certain() {
    let t = legacy();
    let b64 = STANDARD.encode(&t);
    // A line of `kubectl get secret job-launcher-token -o json`, and of `-o yaml`.
    takes(&format!("        \"token\": \"{b64}\",\n"), &t, &["token.from-line", "token.base64-decoded"]);
    takes(&format!("  token: {b64}\n"), &t, &["token.from-line", "token.base64-decoded"]);
    // `kubectl describe secret` prints it decoded, alone or in its whole output.
    takes(&format!("token:      {t}"), &t, &["token.from-line"]);
    let describe = format!("Name:         job-launcher-token\nNamespace:    rstudio\nLabels:       <none>\nAnnotations:  kubernetes.io/service-account.name: job-launcher\n              kubernetes.io/service-account.uid: 1234\n\nType:  kubernetes.io/service-account-token\n\nData\n====\nca.crt:     1107 bytes\nnamespace:  7 bytes\ntoken:      {t}\n");
    takes(&describe, &t, &["token.from-line"]);
    // jsonpath: `-o jsonpath='{.data.token}'` (base64), and with `| base64 -d`.
    takes(&b64, &t, &["token.base64-decoded"]);
    takes(&format!("{t}\n"), &t, &[]);
    // A whole Secret manifest, YAML or JSON, with data (base64) or stringData.
    let yaml = format!("apiVersion: v1\nkind: Secret\nmetadata:\n  name: job-launcher-token\n  namespace: rstudio\n  annotations:\n    kubernetes.io/service-account.name: job-launcher\ntype: kubernetes.io/service-account-token\ndata:\n  ca.crt: TFMwdA==\n  namespace: cnN0dWRpbw==\n  token: {b64}\n");
    takes(&yaml, &t, &["token.from-secret", "token.base64-decoded"]);
    let json = format!("{{\n    \"apiVersion\": \"v1\",\n    \"data\": {{\n        \"ca.crt\": \"TFMwdA==\",\n        \"token\": \"{b64}\"\n    }},\n    \"kind\": \"Secret\",\n    \"metadata\": {{\"name\": \"job-launcher-token\"}},\n    \"type\": \"kubernetes.io/service-account-token\"\n}}\n");
    takes(&json, &t, &["token.from-secret", "token.base64-decoded"]);
    takes(&format!("kind: Secret\nstringData:\n  token: {t}\n"), &t, &["token.from-secret"]);
}

#[test]
fn a_short_lived_token_from_kubectl_create_token_is_warned() {
    let t = bound("rstudio", "job-launcher", NOW + 3600);
    let out = with_token(&format!("{t}\n"));
    assert_eq!(rendered_token(&out), t);
    assert!(find(&out, "token.expiring").message.contains("kubectl create token"));
}

#[test]
fn what_holds_no_token_is_named_with_the_command_that_prints_it() {
    let command = "-o jsonpath='{.data.token}' | base64 -d";
    let empty_secret = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: job-launcher-token\ntype: kubernetes.io/service-account-token\n";
    let d = find(&with_token(empty_secret), "token.secret-without-token").clone();
    assert!(d.message.contains(command), "{}", d.message);
    let d = find(&with_token("  ca.crt: TFMwdExTMUNSVWRKVGlCRFJWSlVTVVpKUTBGVVJTMHRMUzB0Q2c9PQ=="), "token.wrong-field").clone();
    assert!(d.message.contains(command), "{}", d.message);
    assert_eq!(rendered_token(&with_token(empty_secret)), "<auth-token>");
}

#[test]
fn a_token_whose_parts_do_not_decode_is_called_damaged_naming_the_part() {
    let t = legacy();
    let parts: Vec<&str> = t.split('.').collect();
    for (i, name) in [(1, "second part (its claims)"), (2, "third part (its signature)")] {
        let mut broken: Vec<String> = parts.iter().map(|p| p.to_string()).collect();
        broken[i].insert(2, '!');
        let d = find(&with_token(&broken.join(".")), "token.damaged").clone();
        assert!(d.message.contains(name) && d.message.contains("base64url"), "{}", d.message);
        assert!(!d.message.contains("not a service-account token"));
    }
    // A payload that is base64url but not JSON is damaged too; without a JWT header it is not a token.
    assert!(find(&with_token(&format!("{}.e30x.c2ln", parts[0])), "token.damaged").message.contains("second part"));
    find(&with_token("abc.d!f.ghi"), "token.not-jwt");
}

#[test]
fn expired_and_expiring_tokens() {
    let d = find(&with_token(&bound("rstudio", "job-launcher", NOW - 60)), "token.expired").clone();
    assert_eq!(d.severity, Severity::Error);
    assert!(d.message.contains("Secret-based"));
    let soon = find(&with_token(&bound("rstudio", "job-launcher", NOW + 3600)), "token.expiring").clone();
    assert!(soon.message.contains("expires soon") && soon.message.contains("in 60 minutes"), "{}", soon.message);
    let later = find(&with_token(&bound("rstudio", "job-launcher", NOW + 365 * 86_400)), "token.expiring").clone();
    assert_eq!(later.severity, Severity::Warning);
}

#[test]
fn token_from_another_namespace_or_account() {
    let out = with_token(&bound("other", "job-launcher", NOW + 86_400 * 400));
    assert_eq!(find(&out, "token.namespace-mismatch").severity, Severity::Warning);
    let out = with_token(&bound("rstudio", "someone", NOW + 86_400 * 400));
    assert_eq!(find(&out, "token.service-account-mismatch").severity, Severity::Warning);
}

#[test]
fn required_and_invalid_settings_are_named_and_leave_placeholders() {
    let out = generate(&example_with(&[("vm-ip", "")]), NOW);
    assert_eq!(find(&out, "setting.required").field, "vm-ip");
    assert!(file(&out, "/etc/rstudio/launcher-mounts").contains("Host: <vm-ip>"));
    assert!(file(&out, "/etc/rstudio/rserver.conf").contains("launcher-sessions-callback-address=<callback-url>"));
    assert!(
        out.script.contains("missing='vm-ip callback-url'") || out.script.contains("missing='callback-url vm-ip'"),
        "{}",
        &out.script[..600]
    );

    let out = generate(&example_with(&[("namespace", "R Studio")]), NOW);
    let d = find(&out, "setting.invalid");
    assert_eq!(d.field, "namespace");
    assert!(d.message.starts_with("Namespace must be a Kubernetes name"), "{}", d.message);
    assert!(file(&out, KCONF).contains("kubernetes-namespace=<namespace>"));
}

#[test]
fn cross_field_address_checks() {
    let field_of = |changes: &[(&str, &str)], code: &str| find(&generate(&example_with(changes), NOW), code).field;
    assert_eq!(field_of(&[("vm-ip", "127.0.0.1")], "vm-ip.loopback"), "vm-ip");
    assert_eq!(field_of(&[("vm-ip", "34.89.1.2")], "vm-ip.public"), "vm-ip");
    assert_eq!(field_of(&[("vm-ip", "10.48.0.9")], "vm-ip.in-pod-cidr"), "vm-ip");
    assert_eq!(field_of(&[("vm-ip", "10.200.0.9")], "vm-ip.outside-node-subnet"), "vm-ip");
    assert_eq!(field_of(&[("callback-url", "http://localhost:8787")], "callback.loopback"), "callback-url");
    assert_eq!(field_of(&[("nfs-client-cidr", "10.154.0.16/20")], "nfs-client-cidr.host-bits"), "nfs-client-cidr");
    assert_eq!(field_of(&[("nfs-client-cidr", "0.0.0.0/0")], "nfs-client-cidr.too-broad"), "nfs-client-cidr");
    assert_eq!(field_of(&[("nfs-client-cidr", "10.154.0.0/24")], "nfs-client-cidr.narrower-than-subnet"), "nfs-client-cidr");
    assert_eq!(field_of(&[("pod-cidr", "10.154.0.0/16")], "pod-cidr.overlaps-nodes"), "pod-cidr");
    assert_eq!(field_of(&[("pod-cidr", "")], "pod-cidr.missing"), "pod-cidr");
    let out = generate(&example_with(&[("nfs-client-cidr", "10.154.0.16/20")]), NOW);
    assert!(file(&out, "/etc/exports").contains("/home 10.154.0.0/20("));
}

#[test]
fn security_opt_ins_and_session_notes() {
    let code_of = |changes: &[(&str, &str)], code: &str| find(&generate(&example_with(changes), NOW), code).severity;
    assert_eq!(code_of(&[("rbac-mode", "cluster-admin")], "rbac-mode.cluster-admin"), Severity::Warning);
    assert_eq!(code_of(&[("nfs-squash", "no_root_squash")], "nfs-squash.no-root-squash"), Severity::Warning);
    assert_eq!(code_of(&[("run-as-root", "1")], "run-as-root.on"), Severity::Warning);
    assert_eq!(code_of(&[("token-delivery", "file"), ("target-release", "rsp-1.3")], "token-delivery.unsupported"), Severity::Warning);
    assert_eq!(code_of(&[("debug-logging", "1")], "debug-logging.on"), Severity::Info);
    assert_eq!(code_of(&[("lab-version", "")], "lab-version.missing"), Severity::Warning);
    assert_eq!(code_of(&[("jupyter-notebooks", "1")], "jupyter-notebooks.classic"), Severity::Info);
    assert_eq!(code_of(&[("session-cull-minutes", "60")], "session-cull-minutes.on"), Severity::Info);
    assert_eq!(code_of(&[("create-container-user", "0")], "create-container-user.off"), Severity::Warning);
    assert_eq!(code_of(&[("users", "")], "users.none"), Severity::Warning);
    assert_eq!(
        code_of(&[("session-image", "rstudio/r-session-complete:bionic-1.3.959-1")], "session-image.release-mismatch"),
        Severity::Warning
    );
    let newest = "rstudio/r-session-complete:ubuntu2204-2026.09.0";
    assert_eq!(code_of(&[("target-release", "rsp-1.3"), ("session-image", newest)], "session-image.release-mismatch"), Severity::Warning);
    assert_eq!(code_of(&[("target-release", "rsp-1.3"), ("session-image", "")], "setting.required"), Severity::Error);
    assert_eq!(code_of(&[("target-release", "rsp-1.3")], "target-release.out-of-support"), Severity::Warning);
    assert_eq!(code_of(&[("session-image", "rstudio/r-session-complete:jammy")], "session-image.no-version"), Severity::Warning);
    assert_eq!(code_of(&[("session-image", "example.com/r:4.5")], "session-image.unknown"), Severity::Info);
    let init = "posit/workbench-session:R4.5.2-python3.14.3-ubuntu-24.04";
    assert_eq!(code_of(&[("target-release", "rsp-1.3"), ("session-image", init)], "session-image.needs-init-container"), Severity::Error);
}

#[test]
fn token_file_delivery_writes_a_private_file_and_points_at_it() {
    let out = generate(&example_with(&[("token-delivery", "file")]), NOW);
    assert!(file(&out, KCONF).contains("auth-token-path=/etc/rstudio/launcher.kubernetes.token"));
    assert!(!file(&out, KCONF).contains("auth-token="));
    let f = out.files.iter().find(|f| f.path == "/etc/rstudio/launcher.kubernetes.token").unwrap();
    assert_eq!((f.content.as_str(), f.mode), (EXAMPLE_TOKEN.trim(), "0640"));
    assert!(out.script.contains("stage_file \"$token_path\" root:rstudio-server 0640 secret <"));
}

#[test]
fn optional_files_appear_when_enabled() {
    let out = generate(&example_with(&[("vscode", "1"), ("profiles", "1")]), NOW);
    assert!(file(&out, "/etc/rstudio/vscode.conf")
        .contains("enabled=1\ndefault-session-container-image=posit/workbench-session:R4.5.2-python3.14.3-ubuntu-24.04\n"));
    assert!(file(&out, "/etc/rstudio/launcher.kubernetes.profiles.conf").contains("[*]\ndefault-container-image="));
}

#[test]
fn shared_storage_outside_home_gets_its_own_export() {
    let out = generate(&example_with(&[("shared-storage-path", "/srv/rsp-shared")]), NOW);
    let exports = file(&out, "/etc/exports");
    assert!(exports.contains("\n/home 10.154.0.0/20(") && exports.contains("\n/srv/rsp-shared 10.154.0.0/20("), "{exports}");
}

#[test]
fn one_value_typed_once_is_identical_everywhere() {
    let out = generate(
        &example_with(&[("cluster-name", "Custard"), ("session-image", "ghcr.io/acme/session:2026.07.1"), ("launcher-port", "5600")]),
        NOW,
    );
    let all: String = out.files.iter().map(|f| f.content.clone()).collect();
    assert_eq!(all.matches("=Custard\n").count(), 3, "launcher.conf, rserver.conf, jupyter.conf");
    assert_eq!(all.matches("=ghcr.io/acme/session:2026.07.1\n").count(), 2);
    assert!(file(&out, "/etc/rstudio/launcher.conf").contains("\nport=5600\n"));
    assert!(file(&out, "/etc/rstudio/rserver.conf").contains("\nlauncher-port=5600\n"));
    assert!(!all.contains("Kubernetes\n[") && !all.contains("name=Kubernetes"));
}

#[test]
fn output_is_byte_stable() {
    let a = generate(&rsp_k8s_engine::preset::example(), NOW);
    let b = generate(&rsp_k8s_engine::preset::example(), NOW + 86_400 * 100);
    assert_eq!(a.files, b.files);
    assert_eq!(a.script, b.script);
}

#[test]
fn every_release_is_accepted_and_unsourced_tags_are_named() {
    let codes = |s: &[(&str, &str)]| generate(&example_with(s), NOW).diagnostics.iter().map(|d| (d.code, d.severity)).collect::<Vec<_>>();
    // A patch the table does not list: accepted by its family, with a note; a newer one with a warning.
    assert!(codes(&[("target-release", "2026.05.2")]).contains(&("target-release.by-family", Severity::Info)));
    assert!(codes(&[("target-release", "2026.10.0")]).contains(&("target-release.newer", Severity::Warning)));
    assert!(codes(&[("target-release", "2024.12.1")]).contains(&("target-release.unlisted", Severity::Warning)));
    for listed in ["2026.08.0", "2026.07.0", "2026.05.0", "2026.01.0", "2026.01.1", "2025.09.0", "2025.09.1"] {
        let out = generate(&example_with(&[("target-release", listed)]), NOW);
        assert!(!out.diagnostics.iter().any(|d| d.field == "target-release"), "{listed}: {}", dump_diags(&out));
        assert!(out.missing.is_empty(), "{listed}: {:?}", out.missing);
    }
    // Typed on the page, in a link or a settings file: the same canonical value.
    assert_eq!(rsp_k8s_engine::settings::Settings::canonical("target-release", " 2026.10.0 "), Ok("2026.10.0".to_string()));
    assert_eq!(rsp_k8s_engine::settings::Settings::canonical("target-release", "2026.08.0+187.pro5"), Ok("2026.08.0".to_string()));
    assert!(rsp_k8s_engine::share::decode("#target-release=2026.10.0").get("target-release").is_some_and(|v| v == "2026.10.0"));
    // A typed newer release reaches the preflight as itself, never refused by the page.
    let out = generate(&example_with(&[("target-release", "2026.10.0")]), NOW);
    assert!(out.steps.iter().any(|s| s.id == "preflight-vm" && s.commands.contains("2026.10.0+*|2026.10.0)")));
    // r-session-complete for a release with no sourced tag, and an init tag with no source: warnings.
    let rsc = [("target-release", "2026.08.1"), ("session-image", "rstudio/r-session-complete:ubuntu2204-2026.08.1")];
    assert!(codes(&rsc).contains(&("session-image.no-source", Severity::Warning)));
    assert!(!codes(&[("target-release", "2026.07.1"), ("session-image", "rstudio/r-session-complete:ubuntu2204-2026.07.1")])
        .iter()
        .any(|(c, _)| *c == "session-image.no-source"));
    assert!(codes(&[("target-release", "2026.01.1"), ("session-image", "posit/workbench-session:R4.5.2-python3.14.3-ubuntu-24.04")])
        .contains(&("session-image.init-no-source", Severity::Warning)));
    // Posit's recommendation per release: the init container from 2026.04.0, r-session-complete before.
    let image = |r: &str| file(&generate(&example_with(&[("target-release", r)]), NOW), "/etc/rstudio/rserver.conf").to_string();
    assert!(image("2026.04.0").contains("launcher-sessions-init-container-image-tag=2026.04.0"));
    assert!(image("2026.01.2").contains("launcher-sessions-container-image=rstudio/r-session-complete:ubuntu2204-2026.01.2\n"));
    // posit/workbench-session's JupyterLab is unpinned: the given version is named as unchecked; its jupyter path is written.
    assert!(codes(&[]).contains(&("lab-version.unpinned-image", Severity::Info)));
    assert!(!codes(&[("session-image", "rstudio/r-session-complete:ubuntu2204-2026.07.1"), ("target-release", "2026.07.1")])
        .iter()
        .any(|(c, _)| *c == "lab-version.unpinned-image"));
    assert!(file(&generate(&example_with(&[]), NOW), "/etc/rstudio/jupyter.conf").contains("jupyter-exe=/opt/python/jupyter/bin/jupyter\n"));
    // rstudio/workbench-session needs the init container too: its own.
    let rws = image_of(&[("session-image", "rstudio/workbench-session:ubuntu2204-r4.5.2_4.4.3-py3.13.9_3.12.11")]);
    assert!(rws.contains("launcher-sessions-init-container-image-name=rstudio/workbench-session-init\n"), "{rws}");
}

fn image_of(s: &[(&str, &str)]) -> String {
    file(&generate(&example_with(s), NOW), "/etc/rstudio/rserver.conf").to_string()
}
