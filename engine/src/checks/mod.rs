//! Checks that span fields: each value can be valid alone and still be wrong together.

mod cluster;
mod imported;

use crate::diagnostic::{shown, Diagnostic, TOKEN};
use crate::images::{self, SessionImage, INIT_CONTAINER};
use crate::model::Model;
use crate::model::Typed;
use crate::settings::spec;
use crate::settings::values::{AbsPath, Known, RbacMode, Squash, TokenDelivery, NEWEST};
use std::net::IpAddr;

pub fn run(m: &Model) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    platform_names(m, &mut out);
    token_matches_settings(m, &mut out);
    addresses(m, &mut out);
    paths(m, &mut out);
    namespace(m, &mut out);
    security_opt_ins(m, &mut out);
    sessions(m, &mut out);
    imported::run(m, &mut out);
    cluster::run(m, &mut out);
    if m.rancher_proxy() {
        out.push(Diagnostic::info(
            "api-url.rancher-proxy",
            crate::settings::API_URL,
            "the API is reached through Rancher's proxy: a service account's token is accepted there only with Rancher 2.9 or later and its JWT authentication turned on (the runbook's API check proves it). The proxy's certificate is Rancher's, so the CA is the one in Rancher's kubeconfig, not the cluster's kube-root-ca.crt.",
        ));
    }
    if let (Some(sel), Some(ns)) = (&m.selection, m.typed().namespace.get()) {
        if let Some(ctx_ns) = sel.namespace.as_ref().filter(|n| **n != ns.0) {
            out.push(Diagnostic::info(
                "context.namespace-differs",
                m.typed().namespace.key,
                format!("the kubeconfig context uses namespace \"{}\"; sessions will run in \"{ns}\" as set here.", shown(ctx_ns)),
            ));
        }
    }
    out
}

/// The names the platform's CLI needs are required there, and only there.
fn platform_names(m: &Model, out: &mut Vec<Diagnostic>) {
    let network = m.is_gke().then_some(&m.typed().gcp_network);
    let missing = m.cloud.names().into_iter().filter(|k| k.get().is_none() && k.is_empty()).map(|k| k.key);
    for key in missing.chain(network.filter(|n| n.get().is_none() && n.is_empty()).map(|n| n.key)) {
        let label = spec(key).map_or(key, |f| f.label);
        out.push(Diagnostic::error(
            "setting.required",
            key,
            format!("{label} is required for {}: the kubeconfig does not name it.", m.cloud.platform().label()),
        ));
    }
}

fn token_matches_settings(m: &Model, out: &mut Vec<Diagnostic>) {
    let Some(t) = &m.token else { return };
    if let (Some(tn), Some(ns)) = (&t.claims.namespace, m.typed().namespace.get()) {
        if *tn != ns.0 {
            out.push(Diagnostic::warning(
                "token.namespace-mismatch",
                TOKEN,
                format!("this token belongs to an account in namespace \"{}\", but sessions run in \"{ns}\". That works only if that account may manage pods in \"{ns}\": the runbook's RBAC grants \"{ns}/{}\" only. Use that account's token, or change the namespace.", shown(tn), m.service_account),
            ).also(m.typed().namespace.key));
        }
    }
    if let (Some(tsa), Some(sa)) = (&t.claims.service_account, m.typed().service_account.get()) {
        if *tsa != sa.0 {
            out.push(
                Diagnostic::warning(
                    "token.service-account-mismatch",
                    TOKEN,
                    format!(
                        "this token belongs to service account \"{}\", not \"{}\" which the runbook creates and grants permissions to.",
                        shown(tsa),
                        sa.0
                    ),
                )
                .also(m.typed().service_account.key),
            );
        }
    }
}

fn is_private(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => v4.is_private() || v4.is_link_local() || (v4.octets()[0] == 100 && (64..128).contains(&v4.octets()[1])),
        IpAddr::V6(v6) => (v6.segments()[0] & 0xfe00) == 0xfc00,
    }
}

