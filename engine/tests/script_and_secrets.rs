//! The runbook script passes shellcheck; secrets never reach diagnostics, facts or Debug output.

mod common;
use common::*;
use rsp_k8s_engine::preset::{example, EXAMPLE_TOKEN};
use rsp_k8s_engine::{generate, Inputs};
use std::process::{Command, Stdio};

fn shellcheck(script: &str) -> String {
    let mut child = Command::new("shellcheck")
        .args(["--shell=bash", "--severity=style", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("shellcheck must be installed (scripts/setup.sh installs it)");
    std::io::Write::write_all(child.stdin.as_mut().unwrap(), script.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn scripts_pass_shellcheck_with_no_findings() {
    let mut multi = example();
    multi.kubeconfig = fixture("multi-cluster.yaml");
    multi.context = Some("eks-analytics".into());
    let cases = [
        ("example", example()),
        ("seed", seed_inputs()),
        ("eks", multi),
        ("minimal", Inputs::default()),
        (
            "token inline, vscode, profiles",
            example_with(&[("token-delivery", "inline"), ("vscode", "1"), ("profiles", "1"), ("users", "")]),
        ),
        ("no CA", Inputs { kubeconfig: fixture("rancher.yaml").replace("certificate-authority-data", "x-ca"), ..example() }),
        ("aks", rsp_k8s_engine::preset::presets().into_iter().find(|(p, _)| *p == "aks").unwrap().1),
        ("eks preset, users' range", {
            let mut i = rsp_k8s_engine::preset::presets().into_iter().find(|(p, _)| *p == "eks").unwrap().1;
            i.settings.insert("user-cidr".into(), "192.168.10.0/24".into());
            i
        }),
        (
            "https, positron, a typed newer release",
            example_with(&[
                ("https", "1"),
                ("ssl-certificate", "/etc/ssl/rsp/cert.pem"),
                ("ssl-certificate-key", "/etc/ssl/rsp/key.pem"),
                ("positron", "1"),
                ("target-release", "2026.10.0"),
            ]),
        ),
    ];
    for (name, inputs) in cases {
        let script = generate(&inputs, NOW).script;
        assert!(script.starts_with("#!/usr/bin/env bash\n") && script.contains("\nset -euo pipefail\n"));
        let findings = shellcheck(&script);
        assert!(findings.is_empty(), "{name}:\n{findings}");
    }
}

#[test]
fn placeholders_stop_the_script_before_any_command() {
    let script = generate(&Inputs::default(), NOW).script;
    let guard = script.find("exit 1").expect("a guard");
    assert!(script.find("\nkubectl ").unwrap() > guard);
    let missing = script.lines().find(|l| l.starts_with("missing='")).expect("a list of what is missing");
    for key in ["api-url", "certificate-authority", "vm-ip", "nfs-client-cidr"] {
        assert!(missing.contains(key), "{missing}");
    }
    // The token is read on the VM, not written into the script, unless delivered inline.
    assert!(!missing.contains("auth-token"), "{missing}");
    let inline =
        generate(&Inputs { settings: [("token-delivery".to_string(), "inline".to_string())].into(), ..Inputs::default() }, NOW).script;
    assert!(inline.lines().find(|l| l.starts_with("missing='")).unwrap().contains("auth-token"));
    assert!(!generate(&example(), NOW).script.contains("missing="));
}

#[test]
fn the_token_ca_and_kubeconfig_credentials_never_reach_messages_or_debug() {
    let ca = fixture("multi-cluster.yaml").lines().find_map(|l| l.trim().strip_prefix("certificate-authority-data: ")).unwrap().to_string();
    let token = EXAMPLE_TOKEN.trim();
    let secrets = [&ca[20..80], &token[40..100], "SECRETCRED", "Y2xpZW50LWtleS1TRUNSRVRDUkVE"];
    let mut cases: Vec<Inputs> = ["multi-cluster.yaml", "aks.yaml", "openshift.yaml", "rancher.yaml", "k3s.yaml"]
        .iter()
        .map(|f| Inputs { kubeconfig: fixture(f), token: EXAMPLE_TOKEN.into(), ..example() })
        .collect();
    // Broken inputs that still contain the secrets: wrong shapes, bad tokens, tabs.
    cases.push(Inputs { kubeconfig: fixture("multi-cluster.yaml").replace("  name: kind-dev", "\tname: kind-dev"), ..example() });
    cases.push(Inputs { kubeconfig: format!("clusters: [\"{ca}\"]\ncontexts: {{a: \"{token}\"}}\n"), ..example() });
    cases.push(Inputs { token: format!("{token}.{token}"), ..example() });
    cases.push(Inputs { token: format!("Bearer {}", &token[..token.len() - 5]), ..example() });
    cases.push(Inputs { kubeconfig: token.to_string(), ..example() });
    for inputs in cases {
        let out = generate(&inputs, NOW);
        let visible = format!("{}{:?}", dump_diags(&out), out.facts);
        for s in secrets {
            assert!(!visible.contains(s), "secret {s} leaked:\n{visible}");
        }
    }
}

#[test]
fn secret_debug_output_is_redacted() {
    // The real types that hold the token: the inputs, the output with the token inline (in a
    // file, a step and the script), and an imported launcher.kubernetes.conf with an old token.
    let old_token = "eyJold-imported-token.payload.signature";
    let mut inputs = example_with(&[("token-delivery", "inline")]);
    inputs.imports = vec![("launcher.kubernetes.conf".into(), format!("auth-token={old_token}\n").into_bytes())];
    let out = generate(&inputs, NOW);
    assert!(out.script.contains(EXAMPLE_TOKEN.trim()), "inline delivery puts the token in the script");
    let imported = rsp_k8s_engine::import::read(&inputs.imports);
    let shown =
        [format!("{inputs:?}"), format!("{out:?}"), format!("{:?}", out.files), format!("{:?}", out.steps), format!("{imported:?}")];
    for (i, text) in shown.iter().enumerate() {
        for secret in [EXAMPLE_TOKEN.trim(), old_token, &EXAMPLE_TOKEN.trim()[..40], "eyJold"] {
            assert!(!text.contains(secret), "Debug output {i} shows a token:\n{text}");
        }
        assert!(text.contains("bytes redacted"), "Debug output {i} says what it left out:\n{text}");
    }
}

#[test]
fn no_token_on_a_command_line_and_no_predictable_temporary_file() {
    for inputs in [example(), example_with(&[("token-delivery", "inline")]), seed_inputs()] {
        let script = generate(&inputs, NOW).script;
        for bad in ["/tmp/", "TMPDIR", "Bearer $", "Bearer {", "-H \"Authorization", "$(cat /etc/rstudio"] {
            assert!(!script.contains(bad), "{bad} in the script");
        }
        assert!(script.contains("--header \"@$tmp/auth\""));
    }
}

#[test]
fn an_ipv6_vm_is_one_address_in_firewall_rules() {
    let out = generate(&example_with(&[("vm-ip", "fd00::5"), ("callback-url", "")]), NOW);
    let firewall = &out.steps.iter().find(|s| s.id == "firewall").unwrap().commands;
    assert!(firewall.contains("fd00::5/128") && !firewall.contains("/32"), "{firewall}");
    let out = generate(&example(), NOW);
    assert!(out.steps.iter().find(|s| s.id == "firewall").unwrap().commands.contains("10.154.0.16/32"));
}
