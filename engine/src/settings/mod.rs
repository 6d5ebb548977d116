//! The settings form, declared once: each field's key, label, group, default, help, the
//! files and keys it sets, and its type (which is its validator). The page draws the form
//! from `FIELDS`; the renderer reads the typed `Settings`.

pub mod values;

use crate::diagnostic::Diagnostic;
use std::collections::BTreeMap;
use std::net::IpAddr;
use values::*;

/// Settings as typed into the form: key → text. Missing keys take their default.
pub type RawSettings = BTreeMap<String, String>;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Group {
    Cluster,
    Server,
    Network,
    Sessions,
}

impl Group {
    pub const ALL: [Group; 4] = [Group::Cluster, Group::Server, Group::Network, Group::Sessions];
    pub fn title(self) -> &'static str {
        match self {
            Group::Cluster => "Kubernetes cluster",
            Group::Server => "Workbench server",
            Group::Network => "Network, NFS and users",
            Group::Sessions => "Sessions",
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
    /// (file, key) pairs this field sets; the runbook is implied for all.
    pub sets: &'static [(&'static str, &'static str)],
    pub doc: &'static str,
}

const DOC_LAUNCHER: &str = "https://docs.posit.co/ide/server-pro/job_launcher/configuration.html";
const DOC_K8S: &str = "https://docs.posit.co/ide/server-pro/job_launcher/kubernetes_plugin.html";
const DOC_RSERVER: &str = "https://docs.posit.co/ide/server-pro/reference/rserver_conf.html";
const DOC_CALLBACK: &str =
    "https://docs.posit.co/troubleshooting/articles/validating-the-launcher-sessions-callback-address-in-posit-workbench.html";
const DOC_JUPYTER: &str = "https://docs.posit.co/ide/server-pro/jupyter_sessions/configuration.html";
const DOC_VSCODE: &str = "https://docs.posit.co/ide/server-pro/vscode_sessions/configuration.html";
const DOC_RBAC: &str = "https://github.com/rstudio/helm/tree/main/charts/rstudio-launcher-rbac";
const DOC_GKE: &str = "https://cloud.google.com/kubernetes-engine/docs/how-to/cluster-access-for-kubectl";
const DOC_FIREWALL: &str = "https://cloud.google.com/kubernetes-engine/docs/concepts/firewall-rules";
const DOC_EXPORTS: &str = "https://man7.org/linux/man-pages/man5/exports.5.html";
const DOC_ADMIN: &str = "https://docs.posit.co/ide/server-pro/server_management/administrative_dashboard.html";

macro_rules! settings {
    ($($field:ident: $ty:ty = { $key:literal, $group:ident, $label:literal, default $default:literal, $req:ident,
        sets [$(($file:literal, $fkey:literal)),*], $doc:expr, $help:literal }),+ $(,)?) => {
        /// Validated settings. `None`: missing or invalid (a diagnostic says which); rendered as a placeholder.
        #[derive(Clone, Debug)]
        pub struct Settings { $(pub $field: Option<$ty>,)+ }

        pub static FIELDS: &[FieldSpec] = &[$(FieldSpec {
            key: $key, group: Group::$group, label: $label, help: $help, default: $default,
            required: settings!(@req $req), control: <$ty as FieldValue>::CONTROL,
            sets: &[$(($file, $fkey)),*], doc: $doc,
        }),+];

        impl Settings {
            pub fn parse(raw: &RawSettings, out: &mut Vec<Diagnostic>) -> Settings {
                let mut fields = FIELDS.iter();
                Settings { $($field: field::<$ty>(raw, fields.next().expect("one spec per field"), out),)+ }
            }
        }
    };
    (@req required) => { true };
    (@req optional) => { false };
}

settings! {
    cluster_name: Label = { "cluster-name", Cluster, "Launcher cluster name", default "Kubernetes", required,
        sets [("launcher.conf", "[cluster] name"), ("rserver.conf", "launcher-default-cluster"), ("jupyter.conf", "default-session-cluster")], DOC_LAUNCHER,
        "The name users see for this cluster. Written identically into every file that refers to it." },
    namespace: K8sName = { "namespace", Cluster, "Namespace", default "rstudio", required,
        sets [("launcher.kubernetes.conf", "kubernetes-namespace")], DOC_K8S,
        "Kubernetes namespace where session pods run; the runbook creates it." },
    service_account: K8sName = { "service-account", Cluster, "Launcher service account", default "job-launcher", required,
        sets [], DOC_K8S,
        "The account whose token the launcher uses; the runbook creates it, its Role and its token Secret." },
    rbac_mode: RbacMode = { "rbac-mode", Cluster, "Permissions (RBAC)", default "narrow", required,
        sets [], DOC_RBAC,
        "Posit's narrow Role bound to this one account, or the seed guide's cluster-admin binding." },
    node_access: bool = { "node-access", Cluster, "Let the launcher list nodes", default "0", optional,
        sets [], DOC_RBAC,
        "A read-only ClusterRole on nodes, so the launcher can report every address of a session's node. Usually not needed." },
    gke_project: GcpId = { "gke-project", Cluster, "GKE project", default "", optional,
        sets [], DOC_GKE,
        "Google Cloud project of the cluster. Filled from a gke_PROJECT_LOCATION_CLUSTER context name when empty." },
    gke_location: GcpId = { "gke-location", Cluster, "GKE location", default "", optional,
        sets [], DOC_GKE,
        "Region or zone of the cluster, e.g. europe-west2. Filled from the context name when empty." },
    gke_cluster: GcpId = { "gke-cluster", Cluster, "GKE cluster", default "", optional,
        sets [], DOC_GKE,
        "The GKE cluster's own name, used by gcloud. Filled from the context name when empty." },
    skip_tls_verify: bool = { "skip-tls-verify", Cluster, "Skip TLS verification (unsafe)", default "0", optional,
        sets [("launcher.kubernetes.conf", "verify-ssl-certs")], DOC_K8S,
        "Only for a cluster without a CA certificate: writes verify-ssl-certs=0, so anyone on the path can impersonate the API server." },
    token_delivery: TokenDelivery = { "token-delivery", Cluster, "Token delivery", default "inline", required,
        sets [("launcher.kubernetes.conf", "auth-token / auth-token-path")], DOC_K8S,
        "Put the token in launcher.kubernetes.conf, or in its own file named by auth-token-path (Workbench only)." },

    target_release: Release = { "target-release", Server, "Target release", default "current", required,
        sets [("every file", "which keys and formats are written")], DOC_LAUNCHER,
        "Current Posit Workbench, or RStudio Server Pro 1.3 as in the seed guide." },
    vm_ip: IpAddr = { "vm-ip", Server, "Workbench VM internal IP", default "", required,
        sets [("rserver.conf", "launcher-sessions-callback-address"), ("launcher-mounts", "Host"), ("firewall rules", "destination")], DOC_CALLBACK,
        "The VM's internal address, reachable from the cluster's nodes and pods (not its external IP)." },
    www_port: Port = { "www-port", Server, "Workbench port", default "8787", required,
        sets [("rserver.conf", "www-port"), ("rserver.conf", "launcher-sessions-callback-address")], DOC_RSERVER,
        "The port rserver listens on; sessions call back to it." },
    callback_url: HttpUrl = { "callback-url", Server, "Callback URL", default "", optional,
        sets [("rserver.conf", "launcher-sessions-callback-address")], DOC_CALLBACK,
        "How session pods reach rserver. Empty: http://VM-IP:PORT, derived from the two fields above." },
    launcher_address: Host = { "launcher-address", Server, "Launcher address", default "localhost", required,
        sets [("launcher.conf", "[server] address"), ("rserver.conf", "launcher-address")], DOC_LAUNCHER,
        "Where the Job Launcher listens; localhost when it runs on the Workbench VM." },
    launcher_port: Port = { "launcher-port", Server, "Launcher port", default "5559", required,
        sets [("launcher.conf", "[server] port"), ("rserver.conf", "launcher-port")], DOC_LAUNCHER,
        "The Job Launcher's port." },
    admin_enabled: bool = { "admin-enabled", Server, "Admin dashboard", default "1", optional,
        sets [("rserver.conf", "admin-enabled")], DOC_ADMIN,
        "The administrative dashboard at /admin." },
    debug_logging: bool = { "debug-logging", Server, "Launcher debug logging", default "0", optional,
        sets [("launcher.conf", "enable-debug-logging"), ("launcher.kubernetes.conf", "enable-debug-logging")], DOC_LAUNCHER,
        "Verbose launcher logs while wiring things up; turn off in production." },
    project_sharing: bool = { "project-sharing", Server, "Project sharing", default "0", optional,
        sets [("rserver.conf", "server-project-sharing")], DOC_RSERVER,
        "Project sharing needs ACL-capable shared storage; Posit's container defaults turn it off." },

    nfs_cidr: ipnet::IpNet = { "nfs-client-cidr", Network, "Node subnet (NFS clients)", default "", required,
        sets [("/etc/exports", "client"), ("firewall rules", "source")], DOC_EXPORTS,
        "The cluster nodes' subnet (primary range): the kubelet mounts homes from the node. E.g. 10.154.0.0/20 for europe-west2." },
    pod_cidr: ipnet::IpNet = { "pod-cidr", Network, "Pod CIDR", default "", optional,
        sets [("firewall rules", "source")], DOC_FIREWALL,
        "The cluster's pod range: session callbacks come from pod IPs. `gcloud container clusters describe` shows it as clusterIpv4Cidr." },
    gcp_network: GcpId = { "gcp-network", Network, "VPC network", default "default", required,
        sets [("firewall rules", "--network")], DOC_FIREWALL,
        "The Google Cloud VPC network shared by the VM and the cluster." },
    home_root: AbsPath = { "home-root", Network, "Home directory root", default "/home", required,
        sets [("/etc/exports", "path"), ("launcher-mounts", "Path / MountPath")], DOC_K8S,
        "Where users' homes live on the VM; exported over NFS and mounted at the same path in sessions." },
    shared_storage: AbsPath = { "shared-storage-path", Network, "Shared storage path", default "/home/rsp-shared", required,
        sets [("rserver.conf", "server-shared-storage-path"), ("launcher-mounts", "Path / MountPath")], DOC_RSERVER,
        "Workbench's shared storage; mounted into sessions at the same path." },
    nfs_squash: Squash = { "nfs-squash", Network, "NFS root squashing", default "root_squash", required,
        sets [("/etc/exports", "options")], DOC_EXPORTS,
        "root_squash keeps root on a node from acting as root on every home directory." },
    users: Users = { "users", Network, "Users to create", default "", optional,
        sets [], DOC_RSERVER,
        "Local accounts to create on the VM (one per line, or separated by commas). The first one runs verify-installation." },

    session_image: Image = { "session-image", Sessions, "Session image", default "rstudio/r-session-complete:ubuntu2204-2026.07.1", required,
        sets [("rserver.conf", "launcher-sessions-container-image"), ("jupyter.conf", "default-session-container-image")], DOC_K8S,
        "The image sessions run in. Its Workbench version must equal the server's." },
    run_as_root: bool = { "run-as-root", Sessions, "Run sessions as root (unsafe)", default "0", optional,
        sets [("rserver.conf", "launcher-sessions-container-run-as-root")], DOC_RSERVER,
        "Runs user code as root inside the pod. Keep off." },
    create_container_user: bool = { "create-container-user", Sessions, "Create the user in the container", default "1", optional,
        sets [("rserver.conf", "launcher-sessions-create-container-user")], DOC_RSERVER,
        "Create the signed-in user inside the container with the VM's UID and GID, so NFS permissions match." },
    profiles: bool = { "profiles", Sessions, "Write a profiles file", default "0", optional,
        sets [("launcher.kubernetes.profiles.conf", "[*]")], DOC_K8S,
        "Also write launcher.kubernetes.profiles.conf, pinning the allowed session image for everyone." },
    jupyter_labs: bool = { "jupyter-labs", Sessions, "JupyterLab sessions", default "1", optional,
        sets [("jupyter.conf", "labs-enabled")], DOC_JUPYTER,
        "Offer JupyterLab sessions (the image must contain Jupyter)." },
    jupyter_notebooks: bool = { "jupyter-notebooks", Sessions, "Jupyter Notebook Classic sessions", default "0", optional,
        sets [("jupyter.conf", "notebooks-enabled")], DOC_JUPYTER,
        "Classic notebooks work only with Notebook 6.x in the image." },
    jupyter_exe: Command = { "jupyter-exe", Sessions, "Jupyter executable", default "", optional,
        sets [("jupyter.conf", "jupyter-exe")], DOC_JUPYTER,
        "Path of jupyter inside the image. Empty: Posit images set WORKBENCH_JUPYTER_PATH." },
    lab_version: Version = { "lab-version", Sessions, "JupyterLab version", default "", optional,
        sets [("jupyter.conf", "lab-version")], DOC_JUPYTER,
        "The JupyterLab version in the image (`jupyter lab --version` there). Needed because Jupyter is not installed on the VM." },
    cull_minutes: Minutes = { "session-cull-minutes", Sessions, "Jupyter cull minutes", default "0", required,
        sets [("jupyter.conf", "session-cull-minutes")], DOC_JUPYTER,
        "Idle kernels are culled after this many minutes; Posit recommends 0 (never), culling loses browser state." },
    vscode: bool = { "vscode", Sessions, "VS Code sessions", default "0", optional,
        sets [("vscode.conf", "enabled")], DOC_VSCODE,
        "Offer VS Code sessions; writes vscode.conf." },
}

fn field<T: FieldValue>(raw: &RawSettings, spec: &FieldSpec, out: &mut Vec<Diagnostic>) -> Option<T> {
    let text = raw.get(spec.key).map_or(spec.default, String::as_str).trim();
    if text.is_empty() {
        if spec.required {
            out.push(Diagnostic::error("setting.required", spec.key, format!("{} is required.", spec.label)));
        }
        return None;
    }
    T::parse(text).map_err(|why| out.push(Diagnostic::error("setting.invalid", spec.key, format!("{} must be {why}.", spec.label)))).ok()
}

pub fn spec(key: &str) -> Option<&'static FieldSpec> {
    FIELDS.iter().find(|f| f.key == key)
}

/// Every field at its default.
pub fn defaults() -> RawSettings {
    FIELDS.iter().map(|f| (f.key.to_string(), f.default.to_string())).collect()
}