fn addresses(m: &Model, out: &mut Vec<Diagnostic>) {
    let s = m.typed();
    if let Some(&ip) = s.vm_ip.get() {
        if ip.is_loopback() || ip.is_unspecified() {
            out.push(Diagnostic::error(
                "vm-ip.loopback",
                s.vm_ip.key,
                format!("{ip} is this machine itself; session pods need the VM's internal address, e.g. from `hostname -I`."),
            ));
        } else if !is_private(ip) {
            out.push(Diagnostic::warning(
                "vm-ip.public",
                s.vm_ip.key,
                format!("{ip} is a public address. Pods and nodes should reach the VM by its internal (VPC) address; traffic to a public IP leaves the VPC and needs more firewall openings."),
            ));
        }
        let routable = !(ip.is_loopback() || ip.is_unspecified());
        if let Some(nodes) = s.nfs_cidr.get().filter(|n| routable && m.is_gke() && !n.contains(&ip)) {
            out.push(Diagnostic::info(
                "vm-ip.outside-node-subnet",
                s.vm_ip.key,
                format!("{ip} is outside the node subnet {}: fine if both are in one VPC, but check that routes and the firewall rules below connect them.", nodes.trunc()),
            ));
        }
        // Only where pods have their own range (not the node subnets, as with the EKS VPC CNI).
        let own_range = |p: &ipnet::IpNet| s.nfs_cidr.get().is_none_or(|n| !(p.contains(n) || n.contains(p)));
        if let Some(pods) = s.pod_cidr.get().filter(|p| p.contains(&ip) && own_range(p)) {
            out.push(Diagnostic::error(
                "vm-ip.in-pod-cidr",
                s.vm_ip.key,
                format!("{ip} lies in the pod range {pods}; a VM cannot have a pod address. Check both values."),
            ));
        }
    }
    if let Some(cb) = s.callback_url.get() {
        let host = cb.host.parse::<IpAddr>().ok();
        if cb.host.eq_ignore_ascii_case("localhost") || host.is_some_and(|h| h.is_loopback() || h.is_unspecified()) {
            out.push(Diagnostic::error(
                "callback.loopback",
                s.callback_url.key,
                "the callback address points at loopback: inside a session pod that is the pod itself. Use the VM's internal IP (or leave the field empty to derive it).",
            ));
        }
    }
    if let Some(&net) = s.nfs_cidr.get() {
        if net.trunc() != net {
            out.push(Diagnostic::warning(
                "nfs-client-cidr.host-bits",
                s.nfs_cidr.key,
                format!("{net} has host bits set; the network is {}, which is what the files use.", net.trunc()),
            ));
        }
        out.push(Diagnostic::info(
            "nfs-client-cidr.trust-boundary",
            s.nfs_cidr.key,
            format!("NFS (sec=sys) believes the uid each client claims: anyone who can create a pod on a node in {}, in any namespace and without privileges, can read and write every home as its owner. The runbook's nfs-guard step lets only the session namespace mount the VM (Kubernetes 1.30 and later); Kerberos (sec=krb5p) closes it fully. See SECURITY.md.", net.trunc()),
        ));
        if let Some(why) = too_wide(&net) {
            out.push(Diagnostic::error(
                "nfs-client-cidr.too-broad",
                s.nfs_cidr.key,
                format!("{} {why}: every machine in it could mount every home directory over NFS and act as any user but root. Use the cluster nodes' subnet (a VPC subnet is usually a /16 to /24).", net.trunc()),
            ));
        }
        // GCP auto-mode VPCs give each region a /20 inside 10.128.0.0/9 (the seed exported a /24).
        let auto_mode: ipnet::IpNet = "10.128.0.0/9".parse().expect("valid literal");
        if m.is_gke() && auto_mode.contains(&net) && net.prefix_len() > 20 {
            out.push(Diagnostic::warning(
                "nfs-client-cidr.narrower-than-subnet",
                s.nfs_cidr.key,
                format!("{} is narrower than a GCP auto-mode subnet (a /20 per region): nodes outside it cannot mount homes. Use the node subnet's primary range, e.g. {}.", net.trunc(), ipnet::IpNet::new(net.addr(), 20).map(|n| n.trunc().to_string()).unwrap_or_default()),
            ));
        }
        // On GKE they are separate ranges; with the EKS VPC CNI pods share the node subnets.
        if let Some(pods) = s.pod_cidr.get().filter(|p| m.is_gke() && (p.contains(&net) || net.contains(*p))) {
            out.push(Diagnostic::warning(
                "pod-cidr.overlaps-nodes",
                s.pod_cidr.key,
                format!("the pod range {pods} overlaps the node subnet {}; on GKE they are separate ranges. Check both.", net.trunc()),
            ));
        }
    }
    if let Some(pods) = s.pod_cidr.get() {
        if let Some(why) = too_wide(pods) {
            out.push(Diagnostic::error(
                "pod-cidr.too-broad",
                s.pod_cidr.key,
                format!("{} {why}: the callback rule would let all of it reach Workbench's port. Use the cluster's pod range (at most a /8; GKE's default is a /14).", pods.trunc()),
            ));
        }
    }
    if let Some(users) = s.user_cidr.get().filter(|u| u.prefix_len() == 0) {
        out.push(Diagnostic::error(
            "user-cidr.everyone",
            s.user_cidr.key,
            format!("{} is every address there is: the firewall rule would open Workbench's sign-in page to the whole internet. Use your office or VPN range, or leave the field empty and let a load balancer with TLS in.", users.trunc()),
        ));
    }
    if let Some(users) = s.user_cidr.get() {
        let public = |ip: IpAddr| !is_private(ip) && !ip.is_loopback();
        if !s.https.on() && (public(users.network()) || public(users.broadcast()) || users.prefix_len() == 0) {
            out.push(Diagnostic::warning(
                "user-cidr.public",
                s.user_cidr.key,
                format!("{} reaches the public internet, and Workbench here serves plain HTTP: passwords and sessions would cross it in clear text. Turn on HTTPS (Workbench's own ssl-enabled) or put Workbench behind a TLS load balancer, or use your office or VPN range.", users.trunc()),
            ));
        }
    }
    if s.pod_cidr.get().is_none() && m.is_gke() {
        out.push(Diagnostic::warning(
            "pod-cidr.missing",
            s.pod_cidr.key,
            "the pod range is needed for the callback firewall rule: run `gcloud container clusters describe CLUSTER --location LOCATION --format='value(clusterIpv4Cidr)'`.",
        ));
    }
}

