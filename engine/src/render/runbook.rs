//! The runbook: ordered steps an admin copies and runs, and the same as one bash script.

use super::files::{self, export_roots, uses_token_file};
use super::manifests::{self, names, token_secret_name};
use super::shell::{heredoc, q};
use super::{File, FileKind, Step};
use crate::model::{or_placeholder, Model};
use crate::settings::FIELDS;

const WORKSTATION: &str = "your workstation (gcloud and kubectl set up for the cluster)";
const VM: &str = "the Workbench VM, as root";

pub fn render(m: &Model, all_files: &[File]) -> Vec<Step> {
    let rendered = |path: &str| all_files.iter().find(|f| f.path == path).map(|f| f.content.as_str()).unwrap_or_default();
    let (ns_name, sa_name) = names(m);
    let account = q(&format!("system:serviceaccount:{ns_name}:{sa_name}"));
    let (ns, sa) = (q(&ns_name), q(&sa_name));
    let secret = q(&token_secret_name(m));
    let mut steps = vec![
        credentials(m),
        step("namespace", "Create the namespace", "Sessions run as pods in this namespace; creating it twice is harmless.", WORKSTATION,
            format!("kubectl create namespace {ns} --dry-run=client -o yaml | kubectl apply -f -\n")),
        step("service-account", "Create the launcher's service account", "The launcher acts in the cluster as this account.", WORKSTATION,
            format!("kubectl -n {ns} create serviceaccount {sa} --dry-run=client -o yaml | kubectl apply -f -\n")),
        step("rbac", "Grant the launcher its permissions", "Bind the rules to this one account, not to every account in the namespace.", WORKSTATION,
            format!("{}kubectl auth can-i create jobs -n {ns} --as={}\n",
                heredoc("kubectl apply -f -", rendered(manifests::RBAC)), account)),
        step("token", "Create the launcher's token and print it",
            "Since Kubernetes 1.24 no token Secret is made automatically; this one never expires. Paste the printed token into this page.", WORKSTATION,
            format!("{}until [ -n \"$(kubectl -n {ns} get secret {secret} -o jsonpath='{{.data.token}}')\" ]; do sleep 1; done\nkubectl -n {ns} get secret {secret} -o jsonpath='{{.data.token}}' | base64 -d; echo\n",
                heredoc("kubectl apply -f -", rendered(manifests::TOKEN_SECRET)))),
        check_api(m, &ns, &secret),
        firewall(m),
        step("nfs-server", "Install the NFS server", "The VM shares home directories with the cluster's nodes.", VM,
            "apt-get update\napt-get install -y nfs-kernel-server\n".into()),
        shared_storage(m),
        users(m),
        write_files(all_files),
        step("nfs-export", "Export the home directories", "Apply /etc/exports and check what is exported.", VM,
            "exportfs -ra\nsystemctl restart nfs-kernel-server\nexportfs -v\n".into()),
        step("restart", "Restart the launcher and Workbench", "They read their configuration only at start.", VM,
            "systemctl restart rstudio-launcher\nsystemctl restart rstudio-server\n".into()),
        verify(m),
        troubleshoot(m, &ns),
    ];
    steps.retain(|s| !s.commands.is_empty());
    steps
}

fn step(id: &'static str, title: &'static str, why: &str, run_on: &'static str, commands: String) -> Step {
    Step { id, title, why: why.to_string(), run_on, commands }
}

fn credentials(m: &Model) -> Step {
    let commands = if m.is_gke() {
        format!(
            "gcloud container clusters get-credentials {} --location {} --project {}\nkubectl get nodes\n",
            q(&or_placeholder(m.gke_cluster.as_ref(), "gke-cluster")),
            q(&or_placeholder(m.gke_location.as_ref(), "gke-location")),
            q(&or_placeholder(m.gke_project.as_ref(), "gke-project")),
        )
    } else {
        format!("kubectl config use-context {}\nkubectl get nodes\n", q(&or_placeholder(m.context.as_ref(), "context")))
    };
    step(
        "credentials",
        "Point kubectl at the cluster",
        "Every later kubectl command acts on this cluster; the nodes listed should be the ones you expect.",
        WORKSTATION,
        commands,
    )
}

