//! A load-balanced cluster (issue 27): `database.conf` (the same on every node),
//! `load-balancer` (one per node: only `www-host-name` differs), and the cluster's runbook
//! steps (`sh/cluster-*.sh`), placed among the one-server steps, which then run on every node
//! (the NFS server's only on the NFS server).

use super::parts::{machine, note, since, subshell, Lines, FILES_SH};
use super::shell::{heredoc, word};
use super::{File, Notes, Step, StepId};
use crate::cluster::{Cluster, LOAD_BALANCING, POSTGRES_MIN};
use crate::docs;
use crate::model::Model;
use crate::paths::{DATABASE_CONF, EXPORTS, LOAD_BALANCER, PASSWORD_FILE, SECURE_COOKIE_KEY};

const EVERY_NODE: &str = "every Workbench node, as root (node 1 first)";
const NFS_SERVER: &str = "the NFS server, as root";
const EVERY_MACHINE: &str = "every Workbench node and the NFS server, as root";

/// The machine files the nodes' steps write: all but /etc/exports, which goes to the NFS server
/// only (the nfs-export step writes it there).
pub(crate) fn nodes_write(machine: &[File]) -> Vec<File> {
    machine.iter().filter(|f| f.path != EXPORTS).cloned().collect()
}

/// The one-server steps (the runbook's, for `nodes_write`' files) with the cluster's own among
/// them, and the cluster's files (after the machine files).
pub(crate) fn render(m: &Model, c: &Cluster, one_server: Vec<Step>, machine: &[File]) -> (Vec<Step>, Vec<File>) {
    let files = files(m, c);
    let exports = machine.iter().find(|f| f.path == EXPORTS);
    let mut steps = Vec::new();
    for step in one_server {
        let id = step.id;
        // Before the one-server users step: the homes mounted, and node 1's accounts made here
        // with node 1's numbers, so that step finds them and leaves them as they are.
        if id == StepId::Users {
            steps.extend([cookie_key(c), mounts(m, c), users(m, c)]);
        }
        match id {
            StepId::NfsServer | StepId::NfsExport => steps.push(on_nfs_server(c, step, exports.filter(|_| id == StepId::NfsExport))),
            _ => steps.push(step),
        }
        match id {
            StepId::PreflightVm => steps.push(preflight(c)),
            StepId::WriteFiles => steps.extend([database(c, &files), node_files(c, &files), firewall(m, c)]),
            StepId::Verify => steps.push(join(m, c)),
            _ => {}
        }
    }
    (steps, files)
}

const DATABASE_NOTES: Notes = &[
    note("provider", "PostgreSQL: load balancing needs it (SQLite does not support more than one node).", docs::DATABASE),
    note("host", "The PostgreSQL server, the same for every node; best a server of its own, never on NFS.", docs::DATABASE),
    note("port", "PostgreSQL's port.", docs::DATABASE),
    note("database", "An empty database used by nothing else; Workbench creates its tables there.", docs::DATABASE),
    note("username", "The role Workbench connects as.", docs::DATABASE),
    note(
        "password",
        "Added on each node by the database step, encrypted with the cluster's secure cookie key (rstudio-server encrypt-password): never in this page, its link, its settings file or the archive.",
        docs::DATABASE,
    ),
];

const LOAD_BALANCER_NOTES: Notes = &[
    note("balancer", "How a new session's node is picked; the same on every node.", docs::BALANCING_METHODS),
    since(
        LOAD_BALANCING,
        "www-host-name",
        "This node's address as the other nodes reach it: the one line that differs from node to node. The file's presence turns load balancing on.",
        docs::LOAD_BALANCING,
    ),
];

