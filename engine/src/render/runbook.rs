//! The runbook: ordered steps an admin copies and runs, and the same as one bash script.
//! It reads the model and the files rendered from it, never another renderer.

use super::paths::{KUBERNETES_CONF, TOKEN_FILE};
use super::shell::{heredoc, word};
use super::{File, Manifests, Phase, Step};
use crate::model::Model;
use crate::settings::values::Platform;
use crate::settings::Keyed;

const WORKSTATION: &str = "your workstation (gcloud and kubectl set up for the cluster)";
const VM: &str = "the Workbench VM, as root";

pub fn render(m: &Model, machine: &[File], manifests: &Manifests) -> Vec<Step> {
    let account = word(&format!("system:serviceaccount:{}:{}", m.namespace, m.service_account));
    let (ns, sa, secret) = (word(&m.namespace), word(&m.service_account), word(&m.token_secret));
    vec![
        credentials(m),
        step(
            "namespace",
            "Create the namespace",
            "Sessions run as pods in this namespace; creating it twice is harmless.",
            WORKSTATION,
            format!("kubectl create namespace {ns} --dry-run=client -o yaml | kubectl apply -f -\n"),
        ),
        step(
            "service-account",
            "Create the launcher's service account",
            "The launcher acts in the cluster as this account.",
            WORKSTATION,
            format!("kubectl -n {ns} create serviceaccount {sa} --dry-run=client -o yaml | kubectl apply -f -\n"),
        ),
        step(
            "rbac",
            "Grant the launcher its permissions",
            "Bind the rules to this one account, not to every account in the namespace.",
            WORKSTATION,
            format!("{}kubectl auth can-i create jobs -n {ns} --as={account}\n", heredoc("kubectl apply -f -", &manifests.rbac.content)),
        ),
        step(
            "token",
            "Create the launcher's token and print it",
            "Since Kubernetes 1.24 no token Secret is made automatically; this one never expires. Paste the printed token into this page.",
            WORKSTATION,
            format!(
                r#"{}until [ -n "$(kubectl -n {ns} get secret {secret} -o jsonpath='{{.data.token}}')" ]; do sleep 1; done
kubectl -n {ns} get secret {secret} -o jsonpath='{{.data.token}}' | base64 -d; echo
"#,
                heredoc("kubectl apply -f -", &manifests.token_secret.content)
            ),
        ),
        check_api(m, &ns, &secret),
        firewall(m),
        step(
            "nfs-server",
            "Install the NFS server",
            "The VM shares home directories with the cluster's nodes.",
            VM,
            "apt-get update\napt-get install -y nfs-kernel-server\n".into(),
        ),
        shared_storage(m),
        users(m),
        write_files(machine),
        step(
            "nfs-export",
            "Export the home directories",
            "Apply /etc/exports and check what is exported.",
            VM,
            "exportfs -ra\nsystemctl restart nfs-kernel-server\nexportfs -v\n".into(),
        ),
        step(
            "restart",
            "Restart the launcher and Workbench",
            "They read their configuration only at start.",
            VM,
            "systemctl restart rstudio-launcher\nsystemctl restart rstudio-server\n".into(),
        ),
        verify(m),
        troubleshoot(m, &ns),
    ]
}

fn step(id: &'static str, title: &'static str, why: &str, run_on: &'static str, commands: String) -> Step {
    let phase = match run_on {
        WORKSTATION => Phase::Workstation,
        VM => Phase::Vm,
        _ => Phase::Troubleshoot,
    };
    Step { id, phase, title, why: why.to_string(), run_on, commands }
}

fn credentials(m: &Model) -> Step {
    let name = |k: &Keyed<String>| word(&k.text());
    let get = match m.platform {
        Platform::Gke => format!(
            "gcloud container clusters get-credentials {} --location {} --project {}\n",
            name(&m.gke_cluster),
            name(&m.gke_location),
            name(&m.gke_project)
        ),
        Platform::Eks => format!("aws eks update-kubeconfig --region {} --name {}\n", name(&m.eks_region), name(&m.eks_cluster)),
        Platform::Aks => {
            format!("az aks get-credentials --resource-group {} --name {}\n", name(&m.aks_resource_group), name(&m.aks_cluster))
        }
        // `--` ends kubectl's options: a context named like an option stays a name.
        Platform::Auto | Platform::Other => format!("kubectl config use-context -- {}\n", word(&m.context.text())),
    };
    step(
        "credentials",
        "Point kubectl at the cluster",
        "Every later kubectl command acts on this cluster; the nodes listed should be the ones you expect.",
        WORKSTATION,
        format!("{get}kubectl get nodes\n"),
    )
}

