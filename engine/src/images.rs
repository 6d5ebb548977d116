//! Session images: which of Posit's images a reference names, and the one that matches a
//! release. Facts from Posit's image repositories (rstudio/rstudio-docker-products,
//! posit-dev/images-workbench; see docs/versions.md).

use crate::settings::values::{parse_version, Known, Release, Version3};

/// The first release with the session init container (`launcher-sessions-auto-update`):
/// Workbench 2024.12.0's release notes.
pub const INIT_CONTAINER: Version3 = (2024, 12, 0);

/// Positron Pro sessions, first as a preview: Workbench 2024.12.0's release notes.
pub const POSITRON: Version3 = (2024, 12, 0);

/// The first release for which Posit's chart defaults to `workbench-session` with the init
/// container (rstudio/helm 0.11.0, appVersion 2026.04.0); before it, r-session-complete.
pub const INIT_RECOMMENDED: Version3 = (2026, 4, 0);

/// Posit's current session image (rstudio/helm `values.yaml`: `session.image`, chart 0.22.0).
pub const WORKBENCH_SESSION: &str = "posit/workbench-session:R4.5.2-python3.14.3-ubuntu-24.04";

/// Which session images Posit publishes for each listed release: (release,
/// `rstudio/r-session-complete:ubuntu2204-<release>` found, `posit/workbench-session-init:<release>`
/// found). Each `true` has its source in docs/versions.md; `false` means no source was found
/// (the image may still exist). A test holds this table equal to the file's.
pub const PUBLISHED: &[(&str, bool, bool)] = &[
    ("2026.09.0", false, true),
    ("2026.08.1", false, true),
    ("2026.08.0", false, true),
    ("2026.07.1", true, true),
    ("2026.07.0", true, true),
    ("2026.06.0", true, true),
    ("2026.05.1", true, true),
    ("2026.05.0", true, true),
    ("2026.04.0", true, true),
    ("2026.01.2", true, true),
    ("2026.01.1", true, false),
    ("2026.01.0", true, false),
    ("2025.09.2", true, true),
    ("2025.09.1", true, false),
    ("2025.09.0", true, false),
];

/// What a source says Posit publishes for `release`: (r-session-complete tag, init tag);
/// `None` for a release the table does not list.
pub fn published(release: Release) -> Option<(bool, bool)> {
    let v = release.version()?;
    PUBLISHED.iter().find(|(id, _, _)| parse_version(id) == Some(v)).map(|(_, rsc, init)| (*rsc, *init))
}

/// What a session image holds, which decides what rserver.conf needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SessionImage {
    /// Workbench's session components built in (`rstudio/r-session-complete`,
    /// `posit/workbench-session-complete`): its tag names a Workbench version.
    Complete { version: Option<String> },
    /// R and Python only (`posit/workbench-session`): an init container brings the session
    /// components of the server's version, from this image.
    NeedsInit { init_image: &'static str },
    /// Not one of Posit's: it must hold the session components itself.
    Other,
}

/// Repositories (with or without a registry) and what their images are.
const COMPLETE: &[&str] = &["rstudio/r-session-complete", "posit/workbench-session-complete", "posit-dev/workbench-session-complete"];
/// Images that hold R and Python only, and their init container (rstudio/helm NEWS 0.11.0 and
/// 0.20.0: `rstudio/workbench-session` with `rstudio/workbench-session-init`, then the `posit/` ones).
const NEEDS_INIT: &[(&str, &str)] = &[
    ("ghcr.io/posit-dev/workbench-session", "ghcr.io/posit-dev/workbench-session-init"),
    ("posit/workbench-session", "posit/workbench-session-init"),
    ("ghcr.io/rstudio/workbench-session", "ghcr.io/rstudio/workbench-session-init"),
    ("rstudio/workbench-session", "rstudio/workbench-session-init"),
];