/// Why a range is wider than any cluster's own network (a firewall or an export from it would
/// open the VM to strangers): `/0`, or wider than a /8 (IPv4) or a /32 (IPv6).
fn too_wide(net: &ipnet::IpNet) -> Option<&'static str> {
    let v6 = net.max_prefix_len() == 128;
    match net.prefix_len() {
        0 => Some("is every address there is"),
        p if (!v6 && p < 8) || (v6 && p < 32) => Some("is wider than any cluster's own network (more than a /8, or a /32 for IPv6)"),
        _ => None,
    }
}

/// The cluster's own namespaces are never the sessions': `default` is where everything lands
/// unasked, and `kube-*` hold the control plane (kube-system may run privileged pods).
fn namespace(m: &Model, out: &mut Vec<Diagnostic>) {
    let key = m.typed().namespace.key;
    if let Some(ns) = m.typed().namespace.get().filter(|n| n.0 == "default" || n.0.starts_with("kube-")) {
        out.push(Diagnostic::error(
            "namespace.system",
            key,
            format!("\"{ns}\" is one of the cluster's own namespaces: sessions there would share it with other workloads (or the control plane), and the runbook would relabel it and bind the launcher in it. Use a namespace of its own, such as \"rstudio\"."),
        ));
    }
}

/// Directories of the system that the home root and the shared storage may never be, nor hold
/// (a parent of one would be exported, re-owned or mounted with it).
const SYSTEM_DIRS: &[&str] = &[
    "/bin",
    "/boot",
    "/dev",
    "/etc",
    "/lib",
    "/lib32",
    "/lib64",
    "/libx32",
    "/media",
    "/mnt",
    "/opt",
    "/proc",
    "/root",
    "/run",
    "/sbin",
    "/snap",
    "/srv",
    "/sys",
    "/tmp",
    "/usr",
    "/var",
    "/var/lib",
    "/var/tmp",
    "/var/log",
    "/var/cache",
    "/var/spool",
    "/var/backups",
    "/var/mail",
    "/var/lib/nfs",
    "/var/lib/rstudio-server",
    "/var/lib/rstudio-launcher",
    "/var/lib/rsp-k8s-config",
];
/// Trees nothing of Workbench's may live in: the system's own, world-writable places (anyone can
/// create a directory there first), and Workbench's and this page's state (secrets).
const SYSTEM_TREES: &[&str] = &[
    "/bin",
    "/boot",
    "/dev",
    "/etc",
    "/lib",
    "/lib32",
    "/lib64",
    "/libx32",
    "/proc",
    "/root",
    "/run",
    "/sbin",
    "/snap",
    "/sys",
    "/tmp",
    "/usr",
    "/var/tmp",
    "/var/log",
    "/var/cache",
    "/var/spool",
    "/var/run",
    "/var/lock",
    "/var/lib/nfs",
    "/var/lib/rstudio-server",
    "/var/lib/rstudio-launcher",
    "/var/lib/rsp-k8s-config",
];