fn check_api(m: &Model, ns: &str, secret: &str) -> Step {
    let api = word(&format!("{}/api", m.api_url.text()));
    let token = format!("TOKEN=$(kubectl -n {ns} get secret {secret} -o jsonpath='{{.data.token}}' | base64 -d)\n");
    let commands = if m.skip_tls_verify {
        "echo 'No CA certificate: the API cannot be checked safely. Get the CA first.' >&2\n".to_string()
    } else if m.system_trust {
        format!(
            r#"# The kubeconfig names no CA: check the server against the system trust store, as the launcher will.
{token}curl --fail --silent --show-error -H "Authorization: Bearer $TOKEN" {api}
# On a certificate error, print the cluster's own CA and paste it into the page's "Cluster CA":
#   kubectl -n {ns} get configmap kube-root-ca.crt -o jsonpath='{{.data.ca\.crt}}'
"#
        )
    } else {
        format!(
            r#"{token}printf '%s' {} | base64 -d > "${{TMPDIR:-/tmp}}/rsp-k8s-ca.pem"
curl --fail --silent --show-error --cacert "${{TMPDIR:-/tmp}}/rsp-k8s-ca.pem" -H "Authorization: Bearer $TOKEN" {api}
"#,
            word(&m.ca.text())
        )
    };
    step(
        "check-api",
        "Check the API with the token and the CA",
        "Proves the token authenticates and the CA verifies the server, exactly as the launcher will (never --insecure).",
        WORKSTATION,
        commands,
    )
}

fn firewall(m: &Model) -> Step {
    let s = &m.settings;
    let vm = word(&format!("{}/32", s.vm_ip.text()));
    let nodes = word(&s.nfs_cidr.map_or_placeholder(|n| n.trunc().to_string()));
    let pods = word(&s.pod_cidr.map_or_placeholder(|n| n.trunc().to_string()));
    let callback = format!("tcp:{}", s.www_port.text());
    let rules = [
        ("nodeports", "tcp:30000-32767", &vm, &nodes, "Workbench reaches sessions on the nodes' NodePorts"),
        ("callback", callback.as_str(), &pods, &vm, "session pods call back to rserver (from pod IPs)"),
        ("nfs", "tcp:2049,tcp:111,udp:111", &nodes, &vm, "the nodes mount homes over NFS"),
    ];
    let mut c = String::new();
    let checklist = |c: &mut String, intro: &str| {
        c.push_str(intro);
        for (_, allow, from, to, why) in &rules {
            c.push_str(&format!("# {why}: allow {allow} from {from} to {to}\n"));
        }
        c.push_str("true\n");
    };
    match m.platform {
        Platform::Gke => {
            let project = word(&m.gke_project.text());
            let network = word(&s.gcp_network.text());
            let prefix: String = m.gke_cluster.text().chars().take(40).collect();
            for (name, allow, from, to, why) in &rules {
                let name = word(&format!("{prefix}-workbench-{name}"));
                c.push_str(&format!(
                    r#"# {why}
gcloud compute firewall-rules describe {name} --project {project} >/dev/null 2>&1 ||
  gcloud compute firewall-rules create {name} --project {project} --network {network} --direction INGRESS --allow {allow} --source-ranges {from} --destination-ranges {to}
"#
                ));
            }
        }
        Platform::Eks => checklist(
            &mut c,
            "# EKS: add these inbound rules to the security groups (the nodes' for NodePorts; the VM's for the\n# callback and NFS). With the VPC CNI, pods take addresses from the node subnets.\n",
        ),
        Platform::Aks => checklist(
            &mut c,
            "# AKS: allow these in the network security groups of the node subnet and of the VM's subnet.\n# With Azure CNI Overlay, pod traffic leaves from the node addresses.\n",
        ),
        Platform::Auto | Platform::Other => {
            checklist(&mut c, "# Open these in your network's firewall (host firewalls too: firewalld, ufw).\n")
        }
    }
    step(
        "firewall",
        "Open the firewall between the VM and the cluster",
        "NodePorts (VM to nodes), the session callback (pods to VM) and NFS (nodes to VM) are not open by default.",
        WORKSTATION,
        c,
    )
}

fn shared_storage(m: &Model) -> Step {
    let mut c = String::new();
    for root in &m.export_roots {
        c.push_str(&format!("install -d -m 0755 {}\n", word(root)));
    }
    c.push_str(&format!("install -d -o rstudio-server -g rstudio-server -m 1777 {}\n", word(&m.settings.shared_storage.text())));
    step(
        "shared-storage",
        "Create the shared storage directory",
        "Workbench keeps shared state here; sticky and world-writable like /tmp, owned by rstudio-server.",
        VM,
        c,
    )
}

fn users(m: &Model) -> Step {
    let home = m.settings.home_root.text();
    let list = m.settings.users.get().map(|u| u.0.as_slice()).unwrap_or_default();
    let mut c = String::new();
    for u in list {
        let user = word(u);
        let dir = word(&format!("{home}/{u}"));
        c.push_str(&format!("id -u {user} >/dev/null 2>&1 || useradd --create-home --home-dir {dir} --shell /bin/bash {user}\n"));
    }
    for u in list {
        c.push_str(&format!("passwd {}\n", word(u)));
    }
    if c.is_empty() {
        c.push_str("# No users listed in the form: create accounts with useradd --create-home.\ntrue\n");
    }
    step(
        "users",
        "Create the users",
        "Accounts live on the VM; their homes are created here, so the UIDs on the NFS export match the sessions.",
        VM,
        c,
    )
}

