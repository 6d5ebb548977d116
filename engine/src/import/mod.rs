//! An existing server's files, imported to be merged into rather than replaced: single files
//! recognised by their base name, or a tar of /etc/rstudio (and /etc/exports) recognised by
//! the paths inside. Read locally like every input; bounded like every input.

pub(crate) mod parse;

pub use crate::diagnostic::IMPORT;
use crate::diagnostic::{shown, Diagnostic};
use crate::intake::text::kib;
use crate::lines::{first_flag, flag, lines, Line, Section};
use crate::paths::*;

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
    ("launcher.kubernetes.profiles.conf", PROFILES_CONF),
    ("launcher-mounts", MOUNTS),
    ("exports", EXPORTS),
];

/// The imported files, by the absolute path the page writes.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Imported {
    pub files: Vec<(&'static str, String)>,
    pub diagnostics: Vec<Diagnostic>,
    /// The imported rserver.conf serves HTTPS (`ssl-enabled=1`), read once.
    pub(crate) https: bool,
}

/// An imported launcher.kubernetes.conf can hold a token: `Debug` shows each file's size.
impl std::fmt::Debug for Imported {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let files: Vec<_> = self.files.iter().map(|(p, t)| (p, crate::secret::Redacted(t.len()))).collect();
        f.debug_struct("Imported").field("files", &files).field("diagnostics", &self.diagnostics).field("https", &self.https).finish()
    }
}

impl Imported {
    pub fn get(&self, path: &str) -> Option<&str> {
        self.files.iter().find(|(p, _)| *p == path).map(|(_, t)| t.as_str())
    }
}

/// The path a file name (`rserver.conf`) or an archive member stands for. Archives come as
/// people make them: `tar czf x.tgz /etc/rstudio` (`etc/rstudio/…`), `cd /etc && tar czf x.tgz
/// rstudio` (`rstudio/…`), `cd /etc/rstudio && tar czf x.tgz .` (`./…`) or bare names, with or
/// without a leading `./` or `/`; `exports` as `etc/exports` or `exports`.
fn path_for(name: &str, in_archive: bool) -> Option<&'static str> {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let (_, path) = KNOWN.iter().find(|(b, _)| *b == base)?;
    if !in_archive {
        return Some(path);
    }
    let mut member = name;
    while let Some(rest) = member.strip_prefix("./").or_else(|| member.strip_prefix('/')) {
        member = rest;
    }
    let dir = &member[..member.len() - base.len()];
    let expected: &[&str] = if *path == EXPORTS { &["", "etc/"] } else { &["", "rstudio/", "etc/rstudio/"] };
    expected.contains(&dir).then_some(path)
}

/// Read what the user chose: `(name, bytes)` pairs, each name as chosen; an archive's bytes are
/// a tar (the page un-gzips a `.tar.gz` or `.tgz` and keeps its name).
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
                    format!("\"{}\" is not a file this page writes (rserver.conf, launcher.conf, launcher.kubernetes.conf, jupyter.conf, vscode.conf, launcher.kubernetes.profiles.conf, launcher-mounts, exports, or a .tar, .tar.gz or .tgz of /etc/rstudio); it is ignored.", shown(name)),
                )),
            }
        }
    }
    imported.https = imported.get(RSERVER_CONF).is_some_and(|t| first_flag(t, "ssl-enabled") == Some(true));
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
            format!(
                "\"{}\" holds none of the files this page writes: members named etc/rstudio/rserver.conf, rstudio/rserver.conf, ./rserver.conf or rserver.conf (and etc/exports) are read. Make it with: cd /etc && tar czf rstudio.tar.gz rstudio exports",
                shown(name)
            ),
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

/// How a field's value is read from an imported file: each reader takes only a value of the
/// field's kind, in the sense the field has.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reader {
    /// The key's value, if it is valid for the field.
    Text,
    /// A boolean key of the same sense (`1`/`true`/`yes` on, `0`/`false`/`no` off), as `1`/`0`.
    Flag,
    /// launcher.conf: the `name` of a `[cluster]` whose `type` is Kubernetes (never Local,
    /// Slurm or any other kind).
    KubernetesCluster,
    /// launcher-mounts: the directory above `{USER}` in the `MountPath` of the home mount.
    HomeMount,
}

/// One field's reader: the file, the `[section]` (or `""` for none), the key, and how.
#[derive(Debug)]
pub struct Prefill {
    pub field: &'static str,
    pub path: &'static str,
    pub section: &'static str,
    pub key: &'static str,
    pub reader: Reader,
}

const fn from(field: &'static str, path: &'static str, section: &'static str, key: &'static str, reader: Reader) -> Prefill {
    Prefill { field, path, section, key, reader }
}

