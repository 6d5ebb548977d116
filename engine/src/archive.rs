//! "Download all": every file at its path with its owner and mode, the manifests, and the
//! runbook script, as one reproducible tar (fixed mtime, so the bytes are stable). The page
//! gzips it with the browser's own CompressionStream, which costs no WebAssembly.

use crate::render::{File, FileKind};
use crate::Output;
use std::io::Write;

pub const NAME: &str = "rsp-k8s-config.tar.gz";
/// Everything unpacks into this one folder.
const FOLDER: &str = "rsp-k8s-config";

pub fn tar(out: &Output) -> std::io::Result<Vec<u8>> {
    let mut tar = tar::Builder::new(Vec::new());
    append(&mut tar, &format!("{FOLDER}/README.md"), 0o644, "root", "root", readme(out).as_bytes())?;
    // The token file is written on the VM from the cluster (or typed there): never archived.
    for f in out.files.iter().filter(|f| f.path != crate::paths::TOKEN_FILE) {
        let (owner, group) = f.owner.split_once(':').unwrap_or(("root", "root"));
        let mode = u32::from_str_radix(f.mode, 8).unwrap_or(0o644);
        append(&mut tar, &member(f), mode, owner, group, f.content.as_bytes())?;
    }
    // The script may hold the token: readable by its owner only.
    append(&mut tar, &format!("{FOLDER}/runbook.sh"), 0o700, "root", "root", out.script.as_bytes())?;
    tar.into_inner()
}

/// Where a file sits in the archive: a machine file at its path, a manifest at its relative
/// path, and a cluster's per-node file under `nodes/<name>/` (so the nodes' copies, at one path
/// on their machines, do not overwrite each other; a node's name is a host-name label).
fn member(f: &File) -> String {
    let path = match f.kind {
        FileKind::Machine => f.path.trim_start_matches('/'),
        FileKind::Manifest => f.path.as_str(),
    };
    match &f.node {
        Some(node) => format!("{FOLDER}/nodes/{node}/{path}"),
        None => format!("{FOLDER}/{path}"),
    }
}

fn readme(out: &Output) -> String {
    let state = if out.missing.is_empty() {
        "Every value is filled in.".to_string()
    } else {
        format!(
            "INCOMPLETE: these values are still placeholders, and runbook.sh refuses to run until they are filled in on the page: {}.",
            out.missing.iter().map(|k| format!("<{k}>")).collect::<Vec<_>>().join(", ")
        )
    };
    let nodes = if out.files.iter().any(|f| f.node.is_some()) {
        "- `nodes/<name>/etc/`: the files that differ from node to node of the cluster, one folder per node (runbook.sh writes each node's own).\n"
    } else {
        ""
    };
    format!(
        "# rsp-k8s-config\n\nPosit Workbench with sessions on Kubernetes and homes over NFS.\n\n{state}\n\n\
         - `etc/`: the files for the Workbench VM, at their paths (their owners and modes are in the archive).\n{nodes}\
         - `kubernetes/`: the manifests the runbook applies with kubectl.\n\
         - `runbook.sh`: every step in order; each step says where it runs (your workstation, or the VM as root).\n\n\
         The launcher's token is not here: runbook.sh reads it from the cluster or asks for it on the VM\n\
         (unless token delivery is inline: then launcher.kubernetes.conf and runbook.sh hold it, keep them private).\n"
    )
}

fn append<W: Write>(tar: &mut tar::Builder<W>, path: &str, mode: u32, owner: &str, group: &str, data: &[u8]) -> std::io::Result<()> {
    let mut h = tar::Header::new_ustar();
    h.set_size(data.len() as u64);
    h.set_mode(mode);
    h.set_mtime(0);
    h.set_uid(0);
    h.set_gid(0);
    h.set_username(owner)?;
    h.set_groupname(group)?;
    h.set_entry_type(tar::EntryType::Regular);
    tar.append_data(&mut h, path, data)
}
