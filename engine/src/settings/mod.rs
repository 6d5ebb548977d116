//! The settings form, declared once: each field's key, label, group, default, help, the
//! files and keys it sets, and its type (which is its validator). The page draws the form
//! from `FIELDS`; the renderer reads the typed `Settings`.

pub mod file;
mod keyed;
pub mod values;

pub use keyed::Keyed;

use crate::diagnostic::{Diagnostic, FieldId, CONTEXT, KUBECONFIG, TOKEN};
use crate::docs;
use crate::intake::text::kib;
use crate::paths::*;
use crate::steps::StepId;
use std::collections::BTreeMap;
use std::net::IpAddr;
use values::*;

/// Settings as typed into the form: key → text. Missing keys take their default.
pub type RawSettings = BTreeMap<String, String>;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Group {
    Cluster,
    Server,
    /// One server or a cluster of them, and the cluster's database and balancer.
    Topology,
    Network,
    Sessions,
    /// Rarely changed: shown collapsed.
    Advanced,
    /// Names the cloud's CLI needs: shown only on that platform.
    Gke,
    Eks,
    Aks,
}

impl Group {
    pub const ALL: [Group; 9] = [
        Group::Cluster,
        Group::Gke,
        Group::Eks,
        Group::Aks,
        Group::Server,
        Group::Topology,
        Group::Network,
        Group::Sessions,
        Group::Advanced,
    ];

    /// The platform whose runbook uses this group's fields, if it belongs to one.
    pub fn platform(self) -> Option<Platform> {
        match self {
            Group::Gke => Some(Platform::Gke),
            Group::Eks => Some(Platform::Eks),
            Group::Aks => Some(Platform::Aks),
            _ => None,
        }
    }
    pub fn title(self) -> &'static str {
        match self {
            Group::Cluster => "Kubernetes cluster",
            Group::Server => "Workbench server",
            Group::Topology => "One server or a cluster",
            Group::Network => "Network, NFS and users",
            Group::Sessions => "Sessions",
            Group::Advanced => "Advanced",
            Group::Gke => "Google Cloud (GKE)",
            Group::Eks => "Amazon EKS",
            Group::Aks => "Azure AKS",
        }
    }
}

#[derive(Debug)]
pub struct FieldSpec {
    pub key: &'static str,
    pub group: Group,
    pub label: &'static str,
    pub help: &'static str,
    pub default: &'static str,
    pub required: bool,
    pub control: Control,
    /// A valid value other than the example preset's, shown as the input's hint.
    pub example: &'static str,
    /// What this field changes in the output.
    pub sets: &'static [Target],
    pub doc: &'static str,
}

/// What a field changes: a key of a rendered file (path, key; an empty key for files
/// without keys), or a runbook step (its id). Proven by the `sets` test.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    File(&'static str, &'static str),
    Step(StepId),
}

impl Target {
    /// As the form shows it: `rserver.conf: www-port`, `/etc/exports`, `runbook: firewall`.
    pub fn describe(&self) -> String {
        match *self {
            Target::File("*", _) => "every file's header".into(),
            Target::File(path, "") => path.into(),
            Target::File(path, key) => format!("{}: {key}", path.rsplit('/').next().unwrap_or(path)),
            Target::Step(id) => format!("runbook: {id}"),
        }
    }
}

const fn file(path: &'static str, key: &'static str) -> Target {
    Target::File(path, key)
}

const fn step(id: StepId) -> Target {
    Target::Step(id)
}

/// The header of every machine file names the release, so the target release sets them all.
const ALL_FILES: Target = Target::File("*", "");

macro_rules! settings {
    ($($field:ident: $ty:ty = { $key:literal, $group:ident, $label:literal, default $default:literal, $req:ident, e.g. $example:expr,
        sets [$($target:expr),*], $doc:expr, $help:literal }),+ $(,)?) => {
        /// Validated settings, each carrying its key: a missing or invalid value (a
        /// diagnostic says which) renders as its own `<key>` placeholder.
        #[derive(Clone, Debug)]
        pub struct Settings { $(pub $field: Keyed<$ty>,)+ }

        pub static FIELDS: &[FieldSpec] = &[$(FieldSpec {
            key: $key, group: Group::$group, label: $label, help: $help, default: $default, example: $example,
            required: settings!(@req $req), control: <$ty as FieldValue>::CONTROL,
            sets: &[$($target),*], doc: $doc,
        }),+];

        impl Settings {
            pub fn parse(raw: &RawSettings, out: &mut Vec<Diagnostic>) -> Settings {
                let mut fields = FIELDS.iter();
                Settings { $($field: field::<$ty>(raw, fields.next().expect("one spec per field"), out),)+ }
            }

            /// Mark a value invalid (a check across fields found an error in it).
            pub fn invalidate(&mut self, key: &str) {
                $(if self.$field.key == key {
                    self.$field.value = None;
                    self.$field.empty = false;
                })+
            }

            /// Whether `text` is a valid value for the field `key` (ignoring checks across fields).
            pub fn valid_for(key: &str, text: &str) -> bool {
                Settings::canonical(key, text).is_ok_and(|c| !c.is_empty())
            }

            /// `text` for the field `key` in its canonical spelling ("" when empty), or why
            /// the field refuses it: the same parser as `Settings::parse`.
            pub fn canonical(key: &str, text: &str) -> Result<String, String> {
                let mut fields = FIELDS.iter();
                $(let f = fields.next().expect("one spec per field");
                if f.key == key {
                    return check::<$ty>(f, text).map(|v| v.map_or_else(String::new, |v| v.canonical(text.trim())));
                })+
                Err("a setting this page knows".into())
            }

            /// What every checkbox and list holds as the files were rendered: a choice whose
            /// text is invalid is rendered as its default, a check's error turns a box off.
            pub fn effective(&self) -> Vec<(&'static str, String)> {
                let mut out = Vec::new();
                $(if matches!(<$ty as FieldValue>::CONTROL, Control::Checkbox | Control::Select(_) | Control::Suggest(_)) {
                    if let Some(v) = self.$field.or_default() {
                        out.push((self.$field.key, v.canonical("")));
                    }
                })+
                out
            }

            /// A valid value as a person reads it, by key.
            pub fn shown(&self, key: &str) -> Option<String> {
                $(if self.$field.key == key {
                    return self.$field.get().map(FieldValue::shown);
                })+
                None
            }

            /// Keys whose value is missing or invalid.
            pub fn missing(&self) -> Vec<&'static str> {
                [$((self.$field.key, self.$field.get().is_none()),)+].into_iter().filter(|(_, none)| *none).map(|(k, _)| k).collect()
            }
        }
    };
    (@req required) => { true };
    (@req optional) => { false };
}

