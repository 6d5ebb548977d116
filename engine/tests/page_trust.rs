//! What the page shows is what the files say: every way a value enters goes through one
//! parser and the form shows the value as rendered; unsafe choices from a link or a file are
//! held back and named; example values never reach a deployment; names cannot turn into markup.

mod common;
use common::*;
use rsp_k8s_engine::preset::{example, shown, EXAMPLE_TOKEN};
use rsp_k8s_engine::settings::values::Control;
use rsp_k8s_engine::settings::{defaults, enter, file, hold_back, RawSettings, FIELDS};
use rsp_k8s_engine::{generate, share, Inputs, Status};

/// Odd spellings of a valid value, and the value the form must then hold.
fn spellings() -> Vec<(&'static str, String, &'static str)> {
    let mut out = Vec::new();
    for f in FIELDS {
        match f.control {
            Control::Checkbox => {
                for (odd, want) in [(" true", "1"), ("YES", "1"), ("On ", "1"), ("1", "1"), ("False", "0"), (" no ", "0"), ("OFF", "0")] {
                    out.push((f.key, odd.to_string(), want));
                }
            }
            Control::Select(options) | Control::Suggest(options) => {
                for (value, _) in options {
                    out.push((f.key, format!(" {value} "), value));
                    out.push((f.key, value.to_uppercase(), value));
                }
            }
            _ => {}
        }
    }
    out
}

/// The settings each way in makes of one value.
fn entries(key: &str, text: &str) -> Vec<(&'static str, RawSettings)> {
    let mut typed = defaults();
    typed.insert(key.into(), enter(key, text));
    let link = share::decode(&format!("#{key}={}", text.replace(' ', "%20")));
    let (saved, problems) = file::load(&format!("{key} = \"{text}\"\n"));
    assert_eq!(problems, vec![], "{key} = {text:?} loads without a problem");
    let mut preset = example().settings;
    preset.insert(key.into(), text.into());
    vec![("typed", typed), ("share link", link), ("settings file", saved), ("preset", rsp_k8s_engine::settings::entered(preset))]
}

#[test]
fn every_way_in_gives_the_form_the_value_the_files_use() {
    let cases = spellings();
    assert!(cases.len() > 60, "every checkbox and list is driven ({})", cases.len());
    for (key, odd, want) in cases {
        for (way, settings) in entries(key, &odd) {
            assert_eq!(settings[key], want, "{way}: {key}={odd:?} enters as the form holds it");
            let out = generate(&Inputs { settings, ..example() }, NOW);
            // Skipping TLS checks is only rendered with no CA: the example has one, so it shows off.
            let rendered = if key == "skip-tls-verify" { "0" } else { want };
            assert_eq!(out.effective(key), Some(rendered), "{way}: {key}={odd:?}: the form shows what the files use");
        }
    }
}

#[test]
fn an_invalid_choice_is_refused_the_same_way_from_every_source() {
    for (way, settings) in entries("rbac-mode", "root") {
        let out = generate(&Inputs { settings, ..example() }, NOW);
        assert!(out.has_error("rbac-mode"), "{way}: diagnosed");
        assert_eq!(out.effective("rbac-mode"), Some("narrow"), "{way}: the form shows the default the files use");
    }
}

#[test]
fn a_link_that_turns_on_unsafe_settings_is_held_back_and_named() {
    let fragment = "#vm-ip=10.154.0.16&token-delivery=inline%20&rbac-mode=cluster-admin%20&nfs-squash=no_root_squash%20&run-as-root=true";
    let mut settings = share::decode(fragment);
    let held = hold_back(&mut settings);
    let keys: Vec<&str> = held.iter().map(|(k, _)| *k).collect();
    assert_eq!(keys, ["token-delivery", "rbac-mode", "nfs-squash", "run-as-root"]);
    let out = generate(&Inputs { settings: settings.clone(), ..example() }, NOW);
    assert!(!out.script.contains(EXAMPLE_TOKEN.trim()), "no token in the script");
    assert!(!file(&out, "kubernetes/launcher-rbac.yaml").contains("cluster-admin"));
    assert!(!file(&out, "/etc/exports").contains("no_root_squash"));
    assert!(file(&out, "/etc/rstudio/rserver.conf").contains("launcher-sessions-container-run-as-root=0"));
    assert_eq!(out.hazards, vec![], "nothing unsafe is in effect");
    // Applied (as the user does from the banner), each is in effect and named at the top.
    for (k, v) in held {
        settings.insert(k.into(), v);
    }
    let out = generate(&Inputs { settings, ..example() }, NOW);
    let named: Vec<&str> = out.hazards.iter().map(|(f, _)| *f).collect();
    assert_eq!(named, ["token-delivery", "rbac-mode", "nfs-squash", "run-as-root"]);
    assert!(out.script.contains(EXAMPLE_TOKEN.trim()));
}

