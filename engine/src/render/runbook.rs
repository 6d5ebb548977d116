//! The runbook: ordered steps an admin copies and runs, and the same as one bash script.
//! It reads the model and the files rendered from it, never another renderer.

use super::parts::{subshell, FILES_SH};
use super::shell::{heredoc, word};
use super::{File, Manifests, Step, StepId};
use crate::docs;
use crate::model::{Cloud, Model};
use crate::paths::{KUBERNETES_CONF, TOKEN_FILE};
use crate::settings::Keyed;

/// Where the cluster-side steps run: the platform's own CLI and kubectl.
fn workstation(m: &Model) -> &'static str {
    match m.cloud {
        Cloud::Gke { .. } => "your workstation (gcloud and kubectl set up for the cluster)",
        Cloud::Eks { .. } => "your workstation (the AWS CLI and kubectl set up for the cluster)",
        Cloud::Aks { .. } => "your workstation (the Azure CLI and kubectl set up for the cluster)",
        Cloud::Other => "your workstation (kubectl set up for the cluster)",
    }
}
const VM: &str = "the Workbench VM, as root";

pub fn render(m: &Model, machine: &[File], manifests: &Manifests) -> Vec<Step> {
    let (ns, sa, secret) = (word(&m.namespace), word(&m.service_account), word(&m.token_secret));
    let ws = workstation(m);
    vec![
        preflight_workstation(m),
        credentials(m),
        step(
            StepId::Namespace,
            "Create the namespace",
            "Sessions run as pods in this namespace; creating it twice is harmless. Pod Security \"baseline\" refuses privileged pods, host paths and host namespaces there (sessions mount NFS volumes, which \"restricted\" forbids), and its default account, which sessions run as, gets no API token.",
            ws,
            format!(
                r#"kubectl create namespace {ns} --dry-run=client -o yaml | kubectl apply -f -
kubectl label --overwrite namespace {ns} pod-security.kubernetes.io/enforce=baseline pod-security.kubernetes.io/enforce-version=latest
# The control plane makes the default account within seconds.
for _ in $(seq 30); do
  kubectl -n {ns} get serviceaccount default >/dev/null 2>&1 && break
  sleep 1
done
kubectl -n {ns} patch serviceaccount default -p '{{"automountServiceAccountToken":false}}'
"#
            ),
        ),
        step(
            StepId::ServiceAccount,
            "Create the launcher's service account",
            "The launcher acts in the cluster as this account.",
            ws,
            format!("kubectl -n {ns} create serviceaccount {sa} --dry-run=client -o yaml | kubectl apply -f -\n"),
        ),
        step(
            StepId::Rbac,
            "Grant the launcher its permissions",
            "Bind the rules to this one account, not to every account in the namespace, then ask the cluster what the launcher's and the sessions' accounts may do: a wider binding left from elsewhere (RBAC only adds) stops here.",
            ws,
            format!("{}{}", heredoc("kubectl apply -f -", &manifests.rbac.content), rbac_checks(m)),
        ),
        step(
            StepId::Token,
            "Create the launcher's token and print it",
            if m.token_file {
                "Since Kubernetes 1.24 no token Secret is made automatically; this one never expires. It is printed only if you ask at the terminal, to paste it into this page and check it: the VM step reads it from the cluster itself (or asks for it), so it is never in the script, and a script run unattended never shows it."
            } else {
                "Since Kubernetes 1.24 no token Secret is made automatically; this one never expires. Paste the printed token into this page: it is written inline into launcher.kubernetes.conf."
            },
            ws,
            format!(
                r#"{}# The control plane fills the token in within seconds; give up after a minute.
token=''
for _ in $(seq 60); do
  token=$(kubectl -n {ns} get secret {secret} -o jsonpath='{{.data.token}}')
  [ -n "$token" ] && break
  sleep 1
done
[ -n "$token" ] || {{ echo "The Secret {secret} got no token within 60 s: check the service account (kubectl -n {ns} get serviceaccount {sa})." >&2; false; }}
{}"#,
                heredoc("kubectl apply -f -", &manifests.token_secret.content),
                show_token(m)
            ),
        ),
        step(
            StepId::NfsGuard,
            "Let only sessions mount the VM's NFS export",
            "NFS with sec=sys believes the uid a client claims, so any pod that mounts the export can read and write every home. This policy refuses such pods outside the session namespace, on clusters with ValidatingAdmissionPolicy v1 (Kubernetes 1.30 and later); elsewhere the step says so and the risk stays (SECURITY.md).",
            ws,
            format!(
                r#"if kubectl get validatingadmissionpolicies.v1.admissionregistration.k8s.io >/dev/null 2>&1; then
{}else
  echo 'This cluster has no ValidatingAdmissionPolicy v1 (Kubernetes 1.30+): any pod on the nodes can still mount the homes as any user. Restrict who may create pods, or use Kerberos (sec=krb5p).' >&2
fi
"#,
                heredoc("kubectl apply -f -", &manifests.nfs_guard.content)
            ),
        ),
        check_api(m, &ns, &secret),
        firewall(m),
        preflight_vm(m),
        nfs_server(m),
        shared_storage(m),
        users(m),
        token_file(m),
        check_api_from_vm(m),
        write_files(m, machine),
        step(
            StepId::NfsExport,
            "Export the home directories",
            "Apply /etc/exports in place and check what is exported. The NFS server is started only if it is not running: a restart would make every client (running sessions too) wait out the server's grace period.",
            VM,
            r#"# nfs-server.service on both Ubuntu (where nfs-kernel-server is its alias) and RHEL.
systemctl is-active --quiet nfs-server || systemctl enable --now nfs-server
exportfs -ra
exportfs -v
"#
            .into(),
        ),
        step(
            StepId::Restart,
            "Restart the launcher and Workbench",
            "They read their configuration only at start. If the launcher does not come back, rserver keeps running as it was.",
            VM,
            r#"systemctl restart rstudio-launcher
systemctl is-active --quiet rstudio-launcher || { echo "The launcher did not start: see /var/log/rstudio/launcher/." >&2; false; }
systemctl restart rstudio-server
"#
            .into(),
        ),
        verify(m),
        troubleshoot(m, &ns),
        undo(),
    ]
}

