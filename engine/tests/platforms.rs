//! Every platform: detected from the kubeconfig (or chosen), with its own credentials step,
//! its network notes, and its cloud fields required there and nowhere else.

mod common;
use common::*;
use rsp_k8s_engine::diagnostic::Severity;
use rsp_k8s_engine::generate;
use rsp_k8s_engine::preset::{example, presets};

fn step<'a>(out: &'a rsp_k8s_engine::Output, id: &str) -> &'a str {
    &out.steps.iter().find(|s| s.id == id).unwrap().commands
}

#[test]
fn each_platform_is_detected_and_gets_its_own_commands() {
    for (fixture_name, context, credentials, firewall) in [
        (
            "multi-cluster.yaml",
            Some("gke_rsp-k8s-demo_europe-west2_custard"),
            "gcloud container clusters get-credentials custard --location europe-west2 --project rsp-k8s-demo",
            "gcloud compute firewall-rules create",
        ),
        (
            "multi-cluster.yaml",
            Some("eks-analytics"),
            "aws eks update-kubeconfig --region eu-west-2 --name analytics",
            "aws ec2 authorize-security-group-ingress",
        ),
        ("aks.yaml", None, "az aks get-credentials --resource-group rg --name myaks", "az network nsg rule \"$verb\""),
        ("k3s.yaml", None, "kubectl config use-context -- default", "# Open these in your network's firewall"),
        ("multi-cluster.yaml", Some("kind-dev"), "kubectl config use-context -- kind-dev", "# Open these in your network's firewall"),
    ] {
        let mut i = example();
        i.kubeconfig = fixture(fixture_name);
        i.context = context.map(str::to_string);
        let out = generate(&i, NOW);
        assert!(step(&out, "credentials").contains(credentials), "{fixture_name} {context:?}:\n{}", step(&out, "credentials"));
        assert!(step(&out, "firewall").contains(firewall), "{fixture_name} {context:?}:\n{}", step(&out, "firewall"));
        // Each says where it runs with that platform's own tools.
        let tool = match firewall {
            f if f.starts_with("gcloud") => "gcloud",
            f if f.starts_with("aws") => "AWS CLI",
            f if f.starts_with("az") => "Azure CLI",
            _ => "(kubectl",
        };
        assert!(out.steps.iter().find(|s| s.id == "credentials").unwrap().run_on.contains(tool), "{fixture_name}: {tool}");
        let required: Vec<_> = out.diagnostics.iter().filter(|d| d.code == "setting.required").map(|d| d.field).collect();
        assert!(required.is_empty(), "{fixture_name} {context:?}: {required:?}");
    }
}

#[test]
fn cloud_fields_are_required_only_on_their_platform() {
    // GKE chosen by hand for a cluster whose kubeconfig names no project: the names are required.
    let mut i = example_with(&[("platform", "gke"), ("gcp-network", "")]);
    i.kubeconfig = fixture("k3s.yaml");
    let out = generate(&i, NOW);
    for key in ["gke-project", "gke-location", "gke-cluster", "gcp-network"] {
        let d = out
            .diagnostics
            .iter()
            .find(|d| d.field == key && d.code == "setting.required")
            .unwrap_or_else(|| panic!("{key}: {}", dump_diags(&out)));
        assert_eq!(d.severity, Severity::Error);
        assert!(out.missing.contains(&key), "{key}");
    }
    // The same empty VPC network on another platform is nothing at all.
    let mut i = example_with(&[("gcp-network", "")]);
    i.kubeconfig = fixture("k3s.yaml");
    let out = generate(&i, NOW);
    assert!(!out.diagnostics.iter().any(|d| d.field == "gcp-network"), "{}", dump_diags(&out));
    assert!(out.missing.is_empty(), "{:?}", out.missing);
}

#[test]
fn every_platform_preset_is_complete() {
    for (name, inputs) in presets() {
        let out = generate(&inputs, NOW);
        assert!(out.missing.is_empty(), "{name}: {:?}", out.missing);
        assert!(!out.diagnostics.iter().any(|d| d.severity == Severity::Error), "{name}:\n{}", dump_diags(&out));
    }
}