#[test]
fn world_wide_ranges_are_refused_not_put_in_effect() {
    for key in ["user-cidr", "nfs-client-cidr", "pod-cidr"] {
        let out = generate(&example_with(&[(key, "0.0.0.0/0")]), NOW);
        assert!(out.diagnostics.iter().any(|d| d.field == key && d.severity == rsp_k8s_engine::diagnostic::Severity::Error), "{key}");
        assert!(!out.hazards.iter().any(|(f, _)| *f == key), "{key}: an error is never in effect: {:?}", out.hazards);
    }
}

#[test]
fn example_values_never_reach_a_real_deployment() {
    // The example on show: made up from end to end, so never "complete".
    let on_show = generate(&shown(example()), NOW);
    assert_eq!(on_show.status(), Status::Example);
    assert!(on_show.example);
    // The user's own kubeconfig and token pasted over it: every example value left is an error.
    let mut own = shown(example());
    own.kubeconfig = fixture("multi-cluster.yaml");
    own.token = EXAMPLE_TOKEN.into();
    own.example.remove("kubeconfig");
    own.example.remove("token");
    let out = generate(&own, NOW);
    assert_eq!(out.status(), Status::Error);
    let left: Vec<&str> = out.diagnostics.iter().filter(|d| d.code == "example.leftover").map(|d| d.field).collect();
    assert_eq!(left, ["lab-version", "nfs-client-cidr", "pod-cidr", "users", "vm-ip"]);
    let rserver = file(&out, "/etc/rstudio/rserver.conf");
    assert!(!rserver.contains("10.154.0.16") && rserver.contains("<callback-url>"), "{rserver}");
    assert!(!out.script.contains("alice"));
    // Typing over each (the page takes the key out of the set) leaves nothing made up.
    own.example.clear();
    own.settings.insert("vm-ip".into(), "10.1.2.3".into());
    assert!(generate(&own, NOW).diagnostics.iter().all(|d| d.code != "example.leftover"));
}

#[test]
fn diagnostics_of_one_kind_are_counted_not_listed() {
    let conf = "a=1\n".repeat(64 * 1024 - 1);
    let inputs = Inputs { imports: vec![("rserver.conf".into(), conf.into_bytes())], ..example() };
    let out = generate(&inputs, NOW);
    let dup: Vec<&str> = out
        .diagnostics
        .iter()
        .filter(|d| d.code == "import.duplicate-key" || d.code == "diagnostic.more")
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(dup.len(), rsp_k8s_engine::diagnostic::MAX_ALIKE + 1, "{dup:?}");
    assert_eq!(dup.last().copied(), Some("…and 65,529 more like these."));
}

#[test]
fn names_cannot_disguise_themselves_or_become_markup() {
    let evil = "<img src=x onerror=alert(1)>[x](javascript:alert(1))\u{202e}gpj.exe\u{200b}`";
    let kubeconfig = format!(
        "apiVersion: v1\nkind: Config\nclusters:\n- name: \"{evil}\"\n  cluster:\n    server: https://10.0.0.1\ncontexts:\n- name: \"{evil}\"\n  context:\n    cluster: \"{evil}\"\ncurrent-context: \"{evil}\"\n"
    );
    let inputs = Inputs { kubeconfig, ..example() };
    let out = generate(&inputs, NOW);
    let messages = dump_diags(&out);
    assert!(messages.contains("\\u{202e}") && messages.contains("\\u{200b}"), "bidi and zero-width shown escaped: {messages}");
    assert!(!messages.contains('\u{202e}') && !messages.contains('\u{200b}'));
    for d in &out.diagnostics {
        assert_eq!(d.message.matches('`').count() % 2, 0, "a name opened a code span: {}", d.message);
    }
    let guide = rsp_k8s_engine::guide(&inputs, NOW);
    for event in pulldown_cmark::Parser::new_ext(&guide, pulldown_cmark::Options::ENABLE_TABLES) {
        use pulldown_cmark::{Event, Tag};
        match event {
            Event::Html(h) | Event::InlineHtml(h) => panic!("live HTML in the guide: {h}"),
            Event::Start(Tag::Link { dest_url, .. }) => {
                assert!(dest_url.starts_with("https://") || dest_url.starts_with('#'), "a link the input made: {dest_url}")
            }
            _ => {}
        }
    }
}
