//! The runbook's steps, declared once: each one's name (its `#step-…` anchor, what a field's
//! `sets` names), when and where it runs (its phase), and the page that documents it. The
//! renderers write their commands; the settings table and the cluster's placement name them by
//! this enum, never by a string.

use crate::docs;

/// When and where a step runs: the order of work.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    /// On the workstation, before the token exists in the page.
    Workstation,
    /// On the VM, once the token is pasted (the files hold it).
    Vm,
    /// Only when something fails.
    Troubleshoot,
}

impl Phase {
    pub fn title(self) -> &'static str {
        match self {
            Phase::Workstation => "On your workstation: prepare the cluster and create the token",
            Phase::Vm => "Then paste the token into this page, and on the Workbench VM as root: NFS, users, files, restart",
            Phase::Troubleshoot => "When something fails",
        }
    }
}

macro_rules! steps {
    ($($id:ident = $name:literal, $phase:ident, $doc:expr;)+) => {
        /// A step of the runbook (a cluster's own are `Cluster…`).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum StepId { $($id,)+ }

        impl StepId {
            /// Its name: the page's `#step-…` anchor, the script's section, a field's `sets`.
            pub const fn name(self) -> &'static str {
                match self { $(StepId::$id => $name,)+ }
            }

            pub fn phase(self) -> Phase {
                match self { $(StepId::$id => Phase::$phase,)+ }
            }

            /// The page that documents what it does.
            pub fn doc(self) -> &'static str {
                match self { $(StepId::$id => $doc,)+ }
            }
        }
    };
}

steps! {
    PreflightWorkstation = "preflight-workstation", Workstation, docs::K8S;
    Credentials = "credentials", Workstation, docs::PLATFORMS;
    Namespace = "namespace", Workstation, docs::K8S_NAMESPACE;
    ServiceAccount = "service-account", Workstation, docs::K8S;
    Rbac = "rbac", Workstation, docs::RBAC;
    Token = "token", Workstation, docs::K8S_TOKEN;
    NfsGuard = "nfs-guard", Workstation, docs::ADMISSION_POLICY;
    CheckApi = "check-api", Workstation, docs::K8S;
    Firewall = "firewall", Workstation, docs::FIREWALL;
    PreflightVm = "preflight-vm", Vm, docs::INSTALL;
    ClusterPreflight = "cluster-preflight", Vm, docs::MULTI_SERVER;
    NfsServer = "nfs-server", Vm, docs::NFS_SERVER;
    SharedStorage = "shared-storage", Vm, docs::RSERVER;
    Users = "users", Vm, docs::RSERVER;
    ClusterCookieKey = "cluster-cookie-key", Vm, docs::LOAD_BALANCING;
    ClusterMounts = "cluster-mounts", Vm, docs::LOAD_BALANCING;
    ClusterUsers = "cluster-users", Vm, docs::LOAD_BALANCING;
    TokenFile = "token-file", Vm, docs::K8S;
    CheckApiVm = "check-api-vm", Vm, docs::K8S;
    WriteFiles = "write-files", Vm, docs::LAUNCHER;
    ClusterDatabase = "cluster-database", Vm, docs::DATABASE;
    ClusterNodeFiles = "cluster-node-files", Vm, docs::LOAD_BALANCING;
    ClusterFirewall = "cluster-firewall", Vm, docs::LOAD_BALANCING;
    NfsExport = "nfs-export", Vm, docs::EXPORTS;
    Restart = "restart", Vm, docs::LAUNCHER;
    Verify = "verify", Vm, docs::VERIFY;
    ClusterJoin = "cluster-join", Vm, docs::LOAD_BALANCING;
    Troubleshoot = "troubleshoot", Troubleshoot, docs::LOGGING;
    Undo = "undo", Troubleshoot, docs::LAUNCHER;
}

/// The tests and the page compare a step with its name.
impl PartialEq<&str> for StepId {
    fn eq(&self, name: &&str) -> bool {
        self.name() == *name
    }
}

impl std::fmt::Display for StepId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}
