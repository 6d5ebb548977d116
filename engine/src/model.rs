//! The validated model: the settings plus what the kubeconfig and the token contributed,
//! with every derived value resolved once. Checks, facts and renderers read only this.

use crate::diagnostic::{Diagnostic, Severity, CONTEXT};
use crate::images::{self, SessionImage};
use crate::import::Imported;
use crate::intake::kubeconfig::{self, usable_name, Selection};
use crate::intake::token::Token;
use crate::secret::Secret;
use crate::settings::values::{
    AbsPath, Command, GcpId, GroupName, Host, Label, Minutes, Platform, Port, RbacMode, Release, Squash, TokenDelivery, Users, Version,
};
use crate::settings::{spec, Keyed, Settings, API_URL, AUTH_TOKEN, CERTIFICATE_AUTHORITY};

/// Where the cluster runs, resolved (chosen, or read from the kubeconfig: never `Auto`), with
/// the names its CLI needs (typed, or read from the kubeconfig; placeholders when unknown).
#[derive(Clone, Debug)]
pub enum Cloud {
    Gke { project: Keyed<String>, location: Keyed<String>, cluster: Keyed<String> },
    Eks { region: Keyed<String>, cluster: Keyed<String> },
    Aks { resource_group: Keyed<String>, cluster: Keyed<String> },
    Other,
}

impl Cloud {
    /// The platform choice that names it.
    pub fn platform(&self) -> Platform {
        match self {
            Cloud::Gke { .. } => Platform::Gke,
            Cloud::Eks { .. } => Platform::Eks,
            Cloud::Aks { .. } => Platform::Aks,
            Cloud::Other => Platform::Other,
        }
    }

    /// The names its CLI needs, in the order its commands take them.
    pub fn names(&self) -> Vec<&Keyed<String>> {
        match self {
            Cloud::Gke { project, location, cluster } => vec![project, location, cluster],
            Cloud::Eks { region, cluster } => vec![region, cluster],
            Cloud::Aks { resource_group, cluster } => vec![resource_group, cluster],
            Cloud::Other => Vec::new(),
        }
    }
}