/// The RBAC step's checks (see `sh/rbac.sh`).
fn rbac_checks(m: &Model) -> String {
    let mode = m.rbac_mode().choice().as_str().to_string();
    subshell(&[("ns", m.namespace.clone()), ("sa", m.service_account.clone()), ("mode", mode)], include_str!("sh/rbac.sh"))
}

/// The token is printed where the page needs it pasted: always for inline delivery; with its
/// own file (the VM reads it from the cluster itself) only when the person at the terminal asks.
fn show_token(m: &Model) -> String {
    let print = "printf '%s' \"$token\" | base64 -d; echo\n";
    if m.token_file {
        format!(
            r#"# Printed only if you ask (to paste it into the page): the VM step reads it from the cluster itself.
if [ -t 0 ] && [ -t 1 ]; then
  read -rp 'Print the token, to paste it into the page? [y/N] ' answer || answer=''
  case "$answer" in [yY]*) {} ;; esac
fi
"#,
            print.trim_end()
        )
    } else {
        print.to_string()
    }
}

fn step(id: StepId, title: &'static str, why: &str, run_on: &'static str, commands: String) -> Step {
    Step { id, title, why: why.to_string(), run_on, commands }
}

/// One check per tool: each missing one is named with how to get it; the step fails at the end.
fn tools(needed: &[(&str, &str)]) -> String {
    let mut c = String::from("absent=0\n");
    for (tool, hint) in needed {
        let message = word(&format!("{tool} is missing: {hint}"));
        c.push_str(&format!("command -v {tool} >/dev/null 2>&1 || {{ echo {message} >&2; absent=1; }}\n"));
    }
    c.push_str("[ \"$absent\" -eq 0 ]\n");
    c
}

