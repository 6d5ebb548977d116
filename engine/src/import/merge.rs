//! Merging the page's file into the one imported, key by key: the keys (records, exports) the
//! page writes replace theirs in place; every other line, comment and blank line stays where
//! it was; what the file lacked is added in one marked block. And what a person should look at.

use super::parse::{layout, lines, Layout, Line, Section};
use super::IMPORT;
use crate::diagnostic::{shown, Diagnostic};
use crate::render::paths::{EXPORTS, KUBERNETES_CONF, LAUNCHER_CONF, RSERVER_CONF};

/// Marks what the merge added to a file.
pub const MARK: &str = "# Added by rsp-k8s-config:";

/// The imported file with the page's rendered file merged into it.
pub(crate) fn merge(path: &str, imported: &str, rendered: &str) -> String {
    let theirs = lines(path, imported);
    let ours = lines(path, rendered);
    let merged = match layout(path) {
        Layout::Records => merge_records(&theirs, &ours),
        Layout::KeyValue | Layout::Exports => merge_keys(&theirs, &ours),
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

/// Which of their sections one of ours goes into: the same header and, for a `[cluster]`, the
/// same name; a section that has no match is added.
fn section_of<'a>(theirs: &[Line<'a>], ours: &[Line<'a>], section: Section<'a>) -> Option<Section<'a>> {
    let Section::Named(header, _) = section else { return Some(Section::None) };
    fn name<'a>(lines: &[Line<'a>], s: Section<'a>) -> Option<&'a str> {
        lines.iter().find(|l| l.section == s && l.key == Some("name")).and_then(|l| l.value)
    }
    let our_name = name(ours, section);
    let mut candidates = theirs.iter().filter_map(|l| match l.section {
        Section::Named(h, _) if h == header && l.key.is_none() && l.text.trim() == h => Some(l.section),
        _ => None,
    });
    match our_name {
        Some(n) => candidates.find(|s| name(theirs, *s) == Some(n)),
        None => candidates.next(),
    }
}

