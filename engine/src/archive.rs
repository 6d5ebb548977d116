//! "Download all": every file at its path with its owner and mode, the manifests, and the
//! runbook script, as one reproducible tar (fixed mtime, so the bytes are stable). The page
//! gzips it with the browser's own CompressionStream, which costs no WebAssembly.

use crate::render::FileKind;
use crate::Output;
use std::io::Write;

pub const NAME: &str = "rsp-k8s-config.tar.gz";

pub fn tar(out: &Output) -> std::io::Result<Vec<u8>> {
    let mut tar = tar::Builder::new(Vec::new());
    for f in &out.files {
        let (owner, group) = f.owner.split_once(':').unwrap_or(("root", "root"));
        let mode = u32::from_str_radix(f.mode, 8).unwrap_or(0o644);
        let path = match f.kind {
            FileKind::Machine => f.path.trim_start_matches('/').to_string(),
            FileKind::Manifest => f.path.clone(),
        };
        append(&mut tar, &path, mode, owner, group, f.content.as_bytes())?;
    }
    append(&mut tar, "runbook.sh", 0o755, "root", "root", out.script.as_bytes())?;
    tar.into_inner()
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