fn preflight_workstation(m: &Model) -> Step {
    let mut needed = vec![("kubectl", "https://kubernetes.io/docs/tasks/tools/")];
    match m.cloud {
        Cloud::Gke { .. } => needed.extend([
            ("gcloud", "https://cloud.google.com/sdk/docs/install"),
            ("gke-gcloud-auth-plugin", "gcloud components install gke-gcloud-auth-plugin"),
        ]),
        Cloud::Eks { .. } => needed.push(("aws", "https://docs.aws.amazon.com/cli/latest/userguide/getting-started-install.html")),
        Cloud::Aks { .. } => needed.push(("az", "https://learn.microsoft.com/cli/azure/install-azure-cli")),
        Cloud::Other => {}
    }
    let mut c = tools(&needed);
    if let Cloud::Aks { .. } = m.cloud {
        // Only clusters integrated with Microsoft Entra ID need kubelogin (local accounts do not).
        c.push_str("command -v kubelogin >/dev/null 2>&1 || echo 'kubelogin is missing: needed only if the cluster uses Microsoft Entra ID sign-in (az aks install-cli installs it).' >&2
");
    }
    step(
        StepId::PreflightWorkstation,
        "Check the workstation's tools",
        "Stops before anything changes if a tool the next steps use is missing, and says how to install it.",
        workstation(m),
        c,
    )
}

fn preflight_vm(m: &Model) -> Step {
    let release = m.release;
    let (version, pattern) = match release.is_workbench() {
        true => (format!("Posit Workbench {release}"), format!("{release}+*|{release}")),
        false => ("RStudio Server Pro 1.3".to_string(), "1.3.*".to_string()),
    };
    let commands = format!(
        r#"{}version=$(rstudio-server version | awk '{{print $1}}')
case "$version" in
  {pattern}) ;;
  *) echo "Workbench here is $version; these files are for {version}. Install that release, or set the page's target release to it (a release the list lacks can be typed as YYYY.MM.P)." >&2; false ;;
esac
{}"#,
        tools(&[("rstudio-server", docs::INSTALL), ("R", "https://docs.posit.co/resources/install-r.html")]),
        subshell(&[], include_str!("sh/licence.sh"))
    );
    step(
        StepId::PreflightVm,
        "Check Workbench, its release and its licence",
        "Stops before anything changes on the VM if Workbench or R is missing, if its release is not the one these files are for, or if its licence has expired or does not enable the Launcher.",
        VM,
        commands,
    )
}

fn credentials(m: &Model) -> Step {
    let name = |k: &Keyed<String>| word(&k.text());
    let get = match &m.cloud {
        Cloud::Gke { project, location, cluster } => format!(
            "gcloud container clusters get-credentials {} --location {} --project {}\n",
            name(cluster),
            name(location),
            name(project)
        ),
        Cloud::Eks { region, cluster } => format!("aws eks update-kubeconfig --region {} --name {}\n", name(region), name(cluster)),
        Cloud::Aks { resource_group, cluster } => {
            format!("az aks get-credentials --resource-group {} --name {}\n", name(resource_group), name(cluster))
        }
        // `--` ends kubectl's options: a context named like an option stays a name.
        Cloud::Other => format!("kubectl config use-context -- {}\n", word(&m.context.text())),
    };
    step(
        StepId::Credentials,
        "Point kubectl at the cluster",
        "Every later kubectl command acts on this cluster; the nodes listed should be the ones you expect.",
        workstation(m),
        format!("{get}kubectl get nodes\n"),
    )
}

/// A check of the API as the launcher will make it (its CA, or the system store), with the
/// bearer token that `call` (a command line of `check_api`) feeds it; `None` when nothing can
/// be checked safely (TLS verification is off).
fn curl_api(m: &Model, call: &str) -> Option<String> {
    if m.skip_tls_verify {
        return None;
    }
    let ca = if m.system_trust { String::new() } else { m.ca.text() };
    let body = format!("{}{call}\n", include_str!("sh/check_api.sh"));
    Some(subshell(&[("api", m.api_url.text()), ("ca", ca)], &body))
}