settings! {
    cluster_name: Label = { "cluster-name", Cluster, "Launcher cluster name", default "Kubernetes", required, e.g. "Kubernetes-2",
        sets [file(LAUNCHER_CONF, "name"), file(RSERVER_CONF, "launcher-default-cluster"), file(JUPYTER_CONF, "default-session-cluster")], docs::LAUNCHER,
        "The name users see for this cluster. Written identically into every file that refers to it." },
    namespace: K8sName = { "namespace", Cluster, "Namespace", default "rstudio", required, e.g. "workbench",
        sets [file(KUBERNETES_CONF, "kubernetes-namespace"), file(RBAC, ""), file(TOKEN_SECRET, ""), file(NFS_GUARD, ""), step(StepId::Namespace), step(StepId::ServiceAccount), step(StepId::Rbac), step(StepId::Token), step(StepId::CheckApi), step(StepId::Troubleshoot), step(StepId::TokenFile)], docs::K8S,
        "Kubernetes namespace where session pods run; the runbook creates it." },
    service_account: K8sName = { "service-account", Cluster, "Launcher service account", default "job-launcher", required, e.g. "workbench-launcher",
        sets [file(RBAC, ""), file(TOKEN_SECRET, ""), step(StepId::ServiceAccount), step(StepId::Rbac), step(StepId::Token), step(StepId::CheckApi), step(StepId::TokenFile)], docs::K8S,
        "The account whose token the launcher uses; the runbook creates it, its Role and its token Secret." },
    default_cluster: DefaultCluster = { "default-cluster", Cluster, "Default cluster for new sessions", default "page", required, e.g. "",
        sets [file(RSERVER_CONF, "launcher-default-cluster"), file(JUPYTER_CONF, "default-session-cluster")], docs::RSERVER,
        "When an imported rserver.conf or jupyter.conf already sends new sessions to a cluster (Local, Slurm): this page's Kubernetes cluster, or theirs kept (users can pick the other one when they start a session). Without an imported default, this page's cluster." },
    rbac_mode: RbacMode = { "rbac-mode", Cluster, "Permissions (RBAC)", default "narrow", required, e.g. "",
        sets [file(RBAC, ""), step(StepId::Rbac)], docs::RBAC,
        "Posit's narrow Role bound to this one account, or the original guide's cluster-admin binding. Narrow removes this page's own cluster-admin binding, and the runbook stops while any other binding gives the launcher's account, or the namespace's default account that sessions run as, more than that Role." },
    node_access: bool = { "node-access", Cluster, "Let the launcher list nodes", default "0", optional, e.g. "",
        sets [file(RBAC, "")], docs::RBAC,
        "A read-only ClusterRole on nodes, so the launcher can report every address of a session's node. Usually not needed." },
    platform: Platform = { "platform", Cluster, "Platform", default "auto", required, e.g. "",
        sets [step(StepId::Credentials), step(StepId::Firewall), step(StepId::PreflightWorkstation), step(StepId::NfsServer)], docs::PLATFORMS,
        "Where the cluster runs: GKE, EKS and AKS get their own CLI for credentials, for reading the cluster's network and for the firewall rules; other clusters get a checklist of ports. From the kubeconfig unless chosen here." },
    gke_project: GcpId = { "gke-project", Gke, "GKE project", default "", optional, e.g. "my-project",
        sets [step(StepId::Credentials), step(StepId::Firewall)], docs::GKE,
        "Google Cloud project of the cluster. Filled from a gke_PROJECT_LOCATION_CLUSTER context name when empty." },
    gke_location: GcpId = { "gke-location", Gke, "GKE location", default "", optional, e.g. "us-central1",
        sets [step(StepId::Credentials), step(StepId::Firewall)], docs::GKE,
        "Region or zone of the cluster, e.g. europe-west2. Filled from the context name when empty." },
    gke_cluster: GcpId = { "gke-cluster", Gke, "GKE cluster", default "", optional, e.g. "workbench",
        sets [step(StepId::Credentials), step(StepId::Firewall)], docs::GKE,
        "The GKE cluster's own name, used by gcloud. Filled from the context name when empty." },
    eks_cluster: CloudName = { "eks-cluster", Eks, "EKS cluster", default "", optional, e.g. "analytics",
        sets [step(StepId::Credentials), step(StepId::Firewall)], docs::EKS,
        "The EKS cluster's name, used by `aws eks update-kubeconfig`. Filled from an arn:aws:eks:… context when empty." },
    eks_region: CloudName = { "eks-region", Eks, "AWS region", default "", optional, e.g. "eu-west-1",
        sets [step(StepId::Credentials), step(StepId::Firewall)], docs::EKS,
        "The cluster's AWS region. Filled from the context or the API server's name when empty." },
    aks_resource_group: CloudName = { "aks-resource-group", Aks, "Resource group", default "", optional, e.g. "rg-analytics",
        sets [step(StepId::Credentials), step(StepId::Firewall)], docs::AKS,
        "The AKS cluster's Azure resource group, used by `az aks get-credentials`. Filled from the kubeconfig's clusterUser_GROUP_CLUSTER user when empty." },
    aks_cluster: CloudName = { "aks-cluster", Aks, "AKS cluster", default "", optional, e.g. "analytics",
        sets [step(StepId::Credentials), step(StepId::Firewall)], docs::AKS,
        "The AKS cluster's name. Filled from the kubeconfig when empty." },
    skip_tls_verify: bool = { "skip-tls-verify", Cluster, "Skip TLS verification (unsafe)", default "0", optional, e.g. "",
        sets [file(KUBERNETES_CONF, "verify-ssl-certs"), step(StepId::CheckApi), step(StepId::Troubleshoot), step(StepId::CheckApiVm)], docs::K8S,
        "Only for a cluster without a CA certificate: writes verify-ssl-certs=0, so anyone on the path can impersonate the API server." },
    cluster_ca: CaData = { "cluster-ca", Cluster, "Cluster CA", default "", optional, e.g. EXAMPLE_CA,
        sets [file(KUBERNETES_CONF, "certificate-authority"), step(StepId::CheckApi), step(StepId::Troubleshoot), step(StepId::CheckApiVm)], docs::K8S,
        "Only when the kubeconfig has no CA (insecure-skip-tls-verify): the cluster's CA certificate, PEM or base64, e.g. from `kubectl -n kube-public get configmap kube-root-ca.crt -o jsonpath='{.data.ca\\.crt}'`." },
    token_delivery: TokenDelivery = { "token-delivery", Cluster, "Token delivery", default "file", required, e.g. "",
        sets [file(KUBERNETES_CONF, "auth-token"), file(TOKEN_FILE, ""), step(StepId::Token), step(StepId::TokenFile), step(StepId::CheckApiVm), step(StepId::Troubleshoot), file(KUBERNETES_CONF, "auth-token-path")], docs::K8S,
        "Its own file (auth-token-path, Workbench only): the VM step reads the token from the cluster or asks for it, so neither the script nor the archive holds it. Inline (auth-token) puts the token in launcher.kubernetes.conf, and so in the script and the archive." },

    target_release: Release = { "target-release", Server, "Target release", default "newest", required, e.g. "",
        sets [ALL_FILES, step(StepId::Token), step(StepId::TokenFile), step(StepId::CheckApiVm), step(StepId::Troubleshoot), step(StepId::PreflightVm), step(StepId::ClusterPreflight), step(StepId::ClusterCookieKey), step(StepId::ClusterMounts), step(StepId::ClusterUsers), step(StepId::ClusterDatabase), step(StepId::ClusterNodeFiles), step(StepId::ClusterFirewall), step(StepId::ClusterJoin), step(StepId::NfsServer), step(StepId::NfsExport)], docs::LAUNCHER,
        "The Workbench release installed on the VM (`rstudio-server version`): which keys are written, which session image matches, and what the preflight step checks. Pick one from the list, or type one it lacks as YYYY.MM.P: a patch of a listed release is taken as its family, a newer one with a warning. RStudio Server Pro 1.3 (rsp-1.3) reproduces the original guide (long out of support)." },
    vm_ip: IpAddr = { "vm-ip", Server, "Workbench VM internal IP", default "", required, e.g. "10.154.0.17",
        sets [file(RSERVER_CONF, "launcher-sessions-callback-address"), file(MOUNTS, "Host"), file(NFS_GUARD, ""), step(StepId::Firewall), step(StepId::Troubleshoot), file(EXPORTS, ""), file(LOAD_BALANCER, "www-host-name"), step(StepId::ClusterPreflight), step(StepId::ClusterCookieKey), step(StepId::ClusterMounts), step(StepId::ClusterUsers), step(StepId::ClusterDatabase), step(StepId::ClusterNodeFiles), step(StepId::ClusterFirewall), step(StepId::ClusterJoin), step(StepId::NfsServer), step(StepId::NfsExport)], docs::CALLBACK,
        "The VM's internal address, reachable from the cluster's nodes and pods (not its external IP)." },
    www_port: Port = { "www-port", Server, "Workbench port", default "8787", required, e.g. "8788",
        sets [file(RSERVER_CONF, "www-port"), file(RSERVER_CONF, "launcher-sessions-callback-address"), step(StepId::Firewall), step(StepId::NfsServer), step(StepId::Troubleshoot), step(StepId::ClusterFirewall), step(StepId::ClusterJoin)], docs::RSERVER,
        "The port rserver listens on; sessions call back to it." },
    https: bool = { "https", Server, "Workbench serves HTTPS", default "0", optional, e.g. "",
        sets [file(RSERVER_CONF, "ssl-enabled"), file(RSERVER_CONF, "ssl-certificate"), file(RSERVER_CONF, "ssl-certificate-key"), file(RSERVER_CONF, "launcher-sessions-callback-address"), step(StepId::Troubleshoot)], docs::SSL,
        "rserver serves HTTPS itself (ssl-enabled) with the certificate and key below, and sessions call back over https. Without it passwords and sessions cross the network in clear, and VS Code and Positron Pro sessions are restricted (Workbench 2024.12.0 and later). The certificate must name the callback's host (the VM's address, or the callback URL's name)." },
    ssl_certificate: AbsPath = { "ssl-certificate", Server, "TLS certificate (PEM)", default "", optional, e.g. "/etc/ssl/workbench/cert.pem",
        sets [file(RSERVER_CONF, "ssl-certificate")], docs::SSL,
        "With HTTPS: the certificate chain on the VM, readable by rserver." },
    ssl_certificate_key: AbsPath = { "ssl-certificate-key", Server, "TLS private key (PEM)", default "", optional, e.g. "/etc/ssl/workbench/key.pem",
        sets [file(RSERVER_CONF, "ssl-certificate-key")], docs::SSL,
        "With HTTPS: the certificate's private key on the VM (root-only, 0600)." },
    callback_url: HttpUrl = { "callback-url", Server, "Callback URL", default "", optional, e.g. "http://rsp.internal:8787",
        sets [file(RSERVER_CONF, "launcher-sessions-callback-address"), step(StepId::Troubleshoot)], docs::CALLBACK,
        "How session pods reach rserver. Empty: http://VM-IP:PORT, derived from the two fields above." },
    launcher_address: Host = { "launcher-address", Advanced, "Launcher address", default "localhost", required, e.g. "127.0.0.1",
        sets [file(LAUNCHER_CONF, "address"), file(RSERVER_CONF, "launcher-address")], docs::LAUNCHER,
        "Where the Job Launcher listens; localhost when it runs on the Workbench VM." },
    launcher_port: Port = { "launcher-port", Advanced, "Launcher port", default "5559", required, e.g. "5560",
        sets [file(LAUNCHER_CONF, "port"), file(RSERVER_CONF, "launcher-port"), step(StepId::ClusterFirewall)], docs::LAUNCHER,
        "The Job Launcher's port." },
    admin_enabled: bool = { "admin-enabled", Server, "Admin dashboard", default "0", optional, e.g. "",
        sets [file(RSERVER_CONF, "admin-enabled"), file(RSERVER_CONF, "admin-group")], docs::ADMIN,
        "The administrative dashboard at /admin, which shows every session and the server's log: only for the members of the admin group below, which it then requires (without one, every signed-in user would see it)." },
    admin_group: GroupName = { "admin-group", Server, "Admin group", default "", optional, e.g. "workbench-admins",
        sets [file(RSERVER_CONF, "admin-group")], docs::ADMIN,
        "The VM's group whose members may open the admin dashboard (admin-group). Required with the dashboard; create it with groupadd and add the admins." },
    debug_logging: bool = { "debug-logging", Advanced, "Launcher debug logging", default "0", optional, e.g. "",
        sets [file(LAUNCHER_CONF, "enable-debug-logging"), file(KUBERNETES_CONF, "enable-debug-logging")], docs::LAUNCHER,
        "Verbose launcher logs while wiring things up; turn off in production." },
    project_sharing: bool = { "project-sharing", Server, "Project sharing", default "0", optional, e.g. "",
        sets [file(RSERVER_CONF, "server-project-sharing")], docs::RSERVER,
        "Project sharing needs ACL-capable shared storage; Posit's container defaults turn it off." },

    nfs_cidr: ipnet::IpNet = { "nfs-client-cidr", Network, "Node subnet (NFS clients)", default "", required, e.g. "10.156.0.0/20",
        sets [file(EXPORTS, ""), step(StepId::Firewall), step(StepId::NfsServer)], docs::EXPORTS,
        "The cluster nodes' subnet (primary range): the kubelet mounts homes from the node. The trust boundary: NFS with sec=sys believes the uid each client sends, so anyone who can create a pod on these nodes, in any namespace and without any privilege (Pod Security baseline allows nfs volumes), can read and write every home as its owner, ~/.ssh included. Nothing wider than the node subnet, then; the runbook's nfs-guard step lets only the session namespace mount this VM where the cluster supports it, and Kerberos (sec=krb5p) is the strong fix. GKE: the subnet's primary range (`gcloud compute networks subnets describe`); EKS: the range holding the cluster's subnets, e.g. the VPC's (`aws eks describe-cluster --query cluster.resourcesVpcConfig.subnetIds`, then `aws ec2 describe-subnets`); AKS: the node subnet (`az aks show --query agentPoolProfiles[].vnetSubnetId`, then `az network vnet subnet show`). The firewall step compares it with the cluster's own." },
    pod_cidr: ipnet::IpNet = { "pod-cidr", Network, "Pod CIDR", default "", optional, e.g. "10.52.0.0/14",
        sets [step(StepId::Firewall), step(StepId::NfsServer)], docs::FIREWALL,
        "The cluster's pod range. On GKE session callbacks come from pod IPs, so the firewall rule allows it (`gcloud container clusters describe` shows it as clusterIpv4Cidr). On EKS (VPC CNI) pods have addresses in the node subnets, and on AKS (kubenet, Azure CNI Overlay) and with Calico's default NAT they reach the VM from their node's address: there the rule allows the node subnet, and this range only helps the checks." },
    user_cidr: ipnet::IpNet = { "user-cidr", Network, "Users' network", default "", optional, e.g. "203.0.113.0/24",
        sets [step(StepId::Firewall), step(StepId::NfsServer)], docs::FIREWALL,
        "Where people open Workbench from (their office or VPN range): the firewall step adds a rule for the Workbench port from there. Empty: no rule (your own arrangement, e.g. a load balancer, lets them in)." },
    gcp_network: GcpId = { "gcp-network", Gke, "VPC network", default "default", optional, e.g. "workbench-vpc",
        sets [step(StepId::Firewall)], docs::FIREWALL,
        "The Google Cloud VPC network shared by the VM and the cluster." },
    home_root: AbsPath = { "home-root", Network, "Home directory root", default "/home", required, e.g. "/srv/home",
        sets [file(EXPORTS, ""), file(MOUNTS, "Path"), step(StepId::SharedStorage), step(StepId::Users), step(StepId::Troubleshoot), file(MOUNTS, "MountPath"), step(StepId::ClusterMounts), step(StepId::ClusterUsers)], docs::K8S,
        "Where users' homes live on the VM; exported over NFS and mounted at the same path in sessions. Not a directory of the system (/, /etc, /var, /var/lib, /root, /tmp, /opt, …). Best on a file system of its own (a disk mounted there): an export with no_subtree_check on the root file system lets a client that guesses file handles reach the rest of that file system (exports(5)); the page cannot see the VM's disks, so the runbook says which it is. Created only when absent; an existing one keeps its owner and mode." },
    shared_storage: AbsPath = { "shared-storage-path", Network, "Shared storage path", default "/srv/rsp-shared", required, e.g. "/srv/workbench-shared",
        sets [file(RSERVER_CONF, "server-shared-storage-path"), file(MOUNTS, "Path"), file(EXPORTS, ""), step(StepId::SharedStorage), file(MOUNTS, "MountPath"), step(StepId::ClusterMounts)], docs::RSERVER,
        "Workbench's shared storage; mounted into sessions at the same path. A directory of its own: not the home root, not inside or above it, and not a directory of the system. The runbook creates it (rstudio-server, sticky and writable by all, like /tmp) only when it is absent; an existing one is left as it is." },
    nfs_squash: Squash = { "nfs-squash", Network, "NFS root squashing", default "root_squash", required, e.g. "",
        sets [file(EXPORTS, "")], docs::EXPORTS,
        "root_squash maps only uid 0 to nobody; every other uid is taken as the client says (sec=sys), so any pod on the nodes, privileged or not, can act as any user but root: the export range must be the node subnet and nothing wider (see the node subnet's help)." },
    topology: Topology = { "topology", Topology, "Topology", default "single", required, e.g. "",
        sets [file(NFS_GUARD, ""), file(LOAD_BALANCER, ""), file(DATABASE_CONF, ""), step(StepId::NfsServer), step(StepId::NfsExport), step(StepId::ClusterPreflight), step(StepId::ClusterCookieKey), step(StepId::ClusterMounts), step(StepId::ClusterUsers), step(StepId::ClusterDatabase), step(StepId::ClusterNodeFiles), step(StepId::ClusterFirewall), step(StepId::ClusterJoin), file(EXPORTS, ""), file(MOUNTS, "Host"), file(RSERVER_CONF, "launcher-sessions-callback-address"), step(StepId::Troubleshoot)], docs::LOAD_BALANCING,
        "One server: Workbench and the NFS server on one VM (the original guide). A cluster: two or more Workbench nodes behind Workbench's own load balancer, on one PostgreSQL database and shared NFS storage; every file is identical on every node except the node's own address (www-host-name in load-balancer). The Workbench VM IP above is then node 1's address." },
    nodes: Nodes = { "nodes", Topology, "Cluster nodes", default "", optional, e.g. "wb-1 10.154.0.16, wb-2 10.154.0.21, wb-3 10.154.0.22",
        sets [file(EXPORTS, ""), step(StepId::ClusterPreflight), step(StepId::ClusterCookieKey), step(StepId::ClusterMounts), step(StepId::ClusterUsers), step(StepId::ClusterDatabase), step(StepId::ClusterNodeFiles), step(StepId::ClusterFirewall), step(StepId::ClusterJoin), step(StepId::NfsServer), step(StepId::NfsExport), file(LOAD_BALANCER, "www-host-name")], docs::LOAD_BALANCING,
        "One node per line: its name and the address the other nodes, the load balancer and the NFS server reach it at (e.g. wb-1 10.0.0.11). 2 to 16 nodes; node 1 is the Workbench VM above and defines the cluster (its secure cookie key is copied to the others)." },
    nfs_server: NodeHost = { "nfs-server", Topology, "NFS server", default "", optional, e.g. "10.154.0.30",
        sets [file(MOUNTS, "Host"), file(NFS_GUARD, ""), step(StepId::ClusterMounts), step(StepId::ClusterFirewall), step(StepId::NfsServer), step(StepId::NfsExport)], docs::LOAD_BALANCING,
        "Where the homes and the shared storage live in a cluster: a separate NFS server's address. Empty: node 1 (then node 1 is a single point of failure for every node's homes)." },
    db_host: NodeHost = { "db-host", Topology, "PostgreSQL host", default "", optional, e.g. "10.154.0.40",
        sets [file(DATABASE_CONF, "host"), step(StepId::ClusterDatabase), step(StepId::ClusterFirewall)], docs::DATABASE,
        "The PostgreSQL server of a cluster (Posit requires PostgreSQL for load balancing; best on a server of its own, never on NFS). Its password is never typed here: the database step asks for it on each node, or reads it from a root-only file there." },
    db_port: Port = { "db-port", Topology, "PostgreSQL port", default "5432", required, e.g. "5433",
        sets [file(DATABASE_CONF, "port"), step(StepId::ClusterDatabase), step(StepId::ClusterFirewall)], docs::DATABASE,
        "The PostgreSQL server's port." },
    db_name: DbName = { "db-name", Topology, "PostgreSQL database", default "rstudio", required, e.g. "workbench",
        sets [file(DATABASE_CONF, "database"), step(StepId::ClusterDatabase)], docs::DATABASE,
        "An empty database used by nothing else (Posit's requirement); the database step refuses one that holds another product's tables." },
    db_user: DbName = { "db-user", Topology, "PostgreSQL user", default "rstudio", required, e.g. "workbench",
        sets [file(DATABASE_CONF, "username"), step(StepId::ClusterDatabase)], docs::DATABASE,
        "The role Workbench connects as; it must be able to create tables in the database." },
    balancer: Balancer = { "balancer", Topology, "Balancing method", default "sessions", required, e.g. "",
        sets [file(LOAD_BALANCER, "balancer")], docs::BALANCING_METHODS,
        "How Workbench picks the node for a new session (balancer in /etc/rstudio/load-balancer). With sessions on Kubernetes it places the home page's rworkspaces; the sessions themselves run on the cluster." },
    lb_address: NodeHost = { "lb-address", Topology, "External load balancer", default "", optional, e.g. "workbench.example.com",
        sets [file(RSERVER_CONF, "launcher-sessions-callback-address"), step(StepId::ClusterFirewall), step(StepId::Troubleshoot)], docs::LB_ACCESS,
        "Optional: the address of a load balancer in front of the nodes (sticky sessions on). Sessions then call back through it, so no single node is their only way back; without one, they call back to node 1." },
    users: Users = { "users", Network, "Users to create", default "", optional, e.g. "bob, carol",
        sets [step(StepId::Users), step(StepId::Verify), step(StepId::ClusterUsers)], docs::RSERVER,
        "Local accounts to create on the VM (one per line, or separated by commas). The first one runs verify-installation." },

    session_image: Image = { "session-image", Sessions, "Session image", default "", optional, e.g. "rstudio/r-session-complete:ubuntu2204-2026.07.1",
        sets [file(RSERVER_CONF, "launcher-sessions-container-image"), file(JUPYTER_CONF, "default-session-container-image"), file(RSERVER_CONF, "launcher-sessions-auto-update"), file(RSERVER_CONF, "launcher-sessions-init-container-image-name"), file(RSERVER_CONF, "launcher-sessions-init-container-image-tag"), file(JUPYTER_CONF, "jupyter-exe"), file(VSCODE_CONF, "default-session-container-image"), file(PROFILES_CONF, "container-images"), file(PROFILES_CONF, "default-container-image")], docs::K8S,
        "The image sessions run in. Empty: what Posit recommends for the target release (docs/versions.md): from 2026.04.0, posit/workbench-session (R and Python only, Ubuntu 24.04, as Posit's Helm chart) with the init container posit/workbench-session-init of exactly the server's release, which brings the session components (launcher-sessions-auto-update); before 2026.04.0, rstudio/r-session-complete for that release (Ubuntu 22.04 only; Posit stops publishing it at the end of 2026). rstudio/workbench-session gets its own init container the same way. Any other image must hold the session components of the server's exact release." },
    run_as_root: bool = { "run-as-root", Sessions, "Run sessions as root (unsafe)", default "0", optional, e.g. "",
        sets [file(RSERVER_CONF, "launcher-sessions-container-run-as-root")], docs::RSERVER,
        "Runs user code as root inside the pod. Keep off." },
    create_container_user: bool = { "create-container-user", Sessions, "Create the user in the container", default "1", optional, e.g. "",
        sets [file(RSERVER_CONF, "launcher-sessions-create-container-user")], docs::RSERVER,
        "Create the signed-in user inside the container with the VM's UID and GID, so NFS permissions match." },
    profiles: bool = { "profiles", Sessions, "Write a profiles file", default "0", optional, e.g. "",
        sets [file(PROFILES_CONF, "")], docs::K8S,
        "Also write launcher.kubernetes.profiles.conf, pinning the allowed session image for everyone." },
    jupyter_labs: bool = { "jupyter-labs", Sessions, "JupyterLab sessions", default "1", optional, e.g. "",
        sets [file(JUPYTER_CONF, "labs-enabled"), file(JUPYTER_CONF, "lab-version")], docs::JUPYTER,
        "Offer JupyterLab sessions (the image must contain Jupyter)." },
    jupyter_notebooks: bool = { "jupyter-notebooks", Sessions, "Jupyter Notebook Classic sessions", default "0", optional, e.g. "",
        sets [file(JUPYTER_CONF, "notebooks-enabled")], docs::JUPYTER,
        "Classic notebooks work only with Notebook 6.x in the image." },
    jupyter_exe: Command = { "jupyter-exe", Advanced, "Jupyter executable", default "", optional, e.g. "/opt/python/3.12/bin/jupyter",
        sets [file(JUPYTER_CONF, "jupyter-exe")], docs::JUPYTER,
        "Path of jupyter inside the image. Empty: Workbench's default (r-session-complete sets WORKBENCH_JUPYTER_PATH; posit/workbench-session does not, and installs jupyter at /opt/python/jupyter/bin/jupyter, which is then written here)." },
    lab_version: Version = { "lab-version", Sessions, "JupyterLab version", default "", optional, e.g. "4.3.0",
        sets [file(JUPYTER_CONF, "lab-version")], docs::JUPYTER,
        "The JupyterLab version in the image (`jupyter lab --version` there). Needed because Jupyter is not installed on the VM. posit/workbench-session installs JupyterLab unpinned (jupyterlab<5), so read it from the very image tag you use." },
    cull_minutes: Minutes = { "session-cull-minutes", Advanced, "Jupyter cull minutes", default "0", required, e.g. "60",
        sets [file(JUPYTER_CONF, "session-cull-minutes")], docs::JUPYTER,
        "Idle kernels are culled after this many minutes; Posit recommends 0 (never), culling loses browser state." },
    vscode: bool = { "vscode", Sessions, "VS Code sessions", default "0", optional, e.g. "",
        sets [file(VSCODE_CONF, "enabled"), file(VSCODE_CONF, "default-session-container-image")], docs::VSCODE,
        "Offer VS Code sessions; writes vscode.conf. Since Workbench 2024.12.0 VS Code sessions are restricted when Workbench is not served over HTTPS: turn on HTTPS below." },
    positron: bool = { "positron", Sessions, "Positron Pro sessions", default "0", optional, e.g. "",
        sets [file(POSITRON_CONF, "enabled")], docs::POSITRON,
        "Offer Positron Pro sessions (Workbench 2024.12.0 and later; positron.conf enabled=1, as Posit's chart writes it). The init container of posit/workbench-session brings Positron; other images must hold it. Like VS Code, restricted without HTTPS." },
}