/// Every field an import can fill, and from where. Not read: what is unsafe (`skip-tls-verify`,
/// `run-as-root`: an import never turns one on), what is the page's own choice (token delivery,
/// the release), a mount's `Path` for the shared storage (as often a home as anything else), and
/// the VM's address (a mount's Host may be another NFS server).
pub const PREFILLS: &[Prefill] = &[
    from("cluster-name", LAUNCHER_CONF, "[cluster]", "name", Reader::KubernetesCluster),
    from("namespace", KUBERNETES_CONF, "", "kubernetes-namespace", Reader::Text),
    from("cluster-ca", KUBERNETES_CONF, "", "certificate-authority", Reader::Text),
    from("www-port", RSERVER_CONF, "", "www-port", Reader::Text),
    from("callback-url", RSERVER_CONF, "", "launcher-sessions-callback-address", Reader::Text),
    from("launcher-address", LAUNCHER_CONF, "[server]", "address", Reader::Text),
    from("launcher-port", LAUNCHER_CONF, "[server]", "port", Reader::Text),
    from("admin-enabled", RSERVER_CONF, "", "admin-enabled", Reader::Flag),
    from("admin-group", RSERVER_CONF, "", "admin-group", Reader::Text),
    from("debug-logging", LAUNCHER_CONF, "[server]", "enable-debug-logging", Reader::Flag),
    from("project-sharing", RSERVER_CONF, "", "server-project-sharing", Reader::Flag),
    from("home-root", MOUNTS, "", "MountPath", Reader::HomeMount),
    from("shared-storage-path", RSERVER_CONF, "", "server-shared-storage-path", Reader::Text),
    from("session-image", RSERVER_CONF, "", "launcher-sessions-container-image", Reader::Text),
    from("create-container-user", RSERVER_CONF, "", "launcher-sessions-create-container-user", Reader::Flag),
    from("jupyter-labs", JUPYTER_CONF, "", "labs-enabled", Reader::Flag),
    from("jupyter-notebooks", JUPYTER_CONF, "", "notebooks-enabled", Reader::Flag),
    from("jupyter-exe", JUPYTER_CONF, "", "jupyter-exe", Reader::Text),
    from("lab-version", JUPYTER_CONF, "", "lab-version", Reader::Text),
    from("session-cull-minutes", JUPYTER_CONF, "", "session-cull-minutes", Reader::Text),
    from("vscode", VSCODE_CONF, "", "enabled", Reader::Flag),
];

/// What one reader finds in the imported files (valid for its field), if anything.
pub fn read_field(imported: &Imported, p: &Prefill) -> Option<String> {
    let text = imported.get(p.path)?;
    let lines = lines(p.path, text);
    let in_section = |l: &Line| match l.section {
        Section::Named(h, _) => h == p.section,
        _ => p.section.is_empty(),
    };
    let found = match p.reader {
        Reader::Text => lines.iter().filter(|l| in_section(l) && l.key == Some(p.key)).find_map(|l| l.value).map(str::to_string),
        Reader::Flag => lines
            .iter()
            .filter(|l| in_section(l) && l.key == Some(p.key))
            .find_map(|l| l.value.and_then(flag))
            .map(|on| if on { "1" } else { "0" }.to_string()),
        Reader::KubernetesCluster => {
            // One pass: each [cluster]'s name and type, by section.
            let mut clusters: Vec<(Section, Option<&str>, Option<&str>)> = Vec::new();
            for l in lines.iter().filter(|l| in_section(l)) {
                if clusters.last().is_none_or(|c| c.0 != l.section) {
                    clusters.push((l.section, None, None));
                }
                let c = clusters.last_mut().expect("pushed");
                match l.key {
                    Some("name") if c.1.is_none() => c.1 = l.value,
                    Some("type") if c.2.is_none() => c.2 = l.value,
                    _ => {}
                }
            }
            clusters.iter().find(|c| c.2.is_some_and(|t| t.eq_ignore_ascii_case("kubernetes"))).and_then(|c| c.1).map(str::to_string)
        }
        Reader::HomeMount => lines
            .iter()
            .filter(|l| l.key == Some(p.key))
            .filter_map(|l| l.value?.strip_suffix("/{USER}"))
            .find(|v| !v.is_empty())
            .map(str::to_string),
    };
    found.filter(|v| crate::settings::valid(p.field, v))
}

/// Values the imported files already hold for the form's fields, each by its own reader
/// (`PREFILLS`); the page fills only fields the user has not typed.
pub fn prefill(imported: &Imported) -> Vec<(&'static str, String)> {
    PREFILLS.iter().filter_map(|p| Some((p.field, read_field(imported, p)?))).collect()
}