const NO_CA: &str = "echo 'No CA certificate: the API cannot be checked safely. Get the CA first.' >&2\n";

fn check_api(m: &Model, ns: &str, secret: &str) -> Step {
    let token = format!("kubectl -n {ns} get secret {secret} -o jsonpath='{{.data.token}}' | base64 -d | check_api");
    let mut commands = curl_api(m, &token).unwrap_or_else(|| NO_CA.to_string());
    if m.system_trust {
        commands = format!(
            r#"# The kubeconfig names no CA: check the server against the system trust store, as the launcher will.
{commands}{}"#,
            if m.rancher_proxy() {
                "# Through Rancher's proxy the certificate is Rancher's own: kube-root-ca.crt in the cluster is the\n# downstream cluster's CA, not the proxy's. On a certificate error, take the CA from Rancher's kubeconfig.\n".to_string()
            } else {
                format!("# On a certificate error, print the cluster's own CA and paste it into the page's \"Cluster CA\":\n#   kubectl -n {ns} get configmap kube-root-ca.crt -o jsonpath='{{.data.ca\\.crt}}'\n")
            }
        );
    }
    step(
        StepId::CheckApi,
        "Check the API with the token and the CA",
        "Proves the token authenticates and the CA verifies the server, exactly as the launcher will (never --insecure). The token goes to curl in a private file, never on a command line where other users could see it.",
        workstation(m),
        commands,
    )
}

fn token_file(m: &Model) -> Step {
    let commands = if m.token_file {
        let vars = [("ns", m.namespace.clone()), ("secret", m.token_secret.clone()), ("token_path", TOKEN_FILE.to_string())];
        subshell(&vars, &format!("{FILES_SH}{}", include_str!("sh/token_file.sh")))
    } else {
        "# The token is written inline in launcher.kubernetes.conf, with the other files (token delivery: inline).\ntrue\n".to_string()
    };
    step(
        StepId::TokenFile,
        "Put the launcher's token on the VM",
        "In a file only root and rstudio-server can read, so neither this script nor the downloaded archive holds it. An empty or malformed token never replaces a working one.",
        VM,
        commands,
    )
}

/// `check_api` with the token on the VM: from its file, or (inline delivery) printed by `inline`.
fn token_on_vm(m: &Model, inline: String) -> String {
    if m.token_file {
        format!("check_api < {TOKEN_FILE}")
    } else {
        format!("{inline} | check_api")
    }
}

fn check_api_from_vm(m: &Model) -> Step {
    // printf is a shell builtin: the inline token is on no command line.
    let inline = format!("printf '%s\\n' {}", word(&m.auth_token.map_or_placeholder(|t| t.expose().to_string())));
    let commands = curl_api(m, &token_on_vm(m, inline)).unwrap_or_else(|| NO_CA.to_string());
    step(
        StepId::CheckApiVm,
        "Check the API from the VM",
        "Private clusters and authorized networks can block the VM while your workstation gets through: find out now, before anything restarts.",
        VM,
        commands,
    )
}