/// The example cluster's CA as PEM (the example kubeconfig carries it as base64; a test keeps
/// them equal): the Cluster CA field's hint.
pub const EXAMPLE_CA: &str = include_str!("../example/ca.pem");

/// Placeholder keys of the values that come from the pasted inputs, not the form.
pub const API_URL: &str = "api-url";
pub const AUTH_TOKEN: &str = "auth-token";
pub const CERTIFICATE_AUTHORITY: &str = "certificate-authority";

/// The input a person fills in, as the page names it.
pub fn label(field: &str) -> &'static str {
    match field {
        KUBECONFIG => "Kubeconfig",
        TOKEN => "Service-account token",
        CONTEXT => "Context",
        key => spec(key).map_or("Settings", |f| f.label),
    }
}

/// The page's anchor of an input (`field-namespace`): its element's id, and the `#…` that the
/// diagnostics, the diagnose box and the guide link to.
pub fn anchor(field: &str) -> String {
    format!("field-{field}")
}

/// The input that fills a placeholder in: the kubeconfig gives the API URL and the CA, the
/// token box the token; every other placeholder is a setting's own key.
pub fn input_of(placeholder: &str) -> FieldId {
    match placeholder {
        API_URL | CERTIFICATE_AUTHORITY => KUBECONFIG,
        AUTH_TOKEN => TOKEN,
        CONTEXT => CONTEXT,
        key => spec(key).map_or(KUBECONFIG, |f| f.key),
    }
}