#[derive(Clone, Debug)]
pub struct Model {
    /// The form as typed: private, so a renderer reads a value once resolved (the fields
    /// below) or, for a setting nothing resolves, through its accessor (`rendered_as_typed!`);
    /// the checks, which judge what was typed, read it through `Typed`.
    settings: Settings,
    /// The chosen context, resolved (absent without a usable kubeconfig).
    pub selection: Option<Selection>,
    pub token: Option<Token>,
    pub api_url: Keyed<String>,
    /// `certificate-authority`: base64 of the CA's PEM, from the kubeconfig or, when it has
    /// none, the form's Cluster CA.
    pub ca: Keyed<String>,
    /// The cluster names no CA and none was given: the launcher trusts the VM's store.
    pub system_trust: bool,
    pub auth_token: Keyed<Secret>,
    /// The context's name, when a command can carry it.
    pub context: Keyed<String>,
    /// `verify-ssl-certs=0`: only with no CA and the explicit opt-in.
    pub skip_tls_verify: bool,
    pub cloud: Cloud,
    /// The cloud names read from the kubeconfig for fields left empty (every platform's, so a
    /// platform chosen by hand still shows them): (the field's key, the value).
    pub detected: Vec<(&'static str, String)>,
    /// How session pods reach rserver: typed, or `http://VM-IP:PORT`.
    pub callback: Keyed<String>,
    pub release: Release,
    /// The image sessions run in: typed, or the one that matches the release.
    pub session_image: Keyed<String>,
    /// What that image holds (whether it needs the init container).
    pub session_kind: Option<SessionImage>,
    /// The token goes into its own file (`auth-token-path`), not inline.
    pub token_file: bool,
    /// Kubernetes names as the manifests and commands write them (placeholders if missing).
    pub namespace: String,
    pub service_account: String,
    pub token_secret: String,
    /// What the VM exports over NFS: the home root, and the shared storage outside it.
    pub export_roots: Vec<String>,
    /// Seconds since the Unix epoch, for checks of validity periods.
    pub now: i64,
    /// The server's current files, which the rendered ones are merged into.
    pub imported: Imported,
    /// A load-balanced cluster of nodes (issue 27), or `None` for one server.
    pub cluster: Option<crate::cluster::Cluster>,
    /// The NFS server sessions mount from: the Workbench VM, or a cluster's NFS server.
    pub nfs_host: String,
}

/// What was typed, for the checks (which judge it) and the hazards: the renderers never import
/// it (`tests/layers.rs`), so a value with a resolved route (the session image, the namespace,
/// the callback, the cloud's names, …) has only that one.
pub(crate) trait Typed {
    fn typed(&self) -> &Settings;
}

impl Typed for Model {
    fn typed(&self) -> &Settings {
        &self.settings
    }
}

/// The settings that the model resolves nothing from, which the renderers write as typed.
macro_rules! rendered_as_typed {
    ($($field:ident: $ty:ty),+ $(,)?) => {
        impl Model {
            $(pub fn $field(&self) -> &Keyed<$ty> {
                &self.settings.$field
            })+
        }
    };
}

rendered_as_typed! {
    launcher_address: Host, launcher_port: Port, www_port: Port, vm_ip: std::net::IpAddr, https: bool,
    ssl_certificate: AbsPath, ssl_certificate_key: AbsPath, admin_enabled: bool, admin_group: GroupName,
    debug_logging: bool, project_sharing: bool, cluster_name: Label, rbac_mode: RbacMode, node_access: bool,
    nfs_cidr: ipnet::IpNet, pod_cidr: ipnet::IpNet, user_cidr: ipnet::IpNet, gcp_network: GcpId,
    home_root: AbsPath, shared_storage: AbsPath, nfs_squash: Squash, users: Users,
    run_as_root: bool, create_container_user: bool, profiles: bool, jupyter_labs: bool, jupyter_notebooks: bool,
    jupyter_exe: Command, lab_version: Version, cull_minutes: Minutes, vscode: bool, positron: bool,
}

impl Model {
    pub fn new(settings: Settings, selection: Option<Selection>, token: Option<Token>, now: i64, imported: Imported) -> Model {
        let s = &settings;
        let cloud = selection.as_ref().and_then(|x| x.cloud.as_ref());
        let (mut gke, mut eks, mut aks) = (None, None, None);
        match cloud {
            Some(kubeconfig::Cloud::Gke { project, location, cluster }) => gke = Some((project, location, cluster)),
            Some(kubeconfig::Cloud::Eks { region, cluster }) => eks = Some((region.as_ref(), cluster.as_ref())),
            Some(kubeconfig::Cloud::Aks { resource_group, cluster }) => aks = Some((resource_group.as_ref(), cluster)),
            None => {}
        }
        // Typed wins; an invalid typed value stays a placeholder, never silently derived.
        let gke =
            [s.gke_project.or_found(gke.map(|g| g.0)), s.gke_location.or_found(gke.map(|g| g.1)), s.gke_cluster.or_found(gke.map(|g| g.2))];
        let eks = [s.eks_cluster.or_found(eks.and_then(|e| e.1)), s.eks_region.or_found(eks.and_then(|e| e.0))];
        let aks = [s.aks_resource_group.or_found(aks.and_then(|a| a.0)), s.aks_cluster.or_found(aks.map(|a| a.1))];
        let typed = [
            s.gke_project.is_empty(),
            s.gke_location.is_empty(),
            s.gke_cluster.is_empty(),
            s.eks_cluster.is_empty(),
            s.eks_region.is_empty(),
            s.aks_resource_group.is_empty(),
            s.aks_cluster.is_empty(),
        ];
        let detected = gke
            .iter()
            .chain(&eks)
            .chain(&aks)
            .zip(typed)
            .filter(|(_, empty)| *empty)
            .filter_map(|(found, _)| Some((found.key, found.get()?.clone())))
            .collect();
        let platform = match s.platform.choice() {
            Platform::Auto => cloud.map_or(Platform::Other, |c| match c {
                kubeconfig::Cloud::Gke { .. } => Platform::Gke,
                kubeconfig::Cloud::Eks { .. } => Platform::Eks,
                kubeconfig::Cloud::Aks { .. } => Platform::Aks,
            }),
            chosen => chosen,
        };
        let [project, location, cluster] = gke;
        let cloud = match (platform, eks, aks) {
            (Platform::Gke, _, _) => Cloud::Gke { project, location, cluster },
            (Platform::Eks, [cluster, region], _) => Cloud::Eks { region, cluster },
            (Platform::Aks, _, [resource_group, cluster]) => Cloud::Aks { resource_group, cluster },
            (Platform::Auto | Platform::Other, _, _) => Cloud::Other,
        };
        // HTTPS chosen in the form, or an imported rserver.conf that serves it (ssl-enabled=1):
        // sessions are called back over it.
        let scheme = if s.https.on() || imported.https { "https" } else { "http" };
        let cluster = crate::cluster::Cluster::new(s);
        let lb = cluster.as_ref().and_then(|c| c.lb.clone());
        let callback = match (s.callback_url.get(), s.callback_url.is_empty(), s.vm_ip.get(), s.www_port.get()) {
            (Some(url), _, _, _) => Some(url.text.clone()),
            // A cluster behind a load balancer: sessions call back through it, to any node.
            (None, true, _, Some(port)) if lb.is_some() => lb.map(|lb| format!("{scheme}://{lb}:{port}")),
            (None, true, Some(std::net::IpAddr::V6(ip)), Some(port)) => Some(format!("{scheme}://[{ip}]:{port}")),
            (None, true, Some(ip), Some(port)) => Some(format!("{scheme}://{ip}:{port}")),
            _ => None,
        };
        let release = s.target_release.choice();
        let session_image = s.session_image.or_found(images::matching(release).as_ref());
        let namespace = s.namespace.text();
        let service_account = s.service_account.text();
        let mut export_roots = vec![s.home_root.text()];
        match (s.shared_storage.get(), s.home_root.get()) {
            (Some(shared), Some(home)) if !shared.is_within(home) => export_roots.push(shared.to_string()),
            _ => {}
        }
        let nfs_host = cluster.as_ref().map_or_else(|| s.vm_ip.text(), |c| c.nfs_host.clone());
        let no_ca = selection.as_ref().is_some_and(|x| x.no_ca);
        let ca = match &selection {
            Some(_) if no_ca => Keyed::found(s.cluster_ca.key, s.cluster_ca.get().map(|c| c.0.base64.clone())),
            sel => Keyed::found(CERTIFICATE_AUTHORITY, sel.as_ref().and_then(|x| x.ca.as_ref()).map(|c| c.base64.clone())),
        };
        let skip_tls_verify = no_ca && s.cluster_ca.is_empty() && s.skip_tls_verify.on();
        Model {
            api_url: Keyed::found(API_URL, selection.as_ref().and_then(|x| x.api_url.clone())),
            system_trust: no_ca && s.cluster_ca.is_empty() && !skip_tls_verify,
            ca,
            auth_token: Keyed::found(AUTH_TOKEN, token.as_ref().filter(|t| t.usable).map(|t| t.jwt.clone())),
            context: Keyed::found(CONTEXT, selection.as_ref().map(|x| x.context.clone()).filter(|c| usable_name(c))),
            skip_tls_verify,
            cloud,
            detected,
            callback: Keyed::found(s.callback_url.key, callback),
            token_file: s.token_delivery.choice() == TokenDelivery::File && release.is_workbench(),
            session_kind: session_image.get().map(|i| images::classify(i)),
            session_image,
            token_secret: format!("{service_account}-token"),
            release,
            namespace,
            service_account,
            export_roots,
            selection,
            token,
            settings,
            now,
            imported,
            nfs_host,
            cluster,
        }
    }