fn firewall(m: &Model) -> Step {
    // One address: /32 for IPv4, /128 for IPv6.
    let host_bits = if m.vm_ip().get().is_some_and(|ip| ip.is_ipv6()) { 128 } else { 32 };
    let vm = word(&format!("{}/{host_bits}", m.vm_ip().text()));
    let nodes = word(&m.nfs_cidr().map_or_placeholder(|n| n.trunc().to_string()));
    let pods = word(&m.pod_cidr().map_or_placeholder(|n| n.trunc().to_string()));
    let port = format!("tcp:{}", m.www_port().text());
    // An invalid range is its placeholder (the rule is shown, the script refuses); empty is no rule.
    let users = (!m.user_cidr().is_empty()).then(|| word(&m.user_cidr().map_or_placeholder(|n| n.trunc().to_string())));
    let mut rules = vec![
        ("nodeports", "tcp:30000-32767", vm.clone(), nodes.clone(), "Workbench reaches sessions on the nodes' NodePorts"),
        match m.cloud {
            // GKE (VPC-native): pods reach the VM from their own range, not masqueraded inside the VPC.
            Cloud::Gke { .. } => ("callback", port.as_str(), pods.clone(), vm.clone(), "session pods call back to rserver (from pod IPs)"),
            // Elsewhere pods leave from the node's address (Calico's default NAT, AKS kubenet and
            // overlay) or have addresses in the node subnets (the EKS VPC CNI).
            _ => ("callback", port.as_str(), nodes.clone(), vm.clone(), "session pods call back to rserver (from the nodes' addresses where pods are NATed, e.g. Calico's default natOutgoing; add the pod range too where pods are routed unNATed)"),
        },
        ("nfs", "tcp:2049", nodes.clone(), vm.clone(), "the nodes mount homes over NFSv4 (2049 only: no rpcbind)"),
    ];
    if let Some(users) = users {
        rules.push(("users", port.as_str(), users, vm.clone(), "people open Workbench in their browser"));
    }
    let mut c = String::new();
    let checklist = |c: &mut String, intro: &str| {
        c.push_str(intro);
        for (_, allow, from, to, why) in &rules {
            c.push_str(&format!("# {why}: allow {allow} from {from} to {to}\n"));
        }
        c.push_str("true\n");
    };
    if m.user_cidr().is_empty() {
        c.push_str(&format!("# People reach Workbench on {port}: no rule is made for that (set \"Users' network\" to add one).\n"));
    }
    let eks_or_aks = |body: &'static str, names: [(&'static str, &Keyed<String>); 2]| {
        let range = |k: &Keyed<ipnet::IpNet>| k.map_or_placeholder(|n| n.trunc().to_string());
        let mut vars: Vec<(&str, String)> = names.iter().map(|(var, k)| (*var, k.text())).collect();
        vars.extend([
            ("nodes", range(m.nfs_cidr())),
            ("vm", format!("{}/{host_bits}", m.vm_ip().text())),
            ("port", m.www_port().text()),
            ("users", if m.user_cidr().is_empty() { String::new() } else { range(m.user_cidr()) }),
        ]);
        subshell(&vars, &format!("{}{body}", include_str!("sh/cidr.sh")))
    };
    match &m.cloud {
        Cloud::Gke { project: gke_project, location: gke_location, cluster: gke_cluster } => {
            let project = word(&gke_project.text());
            let network = word(&m.gcp_network().text());
            let (cluster, location) = (word(&gke_cluster.text()), word(&gke_location.text()));
            // A zonal cluster's location (europe-west2-a) is in its region's subnet (europe-west2).
            let location_text = gke_location.text();
            let region = match location_text.rsplit_once('-') {
                Some((region, zone)) if zone.len() == 1 && region.contains('-') => word(region),
                _ => location.clone(),
            };
            let describe = format!("gcloud container clusters describe {cluster} --location {location} --project {project}");
            c.push_str(&format!(
                r#"# The cluster's own ranges, compared with this page's before any rule is made.
pods=$({describe} --format='value(clusterIpv4Cidr)')
subnet=$(gcloud compute networks subnets describe "$({describe} --format='value(subnetwork)')" --region {region} --project {project} --format='value(ipCidrRange)')
[ "$pods" = {pods} ] || {{ echo "The cluster's pod range is $pods, not {pods}: correct the page's Pod CIDR." >&2; false; }}
[ "$subnet" = {nodes} ] || {{ echo "The node subnet is $subnet, not {nodes}: correct the page's node subnet." >&2; false; }}
"#
            ));
            if m.gcp_network().get().is_some_and(|n| n.0 == "default") {
                c.push_str("# On the default network, default-allow-internal already lets the VM and the nodes talk; these rules\n# make that explicit, and cover the pod range, which it does not.\n");
            }
            let prefix: String = gke_cluster.text().chars().take(40).collect();
            for (name, allow, from, to, why) in &rules {
                let name = word(&format!("{prefix}-workbench-{name}"));
                c.push_str(&format!(
                    r#"# {why}
if gcloud compute firewall-rules describe {name} --project {project} >/dev/null 2>&1; then
  gcloud compute firewall-rules update {name} --project {project} --allow {allow} --source-ranges {from} --destination-ranges {to}
else
  gcloud compute firewall-rules create {name} --project {project} --network {network} --direction INGRESS --allow {allow} --source-ranges {from} --destination-ranges {to}
fi
"#
                ));
            }
        }
        Cloud::Eks { region, cluster } => {
            c.push_str(&eks_or_aks(include_str!("sh/firewall_eks.sh"), [("region", region), ("cluster", cluster)]))
        }
        Cloud::Aks { resource_group, cluster } => {
            c.push_str(&eks_or_aks(include_str!("sh/firewall_aks.sh"), [("group", resource_group), ("cluster", cluster)]))
        }
        Cloud::Other => checklist(&mut c, "# Open these in your network's firewall (host firewalls too: firewalld, ufw).\n"),
    }
    step(
        StepId::Firewall,
        "Open the firewall between the VM and the cluster",
        match m.cloud {
            Cloud::Eks { .. } => "NodePorts (VM to nodes), the session callback (pods to VM) and NFS (nodes to VM) are not open by default. The cluster's own subnets are read and compared with this page's first; a rule that exists already counts as made (a rule for an old range stays until you remove it).",
            _ => "NodePorts (VM to nodes), the session callback (pods to VM) and NFS (nodes to VM) are not open by default. A rule that exists already is made to match these ranges and ports, so a changed range is corrected.",
        },
        workstation(m),
        c,
    )
}

