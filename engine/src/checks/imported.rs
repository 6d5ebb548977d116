//! What an imported server means for the form's values: a name or a path the page would write
//! that Workbench could not start with beside theirs is an error at that field (so the value is
//! never rendered: its placeholder is), naming both.

use crate::diagnostic::{shown, Diagnostic, IMPORT};
use crate::lines::{first_flag, lines, mounts, Mount, Section};
use crate::model::Model;
use crate::model::Typed;
use crate::paths::{LAUNCHER_CONF, MOUNTS, RSERVER_CONF};

pub(crate) fn run(m: &Model, out: &mut Vec<Diagnostic>) {
    cluster_name(m, out);
    mount_paths(m, out);
    https(m, out);
    launcher_tls(m, out);
}

/// launcher.conf: ours replaces only a Kubernetes cluster of the same name; a Local or Slurm
/// cluster of that name would be two clusters of one name.
fn cluster_name(m: &Model, out: &mut Vec<Diagnostic>) {
    let (Some(text), Some(ours)) = (m.imported.get(LAUNCHER_CONF), m.typed().cluster_name.get()) else { return };
    let ours = ours.to_string();
    let theirs = lines(LAUNCHER_CONF, text);
    let mut clusters: Vec<(Option<&str>, Option<&str>)> = Vec::new();
    let mut last = None;
    for l in theirs.iter().filter(|l| matches!(l.section, Section::Named("[cluster]", _))) {
        if last != Some(l.section) {
            clusters.push((None, None));
            last = Some(l.section);
        }
        let c = clusters.last_mut().expect("pushed");
        match l.key {
            Some("name") if c.0.is_none() => c.0 = l.value,
            Some("type") if c.1.is_none() => c.1 = l.value,
            _ => {}
        }
    }
    if let Some((_, kind)) =
        clusters.iter().find(|(n, t)| *n == Some(ours.as_str()) && !t.is_some_and(|t| t.eq_ignore_ascii_case("kubernetes")))
    {
        out.push(Diagnostic::error(
            "import.cluster-name-taken",
            m.typed().cluster_name.key,
            format!(
                "launcher.conf already has a cluster \"{}\" of type {}; the page's Kubernetes cluster cannot have the same name (two clusters of one name stop the launcher). Choose another \"Launcher cluster name\", such as Kubernetes: theirs stays beside it.",
                shown(&ours),
                shown(kind.unwrap_or("(none)"))
            ),
        ));
    }
}

/// launcher-mounts: at each MountPath the page writes, theirs must be the same volume.
fn mount_paths(m: &Model, out: &mut Vec<Diagnostic>) {
    let Some(text) = m.imported.get(MOUNTS) else { return };
    let theirs = lines(MOUNTS, text);
    let their_mounts = mounts(&theirs);
    let host = m.typed().vm_ip.get().map(|ip| ip.to_string());
    let s = m.typed();
    let ours = [
        (s.home_root.key, s.home_root.get().map(|h| format!("{h}/{{USER}}")), "Home directory root"),
        (s.shared_storage.key, s.shared_storage.get().map(|p| p.to_string()), "Shared storage path"),
    ];
    for (field, path, label) in ours {
        let Some(path) = path else { continue };
        let mine = Mount { mount_type: Some("NFS"), host: host.as_deref(), path: Some(&path), mount_path: Some(&path) };
        let Some((_, other)) = their_mounts.iter().find(|(_, t)| t.mount_path == Some(path.as_str()) && !t.same_volume(&mine)) else {
            continue;
        };
        let show = |m: &Mount| {
            format!(
                "MountType: {}, Host: {}, Path: {}, MountPath: {}",
                shown(m.mount_type.unwrap_or("(none)")),
                shown(m.host.unwrap_or("(none)")),
                shown(m.path.unwrap_or("(none)")),
                shown(m.mount_path.unwrap_or("(none)"))
            )
        };
        out.push(Diagnostic::error(
            "import.mount-taken",
            field,
            format!(
                "launcher-mounts already mounts another volume at {}: theirs is \"{}\", the page's would be \"{}\". A pod cannot mount two volumes at one path: remove theirs from launcher-mounts, or change \"{label}\".",
                shown(&path),
                show(other),
                show(&mine)
            ),
        ));
    }
}

/// rserver.conf with `ssl-enabled=1` serves HTTPS: sessions call back over it.
fn https(m: &Model, out: &mut Vec<Diagnostic>) {
    if !m.imported.https || !m.typed().callback_url.is_empty() {
        return;
    }
    out.push(Diagnostic::info(
        "import.https-callback",
        m.typed().callback_url.key,
        format!(
            "rserver.conf serves HTTPS (ssl-enabled=1): sessions call back at {}. Its certificate must be valid for that address and the port must be the one rserver serves (\"Workbench port\"); or set \"Callback URL\" to an https:// name the certificate holds.",
            shown(&m.callback.text())
        ),
    ));
}

/// rserver and the launcher must agree on TLS between them: their side of it is kept in the
/// file imported, the page's file without TLS is written for the other.
fn launcher_tls(m: &Model, out: &mut Vec<Diagnostic>) {
    let rserver = m.imported.get(RSERVER_CONF).map(|t| first_flag(t, "launcher-use-ssl") == Some(true));
    let launcher = m.imported.get(LAUNCHER_CONF).map(|t| first_flag(t, "enable-ssl") == Some(true));
    let missing = match (rserver, launcher) {
        (Some(true), None) => Some(("rserver.conf reaches the launcher over TLS (launcher-use-ssl=1)", "launcher.conf")),
        (None, Some(true)) => Some(("launcher.conf serves TLS (enable-ssl=1)", "rserver.conf")),
        _ => None,
    };
    if let Some((what, other)) = missing {
        out.push(Diagnostic::warning(
            "import.launcher-tls-half",
            IMPORT,
            format!("{what}, but {other} was not imported: the page's {other} has no TLS between them, so rserver could not reach the launcher. Import {other} too: its TLS settings are kept."),
        ));
    }
}
