//! Property tests: injection safety of every free-text field, and parsers that never panic.

mod common;
use common::*;
use proptest::prelude::*;
use rsp_k8s_engine::render::FileKind;
use rsp_k8s_engine::settings::values::Control;
use rsp_k8s_engine::settings::FIELDS;
use rsp_k8s_engine::{generate, Inputs, Output};
use std::collections::BTreeSet;
use std::process::Command;

/// Keys each INI/DCF file may contain; anything else means a value broke out of its line.
const KNOWN: &[&str] = &[
    "address",
    "port",
    "server-user",
    "admin-group",
    "enable-debug-logging",
    "enable-ssl",
    "name",
    "type",
    "api-url",
    "auth-token",
    "auth-token-path",
    "certificate-authority",
    "verify-ssl-certs",
    "kubernetes-namespace",
    "launcher-sessions-enabled",
    "launcher-address",
    "launcher-port",
    "launcher-default-cluster",
    "launcher-sessions-callback-address",
    "launcher-use-ssl",
    "launcher-sessions-container-image",
    "launcher-sessions-auto-update",
    "launcher-sessions-init-container-image-name",
    "launcher-sessions-init-container-image-tag",
    "launcher-sessions-container-run-as-root",
    "launcher-sessions-create-container-user",
    "server-shared-storage-path",
    "admin-enabled",
    "server-project-sharing",
    "www-port",
    "labs-enabled",
    "notebooks-enabled",
    "jupyter-exe",
    "lab-version",
    "session-cull-minutes",
    "default-session-cluster",
    "default-session-container-image",
    "MountType",
    "Host",
    "Path",
    "MountPath",
    "ReadOnly",
];

/// Check every machine file line by line; returns the (file, key) pairs seen.
fn structure(out: &Output) -> Result<BTreeSet<(String, String)>, String> {
    let mut keys = BTreeSet::new();
    for f in &out.files {
        // Characters some reader takes for a line break or an end of string.
        if let Some(c) = f.content.chars().find(|c| matches!(c, '\0' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}')) {
            return Err(format!("{}: holds {c:?}", f.path));
        }
    }
    for f in out.files.iter().filter(|f| f.kind == FileKind::Machine && !f.path.ends_with(".token")) {
        for line in f.content.lines().filter(|l| !l.is_empty() && !l.starts_with('#') && !l.starts_with('[')) {
            if f.path == "/etc/exports" {
                let ok = line.split(' ').count() == 2
                    && (line.starts_with('/') || line.starts_with("<home-root> "))
                    && (line.ends_with("(rw,sync,no_subtree_check,root_squash)")
                        || line.ends_with("(rw,sync,no_subtree_check,no_root_squash)"));
                if !ok {
                    return Err(format!("bad exports line {line:?}"));
                }
                continue;
            }
            let key = line.split_once('=').map(|(k, _)| k).or_else(|| line.split_once(": ").map(|(k, _)| k));
            match key {
                Some(k) if KNOWN.contains(&k) => {
                    let fresh = keys.insert((f.path.clone(), k.to_string()));
                    if !fresh && !f.path.ends_with("launcher-mounts") {
                        return Err(format!("{}: key {k} twice", f.path));
                    }
                }
                _ => return Err(format!("{}: unexpected line {line:?}", f.path)),
            }
        }
    }
    Ok(keys)
}