    /// The model again, with every setting that a check found in error made a placeholder.
    pub fn without_errors(self, found: &[Diagnostic]) -> Model {
        let errors: Vec<&str> = found.iter().filter(|d| d.severity == Severity::Error).map(|d| d.field).collect();
        if !errors.iter().any(|f| spec(f).is_some()) {
            return self;
        }
        let mut settings = self.settings;
        for field in errors {
            settings.invalidate(field);
        }
        Model::new(settings, self.selection, self.token, self.now, self.imported)
    }

    /// What every checkbox and list holds as rendered: the settings' values (a choice's default
    /// when its text is invalid), except that TLS checks are skipped only as `skip_tls_verify` says.
    pub fn effective(&self) -> Vec<(&'static str, String)> {
        let mut out = self.settings.effective();
        for (key, value) in out.iter_mut() {
            if *key == self.settings.skip_tls_verify.key {
                *value = if self.skip_tls_verify { "1" } else { "0" }.into();
            }
        }
        out
    }

    /// The cluster new sessions start on, as `key` of `path` says it: the page's cluster, or,
    /// when the form keeps theirs, the imported file's own default (if it is a valid name).
    pub fn default_cluster(&self, path: &str, key: &str) -> String {
        use crate::settings::values::DefaultCluster;
        let theirs = || {
            let text = self.imported.get(path)?;
            crate::lines::lines(path, text)
                .iter()
                .find(|l| l.key == Some(key))
                .and_then(|l| l.value)
                .filter(|v| crate::settings::valid(self.settings.cluster_name.key, v))
                .map(str::to_string)
        };
        match self.settings.default_cluster.choice() {
            DefaultCluster::Theirs => theirs().unwrap_or_else(|| self.settings.cluster_name.text()),
            DefaultCluster::Page => self.settings.cluster_name.text(),
        }
    }

    /// A setting's value as the form shows it (`Settings::shown`), for the guide's table.
    pub fn shown(&self, key: &str) -> Option<String> {
        self.settings.shown(key)
    }

    /// The API is reached through Rancher's proxy (`https://RANCHER/k8s/clusters/c-…`).
    pub fn rancher_proxy(&self) -> bool {
        self.api_url.get().is_some_and(|u| u.contains("/k8s/clusters/"))
    }

    pub fn is_gke(&self) -> bool {
        matches!(self.cloud, Cloud::Gke { .. })
    }

    /// Placeholder keys of every value that is missing or invalid.
    pub fn missing(&self) -> Vec<&'static str> {
        let mut keys = self.settings.missing();
        let ca = (!self.system_trust && !self.skip_tls_verify).then_some(&self.ca);
        for found in ca.into_iter().chain([&self.api_url, &self.context, &self.callback, &self.session_image]).chain(self.cloud.names()) {
            if found.get().is_none() && !keys.contains(&found.key) {
                keys.push(found.key);
            }
        }
        if self.auth_token.get().is_none() {
            keys.push(AUTH_TOKEN);
        }
        keys
    }
}
