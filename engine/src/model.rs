//! The validated model the renderer reads: settings plus what the kubeconfig and token
//! contributed, with every derived value (callback URL, GKE names) resolved once.

use crate::intake::kubeconfig::Selection;
use crate::intake::token::Token;
use crate::secret::Secret;
use crate::settings::values::{Release, Squash};
use crate::settings::Settings;

#[derive(Clone, Debug)]
pub struct Model {
    pub s: Settings,
    pub api_url: Option<String>,
    pub ca: Option<String>,
    /// `verify-ssl-certs=0`: only with no CA and the explicit opt-in.
    pub skip_tls: bool,
    pub token: Option<Secret>,
    pub context: Option<String>,
    pub gke_project: Option<String>,
    pub gke_location: Option<String>,
    pub gke_cluster: Option<String>,
    pub callback: Option<String>,
}

impl Model {
    pub fn new(s: Settings, sel: Option<&Selection>, token: Option<&Token>) -> Model {
        let gke = sel.and_then(|x| x.gke.as_ref());
        let pick = |typed: Option<&str>, derived: Option<&String>| typed.map(str::to_string).or_else(|| derived.cloned());
        let callback = s.callback_url.as_ref().map(|u| u.text.clone()).or_else(|| {
            let ip = s.vm_ip?;
            let port = s.www_port?.0;
            Some(match ip {
                std::net::IpAddr::V6(v6) => format!("http://[{v6}]:{port}"),
                v4 => format!("http://{v4}:{port}"),
            })
        });
        let no_ca = sel.is_some_and(|x| x.no_ca);
        Model {
            api_url: sel.and_then(|x| x.api_url.clone()),
            ca: sel.and_then(|x| x.ca.as_ref()).map(|c| c.base64.clone()),
            skip_tls: no_ca && s.skip_tls_verify == Some(true),
            token: token.map(|t| t.jwt.clone()),
            context: sel.map(|x| x.context.clone()),
            gke_project: pick(s.gke_project.as_ref().map(|g| g.0.as_str()), gke.map(|g| &g.project)),
            gke_location: pick(s.gke_location.as_ref().map(|g| g.0.as_str()), gke.map(|g| &g.location)),
            gke_cluster: pick(s.gke_cluster.as_ref().map(|g| g.0.as_str()), gke.map(|g| &g.cluster)),
            callback,
            s,
        }
    }

    pub fn release(&self) -> Release {
        self.s.target_release.unwrap_or(Release::Current)
    }

    pub fn is_gke(&self) -> bool {
        self.gke_project.is_some() || self.gke_location.is_some() || self.gke_cluster.is_some()
    }

    pub fn flag(v: Option<bool>) -> bool {
        v == Some(true)
    }

    pub fn squash(&self) -> &'static str {
        match self.s.nfs_squash {
            Some(Squash::NoRootSquash) => "no_root_squash",
            _ => "root_squash",
        }
    }
}

/// A value for a file or command, or the placeholder `<key>` when it is missing.
pub fn or_placeholder<T: ToString>(v: Option<T>, key: &str) -> String {
    v.map_or_else(|| placeholder(key), |x| x.to_string())
}

pub fn placeholder(key: &str) -> String {
    format!("<{key}>")
}