/// The NFS server, by the VM's OS family, and its own firewall (see `sh/nfs_server.sh`).
fn nfs_server(m: &Model) -> Step {
    let range = |k: &Keyed<ipnet::IpNet>| k.map_or_placeholder(|n| n.trunc().to_string());
    // Who calls back: pod IPs on GKE, the nodes' addresses elsewhere (as the firewall step says).
    let callers = if m.is_gke() { range(m.pod_cidr()) } else { range(m.nfs_cidr()) };
    let vars = [
        ("os_release", "/etc/os-release".to_string()),
        ("nodes", range(m.nfs_cidr())),
        ("callers", callers),
        ("port", m.www_port().text()),
        ("users", if m.user_cidr().is_empty() { String::new() } else { range(m.user_cidr()) }),
    ];
    step(
        StepId::NfsServer,
        "Install the NFS server and open the VM's own firewall",
        "The VM shares home directories with the cluster's nodes. The OS family comes from /etc/os-release: nfs-kernel-server with apt on Ubuntu and Debian, nfs-utils with dnf on RHEL and its rebuilds (installing twice is harmless). Where the VM's own firewall is active (firewalld on RHEL, ufw on Ubuntu), NFS is opened to the node subnet and Workbench's port to the sessions and the users' network, nothing wider.",
        VM,
        subshell(&vars, include_str!("sh/nfs_server.sh")),
    )
}

fn shared_storage(m: &Model) -> Step {
    let mut c = String::from(include_str!("sh/dirs.sh"));
    let (home, shared) = (word(&m.home_root().text()), word(&m.shared_storage().text()));
    c.push_str(&format!("ensure_dir {home} root:root 0755\nensure_dir {shared} rstudio-server:rstudio-server 1777\n"));
    c.push_str(&format!("own_filesystem {home}\nown_filesystem {shared}\n"));
    step(
        StepId::SharedStorage,
        "Create the home root and the shared storage directory",
        "Each is created only when absent: the home root as root's (0755); the shared storage owned by rstudio-server, sticky and writable by all like /tmp, where Workbench keeps shared state. An existing directory keeps its owner and mode. Each is best on a file system of its own, which the step checks.",
        VM,
        subshell(&[], &c),
    )
}