/// Why `path` may not hold homes or shared storage, if it may not.
fn system_path(path: &AbsPath) -> Option<String> {
    let within = |base: &str| path.0 == base || path.0.strip_prefix(base).is_some_and(|rest| rest.starts_with('/'));
    if let Some(dir) = SYSTEM_TREES.iter().find(|t| within(t)) {
        return Some(format!("{path} is in {dir}, a directory of the system"));
    }
    if let Some(dir) =
        SYSTEM_DIRS.iter().find(|d| d.strip_prefix(path.0.as_str()).is_some_and(|rest| rest.is_empty() || rest.starts_with('/')))
    {
        return Some(match *dir == path.0 {
            true => format!("{path} is a directory of the system"),
            false => format!("{path} holds {dir}, a directory of the system"),
        });
    }
    None
}

/// The home root and the shared storage are exported read-write and created by the runbook: never
/// a directory of the system, nor one inside the other.
fn paths(m: &Model, out: &mut Vec<Diagnostic>) {
    let s = m.typed();
    let what = "it is exported over NFS read-write to every node and mounted into sessions";
    for k in [&s.home_root, &s.shared_storage] {
        if let Some(why) = k.get().and_then(system_path) {
            let label = spec(k.key).map_or(k.key, |f| f.label);
            out.push(Diagnostic::error(
                "path.system",
                k.key,
                format!(
                    "{why}, and {what}. Choose a directory of its own for the {}, such as {}.",
                    label.to_lowercase(),
                    spec(k.key).map_or("", |f| f.example)
                ),
            ));
        }
    }
    if let (Some(home), Some(shared)) = (s.home_root.get(), s.shared_storage.get()) {
        let relation = if shared == home {
            Some("is the home root")
        } else if shared.is_within(home) {
            Some("is inside the home root, where a user of that name would own it and every session would see it with the homes")
        } else if home.is_within(shared) {
            Some("holds the home root, so every session would mount every home")
        } else if shared.0 == "/home" {
            Some("holds the VM's own homes")
        } else {
            None
        };
        if let Some(relation) = relation {
            out.push(Diagnostic::error(
                "shared-storage-path.overlaps-homes",
                s.shared_storage.key,
                format!("the shared storage {shared} {relation}. Give it a directory of its own outside {home}, such as /srv/rsp-shared."),
            ));
        }
    }
}