fn files(m: &Model, c: &Cluster) -> Vec<File> {
    let mut f = Lines::new(m);
    f.comment("Workbench's database, the same on every node of the cluster (SQLite does not support load balancing).")
        .kv("provider", "postgresql")
        .kv("host", &c.db_host)
        .kv("port", &c.db_port)
        .kv("database", &c.db_name)
        .kv("username", &c.db_user)
        .comment("password: added on each node by the database step, encrypted with the secure cookie key.");
    let mut files = vec![machine(DATABASE_CONF, "root:root", "0600", (f.0, None), DATABASE_NOTES)];
    let per_node = |name: &str, address: &str| {
        let mut f = Lines::new(m);
        f.comment("This file's presence turns load balancing on. Identical on every node but www-host-name.")
            .kv("balancer", c.balancer)
            .comment("This node's own address, as the other nodes reach it.")
            .kv("www-host-name", address);
        File { node: Some(name.to_string()), ..machine(LOAD_BALANCER, "root:root", "0644", (f.0, None), LOAD_BALANCER_NOTES) }
    };
    match &c.nodes_placeholder {
        Some(p) => files.push(per_node(p, p)),
        None => files.extend(c.nodes.iter().map(|n| per_node(&n.name, &n.address))),
    }
    files
}

fn step(id: StepId, title: &'static str, why: &str, run_on: &'static str, commands: String) -> Step {
    Step { id, title, why: why.to_string(), run_on, commands }
}

/// A cluster step's commands: the node table, which node this machine is, then `body`.
fn on_machine(c: &Cluster, vars: &[(&str, String)], body: &str) -> String {
    let mut all = vec![("nodes", c.node_table())];
    all.extend(vars.iter().cloned());
    subshell(&all, &format!("{}{body}", include_str!("sh/cluster-node.sh")))
}

/// The same, for a step that runs on the nodes only (it stops on any other machine).
fn on_nodes(c: &Cluster, vars: &[(&str, String)], body: &str) -> String {
    on_machine(c, vars, &format!("{}{body}", include_str!("sh/cluster-on-node.sh")))
}

/// A one-server step that belongs to the NFS server: it does nothing elsewhere.
fn on_nfs_server(c: &Cluster, mut step: Step, exports: Option<&File>) -> Step {
    let write = exports.map_or_else(String::new, |f| {
        format!("{FILES_SH}{}commit_files\n", heredoc(&format!("stage_file {} {} {}", word(&f.path), f.owner, f.mode), &f.content))
    });
    let body = format!(
        "case \"$addresses\" in *\" $nfs_host \"*) ;; *) echo \"Not the NFS server ($nfs_host): nothing to do here.\"; exit 0 ;; esac\n{write}{}",
        step.commands
    );
    step.commands = on_machine(c, &[("nfs_host", c.nfs_host.clone())], &body);
    step.run_on = NFS_SERVER;
    step
}

fn preflight(c: &Cluster) -> Step {
    step(
        StepId::ClusterPreflight,
        "Check this node: its name, its clock, psql and ssh",
        "Each node finds itself in the node list by its own addresses, and stops before anything changes if its clock is not synchronised or a tool the cluster steps use is missing.",
        EVERY_NODE,
        on_nodes(c, &[], include_str!("sh/cluster-preflight.sh")),
    )
}

fn cookie_key(c: &Cluster) -> Step {
    step(
        StepId::ClusterCookieKey,
        "One secure cookie key for the whole cluster",
        "The first node to come online defines the cluster with its key's hash; a node whose key differs does not come online. Node 1 makes the key once; the others copy it from node 1 over ssh (root:root 0600) and compare. An existing key is never replaced.",
        EVERY_NODE,
        on_nodes(c, &[("key", SECURE_COOKIE_KEY.to_string())], include_str!("sh/cluster-cookie-key.sh")),
    )
}

fn mounts(m: &Model, c: &Cluster) -> Step {
    let body =
        format!("set -- {} {}\n{}", word(&m.home_root().text()), word(&m.shared_storage().text()), include_str!("sh/cluster-mounts.sh"));
    step(
        StepId::ClusterMounts,
        "Mount the homes and the shared storage on each node",
        "Every node sees the same homes and the same server-shared-storage-path, mounted from the NFS server at the same paths (one /etc/fstab line each, added once).",
        EVERY_NODE,
        on_nodes(c, &[("nfs_host", c.nfs_host.clone())], &body),
    )
}