fn users(m: &Model) -> Step {
    let list = m.users().get().map(|u| u.0.as_slice()).unwrap_or_default();
    let c = if list.is_empty() {
        "# No users listed in the form: create accounts with useradd --create-home.\ntrue\n".to_string()
    } else {
        let words: Vec<String> = list.iter().map(|u| word(u)).collect();
        let body = format!("set -- {}\n{}", words.join(" "), include_str!("sh/users.sh"));
        subshell(&[("home_root", m.home_root().text())], &body)
    };
    step(
        StepId::Users,
        "Create the users",
        "Accounts live on the VM; their homes are created here, so the UIDs on the NFS export match the sessions. Existing accounts and their passwords are left as they are.",
        VM,
        c,
    )
}

fn write_files(m: &Model, machine: &[File]) -> Step {
    let mut c = String::from(FILES_SH);
    // The token file was written by its own step, from the cluster or typed.
    for f in machine.iter().filter(|f| !(m.token_file && f.path == TOKEN_FILE)) {
        let secret = if f.secret.is_some() { " secret" } else { "" };
        // Their file ended without a newline: so does the merged one, on the VM too.
        let last = if f.content.is_empty() || f.content.ends_with('\n') { "" } else { " no-final-newline" };
        c.push_str(&heredoc(&format!("stage_file {} {} {}{secret}{last}", word(&f.path), f.owner, f.mode), &f.content));
    }
    c.push_str("commit_files\n");
    step(
        StepId::WriteFiles,
        "Write the configuration files",
        "Every file, with its owner and mode, exactly as shown on this page; each change is shown against the file there now. All are written beside the old ones first and put in place together only when every one is complete, so a full disk or Ctrl-C changes nothing. The first original of each is kept, readable by root only, under /var/lib/rsp-k8s-config/originals.",
        VM,
        subshell(&[], &c),
    )
}

/// How long verify-installation may take (the first session may pull a large image).
const VERIFY_SECONDS: u32 = 1200;

fn verify(m: &Model) -> Step {
    let first = m.users().get().and_then(|u| u.0.first()).cloned().unwrap_or_else(|| m.users().placeholder());
    let vars = [("verify_user", first), ("verify_seconds", VERIFY_SECONDS.to_string())];
    step(
        StepId::Verify,
        "Verify the installation",
        "verify-installation launches a real test session on the cluster as this user, within a time limit. It needs Workbench stopped: signed-in users lose their connection until it ends (up to 20 minutes), so run it in a maintenance window. Workbench is started again whatever the outcome, also on Ctrl-C or a dropped SSH session.",
        VM,
        subshell(&vars, include_str!("sh/verify.sh")),
    )
}

/// The image of the troubleshooting pods, pinned by digest (the tag alone can be moved). The
/// digest is docker.io/library/busybox:1.37.0 as found pinned in public repositories, not read
/// from Docker Hub itself (docs/versions.md).
const CHECK_IMAGE: &str = "busybox:1.37.0@sha256:bdf57e528e45e4433820e045b29b4597825a1c9e38353532d90a01445013f82e";

/// A troubleshooting pod's spec (JSON for `kubectl run --overrides`): as nobody, without
/// privileges, a token or a writable file system, running `command`, with `volumes`.
fn check_pod(command: &[&str], volumes: &str, mounts: &str) -> String {
    let command: Vec<String> = command.iter().map(|c| format!("\"{c}\"")).collect();
    format!(
        r#"{{"spec":{{"automountServiceAccountToken":false,"securityContext":{{"runAsNonRoot":true,"runAsUser":65534,"runAsGroup":65534,"seccompProfile":{{"type":"RuntimeDefault"}}}},{volumes}"containers":[{{"name":"c","image":"{CHECK_IMAGE}","command":[{}],{mounts}"securityContext":{{"allowPrivilegeEscalation":false,"readOnlyRootFilesystem":true,"capabilities":{{"drop":["ALL"]}}}}}}]}}}}"#,
        command.join(",")
    )
}