/// Longest text a multi-line field (users, a CA) takes: 64 KiB is some 6,000 user names.
pub const MAX_LIST_BYTES: usize = 64 * 1024;
/// Longest text any other field takes; every value type is far shorter.
pub const MAX_TEXT_BYTES: usize = 1024;

/// The one parser every way in goes through (typing, a share link, a settings file, an
/// import, a preset): a field's text → its value, `None` when empty, or why it is refused.
fn check<T: FieldValue>(spec: &FieldSpec, text: &str) -> Result<Option<T>, String> {
    let max = if spec.control == Control::Multiline { MAX_LIST_BYTES } else { MAX_TEXT_BYTES };
    if text.len() > max {
        return Err(format!("at most {} (it is {})", kib(max), kib(text.len())));
    }
    // No value may carry a line break or a control character into a file or a command,
    // whatever its type's own rules say (a list field separates its items by line).
    let separators: &[char] = if spec.control == Control::Multiline { &['\n', '\r', '\t'] } else { &[] };
    if text.chars().any(|c| (c.is_control() && !separators.contains(&c)) || matches!(c, '\u{2028}' | '\u{2029}')) {
        return Err("plain text, without control characters or line breaks".into());
    }
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    T::parse(text).map(Some)
}

fn field<T: FieldValue>(raw: &RawSettings, spec: &FieldSpec, out: &mut Vec<Diagnostic>) -> Keyed<T> {
    let text = raw.get(spec.key).map_or(spec.default, String::as_str);
    let default = T::parse(spec.default).ok();
    let keyed = |value: Option<T>, empty: bool| Keyed { key: spec.key, value, empty, default: default.clone() };
    match check::<T>(spec, text) {
        Err(why) => {
            out.push(Diagnostic::error("setting.invalid", spec.key, format!("{} must be {why}.", spec.label)));
            keyed(None, false)
        }
        Ok(None) => {
            if spec.required {
                out.push(Diagnostic::error("setting.required", spec.key, format!("{} is required.", spec.label)));
            }
            keyed(None, true)
        }
        Ok(Some(v)) => keyed(Some(v), false),
    }
}