#[test]
fn rancher_and_aks_details() {
    // Rancher's proxy: the JWT-authentication note, and no kube-root-ca.crt advice (that is the downstream CA).
    let mut i = example();
    i.kubeconfig = fixture("rancher.yaml").lines().filter(|l| !l.contains("certificate-authority-data")).collect::<Vec<_>>().join("\n");
    let out = generate(&i, NOW);
    let d = out.diagnostics.iter().find(|d| d.code == "api-url.rancher-proxy").expect("the Rancher note");
    assert!(d.message.contains("2.9") && d.message.contains("JWT"), "{}", d.message);
    assert!(!step(&out, "check-api").contains("get configmap kube-root-ca.crt"), "{}", step(&out, "check-api"));
    // AKS: kubelogin is named, but only Entra-integrated clusters need it, so its absence never stops the step.
    let mut i = example();
    i.kubeconfig = fixture("aks.yaml");
    let pre = step(&generate(&i, NOW), "preflight-workstation").to_string();
    let line = pre.lines().find(|l| l.contains("kubelogin")).expect("kubelogin is named");
    assert!(line.contains("Entra") && !line.contains("absent=1"), "{line}");
}

/// The EKS and AKS examples' network steps are commands that run, not comments, and check the
/// cluster's own ranges before any rule (the same stop-on-mismatch as GKE).
#[test]
fn eks_and_aks_network_steps_are_commands() {
    for (id, must) in [
        (
            "eks",
            &[
                "aws eks describe-cluster",
                "aws ec2 describe-subnets",
                "aws ec2 authorize-security-group-ingress",
                "within \"$cidr\" \"$nodes\"",
            ][..],
        ),
        (
            "aks",
            &[
                "az aks show",
                "networkPluginMode",
                "az network vnet subnet show",
                "az network nsg rule \"$verb\"",
                "within \"$cidr\" \"$nodes\"",
            ][..],
        ),
    ] {
        let inputs = presets().into_iter().find(|(p, _)| *p == id).unwrap().1;
        let out = generate(&inputs, NOW);
        let fw = step(&out, "firewall");
        for m in must {
            assert!(fw.contains(m), "{id}: {m}\n{fw}");
        }
        let commands = fw.lines().filter(|l| !l.trim_start().starts_with('#') && !l.trim().is_empty() && l.trim() != "true").count();
        assert!(commands > 20, "{id}: {commands} command lines\n{fw}");
        // The callback's source is the node range (pods leave from the nodes' addresses there).
        assert!(!fw.contains("10.244.0.0/16"), "{id}: the pod range is no rule's source\n{fw}");
    }
}

/// What the kubeconfig named is exposed for the fields left empty (the page shows it there,
/// marked as detected); a typed value is the user's, never "detected".
#[test]
fn detected_cloud_names_are_exposed_for_empty_fields() {
    for (fixture_name, context, want) in [
        (
            "multi-cluster.yaml",
            Some("gke_rsp-k8s-demo_europe-west2_custard"),
            &[("gke-project", "rsp-k8s-demo"), ("gke-location", "europe-west2"), ("gke-cluster", "custard")][..],
        ),
        ("multi-cluster.yaml", Some("eks-analytics"), &[("eks-region", "eu-west-2"), ("eks-cluster", "analytics")][..]),
        ("aks.yaml", None, &[("aks-resource-group", "rg"), ("aks-cluster", "myaks")][..]),
    ] {
        let mut i = example();
        i.kubeconfig = fixture(fixture_name);
        i.context = context.map(str::to_string);
        for (key, _) in want {
            i.settings.insert(key.to_string(), String::new());
        }
        let out = generate(&i, NOW);
        for (key, value) in want {
            assert_eq!(out.detected(key), Some(*value), "{fixture_name} {context:?}: {:?}", out.detected);
        }
        // Typed: the user's value, not a detected one.
        let (key, _) = want[0];
        i.settings.insert(key.to_string(), "typed-name".into());
        assert_eq!(generate(&i, NOW).detected(key), None);
    }
}
