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