/// A value as it enters the page from anywhere: its canonical spelling when the parser takes
/// it (`TRUE ` → `1`, ` Inline` → `inline`, text trimmed), else the text as it came, so the
/// form shows it with the same diagnostic as if it had been typed.
pub fn enter(key: &str, text: &str) -> String {
    Settings::canonical(key, text).unwrap_or_else(|_| text.to_string())
}

/// Every value of `raw` as it enters (`enter`); unknown keys dropped.
pub fn entered(raw: RawSettings) -> RawSettings {
    raw.into_iter()
        .filter(|(k, _)| spec(k).is_some())
        .map(|(k, v)| {
            let v = enter(&k, &v);
            (k, v)
        })
        .collect()
}

/// Only the values the parser takes, in their canonical spelling: what a share link or a
/// settings file may carry (an invalid value, perhaps a pasted secret, never leaves).
pub fn valid_only(raw: &RawSettings) -> RawSettings {
    raw.iter().filter_map(|(k, v)| Settings::canonical(k, v).ok().map(|c| (k.clone(), c))).collect()
}

/// Put the fields `keys` back to their defaults (the example's values, before a link or a
/// saved file is made of the rest).
pub fn forget<'a>(raw: &mut RawSettings, keys: impl IntoIterator<Item = &'a &'static str>) {
    for key in keys {
        if let Some(f) = spec(key) {
            raw.insert(f.key.to_string(), f.default.to_string());
        }
    }
}