fn troubleshoot(m: &Model, ns: &str) -> Step {
    let callback = m.callback.text();
    let token = token_on_vm(m, format!("sed -n 's/^auth-token=//p' {KUBERNETES_CONF}"));
    let api = curl_api(m, &token).unwrap_or_else(|| "# (TLS verification is off: there is no CA to check the API with.)\n".into());
    let call = check_pod(&["wget", "-q", "-S", "-O", "/dev/null", "-T", "5", &callback], "", "");
    // What a session does: the kubelet mounts the home over NFS on a node (read-only here).
    let volumes = format!(
        r#""volumes":[{{"name":"home","nfs":{{"server":"{}","path":"{}","readOnly":true}}}}],"#,
        m.vm_ip().text(),
        m.home_root().text()
    );
    let nfs = check_pod(&["ls", "/home-check"], &volumes, r#""volumeMounts":[{"name":"home","mountPath":"/home-check","readOnly":true}],"#);
    let c = format!(
        r#"# Run these when a session does not start. The check pods run as nobody, without privileges.
# 1. From the cluster: can a pod reach rserver's callback address? (prints the HTTP status line)
kubectl -n {ns} run rsp-callback-check --rm -i --restart=Never --image={image} --overrides={}
# 2. From the cluster: can a node mount the homes over NFS, as for a session? (lists the homes, read-only)
kubectl -n {ns} run rsp-nfs-check --rm -i --restart=Never --image={image} --overrides={}
# 3. From the VM: the API with the token and CA the launcher uses
{api}# 4. What the cluster, the launcher and rserver say
kubectl -n {ns} get pods,events
tail -n 50 /var/log/rstudio/launcher/*.log
tail -n 50 /var/log/rstudio/rstudio-server/rserver.log
"#,
        word(&call),
        word(&nfs),
        image = word(CHECK_IMAGE),
    );
    step(
        StepId::Troubleshoot,
        "When something fails",
        "Checks for the usual causes: callback routing, NFS mounts, token and CA, and the launcher's and rserver's logs (files under /var/log/rstudio/). The check pods run a busybox pinned by digest, as nobody, with the homes mounted read-only.",
        "where each line says",
        c,
    )
}

/// The way back (see `sh/undo.sh`): every file as it was before the first run, NFS re-read, the
/// launcher and Workbench restarted. In the script it runs only as `runbook.sh undo`.
fn undo() -> Step {
    Step {
        id: StepId::Undo,
        title: "Undo: put back the files as they were",
        why: "Restores the first original of every file the write steps replaced (kept root-only under /var/lib/rsp-k8s-config/originals) and removes the files they created, then re-reads the NFS exports and restarts the launcher and Workbench. The whole script does this when run as: bash runbook.sh undo".into(),
        run_on: VM,
        commands: subshell(&[], include_str!("sh/undo.sh")),
    }
}

/// All steps as one bash script that refuses to run while placeholders (`missing`) remain;
/// `runbook.sh undo` runs only the undo step.
pub fn script(steps: &[Step], missing: &[&str]) -> String {
    let mut s = String::from(
        r#"#!/usr/bin/env bash
# Generated by rsp-k8s-config. Each step says where it runs: your workstation (the cloud's
# CLI and kubectl) or the Workbench VM as root. Run the steps one by one, or all of it on a VM
# where those tools are set up for the cluster.
set -euo pipefail
"#,
    );
    if let Some(undo) = steps.iter().find(|st| st.id == "undo") {
        s.push_str(&format!(
            "\n# --- {}: {} (on {}), only as: bash runbook.sh undo\n# {}\nif [ \"${{1:-}}\" = undo ]; then\n{}  exit 0\nfi\n",
            undo.id,
            undo.title,
            undo.run_on,
            undo.why,
            undo.commands.lines().map(|l| if l.is_empty() { "\n".to_string() } else { format!("  {l}\n") }).collect::<String>()
        ));
    }
    let body: String = steps
        .iter()
        .filter(|st| st.id != "undo")
        .map(|st| format!("\n# --- {}: {} (on {})\n# {}\n{}", st.id, st.title, st.run_on, st.why, st.commands))
        .collect();
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
