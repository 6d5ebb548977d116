//! Where each rendered file goes: absolute paths on the Workbench VM, and the manifests the
//! runbook applies (relative, as they sit in the archive). Declared once, read by the
//! renderers, the runbook and the settings table's `sets` column.

pub const LAUNCHER_CONF: &str = "/etc/rstudio/launcher.conf";
pub const KUBERNETES_CONF: &str = "/etc/rstudio/launcher.kubernetes.conf";
pub const TOKEN_FILE: &str = "/etc/rstudio/launcher.kubernetes.token";
pub const PROFILES_CONF: &str = "/etc/rstudio/launcher.kubernetes.profiles.conf";
pub const RSERVER_CONF: &str = "/etc/rstudio/rserver.conf";
pub const JUPYTER_CONF: &str = "/etc/rstudio/jupyter.conf";
pub const VSCODE_CONF: &str = "/etc/rstudio/vscode.conf";
pub const POSITRON_CONF: &str = "/etc/rstudio/positron.conf";
pub const MOUNTS: &str = "/etc/rstudio/launcher-mounts";
pub const EXPORTS: &str = "/etc/exports";

pub const RBAC: &str = "kubernetes/launcher-rbac.yaml";
pub const TOKEN_SECRET: &str = "kubernetes/launcher-token-secret.yaml";
pub const NFS_GUARD: &str = "kubernetes/nfs-guard.yaml";

/// A load-balanced cluster's files (issue 27): on every node.
pub const LOAD_BALANCER: &str = "/etc/rstudio/load-balancer";
pub const DATABASE_CONF: &str = "/etc/rstudio/database.conf";
pub const SECURE_COOKIE_KEY: &str = "/etc/rstudio/secure-cookie-key";

/// Where a node's database password may wait for the database step: root-only, on the node.
pub const PASSWORD_FILE: &str = "/root/.rsp-k8s-config/db-password";
