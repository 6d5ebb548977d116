//! Merging the page's file into the one imported, by what each line means to Workbench:
//! - `key=value` files: the keys the page writes replace theirs in place; a key the page owns
//!   (one its renderer explains) but leaves out is removed; a key that can hold a token is never
//!   kept; their TLS settings are never turned off; every other line, comment and blank line
//!   stays where it was; what the file lacked is added in one marked block.
//! - launcher.conf: their `[cluster]` sections are kept as they are; ours replaces only a
//!   `type=Kubernetes` section of the same name, or is added beside them.
//! - launcher-mounts: records matched by `MountPath` (a pod cannot mount two volumes at one path).
//! - /etc/exports: our client is added to their entry for the same directory (or replaces the
//!   same client's options); their other clients and options stay; `\` continuations are read.
//!
//! Every pass is linear in their file (our file is a few dozen lines).

use crate::diagnostic::{shown, Diagnostic, IMPORT};
use crate::lines::{exports, layout, lines, mounts, Export, Layout, Line, Mount, Section};
use crate::paths::{EXPORTS, JUPYTER_CONF, KUBERNETES_CONF, LAUNCHER_CONF, RSERVER_CONF, TOKEN_FILE, VSCODE_CONF};
use crate::render::Notes;
use std::borrow::Cow;
use std::collections::HashMap;

/// Marks what the merge added to a file.
pub const MARK: &str = "# Added by rsp-k8s-config:";

/// The files in which every key the page explains is the page's: its value, or absent.
const OWNING: &[&str] = &[RSERVER_CONF, KUBERNETES_CONF, JUPYTER_CONF, VSCODE_CONF];

/// Keys that turn TLS on between rserver and the launcher: theirs, whatever the page would write
/// (Posit's hardening guide asks for `launcher-use-ssl=1` with `enable-ssl=1`; docs/versions.md).
const TLS_KEYS: &[(&str, &str)] = &[(RSERVER_CONF, "launcher-use-ssl"), (LAUNCHER_CONF, "enable-ssl")];

/// A key that can hold a token (`auth-token`, `…-token`): never kept from an imported file.
pub(crate) fn holds_token(key: &str) -> bool {
    let k = key.as_bytes();
    k.len() >= 5 && k[k.len() - 5..].eq_ignore_ascii_case(b"token") && (k.len() == 5 || k[k.len() - 6] == b'-')
}

/// Keys that serve Workbench over HTTPS: the page writes them when HTTPS is chosen, but never
/// removes theirs when it is not (a server that uses TLS is followed, never downgraded).
const HTTPS_KEYS: &[&str] = &["ssl-enabled", "ssl-certificate", "ssl-certificate-key"];

/// The keys a file's renderer explains (so owns), without section headers and `*`.
fn owned_keys(path: &str, notes: Notes) -> Vec<&'static str> {
    if !OWNING.contains(&path) {
        return Vec::new();
    }
    notes.iter().map(|n| n.key).filter(|k| !k.starts_with('[') && *k != "*" && !HTTPS_KEYS.contains(k)).collect()
}

/// Their line with a token's value hidden, for a diff (the page's and the VM's).
pub(crate) fn masked(text: &str) -> Cow<'_, str> {
    // One fast search first: most files name no token at all.
    if !text.to_ascii_lowercase().contains("token") {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        match line.split_once('=') {
            Some((k, v)) if holds_token(k.trim()) && !v.trim().is_empty() => {
                out.push_str(k);
                out.push_str("=(hidden)");
                if line.ends_with('\n') {
                    out.push('\n');
                }
            }
            _ => out.push_str(line),
        }
    }
    Cow::Owned(out)
}

/// The imported file with the page's rendered file merged into it.
/// The imported file with the page's merged into it, and what a person should look at: their
/// file is read once for both.
pub(crate) fn merge_file(path: &str, imported: &str, rendered: &str, notes: Notes) -> (String, Vec<Diagnostic>) {
    let theirs = lines(path, imported);
    let ours = lines(path, rendered);
    (merge_lines(path, imported, &theirs, &ours, notes), conflicts_of(path, &theirs, &ours))
}

