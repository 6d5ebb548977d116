//! The personal guide: golden, free of secrets, and valid Markdown (markdownlint).

mod common;
use common::*;
use rsp_k8s_engine::generate;
use rsp_k8s_engine::preset::{example, EXAMPLE_TOKEN};

fn check(name: &str, guide: &str) {
    let path = format!("{}/tests/golden/{name}.md", env!("CARGO_MANIFEST_DIR"));
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, guide).unwrap();
        return;
    }
    let want = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}; UPDATE_GOLDEN=1 to create it"));
    assert!(guide == want, "{name}: the guide differs from {path} (UPDATE_GOLDEN=1 to accept after review)");
}

#[test]
fn the_guide_is_golden_and_holds_no_secret() {
    let inline = example_with(&[("token-delivery", "inline")]);
    for (name, inputs) in [("guide-example", example()), ("guide-inline-token", inline)] {
        let out = generate(&inputs, NOW);
        let guide = rsp_k8s_engine::guide(&inputs, NOW);
        check(name, &guide);
        let token = EXAMPLE_TOKEN.trim();
        let ca = inputs.kubeconfig.lines().find_map(|l| l.trim().strip_prefix("certificate-authority-data: ")).unwrap();
        for window in [&token[..40], &token[token.len() - 40..], &ca[..40], &ca[ca.len() - 40..]] {
            assert!(!guide.contains(window), "{name}: a secret is in the guide");
        }
        assert!(guide.contains("<certificate-authority>"));
        assert!(out.files.iter().any(|f| f.content.contains(&ca[..40])), "the files do hold the CA");
    }
}

#[test]
fn the_guide_passes_markdownlint() {
    let lint = concat!(env!("CARGO_MANIFEST_DIR"), "/../node_modules/.bin/markdownlint-cli2");
    let dir = std::env::temp_dir().join(format!("rsp-k8s-guide-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for (name, inputs) in [("example", example()), ("minimal", rsp_k8s_engine::Inputs::default())] {
        std::fs::write(dir.join(format!("{name}.md")), rsp_k8s_engine::guide(&inputs, NOW)).unwrap();
    }
    let config = concat!(env!("CARGO_MANIFEST_DIR"), "/../.markdownlint-cli2.jsonc");
    let out = std::process::Command::new(lint)
        .arg("--config")
        .arg(config)
        .arg(dir.join("*.md"))
        .output()
        .expect("markdownlint-cli2 is installed by scripts/setup.sh (npm ci)");
    let _ = std::fs::remove_dir_all(&dir);
    assert!(out.status.success(), "{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
}