fn merge_keys<'a>(theirs: &[Line<'a>], ours: &[Line<'a>]) -> Vec<&'a str> {
    let owned = |l: &Line| l.key.is_some();
    let our_entries: Vec<&Line> = ours.iter().filter(|l| owned(l)).collect();
    // Where each of our entries goes: their section, or none (added at the end).
    let targets: Vec<Option<Section>> = our_entries.iter().map(|l| section_of(theirs, ours, l.section)).collect();
    let mut used = vec![false; our_entries.len()];
    let mut out: Vec<&str> = Vec::new();
    let mut i = 0;
    while i < theirs.len() {
        let line = &theirs[i];
        let section = line.section;
        // Their line, or ours in its place when we set that key in that section.
        let ours_at = line.key.and_then(|k| (0..our_entries.len()).find(|&j| targets[j] == Some(section) && our_entries[j].key == Some(k)));
        match ours_at {
            Some(j) if !used[j] => {
                used[j] = true;
                out.push(our_entries[j].text);
            }
            Some(_) => {} // a later duplicate of a key we set: the first one was replaced
            None => out.push(line.text),
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

/// launcher-mounts: a record of theirs with the same Path as one of ours becomes ours.
fn merge_records<'a>(theirs: &[Line<'a>], ours: &[Line<'a>]) -> Vec<&'a str> {
    let path_of = |lines: &[Line<'a>], r: Section| lines.iter().find(|l| l.section == r && l.key == Some("Path")).and_then(|l| l.value);
    let records = |lines: &[Line<'a>]| {
        let mut rs: Vec<Section> = lines.iter().map(|l| l.section).filter(|s| matches!(s, Section::Record(_))).collect();
        rs.dedup();
        rs
    };
    let our_records = records(ours);
    let our_paths: Vec<Option<&str>> = our_records.iter().map(|r| path_of(ours, *r)).collect();
    // Each of their records' Path, found in one pass (a file of thousands of records stays linear).
    let mut their_paths = std::collections::HashMap::new();
    for l in theirs.iter().filter(|l| l.key == Some("Path")) {
        their_paths.entry(l.section).or_insert(l.value);
    }
    let mut used = vec![false; our_records.len()];
    let mut out: Vec<&str> = Vec::new();
    let mut replaced: Option<Section> = None;
    for line in theirs {
        let theirs_path = their_paths.get(&line.section).copied().flatten();
        let mine = our_paths.iter().position(|p| matches!(line.section, Section::Record(_)) && p.is_some() && *p == theirs_path);
        match (mine, line.key) {
            (Some(j), Some(_)) => {
                // Their record's key lines give way to ours, once, where the record was.
                if replaced != Some(line.section) {
                    replaced = Some(line.section);
                    used[j] = true;
                    out.extend(ours.iter().filter(|l| l.section == our_records[j] && l.key.is_some()).map(|l| l.text));
                }
            }
            _ => out.push(line.text),
        }
    }
    for r in our_records.iter().zip(&used).filter(|(_, u)| !**u).map(|(r, _)| r) {
        if out.last().is_some_and(|t| !t.trim().is_empty()) {
            out.push("");
        }
        out.push(MARK);
        out.extend(ours.iter().filter(|l| l.section == *r && l.key.is_some()).map(|l| l.text));
    }
    if out.last().is_none_or(|l| !l.is_empty()) {
        out.push("");
    }
    out
}

/// What in their file a person should look at before it is replaced.
pub(crate) fn conflicts(path: &str, imported: &str, rendered: &str) -> Vec<Diagnostic> {
    let theirs = lines(path, imported);
    let ours = lines(path, rendered);
    let value = |lines: &[Line<'_>], key: &str| lines.iter().find(|l| l.key == Some(key)).and_then(|l| l.value).map(str::to_string);
    let mut out = Vec::new();
    let mut warn = |code: &'static str, message: String| out.push(Diagnostic::warning(code, IMPORT, message));
    match path {
        RSERVER_CONF => {
            if let (Some(t), Some(o)) =
                (value(&theirs, "launcher-sessions-callback-address"), value(&ours, "launcher-sessions-callback-address"))
            {
                if t != o && !o.starts_with('<') {
                    warn("import.callback-differs", format!("rserver.conf calls sessions back at {} today; the page writes {}. Sessions started before the change keep the old address.", shown(&t), shown(&o)));
                }
            }
        }
        KUBERNETES_CONF => {
            if let (Some(t), Some(o)) = (value(&theirs, "auth-token"), value(&ours, "auth-token")) {
                if t != o && !o.starts_with('<') {
                    warn("import.token-differs", "launcher.kubernetes.conf holds another token than the one pasted here: the merge replaces it. Check that the old token is no longer needed, and revoke it.".into());
                }
            }
        }
        LAUNCHER_CONF => {
            let ours_name = value(&ours, "name");
            for l in theirs.iter().filter(|l| l.key == Some("type") && l.value.is_some_and(|v| v.eq_ignore_ascii_case("kubernetes"))) {
                let name = theirs.iter().find(|n| n.section == l.section && n.key == Some("name")).and_then(|n| n.value);
                if name.map(str::to_string) != ours_name {
                    warn("import.second-kubernetes-cluster", format!("launcher.conf already has a Kubernetes cluster named \"{}\": a second one is added. Remove one of them unless both are meant.", shown(name.unwrap_or("?"))));
                }
            }
        }
        EXPORTS => {
            for t in theirs.iter().filter(|l| l.key.is_some()) {
                let clients = t.value.unwrap_or_default();
                if clients.contains("no_root_squash") {
                    warn(
                        "import.no-root-squash",
                        format!(
                            "/etc/exports exports {} with no_root_squash: root on those clients is root there.",
                            shown(t.key.unwrap_or_default())
                        ),
                    );
                }
                let Some(o) = ours.iter().find(|o| o.key == t.key) else { continue };
                let our_net = o.value.and_then(|v| v.split('(').next()).and_then(|n| n.parse::<ipnet::IpNet>().ok());
                for client in clients.split_whitespace().map(|c| c.split('(').next().unwrap_or(c)) {
                    let wider = match (client.parse::<ipnet::IpNet>(), our_net) {
                        (Ok(net), Some(ours)) => net != ours && net.contains(&ours),
                        (Ok(_), None) => false,
                        (Err(_), _) => client == "*" || client.contains(['*', '?']),
                    };
                    if wider {
                        warn(
                            "import.wider-export",
                            format!(
                                "/etc/exports exports {} to {} today, wider than the node subnet: the merge narrows it.",
                                shown(t.key.unwrap_or_default()),
                                shown(client)
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