fn merge_lines(path: &str, imported: &str, theirs: &[Line<'_>], ours: &[Line<'_>], notes: Notes) -> String {
    let merged: Vec<Cow<str>> = match layout(path) {
        Layout::Records => merge_records(theirs, ours).into_iter().map(Cow::Borrowed).collect(),
        Layout::Exports => merge_exports(theirs, ours),
        Layout::KeyValue => merge_keys(path, theirs, ours, &owned_keys(path, notes)).into_iter().map(Cow::Borrowed).collect(),
        // A manifest and the token file are the page's own: none is imported.
        Layout::Manifest | Layout::Plain => ours.iter().map(|l| Cow::Borrowed(l.text)).collect(),
    };
    // Keep their line endings and their final newline (or its absence).
    let eol = if imported.contains("\r\n") { "\r\n" } else { "\n" };
    let mut text = merged.join(eol);
    if !imported.is_empty() && !imported.ends_with('\n') {
        while text.ends_with(eol) {
            text.truncate(text.len() - eol.len());
        }
    }
    text
}

/// Each section's `name` and `type` (first of each), found in one pass.
fn cluster_names<'a>(lines: &[Line<'a>]) -> HashMap<Section<'a>, (Option<&'a str>, Option<&'a str>)> {
    let mut out: HashMap<Section, (Option<&str>, Option<&str>)> = HashMap::new();
    for l in lines {
        let e = out.entry(l.section).or_default();
        match l.key {
            Some("name") if e.0.is_none() => e.0 = l.value,
            Some("type") if e.1.is_none() => e.1 = l.value,
            _ => {}
        }
    }
    out
}

fn is_kubernetes(kind: Option<&str>) -> bool {
    kind.is_some_and(|t| t.eq_ignore_ascii_case("kubernetes"))
}

/// Which of their sections one of ours goes into: the same header and, for a `[cluster]`, a
/// Kubernetes cluster of the same name (a Local or Slurm cluster is never taken over); a section
/// that has no match is added.
fn section_of<'a>(
    theirs: &[Line<'a>],
    theirs_named: &HashMap<Section<'a>, (Option<&'a str>, Option<&'a str>)>,
    ours_named: &HashMap<Section<'a>, (Option<&'a str>, Option<&'a str>)>,
    section: Section<'a>,
) -> Option<Section<'a>> {
    let Section::Named(header, _) = section else { return Some(Section::None) };
    let our_name = ours_named.get(&section).and_then(|n| n.0);
    let mut candidates = theirs.iter().filter_map(|l| match l.section {
        Section::Named(h, _) if h == header && l.key.is_none() && l.text.trim() == h => Some(l.section),
        _ => None,
    });
    match our_name {
        Some(n) => candidates.find(|s| theirs_named.get(s).is_some_and(|(name, kind)| *name == Some(n) && is_kubernetes(*kind))),
        None => candidates.next(),
    }
}