fn security_opt_ins(m: &Model, out: &mut Vec<Diagnostic>) {
    let s = m.typed();
    if let Some(ca) = s.cluster_ca.get() {
        if m.selection.as_ref().is_some_and(|x| x.ca.is_some()) {
            out.push(Diagnostic::info(
                "cluster-ca.ignored",
                s.cluster_ca.key,
                "the kubeconfig has its own CA, which is used; this one is ignored.",
            ));
        } else {
            ca.0.clone().dated(m.now, s.cluster_ca.key, out);
        }
    }
    if m.skip_tls_verify {
        out.push(Diagnostic::warning(
            "skip-tls-verify.on",
            s.skip_tls_verify.key,
            "TLS verification is OFF (verify-ssl-certs=0): anyone between the VM and the cluster can impersonate the API server and steal the token. Use only on a throw-away test cluster.",
        ));
    } else if s.skip_tls_verify.on() && m.selection.as_ref().is_some_and(|x| x.ca.is_some()) {
        out.push(Diagnostic::info(
            "skip-tls-verify.ignored",
            s.skip_tls_verify.key,
            "the kubeconfig has a CA, so TLS verification stays on.",
        ));
    }
    if s.rbac_mode.get() == Some(&RbacMode::ClusterAdmin) {
        out.push(Diagnostic::warning(
            "rbac-mode.cluster-admin",
            s.rbac_mode.key,
            "cluster-admin lets the launcher's token do anything in the namespace, including reading every Secret. Posit's narrow Role is enough.",
        ));
    }
    if s.admin_enabled.on() && s.admin_group.get().is_none() && s.admin_group.is_empty() {
        out.push(Diagnostic::error(
            "admin-group.required",
            s.admin_group.key,
            "Admin group is required with the admin dashboard: without one, every signed-in user sees every session and the server's log. Name the VM's group of admins (groupadd workbench-admins), or turn the dashboard off.",
        ));
    }
    if s.nfs_squash.get() == Some(&Squash::NoRootSquash) {
        out.push(Diagnostic::warning(
            "nfs-squash.no-root-squash",
            s.nfs_squash.key,
            "no_root_squash lets root on any node (and any root container with the mount) read and rewrite every user's home. Keep root_squash unless something truly needs root writes.",
        ));
    }
    if s.run_as_root.on() {
        out.push(Diagnostic::warning(
            "run-as-root.on",
            s.run_as_root.key,
            "sessions would run user code as root inside the pod, and root_squash NFS then breaks homes. Fix UIDs instead.",
        ));
    }
    if s.token_delivery.get() == Some(&TokenDelivery::File) && !m.release.is_workbench() {
        out.push(Diagnostic::warning(
            "token-delivery.unsupported",
            s.token_delivery.key,
            "RStudio Server Pro 1.3 has no auth-token-path, so the token is written inline in launcher.kubernetes.conf instead.",
        ));
    }
    if s.debug_logging.on() {
        out.push(Diagnostic::info(
            "debug-logging.on",
            s.debug_logging.key,
            "debug logging is on: useful while wiring things up, turn it off in production.",
        ));
    }
}

