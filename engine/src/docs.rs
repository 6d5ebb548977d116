//! Documentation pages the form, the explanations and the guide link to, declared once.

pub const LAUNCHER: &str = "https://docs.posit.co/ide/server-pro/job_launcher/configuration.html";
pub const K8S: &str = "https://docs.posit.co/ide/server-pro/job_launcher/kubernetes_plugin.html";
pub const RSERVER: &str = "https://docs.posit.co/ide/server-pro/reference/rserver_conf.html";
pub const CALLBACK: &str =
    "https://docs.posit.co/troubleshooting/articles/validating-the-launcher-sessions-callback-address-in-posit-workbench.html";
pub const JUPYTER: &str = "https://docs.posit.co/ide/server-pro/jupyter_sessions/configuration.html";
pub const POSITRON: &str = "https://docs.posit.co/ide/server-pro/positron_sessions/configuration.html";
pub const SSL: &str = "https://docs.posit.co/ide/server-pro/access_and_security/secure_sockets.html";
pub const VSCODE: &str = "https://docs.posit.co/ide/server-pro/vscode_sessions/configuration.html";
pub const RBAC: &str = "https://github.com/rstudio/helm/tree/main/charts/rstudio-launcher-rbac";
pub const GKE: &str = "https://cloud.google.com/kubernetes-engine/docs/how-to/cluster-access-for-kubectl";
pub const PLATFORMS: &str = "https://kubernetes.io/docs/reference/networking/ports-and-protocols/";
pub const EKS: &str = "https://docs.aws.amazon.com/eks/latest/userguide/create-kubeconfig.html";
pub const AKS: &str = "https://learn.microsoft.com/en-us/azure/aks/control-kubeconfig-access";
pub const FIREWALL: &str = "https://cloud.google.com/kubernetes-engine/docs/concepts/firewall-rules";
pub const EXPORTS: &str = "https://man7.org/linux/man-pages/man5/exports.5.html";
pub const ADMIN: &str = "https://docs.posit.co/ide/server-pro/server_management/administrative_dashboard.html";
pub const MOUNTS: &str = "https://docs.posit.co/ide/server-pro/job_launcher/kubernetes_plugin.html#launcher-mounts";
pub const K8S_RBAC: &str = "https://kubernetes.io/docs/reference/access-authn-authz/rbac/";
pub const K8S_TOKEN: &str = "https://kubernetes.io/docs/concepts/configuration/secret/#serviceaccount-token-secrets";
pub const K8S_NAMESPACE: &str = "https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/";
pub const VERIFY: &str = "https://docs.posit.co/ide/server-pro/job_launcher/kubernetes_plugin.html#verify-installation";
pub const NFS_SERVER: &str = "https://help.ubuntu.com/community/SettingUpNFSHowTo";
pub const LOGGING: &str = "https://docs.posit.co/ide/server-pro/server_management/logging.html";
pub const PROFILES: &str = "https://docs.posit.co/ide/server-pro/job_launcher/kubernetes_plugin.html#kubernetes-profiles";
pub const INSTALL: &str = "https://docs.posit.co/ide/server-pro/getting_started/installation/installation.html";
pub const ADMISSION_POLICY: &str = "https://kubernetes.io/docs/reference/access-authn-authz/validating-admission-policy/";
pub const LOAD_BALANCING: &str = "https://docs.posit.co/ide/server-pro/load_balancing/configuration.html";
pub const BALANCING_METHODS: &str = "https://docs.posit.co/ide/server-pro/load_balancing/balancing_methods.html";
pub const LB_ACCESS: &str = "https://docs.posit.co/ide/server-pro/load_balancing/access_and_availability.html";
pub const DATABASE: &str = "https://docs.posit.co/ide/server-pro/database/configuration.html";
pub const MULTI_SERVER: &str = "https://docs.posit.co/ide/server-pro/getting_started/installation/multi_server_installation.html";