fn merge_keys<'a>(path: &str, theirs: &[Line<'a>], ours: &[Line<'a>], owned: &[&str]) -> Vec<&'a str> {
    let tls = |k: &str| TLS_KEYS.iter().any(|(p, key)| *p == path && *key == k);
    // Their TLS lines are theirs: ours never replaces or adds one to an existing file.
    let our_entries: Vec<&Line> = ours.iter().filter(|l| l.key.is_some_and(|k| !tls(k))).collect();
    let (theirs_named, ours_named) = (cluster_names(theirs), cluster_names(ours));
    // Where each of our entries goes: their section, or none (added at the end).
    let targets: Vec<Option<Section>> = our_entries.iter().map(|l| section_of(theirs, &theirs_named, &ours_named, l.section)).collect();
    // Our entry for each (section, key), found in one step per line of theirs.
    let mut at: HashMap<(Section, &str), usize> = HashMap::new();
    for (j, l) in our_entries.iter().enumerate() {
        if let (Some(section), Some(k)) = (targets[j], l.key) {
            at.entry((section, k)).or_insert(j);
        }
    }
    let we_set = |k: &str, section: Section| at.contains_key(&(section, k));
    let mut used = vec![false; our_entries.len()];
    let mut out: Vec<&str> = Vec::new();
    let mut i = 0;
    while i < theirs.len() {
        let line = &theirs[i];
        let section = line.section;
        // Their line, or ours in its place when we set that key in that section.
        let ours_at = line.key.and_then(|k| at.get(&(section, k)).copied());
        match (ours_at, line.key) {
            (Some(j), _) if !used[j] => {
                used[j] = true;
                out.push(our_entries[j].text);
            }
            (Some(_), _) => {} // a later duplicate of a key we set: the first one was replaced
            // A token of theirs, or a key the page owns and leaves out: removed (the diff shows it).
            (None, Some(k)) if holds_token(k) => {}
            (None, Some(k)) if section == Section::None && owned.contains(&k) && !we_set(k, section) && !tls(k) => {}
            (None, _) => out.push(line.text),
        }
        i += 1;
        // At the end of a section (the next header, or the end): what it still lacks.
        let section_ends = theirs.get(i).is_none_or(|next| next.section != section);
        if section_ends {
            let missing: Vec<usize> = (0..our_entries.len()).filter(|&j| !used[j] && targets[j] == Some(section)).collect();
            if !missing.is_empty() {
                let trailing_blank = out.last().is_some_and(|l| l.trim().is_empty()) && theirs.get(i).is_some();
                let at = if trailing_blank { out.len() - 1 } else { out.len() };
                let mut block = vec![MARK];
                block.extend(missing.iter().map(|&j| our_entries[j].text));
                out.splice(at..at, block);
                for j in missing {
                    used[j] = true;
                }
            }
        }
    }
    // Sections (or files) they did not have at all.
    let mut last_header = None;
    for (j, l) in our_entries.iter().enumerate().filter(|(j, _)| !used[*j]) {
        if last_header.is_none() || last_header != Some(l.section) {
            if out.last().is_some_and(|t| !t.trim().is_empty()) {
                out.push("");
            }
            out.push(MARK);
            if let Section::Named(header, _) = l.section {
                out.push(header);
            }
            last_header = Some(l.section);
        }
        out.push(our_entries[j].text);
    }
    if out.last().is_none_or(|l| !l.is_empty()) {
        out.push("");
    }
    out
}

/// launcher-mounts: a record of theirs at one of our MountPaths becomes ours when it mounts the
/// same volume; another volume there is kept (the checks make that an error, and the page's
/// value a placeholder, so ours is never added beside it).
fn merge_records<'a>(theirs: &[Line<'a>], ours: &[Line<'a>]) -> Vec<&'a str> {
    let our_mounts = mounts(ours);
    let their_mounts: HashMap<Section, Mount> = mounts(theirs).into_iter().collect();
    // For each record of theirs at one of our MountPaths: ours (Some(j)) or kept (None).
    let mut at_ours: HashMap<Section, Option<usize>> = HashMap::new();
    for (s, m) in &their_mounts {
        if let Some(j) = our_mounts.iter().position(|(_, o)| o.mount_path.is_some() && o.mount_path == m.mount_path) {
            at_ours.insert(*s, our_mounts[j].1.same_volume(m).then_some(j));
        }
    }
    // Ours is used where it replaced theirs, and never added beside another volume at its path.
    let mut used = vec![false; our_mounts.len()];
    for (s, m) in &their_mounts {
        if at_ours.contains_key(s) {
            if let Some(j) = our_mounts.iter().position(|(_, o)| o.mount_path == m.mount_path) {
                used[j] = true;
            }
        }
    }
    let record = |lines: &[Line<'a>], r: Section| -> Vec<&'a str> {
        lines.iter().filter(|l| l.section == r && l.key.is_some()).map(|l| l.text).collect()
    };
    let mut out: Vec<&str> = Vec::new();
    let mut replaced: Option<Section> = None;
    for line in theirs {
        match (at_ours.get(&line.section).copied().flatten(), line.key) {
            (Some(j), Some(_)) => {
                // Their record's key lines give way to ours, once, where the record was.
                if replaced != Some(line.section) {
                    replaced = Some(line.section);
                    out.extend(record(ours, our_mounts[j].0));
                }
            }
            _ => out.push(line.text),
        }
    }
    for (_, (r, _)) in our_mounts.iter().enumerate().filter(|(j, _)| !used[*j]) {
        if out.last().is_some_and(|t| !t.trim().is_empty()) {
            out.push("");
        }
        out.push(MARK);
        out.extend(record(ours, *r));
    }
    if out.last().is_none_or(|l| !l.is_empty()) {
        out.push("");
    }
    out
}

/// /etc/exports: our client joins their entry for the same directory (replacing only the same
/// client's options); their other clients, options and entries stay as they were.
fn merge_exports<'a>(theirs: &[Line<'a>], ours: &[Line<'a>]) -> Vec<Cow<'a, str>> {
    let their_entries = exports(theirs);
    let mut out: Vec<Cow<'a, str>> = theirs.iter().map(|l| Cow::Borrowed(l.text)).collect();
    let mut added: Vec<&'a str> = Vec::new();
    for o in exports(ours) {
        let Some(&(_, word)) = o.clients.first() else { continue };
        let Some(t) = their_entries.iter().find(|t| t.path == o.path) else {
            added.push(ours[o.first].text);
            continue;
        };
        let host = Export::host(word);
        match t.clients.iter().find(|(_, w)| Export::host(w) == host) {
            Some(&(n, old)) if old != word => {
                // The same client: its options become ours, in place.
                let line = out[n].to_string();
                let at = line.find(old).unwrap_or(0);
                out[n] = Cow::Owned(format!("{}{word}{}", &line[..at], &line[at + old.len()..]));
            }
            Some(_) => {}
            None => {
                let line = out[t.last].trim_end().to_string();
                out[t.last] = Cow::Owned(format!("{line} {word}"));
            }
        }
    }
    if !added.is_empty() {
        if out.last().is_some_and(|t| t.trim().is_empty()) {
            out.pop();
        }
        out.push(Cow::Borrowed(MARK));
        out.extend(added.into_iter().map(Cow::Borrowed));
    }
    if out.last().is_none_or(|l| !l.is_empty()) {
        out.push(Cow::Borrowed(""));
    }
    out
}

/// What in their file a person should look at before it is replaced.
fn conflicts_of(path: &str, theirs: &[Line<'_>], ours: &[Line<'_>]) -> Vec<Diagnostic> {
    let value = |lines: &[Line<'_>], key: &str| lines.iter().find(|l| l.key == Some(key)).and_then(|l| l.value).map(str::to_string);
    let mut out = Vec::new();
    let mut warn = |code: &'static str, message: String| out.push(Diagnostic::warning(code, IMPORT, message));
    let name = path.rsplit('/').next().unwrap_or(path);
    // A token of theirs is removed wherever it was; say where the launcher's comes from now.
    let tokens: Vec<&str> =
        theirs.iter().filter_map(|l| l.key.filter(|k| holds_token(k) && l.value.is_some_and(|v| !v.is_empty()))).collect();
    if let Some(key) = tokens.first() {
        let replaced = ours.iter().any(|l| l.key == Some(key));
        let now = if ours.iter().any(|l| l.key == Some("auth-token-path")) {
            format!(
                "the launcher now reads its token from {TOKEN_FILE} (auth-token-path), which the token-file step writes from the cluster"
            )
        } else if replaced {
            "the launcher now uses the token pasted into this page".to_string()
        } else {
            "nothing in this file holds a token now".to_string()
        };
        warn(
            "import.token-removed",
            format!("{name} holds a token (\"{}\"): it is not kept in the merged file, the script, the archive or any diff; {now}. Revoke the old token if nothing else uses it.", shown(key)),
        );
    }
    match path {
        RSERVER_CONF => {
            if let (Some(t), Some(o)) =
                (value(theirs, "launcher-sessions-callback-address"), value(ours, "launcher-sessions-callback-address"))
            {
                if t != o && !o.starts_with('<') {
                    warn("import.callback-differs", format!("rserver.conf calls sessions back at {} today; the page writes {}. Sessions started before the change keep the old address.", shown(&t), shown(&o)));
                }
            }
            if let (Some(t), Some(o)) = (value(theirs, "launcher-default-cluster"), value(ours, "launcher-default-cluster")) {
                if t != o && !o.starts_with('<') {
                    out.push(Diagnostic::info("import.default-cluster", IMPORT, format!("rserver.conf started new sessions on cluster \"{}\"; they now start on \"{}\" (launcher-default-cluster). Users can still pick \"{}\" when they start a session, while launcher.conf keeps it; to keep it the default, set \"Default cluster for new sessions\" to theirs.", shown(&t), shown(&o), shown(&t))));
                }
            }
        }
        JUPYTER_CONF => {
            if let (Some(t), Some(o)) = (value(theirs, "default-session-cluster"), value(ours, "default-session-cluster")) {
                if t != o && !o.starts_with('<') {
                    out.push(Diagnostic::info(
                        "import.default-cluster",
                        IMPORT,
                        format!(
                            "jupyter.conf started Jupyter sessions on cluster \"{}\"; they now start on \"{}\" (default-session-cluster).",
                            shown(&t),
                            shown(&o)
                        ),
                    ));
                }
            }
        }
        LAUNCHER_CONF => {
            let ours_name = value(ours, "name");
            for (name, _) in cluster_names(theirs).values().filter(|(_, k)| is_kubernetes(*k)) {
                if name.map(str::to_string) != ours_name {
                    warn("import.second-kubernetes-cluster", format!("launcher.conf already has a Kubernetes cluster named \"{}\": the page's is added beside it. Remove one of them unless both are meant.", shown(name.unwrap_or("?"))));
                }
            }
        }
        EXPORTS => {
            let our_entries = exports(ours);
            for t in exports(theirs) {
                let our_client =
                    our_entries.iter().find(|o| o.path == t.path).and_then(|o| o.clients.first()).map(|(_, w)| Export::host(w));
                let our_net = our_client.and_then(|c| c.parse::<ipnet::IpNet>().ok());
                // Their entry for our client gets our options: nothing of theirs to say about it.
                for (_, word) in t.clients.iter().filter(|(_, w)| Some(Export::host(w)) != our_client) {
                    let client = Export::host(word);
                    let options = word.split_once('(').map_or("", |(_, o)| o.trim_end_matches(')'));
                    if options.split(',').any(|o| o == "insecure") {
                        warn("import.insecure-export", format!("/etc/exports exports {} to {} with insecure: any user on that client can mount it from an unprivileged port. It is kept; remove insecure unless that client needs it.", shown(t.path), shown(client)));
                    }
                    if word.contains("no_root_squash") {
                        warn("import.no-root-squash", format!("/etc/exports exports {} to {} with no_root_squash: root on that client is root there. It is kept; change it to root_squash unless that client needs it.", shown(t.path), shown(client)));
                    }
                    let wider = match (client.parse::<ipnet::IpNet>(), our_net) {
                        (Ok(net), Some(ours)) => net != ours && net.contains(&ours),
                        (Ok(_), None) => false,
                        (Err(_), _) => client.is_empty() || client.contains(['*', '?']),
                    };
                    if wider && our_net.is_some() {
                        warn(
                            "import.wider-export",
                            format!(
                                "/etc/exports exports {} to {} today, wider than the node subnet. It is kept (the node subnet is added beside it): remove it yourself unless those machines need the homes.",
                                shown(t.path),
                                if client.is_empty() { "every host".to_string() } else { shown(client) }
                            ),
                        );
                    }
                }
            }
        }
        _ => {}
    }
    out
}