fn bash_n(script: &str) -> bool {
    let mut child = Command::new("bash")
        .arg("-n")
        .stdin(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("bash is installed");
    std::io::Write::write_all(child.stdin.as_mut().unwrap(), script.as_bytes()).unwrap();
    child.wait().unwrap().success()
}

fn hostile() -> impl Strategy<Value = String> {
    // The odd shapes: bracketed IPv6 with anything after the bracket, NUL, NEL (U+0085),
    // U+2028, a leading '-', alone or around otherwise valid values.
    let odd = prop_oneof![Just("\0"), Just("\u{85}"), Just("\u{2028}"), Just("\n"), Just("\r"), Just("|"), Just("-"), Just(" -x")];
    prop_oneof![
        1 => ".{0,40}",
        4 => ("http(s)?://\\[(::1|fd00::10|2001:db8::7|fe80::1)\\]", "[\\x00-\\x7f\u{85}\u{2028}]{1,12}").prop_map(|(a, b)| format!("{a}{b}")),
        4 => ("(http://)?\\[fd00::10\\](:8787)?", odd.clone(), "[a-z=-]{1,12}").prop_map(|(a, b, c)| format!("{a}{b}{c}")),
        1 => (odd.clone(), "[a-z0-9./:-]{1,16}").prop_map(|(a, b)| format!("{a}{b}")),
        1 => ("[a-z0-9./:-]{1,16}", odd, "[a-z0-9=./:-]{0,16}").prop_map(|(a, b, c)| format!("{a}{b}{c}")),
        1 => "-[a-z0-9=./-]{0,16}",
        1 => "[a-z0-9./:=#;$`'\" \\n\\r\\t<>|&{}()\\\\*?!~-]{0,30}",
        1 => Just("rstudio\nextra-key=1".to_string()),
        1 => Just("x=y".to_string()),
        1 => Just("a # b".to_string()),
        1 => Just("$(reboot)".to_string()),
        1 => Just("'; rm -rf / #".to_string()),
        1 => Just("10.0.0.1/8(rw,no_root_squash) *".to_string()),
        1 => Just("/home\n/ *(rw)".to_string()),
        1 => Just("RSP_K8S_CONFIG_EOF".to_string()),
    ]
}

fn text_fields() -> Vec<&'static str> {
    FIELDS.iter().filter(|f| matches!(f.control, Control::Text | Control::Multiline | Control::Suggest(_))).map(|f| f.key).collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    /// For any text in every free-text field: a diagnostic on that field, or files whose
    /// lines are exactly the intended keys, and a script bash accepts.
    #[test]
    fn free_text_never_breaks_a_file_or_the_script(value in hostile()) {
        let baseline = structure(&generate(&example_with(&[]), NOW)).unwrap();
        for field in text_fields() {
            let out = generate(&example_with(&[(field, &value)]), NOW);
            let flagged = out.diagnostics.iter().any(|d| d.field == field && (d.code == "setting.invalid" || d.code == "setting.required"));
            // Nothing that starts with '-' may pass: it would be an option to a command.
            prop_assert!(flagged || !value.trim().starts_with('-'), "{field}={value:?} was accepted");
            let keys = structure(&out).map_err(|e| TestCaseError::fail(format!("{field}={value:?}: {e}")))?;
            if !flagged {
                // Optional keys (www-port, jupyter-exe) may appear; none of the baseline may vanish,
                // except what the session image decides (the init container, where jupyter is).
                let by_image = |(_, k): &&(String, String)| {
                    field == "session-image" && (k.starts_with("launcher-sessions-auto-update") || k.starts_with("launcher-sessions-init-container") || k == "jupyter-exe")
                };
                let vanished: Vec<_> = baseline.difference(&keys).filter(|k| !by_image(k)).collect();
                prop_assert!(vanished.is_empty(), "{field}={value:?} removed keys {vanished:?}");
                for (file, key) in keys.difference(&baseline) {
                    prop_assert!(["www-port", "jupyter-exe"].contains(&key.as_str()), "{field}={value:?} added {key} to {file}");
                }
                prop_assert!(bash_n(&out.script), "{field}={value:?}: bash -n rejects the script");
            }
        }
    }

    /// Whatever a context is named, the command that names it gets exactly one word for it.
    #[test]
    fn a_context_name_is_always_one_word(name in prop_oneof![".{1,24}", "-[a-z-]{0,10}", "[a-z]{1,5}[\\x00\u{85}\u{2028}\n'\" <>$`][a-z]{0,5}"]) {
        let kubeconfig = serde_norway::to_string(&serde_norway::from_str::<serde_norway::Value>(
            "{apiVersion: v1, clusters: [{name: c, cluster: {server: 'https://10.0.0.1'}}], contexts: [{name: N, context: {cluster: c}}], current-context: N}",
        ).map(|mut v| {
            v["contexts"][0]["name"] = name.clone().into();
            v["current-context"] = name.clone().into();
            v
        }).unwrap()).unwrap();
        let out = generate(&Inputs { kubeconfig, ..example_with(&[]) }, NOW);
        let step = &out.steps.iter().find(|s| s.id == "credentials").unwrap().commands;
        let line = step.lines().next().unwrap();
        let words = shlex::split(line).unwrap_or_default();
        prop_assert_eq!(words.len(), 5, "{:?} → {:?}", name, line);
        prop_assert_eq!(&words[..4], &["kubectl", "config", "use-context", "--"]);
        prop_assert!(words[4] == name || words[4] == "<context>", "{:?} → {:?}", name, line);
        prop_assert!(bash_n(&out.script));
    }

    /// The parsers take any text without panicking.
    #[test]
    fn arbitrary_text_never_panics(kubeconfig in ".{0,300}", token in ".{0,200}", context in proptest::option::of(".{0,20}")) {
        let _ = generate(&Inputs { kubeconfig, token, context, ..Inputs::default() }, NOW);
    }

    /// Any bytes, decoded as a browser would (lossy UTF-8).
    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let _ = generate(&Inputs { kubeconfig: text.clone(), token: text, ..Inputs::default() }, NOW);
    }

    /// Any YAML shape built from kubeconfig-like keys, nulls, lists, maps and scalars.
    #[test]
    fn arbitrary_kubeconfig_shapes_never_panic(doc in yaml_value(), now in any::<i64>()) {
        let text = serde_norway::to_string(&doc).unwrap_or_default();
        let json = format!("{doc:?}");
        let _ = generate(&Inputs { kubeconfig: text, context: Some("a".into()), ..Inputs::default() }, now);
        let _ = generate(&Inputs { kubeconfig: json, ..Inputs::default() }, now);
    }

    /// Any JSON claims inside a well-formed JWT.
    #[test]
    fn arbitrary_token_claims_never_panic(doc in yaml_value(), now in any::<i64>()) {
        use base64::Engine;
        let e = base64::engine::general_purpose::URL_SAFE_NO_PAD;
        let claims = serde_norway::to_string(&doc).unwrap_or_default();
        let token = format!("{}.{}.sig", e.encode(r#"{"alg":"RS256"}"#), e.encode(claims));
        let _ = generate(&Inputs { token, ..Inputs::default() }, now);
    }
}

fn yaml_value() -> impl Strategy<Value = serde_norway::Value> {
    use serde_norway::Value;
    let keys = prop_oneof![
        Just("clusters"),
        Just("contexts"),
        Just("users"),
        Just("current-context"),
        Just("name"),
        Just("cluster"),
        Just("context"),
        Just("server"),
        Just("certificate-authority-data"),
        Just("certificate-authority"),
        Just("insecure-skip-tls-verify"),
        Just("kind"),
        Just("apiVersion"),
        Just("namespace"),
        Just("exp"),
        Just("sub"),
        Just("kubernetes.io"),
        Just("aud"),
        Just("x"),
    ];
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| Value::Number(n.into())),
        any::<f64>().prop_map(|n| Value::Number(n.into())),
        ".{0,12}".prop_map(Value::String),
        Just(Value::String("https://127.0.0.1:6443".into())),
        Just(Value::String("LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCg==".into())),
        Just(Value::String("a".into())),
    ];
    leaf.prop_recursive(4, 48, 6, move |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..5).prop_map(Value::Sequence),
            proptest::collection::vec((keys.clone(), inner), 0..6)
                .prop_map(|kv| Value::Mapping(kv.into_iter().map(|(k, v)| (Value::String(k.into()), v)).collect())),
        ]
    })
}
