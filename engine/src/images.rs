//! Session images: which of Posit's images a reference names, and the one that matches a
//! release. Facts from Posit's image repositories (rstudio/rstudio-docker-products,
//! posit-dev/images-workbench; see docs/versions.md).

use crate::settings::values::{Release, Version3};

/// The first release with the session init container (`launcher-sessions-auto-update`):
/// Workbench 2024.12.0's release notes.
pub const INIT_CONTAINER: Version3 = (2024, 12, 0);

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
const NEEDS_INIT: &[(&str, &str)] = &[
    ("ghcr.io/posit-dev/workbench-session", "ghcr.io/posit-dev/workbench-session-init"),
    ("posit/workbench-session", "posit/workbench-session-init"),
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

/// The session image that matches a Workbench release: r-session-complete on Ubuntu 22.04,
/// the only system it is built for. RStudio Server Pro 1.3 has none to derive.
pub fn matching(release: Release) -> Option<String> {
    release.is_workbench().then(|| format!("rstudio/r-session-complete:ubuntu2204-{release}"))
}

/// Whether an image's version is the release's (`1.3.959` is RStudio Server Pro 1.3).
pub fn matches(version: &str, release: Release) -> bool {
    match release.version() {
        Some(_) => version == release.version_text(),
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
        assert_eq!(classify("registry.example.com/team/r-base:4.5"), SessionImage::Other);
        assert_eq!(classify("rstudio/r-session-complete"), SessionImage::Complete { version: None });
    }
}
