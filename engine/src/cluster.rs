//! A load-balanced cluster of Workbench nodes on PostgreSQL (issue 27): the values the
//! cluster's files and steps need, resolved once from the settings, and the checks that
//! catch the classic cluster mistakes. Rendering is `render/cluster.rs`.

use crate::diagnostic::Diagnostic;
use crate::settings::values::{Node, Topology, Version3};
use crate::settings::Settings;

/// Load balancing as it is now (nodes registered in the database, `www-host-name` in
/// `load-balancer`, `rstudio-server list-nodes`): RStudio Workbench 2021.09.0 and later
/// (docs/versions.md). Every Workbench release this page knows has it; RStudio Server Pro 1.3
/// listed the nodes in the file instead, which the page does not write.
pub const LOAD_BALANCING: Version3 = (2021, 9, 0);

/// The oldest PostgreSQL Posit supports for Workbench's database (its Database page).
pub const POSTGRES_MIN: u32 = 11;

/// A cluster's resolved values: the settings read once, each a placeholder when missing.
#[derive(Clone, Debug)]
pub struct Cluster {
    /// Node 1 defines the cluster; never fewer than two when the nodes are valid.
    pub nodes: Vec<Node>,
    /// `<nodes>` when the list is missing or invalid (the nodes' steps show it).
    pub nodes_placeholder: Option<String>,
    /// The NFS server: the typed one, or node 1 (the Workbench VM IP).
    pub nfs_host: String,
    /// The NFS server is node 1, which also serves users.
    pub nfs_on_node: bool,
    pub db_host: String,
    pub db_port: String,
    pub db_name: String,
    pub db_user: String,
    pub balancer: &'static str,
    pub lb: Option<String>,
}

impl Cluster {
    /// The cluster, when the topology says one.
    pub fn new(s: &Settings) -> Option<Cluster> {
        if s.topology.choice() != Topology::Cluster {
            return None;
        }
        let nodes = s.nodes.get().map(|n| n.0.clone()).unwrap_or_default();
        let nfs_on_node =
            s.nfs_server.is_empty() || nodes.iter().any(|n| Some(n.address.as_str()) == s.nfs_server.get().map(|h| h.0.as_str()));
        Some(Cluster {
            nodes_placeholder: s.nodes.get().is_none().then(|| s.nodes.placeholder()),
            nfs_host: if s.nfs_server.is_empty() { s.vm_ip.text() } else { s.nfs_server.text() },
            nfs_on_node,
            nodes,
            db_host: s.db_host.text(),
            db_port: s.db_port.text(),
            db_name: s.db_name.text(),
            db_user: s.db_user.text(),
            balancer: s.balancer.choice().as_str(),
            lb: (!s.lb_address.is_empty()).then(|| s.lb_address.text()),
        })
    }

    /// `name=address` for each node, one shell word per node (what the steps match on).
    pub fn node_table(&self) -> String {
        match &self.nodes_placeholder {
            Some(p) => p.clone(),
            None => self.nodes.iter().map(|n| format!("{}={}", n.name, n.address)).collect::<Vec<_>>().join(" "),
        }
    }
}

/// The classic cluster mistakes, as diagnostics at the field to fix.
pub fn checks(m: &crate::model::Model, out: &mut Vec<Diagnostic>) {
    let Some(c) = &m.cluster else { return };
    let s = &m.settings;
    if !m.release.at_least(LOAD_BALANCING) {
        out.push(Diagnostic::error(
            "cluster.release",
            s.nodes.key,
            "a cluster as this page writes it needs Workbench 2021.09.0 or later (nodes registered in the database); RStudio Server Pro 1.3 listed its nodes in load-balancer instead.",
        ));
    }
    if s.nodes.is_empty() {
        out.push(Diagnostic::error(
            "cluster.nodes-required",
            s.nodes.key,
            "a cluster needs its nodes: two or more, NAME ADDRESS per line.",
        ));
    }
    if s.db_host.is_empty() {
        out.push(Diagnostic::error(
            "cluster.database-required",
            s.db_host.key,
            "a cluster needs a PostgreSQL server (SQLite does not support load balancing).",
        ));
    }
    let mut seen: Vec<&str> = Vec::new();
    for n in &c.nodes {
        if seen.contains(&n.address.as_str()) {
            out.push(Diagnostic::error(
                "cluster.duplicate-address",
                s.nodes.key,
                format!("two nodes have the address {}: each node needs its own.", n.address),
            ));
        }
        seen.push(&n.address);
        if c.lb.as_deref() == Some(n.address.as_str()) {
            out.push(Diagnostic::error(
                "cluster.lb-is-node",
                s.lb_address.key,
                format!(
                    "the external load balancer's address is node {}'s: the balancer must be in front of the nodes, not one of them.",
                    n.name
                ),
            ));
        }
        if s.db_host.get().is_some_and(|h| h.0 == n.address) {
            out.push(Diagnostic::warning(
                "cluster.database-on-node",
                s.db_host.key,
                format!("PostgreSQL runs on node {}: when it stops, every node stops. Posit recommends a server of its own.", n.name),
            ));
        }
    }
    if let (Some(vm), false) = (s.vm_ip.get(), c.nodes.is_empty()) {
        if c.nodes.first().is_some_and(|n| n.address != vm.to_string()) {
            out.push(Diagnostic::error(
                "cluster.vm-not-node-1",
                s.nodes.key,
                format!("node 1 is the Workbench VM: its address must be the Workbench VM IP ({vm})."),
            ));
        }
    }
    if c.nfs_on_node && !c.nodes.is_empty() {
        out.push(Diagnostic::warning(
            "cluster.nfs-on-node",
            s.nfs_server.key,
            "the homes are served over NFS by node 1, which is also in the balancer: when node 1 stops, every node loses the homes (a single point of failure). A separate NFS server avoids it.",
        ));
    }
    if s.db_host.get().is_some_and(|h| h.0 == c.nfs_host) {
        out.push(Diagnostic::warning(
            "cluster.database-on-nfs-server",
            s.db_host.key,
            "PostgreSQL runs on the NFS server: keep its data on a local disk there, never on NFS.",
        ));
    }
    let callback_host = m.callback.get().and_then(|u| u.split("://").nth(1)).and_then(|r| r.split(['/', ':']).next()).map(str::to_string);
    if let Some(node) = c.nodes.iter().find(|n| callback_host.as_deref() == Some(n.address.as_str())) {
        out.push(Diagnostic::warning(
            "cluster.callback-one-node",
            s.lb_address.key,
            format!("every node's sessions call back to node {} ({}): when it stops, sessions started on the others lose their way back. Give the external load balancer's address.", node.name, node.address),
        ));
    }
}
