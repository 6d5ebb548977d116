//! An existing server's files, imported to be merged into rather than replaced: single files
//! recognised by their base name, or a tar of /etc/rstudio (and /etc/exports) recognised by
//! the paths inside. Read locally like every input; bounded like every input.

pub(crate) mod merge;
mod parse;

use crate::diagnostic::{shown, Diagnostic, FieldId};
use crate::intake::text::kib;
use crate::render::paths::*;

pub const IMPORT: FieldId = "import";
/// Largest file taken; a real one is a few KiB.
pub const MAX_FILE_BYTES: usize = 256 * 1024;
/// Largest archive taken (after the browser has un-gzipped it).
pub const MAX_ARCHIVE_BYTES: usize = 8 * 1024 * 1024;

/// Most files taken at once: /etc/rstudio holds a dozen.
pub const MAX_FILES: usize = 32;

/// The largest a chosen file may be before it is read (an archive's, before and after gunzip).
pub fn max_bytes(name: &str) -> usize {
    if is_archive(name) {
        MAX_ARCHIVE_BYTES
    } else {
        MAX_FILE_BYTES
    }
}

/// `.tar`, `.tar.gz` or `.tgz`.
pub fn is_archive(name: &str) -> bool {
    [".tar", ".tar.gz", ".tgz"].iter().any(|ext| name.to_ascii_lowercase().ends_with(ext))
}

/// The files this page writes that an import may hold, by base name.
const KNOWN: &[(&str, &str)] = &[
    ("rserver.conf", RSERVER_CONF),
    ("launcher.conf", LAUNCHER_CONF),
    ("launcher.kubernetes.conf", KUBERNETES_CONF),
    ("jupyter.conf", JUPYTER_CONF),
    ("vscode.conf", VSCODE_CONF),
    ("launcher-mounts", MOUNTS),
    ("exports", EXPORTS),
];

/// The imported files, by the absolute path the page writes.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Imported {
    pub files: Vec<(&'static str, String)>,
    pub diagnostics: Vec<Diagnostic>,
}

/// An imported launcher.kubernetes.conf can hold a token: `Debug` shows each file's size.
impl std::fmt::Debug for Imported {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let files: Vec<_> = self.files.iter().map(|(p, t)| (p, crate::secret::Redacted(t.len()))).collect();
        f.debug_struct("Imported").field("files", &files).field("diagnostics", &self.diagnostics).finish()
    }
}

impl Imported {
    pub fn get(&self, path: &str) -> Option<&str> {
        self.files.iter().find(|(p, _)| *p == path).map(|(_, t)| t.as_str())
    }
}

/// The path a file name (`rserver.conf`) or an archive member (`./etc/rstudio/rserver.conf`)
/// stands for.
fn path_for(name: &str, in_archive: bool) -> Option<&'static str> {
    if in_archive {
        let name = name.trim_start_matches("./").trim_start_matches('/');
        return KNOWN.iter().map(|(_, p)| *p).find(|p| p.trim_start_matches('/') == name || name.ends_with(p));
    }
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    KNOWN.iter().find(|(b, _)| *b == base).map(|(_, p)| *p)
}

/// Read what the user chose: `(name, bytes)` pairs; a `.tar` (the page un-gzips `.tar.gz`).
pub fn read(inputs: &[(String, Vec<u8>)]) -> Imported {
    let mut imported = Imported::default();
    for (name, bytes) in inputs {
        if is_archive(name) {
            read_archive(name, bytes, &mut imported);
        } else {
            match path_for(name, false) {
                Some(path) => add(&mut imported, path, name, bytes),
                None => imported.diagnostics.push(Diagnostic::warning(
                    "import.unknown-file",
                    IMPORT,
                    format!("\"{}\" is not a file this page writes (rserver.conf, launcher.conf, launcher.kubernetes.conf, jupyter.conf, vscode.conf, launcher-mounts, exports, or a .tar of /etc/rstudio); it is ignored.", shown(name)),
                )),
            }
        }
    }
    imported
}