fn write_files(machine: &[File]) -> Step {
    let mut c = String::from(
        r#"# write_file PATH OWNER:GROUP MODE < content. Keeps the first original as PATH.orig and
# sets the mode before any content is written, so secrets are never world-readable.
write_file() {
  if [ -e "$1" ] && [ ! -e "$1.orig" ]; then cp -a "$1" "$1.orig"; fi
  install -D -m "$3" -o "${2%%:*}" -g "${2##*:}" /dev/null "$1"
  cat > "$1"
}
"#,
    );
    for f in machine {
        let call = format!("write_file {} {} {}", word(&f.path), f.owner, f.mode);
        if f.path == TOKEN_FILE {
            // No trailing newline: the file holds exactly the token.
            c.push_str(&format!("printf '%s' {} | {call}\n", word(&f.content)));
        } else {
            c.push_str(&heredoc(&call, &f.content));
        }
    }
    step("write-files", "Write the configuration files", "Every file, with its owner and mode, exactly as shown on this page.", VM, c)
}

fn verify(m: &Model) -> Step {
    let first = m.settings.users.get().and_then(|u| u.0.first()).cloned().unwrap_or_else(|| m.settings.users.placeholder());
    step(
        "verify",
        "Verify the installation",
        "verify-installation launches a real test session on the cluster as this user.",
        VM,
        format!("rstudio-server stop\nrstudio-server verify-installation --verify-user={}\nrstudio-server start\n", word(&first)),
    )
}

fn troubleshoot(m: &Model, ns: &str) -> Step {
    let callback = word(&m.callback.text());
    let vm = word(&m.settings.vm_ip.text());
    let conf = KUBERNETES_CONF;
    let token_from = if m.token_file { format!("cat {TOKEN_FILE}") } else { format!("sed -n 's/^auth-token=//p' {conf}") };
    // Verify the server exactly as the launcher's configuration says.
    let (get_ca, verify) = if m.skip_tls_verify {
        ("", "--insecure ")
    } else if m.system_trust {
        ("", "")
    } else {
        ("sed -n 's/^certificate-authority=//p' {conf} | base64 -d > /tmp/rsp-k8s-ca.pem\n", "--cacert /tmp/rsp-k8s-ca.pem ")
    };
    let get_ca = get_ca.replace("{conf}", conf);
    let c = format!(
        r#"# Run these when a session does not start.
# 1. From the cluster: can a pod reach rserver's callback address?
kubectl -n {ns} run rsp-callback-check --rm -i --restart=Never --image=curlimages/curl -- curl -sS -m 5 -o /dev/null -w '%{{http_code}}\n' {callback}
# 2. Does the VM export the homes? (also try it from a node)
showmount -e {vm}
# 3. From the VM: the API with the token and CA written in {conf}
{get_ca}curl --fail -sS {verify}-H "Authorization: Bearer $({token_from})" "$(sed -n 's/^api-url=//p' {conf})/api" >/dev/null && echo 'API reachable, token accepted'
# 4. What the cluster and the launcher say
kubectl -n {ns} get pods,events
journalctl -u rstudio-launcher -n 50 --no-pager
"#
    );
    step(
        "troubleshoot",
        "When something fails",
        "Checks for the usual causes: callback routing, NFS exports, token and CA, launcher logs.",
        "where each line says",
        c,
    )
}

/// All steps as one bash script that refuses to run while placeholders (`missing`) remain.
pub fn script(steps: &[Step], missing: &[&str]) -> String {
    let mut s = String::from(
        r#"#!/usr/bin/env bash
# Generated by rsp-k8s-config. Each step says where it runs: your workstation (gcloud,
# kubectl) or the Workbench VM as root. Run the steps one by one, or all of it on a VM
# where gcloud and kubectl are set up for the cluster.
set -euo pipefail
"#,
    );
    let body: String =
        steps.iter().map(|st| format!("\n# --- {}: {} (on {})\n# {}\n{}", st.id, st.title, st.run_on, st.why, st.commands)).collect();
    // In order of first appearance, as a reader of the script meets them.
    let mut in_script: Vec<(usize, &str)> = missing.iter().filter_map(|k| Some((body.find(&format!("<{k}>"))?, *k))).collect();
    in_script.sort_unstable();
    let in_script: Vec<&str> = in_script.into_iter().map(|(_, k)| k).collect();
    if !in_script.is_empty() {
        s.push_str(&format!(
            r#"
missing={}
if [ -n "$missing" ]; then
  echo "Fill these in on the page first, they are still placeholders: $missing" >&2
  exit 1
fi
"#,
            word(&in_script.join(" "))
        ));
    }
    s.push_str(&body);
    s
}