fn sessions(m: &Model, out: &mut Vec<Diagnostic>) {
    let s = m.typed();
    if s.jupyter_labs.on() && s.lab_version.get().is_none() && m.release.is_workbench() {
        out.push(Diagnostic::warning(
            "lab-version.missing",
            s.lab_version.key,
            "JupyterLab is enabled but its version is not set; Workbench would try to detect it on the VM, where Jupyter is not installed. Run `jupyter lab --version` in the session image and enter it.",
        ));
    }
    if let (true, Some(v), Some(_)) = (s.jupyter_labs.on(), s.lab_version.get(), images::jupyter_in(m.session_kind.as_ref())) {
        out.push(Diagnostic::info(
            "lab-version.unpinned-image",
            s.lab_version.key,
            format!("posit/workbench-session installs JupyterLab unpinned (jupyterlab<5), so {v} is a guess until checked: run `jupyter lab --version` in the very image tag sessions use and enter what it prints."),
        ));
    }
    if s.jupyter_notebooks.on() {
        out.push(Diagnostic::info(
            "jupyter-notebooks.classic",
            s.jupyter_notebooks.key,
            "Notebook Classic sessions work only if the image has Notebook 6.x; most current images ship Notebook 7.",
        ));
    }
    if s.cull_minutes.get().is_some_and(|c| c.0 > 0) {
        out.push(Diagnostic::info(
            "session-cull-minutes.on",
            s.cull_minutes.key,
            "culling idle kernels can lose state held in the browser; Posit recommends 0.",
        ));
    }
    if s.create_container_user.get() == Some(&false) {
        out.push(Diagnostic::warning(
            "create-container-user.off",
            s.create_container_user.key,
            "with this off, every user must already exist in the image with the VM's UID, or sessions cannot write their NFS home.",
        ));
    }
    if s.users.get().is_none_or(|u| u.0.is_empty()) {
        out.push(Diagnostic::warning(
            "users.none",
            s.users.key,
            "no users to create: add at least one to sign in, and to run verify-installation.",
        ));
    }
    session_image(m, out);
    tls_and_ides(m, out);
}

/// What plain HTTP costs each IDE offered, and what HTTPS needs.
fn tls_and_ides(m: &Model, out: &mut Vec<Diagnostic>) {
    let s = m.typed();
    if s.https.on() {
        for k in [&s.ssl_certificate, &s.ssl_certificate_key] {
            if k.is_empty() {
                let label = spec(k.key).map_or(k.key, |f| f.label);
                out.push(Diagnostic::error(
                    "setting.required",
                    k.key,
                    format!("{label} is required with HTTPS: rserver cannot serve it without one."),
                ));
            }
        }
    }
    let plain = m.callback.get().is_some_and(|c| c.starts_with("http://")) || (!s.https.on() && m.callback.get().is_none());
    if s.positron.on() && m.release.is_workbench() && !m.release.at_least(images::POSITRON) {
        out.push(Diagnostic::warning(
            "positron.unsupported",
            s.positron.key,
            format!("Positron Pro sessions came with Workbench 2024.12.0; {} has none, so positron.conf is not written.", m.release),
        ));
    }
    let restricted: Vec<&str> =
        [(s.vscode.on(), "VS Code"), (s.positron.on(), "Positron Pro")].into_iter().filter(|(on, _)| *on).map(|(_, n)| n).collect();
    if !s.https.on() && m.release.at_least(INIT_CONTAINER) {
        if !restricted.is_empty() {
            out.push(Diagnostic::warning(
                "https.ide-restricted",
                s.https.key,
                format!("{} sessions are restricted when Workbench is not served over HTTPS (since 2024.12.0: they do not work properly in an insecure context). Turn on HTTPS, or put Workbench behind a load balancer that terminates TLS for users.", restricted.join(" and ")),
            ));
        }
        if plain {
            out.push(Diagnostic::info(
                "https.off",
                s.https.key,
                "Workbench is served over plain HTTP: RStudio Pro and Jupyter sessions work, but passwords and everything on screen cross the network unencrypted; VS Code and Positron Pro sessions are restricted. Fine behind a TLS load balancer or on a trusted network.",
            ));
        }
    }
}

/// A release the table does not list is accepted: by its family with a note, newer with a warning.
fn release_known(m: &Model, out: &mut Vec<Diagnostic>) {
    let key = m.typed().target_release.key;
    let release = m.release;
    let (y, mo, p) = NEWEST;
    match release.known() {
        Known::Listed => {}
        Known::Family => out.push(Diagnostic::info(
            "target-release.by-family",
            key,
            format!("Workbench {release} is not in this page's table of releases; it is accepted as a patch of its {}.{:02} family, whose keys it is taken to have. The preflight still checks that the VM runs exactly {release}.", release.family().map_or(0, |f| f.0), release.family().map_or(0, |f| f.1)),
        )),
        Known::Newer => out.push(Diagnostic::warning(
            "target-release.newer",
            key,
            format!("Workbench {release} is newer than every release this page knows (the newest is {y}.{mo:02}.{p}): the files use only keys that release has, but no source here confirms {release}'s session images. Check its release notes for changed settings."),
        )),
        Known::Unlisted => out.push(Diagnostic::warning(
            "target-release.unlisted",
            key,
            format!("Workbench {release} is not in this page's table and has no source here: the files assume the keys of the releases around it. Prefer a release the list offers."),
        )),
    }
}

