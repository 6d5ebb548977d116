//! The classic cluster mistakes (issue 27), as diagnostics at the field to fix.

use crate::cluster::LOAD_BALANCING;
use crate::diagnostic::Diagnostic;
use crate::model::Model;
use crate::model::Typed;

/// The classic cluster mistakes, as diagnostics at the field to fix.
pub(super) fn run(m: &Model, out: &mut Vec<Diagnostic>) {
    let Some(c) = &m.cluster else { return };
    let s = m.typed();
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
