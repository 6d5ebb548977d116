//! A load-balanced cluster of Workbench nodes on PostgreSQL (issue 27): the values the
//! cluster's files and steps need, resolved once from the settings, and the checks that
//! catch the classic cluster mistakes. Rendering is `render/cluster.rs`.

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