pub fn classify(image: &str) -> SessionImage {
    let name = image.split('@').next().unwrap_or(image);
    let (repo, tag) = match name.rsplit_once(':').filter(|(_, t)| !t.contains('/')) {
        Some((r, t)) => (r, Some(t)),
        None => (name, None),
    };
    let repo_is = |r: &str| repo == r || repo.ends_with(&format!("/{r}"));
    if let Some((_, init)) = NEEDS_INIT.iter().find(|(r, _)| repo == *r || repo == format!("docker.io/{r}")) {
        return SessionImage::NeedsInit { init_image: init };
    }
    if COMPLETE.iter().any(|r| repo_is(r)) {
        return SessionImage::Complete { version: tag.and_then(version_in) };
    }
    SessionImage::Other
}

/// Where jupyter is in an image that does not say so itself: posit/workbench-session installs it
/// in /opt/python/jupyter and sets no `WORKBENCH_JUPYTER_PATH` (posit-dev/images-workbench
/// `workbench-session/matrix/Containerfile.ubuntu2404`).
pub fn jupyter_in(kind: Option<&SessionImage>) -> Option<&'static str> {
    match kind {
        Some(SessionImage::NeedsInit { init_image }) if init_image.contains("posit") => Some("/opt/python/jupyter/bin/jupyter"),
        _ => None,
    }
}

/// The first `YYYY.MM.P` (or RSP's `1.3.N`) in a tag such as `ubuntu2204-2026.07.1` or
/// `2026.09.0-ubuntu-26.04`.
fn version_in(tag: &str) -> Option<String> {
    tag.split(['-', '_'])
        .find(|part| {
            let nums: Vec<&str> = part.split('.').collect();
            nums.len() == 3 && nums.iter().all(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
        })
        .map(str::to_string)
}

/// The session image Posit recommends for a Workbench release: from 2026.04.0 (and for any
/// release newer than the table) `posit/workbench-session` with the init container, as Posit's
/// chart does; before, `rstudio/r-session-complete` on Ubuntu 22.04, the only system it is built
/// for. RStudio Server Pro 1.3 has none to derive.
pub fn matching(release: Release) -> Option<String> {
    if !release.is_workbench() {
        return None;
    }
    let init = release.at_least(INIT_RECOMMENDED) || release.known() == Known::Newer;
    Some(match init {
        true => WORKBENCH_SESSION.to_string(),
        false => format!("rstudio/r-session-complete:ubuntu2204-{release}"),
    })
}

/// Whether an image's version is the release's (`1.3.959` is RStudio Server Pro 1.3).
pub fn matches(version: &str, release: Release) -> bool {
    match release.version() {
        Some(_) => version == release.version_text().as_str(),
        None => version.starts_with("1.3."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn posits_images_are_recognised() {
        assert_eq!(
            classify("rstudio/r-session-complete:ubuntu2204-2026.07.1"),
            SessionImage::Complete { version: Some("2026.07.1".into()) }
        );
        assert_eq!(
            classify("ghcr.io/rstudio/r-session-complete:jammy-2026.07.1-147.pro6"),
            SessionImage::Complete { version: Some("2026.07.1".into()) }
        );
        assert_eq!(
            classify("posit/workbench-session-complete:2026.09.0-ubuntu-26.04-std"),
            SessionImage::Complete { version: Some("2026.09.0".into()) }
        );
        assert_eq!(classify("rstudio/r-session-complete:bionic-1.3.959-1"), SessionImage::Complete { version: Some("1.3.959".into()) });
        assert_eq!(
            classify("posit/workbench-session:R4.5.2-python3.14.3-ubuntu-24.04"),
            SessionImage::NeedsInit { init_image: "posit/workbench-session-init" }
        );
        assert_eq!(
            classify("ghcr.io/posit-dev/workbench-session:R4.5.2-python3.14.3-ubuntu-24.04"),
            SessionImage::NeedsInit { init_image: "ghcr.io/posit-dev/workbench-session-init" }
        );
        assert_eq!(
            classify("rstudio/workbench-session:ubuntu2204-r4.5.2_4.4.3-py3.13.9_3.12.11"),
            SessionImage::NeedsInit { init_image: "rstudio/workbench-session-init" }
        );
        assert_eq!(classify("registry.example.com/team/r-base:4.5"), SessionImage::Other);
        assert_eq!(classify("rstudio/r-session-complete"), SessionImage::Complete { version: None });
    }
}