fn check_api(m: &Model, ns: &str, secret: &str) -> Step {
    let api = q(&format!("{}/api", or_placeholder(m.api_url.as_ref(), "api-url")));
    let commands = if m.skip_tls {
        "echo 'No CA certificate: the API cannot be checked safely. Get the CA first.' >&2\n".to_string()
    } else {
        format!(
            "TOKEN=$(kubectl -n {ns} get secret {secret} -o jsonpath='{{.data.token}}' | base64 -d)\nprintf '%s' {} | base64 -d > \"${{TMPDIR:-/tmp}}/rsp-k8s-ca.pem\"\ncurl --fail --silent --show-error --cacert \"${{TMPDIR:-/tmp}}/rsp-k8s-ca.pem\" -H \"Authorization: Bearer $TOKEN\" {api}\n",
            q(&or_placeholder(m.ca.as_ref(), "certificate-authority"))
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
    let vm = q(&format!("{}/32", or_placeholder(m.s.vm_ip, "vm-ip")));
    let nodes = q(&m.s.nfs_cidr.map_or_else(|| "<nfs-client-cidr>".to_string(), |n| n.trunc().to_string()));
    let pods = q(&or_placeholder(m.s.pod_cidr.map(|n| n.trunc()), "pod-cidr"));
    let port = or_placeholder(m.s.www_port.map(|p| p.0), "www-port");
    let rules = [
        ("nodeports", "tcp:30000-32767", &vm, &nodes, "Workbench reaches sessions on the nodes' NodePorts"),
        ("callback", &*format!("tcp:{port}"), &pods, &vm, "session pods call back to rserver (from pod IPs)"),
        ("nfs", "tcp:2049,tcp:111,udp:111", &nodes, &vm, "the nodes mount homes over NFS"),
    ];
    let commands = if m.is_gke() {
        let project = q(&or_placeholder(m.gke_project.as_ref(), "gke-project"));
        let network = q(&or_placeholder(m.s.gcp_network.as_ref().map(|n| &n.0), "gcp-network"));
        let prefix: String = or_placeholder(m.gke_cluster.as_ref(), "gke-cluster").chars().take(40).collect();
        let mut c = String::new();
        for (name, allow, from, to, why) in rules {
            let name = q(&format!("{prefix}-workbench-{name}"));
            c.push_str(&format!(
                "# {why}\ngcloud compute firewall-rules describe {name} --project {project} >/dev/null 2>&1 ||\n  gcloud compute firewall-rules create {name} --project {project} --network {network} --direction INGRESS --allow {allow} --source-ranges {from} --destination-ranges {to}\n"
            ));
        }
        c
    } else {
        let mut c = String::from("# Not a GKE cluster: open these in your platform's firewall or security groups.\n");
        for (_, allow, from, to, why) in rules {
            c.push_str(&format!("# {why}: allow {allow} from {from} to {to}\n"));
        }
        c.push_str("true\n");
        c
    };
    step(
        "firewall",
        "Open the firewall between the VM and the cluster",
        "NodePorts (VM to nodes), the session callback (pods to VM) and NFS (nodes to VM) are not open by default.",
        WORKSTATION,
        commands,
    )
}

fn shared_storage(m: &Model) -> Step {
    let path = q(&or_placeholder(m.s.shared_storage.as_ref().map(|p| &p.0), "shared-storage-path"));
    let mut c = String::new();
    for root in export_roots(m) {
        c.push_str(&format!("install -d -m 0755 {}\n", q(&root)));
    }
    c.push_str(&format!("install -d -o rstudio-server -g rstudio-server -m 1777 {path}\n"));
    step(
        "shared-storage",
        "Create the shared storage directory",
        "Workbench keeps shared state here; sticky and world-writable like /tmp, owned by rstudio-server.",
        VM,
        c,
    )
}

fn users(m: &Model) -> Step {
    let home = or_placeholder(m.s.home_root.as_ref().map(|p| &p.0), "home-root");
    let list = m.s.users.as_ref().map(|u| u.0.as_slice()).unwrap_or_default();
    let mut c = String::new();
    for u in list {
        let user = q(u);
        let dir = q(&format!("{home}/{u}"));
        c.push_str(&format!("id -u {user} >/dev/null 2>&1 || useradd --create-home --home-dir {dir} --shell /bin/bash {user}\n"));
    }
    for u in list {
        c.push_str(&format!("passwd {}\n", q(u)));
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

fn write_files(all: &[File]) -> Step {
    let mut c = String::from(
        "# write_file PATH OWNER:GROUP MODE < content. Keeps the first original as PATH.orig and\n# sets the mode before any content is written, so secrets are never world-readable.\nwrite_file() {\n  if [ -e \"$1\" ] && [ ! -e \"$1.orig\" ]; then cp -a \"$1\" \"$1.orig\"; fi\n  install -D -m \"$3\" -o \"${2%%:*}\" -g \"${2##*:}\" /dev/null \"$1\"\n  cat > \"$1\"\n}\n",
    );
    for f in all.iter().filter(|f| f.kind == FileKind::Machine) {
        let call = format!("write_file {} {} {}", q(&f.path), f.owner, f.mode);
        if f.path == files::TOKEN_FILE {
            // No trailing newline: the file holds exactly the token.
            c.push_str(&format!("printf '%s' {} | {call}\n", q(&f.content)));
        } else {
            c.push_str(&heredoc(&call, &f.content));
        }
    }
    step("write-files", "Write the configuration files", "Every file, with its owner and mode, exactly as shown on this page.", VM, c)
}

fn verify(m: &Model) -> Step {
    let user = q(&or_placeholder(m.s.users.as_ref().and_then(|u| u.0.first()), "users"));
    step(
        "verify",
        "Verify the installation",
        "verify-installation launches a real test session on the cluster as this user.",
        VM,
        format!("rstudio-server stop\nrstudio-server verify-installation --verify-user={user}\nrstudio-server start\n"),
    )
}

fn troubleshoot(m: &Model, ns: &str) -> Step {
    let callback = q(&or_placeholder(m.callback.as_ref(), "callback-url"));
    let vm = q(&or_placeholder(m.s.vm_ip, "vm-ip"));
    let conf = files::KUBERNETES_CONF;
    let token_from = if uses_token_file(m) { format!("cat {}", files::TOKEN_FILE) } else { format!("sed -n 's/^auth-token=//p' {conf}") };
    let c = format!(
        "# Run these when a session does not start.\n# 1. From the cluster: can a pod reach rserver's callback address?\nkubectl -n {ns} run rsp-callback-check --rm -i --restart=Never --image=curlimages/curl -- curl -sS -m 5 -o /dev/null -w '%{{http_code}}\\n' {callback}\n# 2. Does the VM export the homes? (also try it from a node)\nshowmount -e {vm}\n# 3. From the VM: the API with the token and CA written in {conf}\nsed -n 's/^certificate-authority=//p' {conf} | base64 -d > /tmp/rsp-k8s-ca.pem\ncurl --fail -sS --cacert /tmp/rsp-k8s-ca.pem -H \"Authorization: Bearer $({token_from})\" \"$(sed -n 's/^api-url=//p' {conf})/api\" >/dev/null && echo 'API reachable, token accepted'\n# 4. What the cluster and the launcher say\nkubectl -n {ns} get pods,events\njournalctl -u rstudio-launcher -n 50 --no-pager\n"
    );
    step(
        "troubleshoot",
        "When something fails",
        "Checks for the usual causes: callback routing, NFS exports, token and CA, launcher logs.",
        "where each line says",
        c,
    )
}

/// Placeholders (`<key>`) left in `text`, in order of first appearance.
pub fn placeholders(text: &str) -> Vec<String> {
    let known = |k: &str| FIELDS.iter().any(|f| f.key == k) || ["api-url", "auth-token", "certificate-authority", "context"].contains(&k);
    let mut found: Vec<String> = Vec::new();
    for (i, _) in text.match_indices('<') {
        let rest = &text[i + 1..];
        let Some(end) = rest.find('>') else { continue };
        let key = &rest[..end];
        if known(key) && !found.iter().any(|f| f == key) {
            found.push(key.to_string());
        }
    }
    found
}

/// All steps as one bash script that refuses to run while placeholders remain.
pub fn script(steps: &[Step]) -> String {
    let mut s = String::from(
        "#!/usr/bin/env bash\n# Generated by rsp-k8s-config. Each step says where it runs: your workstation (gcloud,\n# kubectl) or the Workbench VM as root. Run the steps one by one, or all of it on a VM\n# where gcloud and kubectl are set up for the cluster.\nset -euo pipefail\n",
    );
    let body: String =
        steps.iter().map(|st| format!("\n# --- {}: {} (on {})\n# {}\n{}", st.id, st.title, st.run_on, st.why, st.commands)).collect();
    let missing = placeholders(&body);
    if !missing.is_empty() {
        s.push_str(&format!(
            "\nmissing={}\nif [ -n \"$missing\" ]; then\n  echo \"Fill these in on the page first, they are still placeholders: $missing\" >&2\n  exit 1\nfi\n",
            q(&missing.join(" "))
        ));
    }
    s.push_str(&body);
    s
}