fn users(m: &Model, c: &Cluster) -> Step {
    let list = m.users().get().map(|u| u.0.as_slice()).unwrap_or_default();
    let words: Vec<String> = list.iter().map(|u| word(u)).collect();
    let body = format!("set -- {}\n{}", words.join(" "), include_str!("sh/cluster-users.sh"));
    step(
        StepId::ClusterUsers,
        "The same users, UIDs and GIDs on every node",
        "Node 1's accounts are the cluster's (rstudio-server and every listed user): on the other nodes an absent one is created with node 1's UID, GID and group, its home the shared one; an existing one whose numbers differ stops the step, named, and is never changed here.",
        EVERY_NODE,
        on_nodes(c, &[("home_root", m.home_root().text())], &body),
    )
}

fn database(c: &Cluster, files: &[File]) -> Step {
    let conf = files.iter().find(|f| f.path == DATABASE_CONF).map_or("", |f| f.content.as_str());
    let vars = [
        ("password_file", PASSWORD_FILE.to_string()),
        ("db_host", c.db_host.clone()),
        ("db_port", c.db_port.clone()),
        ("db_name", c.db_name.clone()),
        ("db_user", c.db_user.clone()),
        ("postgres_min", POSTGRES_MIN.to_string()),
        ("conf", DATABASE_CONF.to_string()),
    ];
    // The file as rendered, then the encrypted password (read -d '' stops at the end: status 1).
    let read = heredoc("{ IFS= read -r -d '' conf_text || true; }", conf);
    // stage_file in this shell (not a pipeline's subshell), so commit_files sees it.
    let write = "stage_file \"$conf\" root:root 0600 secret < <(printf '%spassword=%s\\n' \"$conf_text\" \"$encrypted\")\ncommit_files\n";
    let body = format!("{FILES_SH}{}{read}{write}", include_str!("sh/cluster-database.sh"));
    step(
        StepId::ClusterDatabase,
        "Check the database and write database.conf",
        "From each node: PostgreSQL is reachable, its version is one Posit supports, and the database is empty or already this cluster's (another product's tables stop the step). The password comes from a hidden prompt or a root-only file on the node and is written only encrypted, into database.conf (root:root 0600).",
        EVERY_NODE,
        on_nodes(c, &vars, &body),
    )
}

fn node_files(c: &Cluster, files: &[File]) -> Step {
    let mut body = format!("{FILES_SH}case \"$node\" in\n");
    for f in files.iter().filter(|f| f.path == LOAD_BALANCER) {
        let name = f.node.as_deref().unwrap_or_default();
        body.push_str(&format!(
            "  {})\n{}    ;;\n",
            word(name),
            heredoc(&format!("stage_file {} {} {}", word(&f.path), f.owner, f.mode), &f.content)
        ));
    }
    body.push_str("esac\ncommit_files\n");
    step(
        StepId::ClusterNodeFiles,
        "Write this node's load-balancer file",
        "The file that turns load balancing on, with this node's own address (www-host-name): the only line that differs between nodes.",
        EVERY_NODE,
        on_nodes(c, &[], &body),
    )
}

fn firewall(m: &Model, c: &Cluster) -> Step {
    let vars = [
        ("nfs_host", c.nfs_host.clone()),
        ("www_port", m.www_port().text()),
        ("launcher_port", m.launcher_port().text()),
        ("db_host", c.db_host.clone()),
        ("db_port", c.db_port.clone()),
        ("lb", c.lb.clone().unwrap_or_default()),
    ];
    step(
        StepId::ClusterFirewall,
        "Open the ports between the nodes",
        "Posit requires Workbench's and the launcher's ports open between the nodes; the load balancer reaches Workbench's port, the nodes reach NFS and PostgreSQL. Sessions call back through the load balancer (or node 1): the network's rules for the pods are the firewall step's.",
        EVERY_MACHINE,
        on_machine(c, &vars, include_str!("sh/cluster-firewall.sh")),
    )
}

fn join(m: &Model, c: &Cluster) -> Step {
    step(
        StepId::ClusterJoin,
        "Check that every node has joined the cluster",
        "rstudio-server list-nodes on this node must show every node; a node that stays out is named with where to look. Each node is restarted on its own, so the others keep serving.",
        EVERY_NODE,
        on_nodes(c, &[("www_port", m.www_port().text())], include_str!("sh/cluster-join.sh")),
    )
}