/// The session image must carry the server's release, or get it from the init container.
fn session_image(m: &Model, out: &mut Vec<Diagnostic>) {
    let key = m.typed().session_image.key;
    let release = m.release;
    if !release.is_workbench() {
        out.push(Diagnostic::warning(
            "target-release.out-of-support",
            m.typed().target_release.key,
            "RStudio Server Pro 1.3 is long out of support: these files reproduce the original guide, for an existing 1.3 server only.",
        ));
    }
    if m.session_image.get().is_none() && m.typed().session_image.is_empty() {
        out.push(Diagnostic::error(
            "setting.required",
            key,
            "Session image is required for RStudio Server Pro 1.3: no image is derived for it.",
        ));
    }
    release_known(m, out);
    let want = images::matching(release).unwrap_or_else(|| "an rstudio/r-session-complete 1.3 image".into());
    let (rsc_found, init_found) = images::published(release).unwrap_or((false, false));
    let image = m.session_image.get().map_or("", String::as_str);
    match &m.session_kind {
        Some(SessionImage::Complete { version: Some(v) })
            if release.is_workbench() && images::matches(v, release) && image.contains("r-session-complete") && !rsc_found =>
        {
            out.push(Diagnostic::warning(
                "session-image.no-source",
                key,
                format!("no source this page knows shows an rstudio/r-session-complete tag for Workbench {release} (the last one found is for 2026.07.1; Posit removes old tags and stops publishing the image at the end of 2026, docs/versions.md). Check that the tag exists, or use {}, which gets the session components from the init container.", images::WORKBENCH_SESSION),
            ))
        }
        Some(SessionImage::NeedsInit { init_image }) if release.at_least(INIT_CONTAINER) && !init_found => out.push(Diagnostic::warning(
            "session-image.init-no-source",
            key,
            format!("no source this page knows shows the init container {init_image}:{release} (docs/versions.md lists the releases found). Check that the tag exists before sessions need it: a missing tag keeps every session from starting."),
        )),
        _ => {}
    }
    match &m.session_kind {
        Some(SessionImage::Complete { version: Some(v) }) if !images::matches(v, release) => out.push(Diagnostic::warning(
            "session-image.release-mismatch",
            key,
            format!("the image carries Workbench {v}, but the target release is {release}: mismatched versions can keep sessions from starting. Use {want}, or change the target release."),
        )),
        Some(SessionImage::Complete { version: None }) => out.push(Diagnostic::warning(
            "session-image.no-version",
            key,
            format!("the image's tag names no Workbench version (a moving tag?), so it can change under you. Use a versioned tag such as {want}."),
        )),
        Some(SessionImage::NeedsInit { .. }) if !release.at_least(INIT_CONTAINER) => out.push(Diagnostic::error(
            "session-image.needs-init-container",
            key,
            "this image holds only R and Python: it needs the session init container (launcher-sessions-auto-update), which Workbench has from 2024.12.0. Choose a newer target release, or an r-session-complete image.",
        )),
        Some(SessionImage::Other) => out.push(Diagnostic::info(
            "session-image.unknown",
            key,
            format!("this is not one of Posit's session images: it must hold the session components of Workbench {release} itself (as rstudio/r-session-complete does). An image with only R and Python needs Posit's init container instead: use {}.", images::WORKBENCH_SESSION),
        )),
        _ => {}
    }
}
