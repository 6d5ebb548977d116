//! Checks that span fields: each value can be valid alone and still be wrong together.

use crate::diagnostic::{Diagnostic, TOKEN};
use crate::intake::kubeconfig::Selection;
use crate::intake::token::Token;
use crate::model::Model;
use crate::settings::values::{RbacMode, Release, Squash, TokenDelivery};
use std::net::IpAddr;

pub fn run(m: &Model, sel: Option<&Selection>, token: Option<&Token>, out: &mut Vec<Diagnostic>) {
    token_matches_settings(m, token, out);
    addresses(m, out);
    security_opt_ins(m, sel, out);
    sessions(m, out);
    if let (Some(sel), Some(ns)) = (sel, &m.s.namespace) {
        if let Some(ctx_ns) = sel.namespace.as_ref().filter(|n| **n != ns.0) {
            out.push(Diagnostic::info(
                "context.namespace-differs",
                "namespace",
                format!("the kubeconfig context uses namespace \"{ctx_ns}\"; sessions will run in \"{}\" as set here.", ns.0),
            ));
        }
    }
}

fn token_matches_settings(m: &Model, token: Option<&Token>, out: &mut Vec<Diagnostic>) {
    let Some(t) = token else { return };
    if let (Some(tn), Some(ns)) = (&t.claims.namespace, &m.s.namespace) {
        if *tn != ns.0 {
            out.push(Diagnostic::error(
                "token.namespace-mismatch",
                TOKEN,
                format!("this token belongs to namespace \"{tn}\", but sessions are set to run in \"{}\"; the launcher could not create them. Use a token from \"{}\" or change the namespace.", ns.0, ns.0),
            ));
        }
    }
    if let (Some(tsa), Some(sa)) = (&t.claims.service_account, &m.s.service_account) {
        if *tsa != sa.0 {
            out.push(Diagnostic::warning(
                "token.service-account-mismatch",
                TOKEN,
                format!(
                    "this token belongs to service account \"{tsa}\", not \"{}\" which the runbook creates and grants permissions to.",
                    sa.0
                ),
            ));
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
    let s = &m.s;
    if let Some(ip) = s.vm_ip {
        if ip.is_loopback() || ip.is_unspecified() {
            out.push(Diagnostic::error(
                "vm-ip.loopback",
                "vm-ip",
                format!("{ip} is this machine itself; session pods need the VM's internal address, e.g. from `hostname -I`."),
            ));
        } else if !is_private(ip) {
            out.push(Diagnostic::warning(
                "vm-ip.public",
                "vm-ip",
                format!("{ip} is a public address. Pods and nodes should reach the VM by its internal (VPC) address; traffic to a public IP leaves the VPC and needs more firewall openings."),
            ));
        }
        let routable = !(ip.is_loopback() || ip.is_unspecified());
        if let Some(nodes) = s.nfs_cidr.filter(|n| routable && m.is_gke() && !n.contains(&ip)) {
            out.push(Diagnostic::info(
                "vm-ip.outside-node-subnet",
                "vm-ip",
                format!("{ip} is outside the node subnet {}: fine if both are in one VPC, but check that routes and the firewall rules below connect them.", nodes.trunc()),
            ));
        }
        if let Some(pods) = s.pod_cidr.filter(|p| p.contains(&ip)) {
            out.push(Diagnostic::error(
                "vm-ip.in-pod-cidr",
                "vm-ip",
                format!("{ip} lies in the pod range {pods}; a VM cannot have a pod address. Check both values."),
            ));
        }
    }
    if let Some(cb) = &s.callback_url {
        let host = cb.host.parse::<IpAddr>().ok();
        if cb.host.eq_ignore_ascii_case("localhost") || host.is_some_and(|h| h.is_loopback() || h.is_unspecified()) {
            out.push(Diagnostic::error(
                "callback.loopback",
                "callback-url",
                "the callback address points at loopback: inside a session pod that is the pod itself. Use the VM's internal IP (or leave the field empty to derive it).",
            ));
        }
    }
    if let Some(net) = s.nfs_cidr {
        if net.trunc() != net {
            out.push(Diagnostic::warning(
                "nfs-client-cidr.host-bits",
                "nfs-client-cidr",
                format!("{net} has host bits set; the network is {}, which is what the files use.", net.trunc()),
            ));
        }
        if net.prefix_len() < 8 || (net.max_prefix_len() == 128 && net.prefix_len() < 32) {
            out.push(Diagnostic::warning(
                "nfs-client-cidr.too-broad",
                "nfs-client-cidr",
                format!("{} lets a huge address range mount every home directory; use the nodes' subnet.", net.trunc()),
            ));
        }
        // GCP auto-mode VPCs give each region a /20 inside 10.128.0.0/9 (the seed exported a /24).
        let auto_mode: ipnet::IpNet = "10.128.0.0/9".parse().expect("valid literal");
        if m.is_gke() && auto_mode.contains(&net) && net.prefix_len() > 20 {
            out.push(Diagnostic::warning(
                "nfs-client-cidr.narrower-than-subnet",
                "nfs-client-cidr",
                format!("{} is narrower than a GCP auto-mode subnet (a /20 per region): nodes outside it cannot mount homes. Use the node subnet's primary range, e.g. {}.", net.trunc(), ipnet::IpNet::new(net.addr(), 20).map(|n| n.trunc().to_string()).unwrap_or_default()),
            ));
        }
        if let Some(pods) = s.pod_cidr.filter(|p| p.contains(&net) || net.contains(p)) {
            out.push(Diagnostic::warning(
                "pod-cidr.overlaps-nodes",
                "pod-cidr",
                format!("the pod range {pods} overlaps the node subnet {}; on GKE they are separate ranges. Check both.", net.trunc()),
            ));
        }
    }
    if s.pod_cidr.is_none() && m.is_gke() {
        out.push(Diagnostic::warning(
            "pod-cidr.missing",
            "pod-cidr",
            "the pod range is needed for the callback firewall rule: run `gcloud container clusters describe CLUSTER --location LOCATION --format='value(clusterIpv4Cidr)'`.",
        ));
    }
}

fn security_opt_ins(m: &Model, sel: Option<&Selection>, out: &mut Vec<Diagnostic>) {
    let s = &m.s;
    if m.skip_tls {
        out.push(Diagnostic::warning(
            "skip-tls-verify.on",
            "skip-tls-verify",
            "TLS verification is OFF (verify-ssl-certs=0): anyone between the VM and the cluster can impersonate the API server and steal the token. Use only on a throw-away test cluster.",
        ));
    } else if Model::flag(s.skip_tls_verify) && sel.is_some_and(|x| x.ca.is_some()) {
        out.push(Diagnostic::info("skip-tls-verify.ignored", "skip-tls-verify", "the kubeconfig has a CA, so TLS verification stays on."));
    }
    if s.rbac_mode == Some(RbacMode::ClusterAdmin) {
        out.push(Diagnostic::warning(
            "rbac-mode.cluster-admin",
            "rbac-mode",
            "cluster-admin lets the launcher's token do anything in the namespace, including reading every Secret. Posit's narrow Role is enough.",
        ));
    }
    if s.nfs_squash == Some(Squash::NoRootSquash) {
        out.push(Diagnostic::warning(
            "nfs-squash.no-root-squash",
            "nfs-squash",
            "no_root_squash lets root on any node (and any root container with the mount) read and rewrite every user's home. Keep root_squash unless something truly needs root writes.",
        ));
    }
    if Model::flag(s.run_as_root) {
        out.push(Diagnostic::warning(
            "run-as-root.on",
            "run-as-root",
            "sessions would run user code as root inside the pod, and root_squash NFS then breaks homes. Fix UIDs instead.",
        ));
    }
    if s.token_delivery == Some(TokenDelivery::File) && m.release() == Release::Rsp13 {
        out.push(Diagnostic::error(
            "token-delivery.unsupported",
            "token-delivery",
            "RStudio Server Pro 1.3 has no auth-token-path; the token is written inline in launcher.kubernetes.conf instead.",
        ));
    }
    if Model::flag(s.debug_logging) {
        out.push(Diagnostic::info(
            "debug-logging.on",
            "debug-logging",
            "debug logging is on: useful while wiring things up, turn it off in production.",
        ));
    }
}

fn sessions(m: &Model, out: &mut Vec<Diagnostic>) {
    let s = &m.s;
    if Model::flag(s.jupyter_labs) && s.lab_version.is_none() && m.release() == Release::Current {
        out.push(Diagnostic::warning(
            "lab-version.missing",
            "lab-version",
            "JupyterLab is enabled but its version is not set; Workbench would try to detect it on the VM, where Jupyter is not installed. Run `jupyter lab --version` in the session image and enter it.",
        ));
    }
    if Model::flag(s.jupyter_notebooks) {
        out.push(Diagnostic::info(
            "jupyter-notebooks.classic",
            "jupyter-notebooks",
            "Notebook Classic sessions work only if the image has Notebook 6.x; most current images ship Notebook 7.",
        ));
    }
    if s.cull_minutes.is_some_and(|c| c.0 > 0) {
        out.push(Diagnostic::info(
            "session-cull-minutes.on",
            "session-cull-minutes",
            "culling idle kernels can lose state held in the browser; Posit recommends 0.",
        ));
    }
    if s.create_container_user == Some(false) {
        out.push(Diagnostic::warning(
            "create-container-user.off",
            "create-container-user",
            "with this off, every user must already exist in the image with the VM's UID, or sessions cannot write their NFS home.",
        ));
    }
    if s.users.as_ref().is_none_or(|u| u.0.is_empty()) {
        out.push(Diagnostic::warning(
            "users.none",
            "users",
            "no users to create: add at least one to sign in, and to run verify-installation.",
        ));
    }
    if let Some(tag) = s.session_image.as_ref().and_then(|i| i.tag()) {
        let old = tag.contains("1.3.") || tag.contains("1.4.") || tag.starts_with("bionic");
        match m.release() {
            Release::Current if old => out.push(Diagnostic::warning(
                "session-image.old",
                "session-image",
                format!("the image tag \"{tag}\" is from RStudio Server Pro 1.x; the session image must carry the same Workbench version as the server."),
            )),
            Release::Rsp13 if !tag.contains("1.3.") => out.push(Diagnostic::warning(
                "session-image.release-mismatch",
                "session-image",
                format!("the target is RStudio Server Pro 1.3, but the image tag \"{tag}\" is not a 1.3 release; the image must match the server version."),
            )),
            _ => {}
        }
    }
}