fn read_archive(name: &str, bytes: &[u8], imported: &mut Imported) {
    let refuse = |imported: &mut Imported, why: String| imported.diagnostics.push(Diagnostic::error("import.bad-archive", IMPORT, why));
    if bytes.len() > MAX_ARCHIVE_BYTES {
        return refuse(
            imported,
            format!("\"{}\" is {}, more than the {} this page reads.", shown(name), kib(bytes.len()), kib(MAX_ARCHIVE_BYTES)),
        );
    }
    let mut archive = tar::Archive::new(bytes);
    let Ok(entries) = archive.entries() else {
        return refuse(imported, format!("\"{}\" is not a tar archive.", shown(name)));
    };
    let mut found = 0;
    for entry in entries {
        let Ok(mut entry) = entry else {
            return refuse(imported, format!("\"{}\" is damaged: it could not be read to the end.", shown(name)));
        };
        let member = entry.path().map(|p| p.to_string_lossy().into_owned()).unwrap_or_default();
        let Some(path) = path_for(&member, true).filter(|_| entry.header().entry_type().is_file()) else { continue };
        if imported.get(path).is_some() {
            imported.diagnostics.push(Diagnostic::warning(
                "import.repeated-member",
                IMPORT,
                format!("\"{}\" holds {} again at {}; the first one is used.", shown(name), path, shown(&member)),
            ));
            continue;
        }
        let mut data = Vec::new();
        let mut limited = std::io::Read::take(&mut entry, MAX_FILE_BYTES as u64 + 1);
        if std::io::Read::read_to_end(&mut limited, &mut data).is_err() {
            return refuse(imported, format!("\"{}\" is damaged at {}.", shown(name), shown(&member)));
        }
        add(imported, path, &member, &data);
        found += 1;
    }
    if found == 0 {
        imported.diagnostics.push(Diagnostic::warning(
            "import.empty-archive",
            IMPORT,
            format!("\"{}\" holds none of the files this page writes (etc/rstudio/…, etc/exports).", shown(name)),
        ));
    }
}

fn add(imported: &mut Imported, path: &'static str, name: &str, bytes: &[u8]) {
    let problem = if bytes.len() > MAX_FILE_BYTES {
        Some(format!("is {}, more than the {} a configuration file can be here", kib(bytes.len()), kib(MAX_FILE_BYTES)))
    } else if bytes.contains(&0) {
        Some("holds binary data, not text".to_string())
    } else {
        None
    };
    if let Some(why) = problem {
        imported.diagnostics.push(Diagnostic::error("import.unreadable", IMPORT, format!("\"{}\" {why}; it is ignored.", shown(name))));
        return;
    }
    let text = String::from_utf8_lossy(bytes).into_owned();
    imported.diagnostics.extend(parse::check(path, &text));
    imported.files.retain(|(p, _)| *p != path);
    imported.files.push((path, text));
}

/// Fields taken only from one key of one file, not from every key their `sets` names: a mount's
/// `Path` is as often the home root (`/home/{USER}` gives `/home`) as anything else, and taking
/// it for the shared storage would share every home with every session.
const PREFILL_ONLY_FROM: &[(&str, &str, &str)] = &[("shared-storage-path", RSERVER_CONF, "server-shared-storage-path")];

/// Values the imported files already hold for the form's fields: for each field, the first
/// key its `sets` names that the files set, if that value is valid for the field. (A mount's
/// `Path: /home/{USER}` gives the home root `/home`.)
pub fn prefill(imported: &Imported) -> Vec<(&'static str, String)> {
    use crate::settings::{valid, Target, FIELDS};
    let mut out = Vec::new();
    for f in FIELDS {
        let only = PREFILL_ONLY_FROM.iter().find(|(k, _, _)| *k == f.key);
        let found = f.sets.iter().find_map(|t| {
            let Target::File(path, key) = *t else { return None };
            if only.is_some_and(|(_, p, k)| (*p, *k) != (path, key)) {
                return None;
            }
            let text = imported.get(path).filter(|_| !key.is_empty())?;
            parse::lines(path, text)
                .iter()
                .filter(|l| l.key == Some(key))
                .filter_map(|l| l.value)
                .map(|v| v.trim_end_matches("/{USER}"))
                .find(|v| valid(f.key, v))
                .map(str::to_string)
        });
        if let Some(value) = found {
            out.push((f.key, value));
        }
    }
    out
}