/// A choice that makes the server unsafe: (key, canonical value, what it does in plain words).
/// A share link or a settings file never turns one on by itself: the page holds it back and
/// names it until the user chooses it (`hold_back`), and names it at the top while in effect.
pub const UNSAFE: &[(&str, &str, &str)] = &[
    ("token-delivery", "inline", "the token inline in launcher.kubernetes.conf, so in the script and the archive"),
    ("rbac-mode", "cluster-admin", "cluster-admin for the launcher's account: it can do anything in the cluster"),
    ("nfs-squash", "no_root_squash", "NFS exported with no_root_squash: root on any node can rewrite every home"),
    ("run-as-root", "1", "sessions run as root inside their pods"),
    ("skip-tls-verify", "1", "TLS verification of the API server skipped: anyone on the path can impersonate it"),
];

/// Takes the unsafe choices out of settings that arrived from a link or a file (their
/// defaults take their place) and returns them, for the page to name and to apply on request.
pub fn hold_back(raw: &mut RawSettings) -> Vec<(&'static str, String)> {
    let mut held = Vec::new();
    for (key, value, _) in UNSAFE {
        let Some(text) = raw.get(*key) else { continue };
        if Settings::canonical(key, text).is_ok_and(|c| c == *value) {
            held.push((*key, value.to_string()));
            raw.insert(key.to_string(), spec(key).map_or("", |f| f.default).to_string());
        }
    }
    held
}

/// Whether `text` is a valid value for the field `key` on its own.
pub fn valid(key: &str, text: &str) -> bool {
    Settings::valid_for(key, text)
}

pub fn spec(key: &str) -> Option<&'static FieldSpec> {
    FIELDS.iter().find(|f| f.key == key)
}

/// Every field at its default.
pub fn defaults() -> RawSettings {
    FIELDS.iter().map(|f| (f.key.to_string(), f.default.to_string())).collect()
}
