//! The value types a settings field can hold. Each parser accepts only characters that
//! are inert in an INI line, a DCF line, /etc/exports and a shell word, so a value that
//! passes can be rendered anywhere without escaping (the property tests hold this).

use std::net::IpAddr;

/// How the page shows a field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Control {
    Text,
    /// Text over several lines: a list (one per line, or separated by commas or spaces), a certificate.
    Multiline,
    Checkbox,
    /// `(value, label)` pairs.
    Select(&'static [(&'static str, &'static str)]),
    /// Text with suggestions, `(value, label)` pairs: any value the parser takes may be typed
    /// (a release the list does not have yet).
    Suggest(&'static [(&'static str, &'static str)]),
}

pub trait FieldValue: Sized + Clone {
    const CONTROL: Control;
    /// The value as a person reads it (the guide's table of inputs).
    fn shown(&self) -> String;
    /// Parse trimmed, non-empty text. The error completes "… must be …" in plain words.
    fn parse(s: &str) -> Result<Self, String>;
    /// The text the form holds for this value: what a checkbox or a list compares with. Text
    /// fields keep what was typed (trimmed), so typing is never rewritten under the cursor.
    fn canonical(&self, typed: &str) -> String {
        typed.to_string()
    }
}

/// The newtypes render as the text they hold.
macro_rules! shown_as_inner {
    ($($t:ty),+) => {
        $(impl std::fmt::Display for $t {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        })+
    };
}
shown_as_inner!(Label, K8sName, GcpId, CloudName, Port, Minutes, AbsPath, Command, Version, Host, Image, GroupName);

impl std::fmt::Display for HttpUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.text.fmt(f)
    }
}

fn chars_ok(s: &str, max: usize, ok: impl Fn(char) -> bool) -> bool {
    !s.is_empty() && s.len() <= max && s.chars().all(ok)
}

/// Display name of the launcher cluster: letters, digits, `.`, `_`, `-`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label(pub String);
impl FieldValue for Label {
    const CONTROL: Control = Control::Text;
    fn shown(&self) -> String {
        self.to_string()
    }
    fn parse(s: &str) -> Result<Self, String> {
        let ok = chars_ok(s, 63, |c| c.is_ascii_alphanumeric() || "._-".contains(c)) && s.starts_with(|c: char| c.is_ascii_alphanumeric());
        ok.then(|| Label(s.into()))
            .ok_or_else(|| "one word of letters, digits, '.', '_' or '-' (at most 63), starting with a letter or digit".into())
    }
}

/// A Kubernetes object name (RFC 1123 label): namespace, service account.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct K8sName(pub String);
impl FieldValue for K8sName {
    const CONTROL: Control = Control::Text;
    fn shown(&self) -> String {
        self.to_string()
    }
    fn parse(s: &str) -> Result<Self, String> {
        dns_label(s, 63).then(|| K8sName(s.into())).ok_or_else(|| {
            format!(
                "a Kubernetes name: lower-case letters, digits and '-', at most 63, starting and ending with a letter or digit{}",
                suggest(s)
            )
        })
    }
}

/// ", such as \"my-name\"" when lower-casing and replacing other characters with '-' fixes it.
fn suggest(s: &str) -> String {
    let fixed: String = s.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' }).collect();
    let fixed = fixed.trim_matches('-');
    if dns_label(fixed, 63) && fixed != s {
        format!(", such as \"{fixed}\"")
    } else {
        String::new()
    }
}

fn dns_label(s: &str, max: usize) -> bool {
    chars_ok(s, max, |c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-') && !s.starts_with('-') && !s.ends_with('-')
}

/// A Google Cloud identifier: project, location, cluster or network name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GcpId(pub String);
impl FieldValue for GcpId {
    const CONTROL: Control = Control::Text;
    fn shown(&self) -> String {
        self.to_string()
    }
    fn parse(s: &str) -> Result<Self, String> {
        (dns_label(s, 63) && s.starts_with(|c: char| c.is_ascii_lowercase()))
            .then(|| GcpId(s.into()))
            .ok_or_else(|| format!("a Google Cloud name: lower-case letters, digits and '-', starting with a letter{}", suggest(s)))
    }
}

/// An AWS or Azure name (cluster, region, resource group): letters, digits, '-', '_', '.', '(', ')'.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CloudName(pub String);
impl FieldValue for CloudName {
    const CONTROL: Control = Control::Text;
    fn shown(&self) -> String {
        self.to_string()
    }
    fn parse(s: &str) -> Result<Self, String> {
        (chars_ok(s, 90, |c| c.is_ascii_alphanumeric() || "-_.()".contains(c)) && s.starts_with(|c: char| c.is_ascii_alphanumeric()))
            .then(|| CloudName(s.into()))
            .ok_or_else(|| "a name of letters, digits, '-', '_', '.' and parentheses, starting with a letter or digit".into())
    }
}

impl FieldValue for IpAddr {
    const CONTROL: Control = Control::Text;
    fn shown(&self) -> String {
        self.to_string()
    }
    fn parse(s: &str) -> Result<Self, String> {
        s.parse().map_err(|_| "an IP address such as 10.154.0.16".into())
    }
}

impl FieldValue for ipnet::IpNet {
    const CONTROL: Control = Control::Text;
    fn shown(&self) -> String {
        self.to_string()
    }
    fn parse(s: &str) -> Result<Self, String> {
        s.parse().map_err(|_| "a network in CIDR form such as 10.154.0.0/20".into())
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Port(pub u16);
impl FieldValue for Port {
    const CONTROL: Control = Control::Text;
    fn shown(&self) -> String {
        self.to_string()
    }
    fn parse(s: &str) -> Result<Self, String> {
        match s.parse::<u16>() {
            Ok(p) if p > 0 && s.chars().all(|c| c.is_ascii_digit()) => Ok(Port(p)),
            _ => Err("a port number from 1 to 65535".into()),
        }
    }
}

/// Whole minutes, 0 to a year.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Minutes(pub u32);
impl FieldValue for Minutes {
    const CONTROL: Control = Control::Text;
    fn shown(&self) -> String {
        self.to_string()
    }
    fn parse(s: &str) -> Result<Self, String> {
        match s.parse::<u32>() {
            Ok(m) if m <= 525_600 && s.chars().all(|c| c.is_ascii_digit()) => Ok(Minutes(m)),
            _ => Err("a whole number of minutes from 0 to 525600".into()),
        }
    }
}

/// An absolute, normalised path: no `..`, no `//`, no trailing `/`, plain characters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AbsPath(pub String);
impl FieldValue for AbsPath {
    const CONTROL: Control = Control::Text;
    fn shown(&self) -> String {
        self.to_string()
    }
    fn parse(s: &str) -> Result<Self, String> {
        let plain = chars_ok(s, 255, |c| c.is_ascii_alphanumeric() || "/._-".contains(c));
        let normal = s.starts_with('/')
            && s.len() > 1
            && !s.ends_with('/')
            && !s.split('/').skip(1).any(|seg| seg.is_empty() || seg == "." || seg == "..");
        (plain && normal).then(|| AbsPath(s.into())).ok_or_else(|| {
            "an absolute path such as /home, made of letters, digits, '.', '_', '-' and '/', without '..' or a trailing '/'".into()
        })
    }
}

impl AbsPath {
    /// True if `self` is `base` or lies below it.
    pub fn is_within(&self, base: &AbsPath) -> bool {
        self.0 == base.0 || self.0.strip_prefix(&base.0).is_some_and(|rest| rest.starts_with('/'))
    }
}

/// A program: an absolute path or a bare command name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Command(pub String);
impl FieldValue for Command {
    const CONTROL: Control = Control::Text;
    fn shown(&self) -> String {
        self.to_string()
    }
    fn parse(s: &str) -> Result<Self, String> {
        let ok = chars_ok(s, 255, |c| c.is_ascii_alphanumeric() || "/._-".contains(c))
            && !s.starts_with('-')
            && !s.split('/').any(|seg| seg == "..");
        ok.then(|| Command(s.into())).ok_or_else(|| "an absolute path or a command name, such as /opt/python/jupyter/bin/jupyter".into())
    }
}

/// A software version such as 4.2.5 or 2026.07.1+123.pro1.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Version(pub String);
impl FieldValue for Version {
    const CONTROL: Control = Control::Text;
    fn shown(&self) -> String {
        self.to_string()
    }
    fn parse(s: &str) -> Result<Self, String> {
        let ok = chars_ok(s, 64, |c| c.is_ascii_alphanumeric() || ".+-".contains(c)) && s.starts_with(|c: char| c.is_ascii_digit());
        ok.then(|| Version(s.into())).ok_or_else(|| "a version number such as 4.2.5".into())
    }
}

/// A host name or IP address (no port).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Host(pub String);
impl FieldValue for Host {
    const CONTROL: Control = Control::Text;
    fn shown(&self) -> String {
        self.to_string()
    }
    fn parse(s: &str) -> Result<Self, String> {
        if s.parse::<IpAddr>().is_ok() || is_dns_name(s) {
            Ok(Host(s.into()))
        } else {
            Err("a host name such as localhost, or an IP address".into())
        }
    }
}

fn is_dns_name(s: &str) -> bool {
    s.len() <= 253
        && s.split('.').all(|l| chars_ok(l, 63, |c| c.is_ascii_alphanumeric() || c == '-') && !l.starts_with('-') && !l.ends_with('-'))
}

/// An `http(s)://host[:port][/path]` URL with plain characters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HttpUrl {
    pub text: String,
    pub host: String,
}
impl FieldValue for HttpUrl {
    const CONTROL: Control = Control::Text;
    fn shown(&self) -> String {
        self.to_string()
    }
    fn parse(s: &str) -> Result<Self, String> {
        let err = || "a URL such as http://10.154.0.16:8787".to_string();
        // Only characters a plain http(s) URL needs: nothing else can reach a file.
        if !chars_ok(s, 255, |c| c.is_ascii_alphanumeric() || ":/.[]_~-".contains(c)) {
            return Err(err());
        }
        let rest = s.strip_prefix("http://").or_else(|| s.strip_prefix("https://")).ok_or_else(err)?;
        let (authority, path) = rest.split_once('/').unwrap_or((rest, ""));
        let (host, port) = match authority.strip_prefix('[') {
            Some(v6) => {
                let (h, after) = v6.split_once(']').ok_or_else(err)?;
                h.parse::<std::net::Ipv6Addr>().map_err(|_| err())?;
                // After the bracket: nothing, or a port.
                let port = match after {
                    "" => None,
                    _ => Some(after.strip_prefix(':').ok_or_else(err)?),
                };
                (h, port)
            }
            None => match authority.split_once(':') {
                Some((h, p)) => (h, Some(p)),
                None => (authority, None),
            },
        };
        let host_ok = !host.contains(['[', ']']) && (host.parse::<IpAddr>().is_ok() || is_dns_name(host));
        let port_ok = port.is_none_or(|p| Port::parse(p).is_ok());
        let path_ok = !path.contains(['[', ']', ':']);
        if host_ok && port_ok && path_ok && !host.is_empty() {
            Ok(HttpUrl { text: s.trim_end_matches('/').into(), host: host.into() })
        } else {
            Err(err())
        }
    }
}

/// A container image reference: `[registry[:port]/]path[:tag][@sha256:digest]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Image(pub String);
impl FieldValue for Image {
    const CONTROL: Control = Control::Text;
    fn shown(&self) -> String {
        self.to_string()
    }
    fn parse(s: &str) -> Result<Self, String> {
        image_ok(s)
            .then(|| Image(s.into()))
            .ok_or_else(|| "an image reference such as rstudio/r-session-complete:ubuntu2204-2026.07.1".into())
    }
}

impl Image {
    pub fn tag(&self) -> Option<&str> {
        let no_digest = self.0.split('@').next().unwrap_or(&self.0);
        let last = no_digest.rsplit('/').next().unwrap_or(no_digest);
        last.split_once(':').map(|(_, t)| t)
    }
}

fn image_ok(s: &str) -> bool {
    if s.len() > 255 {
        return false;
    }
    let (name, digest) = match s.split_once('@') {
        Some((n, d)) => (n, Some(d)),
        None => (s, None),
    };
    let digest_ok = digest.is_none_or(|d| {
        d.split_once(':').is_some_and(|(alg, hex)| {
            chars_ok(alg, 32, |c| c.is_ascii_alphanumeric()) && chars_ok(hex, 128, |c| c.is_ascii_hexdigit()) && hex.len() >= 32
        })
    });
    let mut parts: Vec<&str> = name.split('/').collect();
    let last = parts.pop().unwrap_or_default();
    let (repo, tag) = match last.split_once(':') {
        Some((r, t)) => (r, Some(t)),
        None => (last, None),
    };
    let tag_ok = tag.is_none_or(|t| chars_ok(t, 128, |c| c.is_ascii_alphanumeric() || "_.-".contains(c)) && !t.starts_with(['.', '-']));
    // The first part may be a registry (has '.' or ':' or is localhost), which allows ':port'.
    let registry = parts.first().filter(|p| p.contains(['.', ':']) || **p == "localhost").copied();
    let path_parts = if registry.is_some() { &parts[1..] } else { &parts[..] };
    let registry_ok = registry.is_none_or(|r| {
        let (h, p) = r.split_once(':').unwrap_or((r, "1"));
        is_dns_name(h) && Port::parse(p).is_ok()
    });
    let component = |c: &str| {
        chars_ok(c, 128, |ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || "._-".contains(ch))
            && c.starts_with(|ch: char| ch.is_ascii_alphanumeric())
            && c.ends_with(|ch: char| ch.is_ascii_alphanumeric())
    };
    digest_ok && tag_ok && registry_ok && path_parts.iter().all(|p| component(p)) && component(repo)
}

/// A CA certificate: PEM text, or base64 of it (as `certificate-authority-data` and a
/// Secret's `ca.crt` carry it). Held as the base64 that `certificate-authority` takes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CaData(pub crate::intake::ca::Ca);
impl FieldValue for CaData {
    const CONTROL: Control = Control::Multiline;
    fn shown(&self) -> String {
        self.0.facts.as_ref().map_or_else(|| "a CA certificate".into(), |f| format!("the CA {}", f.subject))
    }
    fn parse(s: &str) -> Result<Self, String> {
        crate::intake::ca::from_paste(s).map(CaData).map_err(|(_, why)| format!("a CA certificate (PEM, or base64 of it); this one {why}"))
    }
}

/// A POSIX group name, such as an admin group.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GroupName(pub String);
impl FieldValue for GroupName {
    const CONTROL: Control = Control::Text;
    fn shown(&self) -> String {
        self.to_string()
    }
    fn parse(s: &str) -> Result<Self, String> {
        let ok = chars_ok(s, 32, |c| c.is_ascii_lowercase() || c.is_ascii_digit() || "_-".contains(c))
            && s.starts_with(|c: char| c.is_ascii_lowercase() || c == '_');
        ok.then(|| GroupName(s.into()))
            .ok_or_else(|| "a group name of lower-case letters, digits, '_' and '-' (at most 32), starting with a letter or '_'".into())
    }
}

/// Local POSIX user names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Users(pub Vec<String>);
impl FieldValue for Users {
    const CONTROL: Control = Control::Multiline;
    fn shown(&self) -> String {
        self.0.join(", ")
    }
    fn parse(s: &str) -> Result<Self, String> {
        let mut users = Vec::new();
        let mut seen = std::collections::BTreeSet::new();
        for u in s.split(|c: char| c == ',' || c.is_whitespace()).filter(|u| !u.is_empty()) {
            let ok = chars_ok(u, 32, |c| c.is_ascii_lowercase() || c.is_ascii_digit() || "_-".contains(c))
                && u.starts_with(|c: char| c.is_ascii_lowercase() || c == '_');
            if !ok {
                return Err(format!(
                    "user names of lower-case letters, digits, '_' and '-' (at most 32), each starting with a letter or '_'; \"{}\" is not one",
                    crate::diagnostic::shown(u)
                ));
            }
            if ["root", "rstudio-server", "nobody", "daemon", "bin", "sys"].contains(&u) {
                return Err(format!("user names of people; \"{u}\" is a system account"));
            }
            if seen.insert(u) {
                users.push(u.to_string());
            }
        }
        Ok(Users(users))
    }
}

impl FieldValue for bool {
    const CONTROL: Control = Control::Checkbox;
    fn shown(&self) -> String {
        if *self { "on" } else { "off" }.into()
    }
    fn canonical(&self, _: &str) -> String {
        if *self { "1" } else { "0" }.into()
    }
    fn parse(s: &str) -> Result<Self, String> {
        match s.to_ascii_lowercase().as_str() {
            "1" | "true" | "on" | "yes" => Ok(true),
            "0" | "false" | "off" | "no" => Ok(false),
            _ => Err("on or off (1 or 0)".into()),
        }
    }
}

/// Defines a choice field: an enum whose variants map to stable values and labels.
macro_rules! choice {
    ($(#[$m:meta])* $name:ident { $($variant:ident = $value:literal : $label:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum $name { $($variant),+ }
        impl $name {
            /// The value as files and the form write it.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $value),+ }
            }
            /// The value as the form's list names it.
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }
        }
        impl FieldValue for $name {
            const CONTROL: Control = Control::Select(&[$(($value, $label)),+]);
            fn shown(&self) -> String {
                self.label().into()
            }
            fn canonical(&self, _: &str) -> String {
                self.as_str().into()
            }
            fn parse(s: &str) -> Result<Self, String> {
                $(if s.eq_ignore_ascii_case($value) {
                    return Ok($name::$variant);
                })+
                Err(concat!("one of: ", $($value, " "),+).trim_end().into())
            }
        }
    };
}

/// The Workbench releases the tool knows, newest first: (value, label). "newest" follows the
/// newest known release. Every one has a source in `docs/versions.md` (a test holds the two equal).
pub const RELEASES: &[(&str, &str)] = &[
    ("newest", "Posit Workbench 2026.09.0 (newest known)"),
    ("2026.08.1", "Posit Workbench 2026.08.1"),
    ("2026.08.0", "Posit Workbench 2026.08.0"),
    ("2026.07.1", "Posit Workbench 2026.07.1"),
    ("2026.07.0", "Posit Workbench 2026.07.0"),
    ("2026.06.0", "Posit Workbench 2026.06.0"),
    ("2026.05.1", "Posit Workbench 2026.05.1"),
    ("2026.05.0", "Posit Workbench 2026.05.0"),
    ("2026.04.0", "Posit Workbench 2026.04.0"),
    ("2026.01.2", "Posit Workbench 2026.01.2"),
    ("2026.01.1", "Posit Workbench 2026.01.1"),
    ("2026.01.0", "Posit Workbench 2026.01.0"),
    ("2025.09.2", "Posit Workbench 2025.09.2"),
    ("2025.09.1", "Posit Workbench 2025.09.1"),
    ("2025.09.0", "Posit Workbench 2025.09.0"),
    ("rsp-1.3", "RStudio Server Pro 1.3 (out of support)"),
];
/// What "newest" stands for.
pub const NEWEST: Version3 = (2026, 9, 0);

/// A Workbench version, `(year, month, patch)`: releases compare in time order.
pub type Version3 = (u16, u8, u8);

/// The target release: one of `RELEASES`, or a Workbench version typed as `YYYY.MM.P`
/// (a patch the table does not list, or a release newer than it: see `Release::known`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Release {
    /// `None`: RStudio Server Pro 1.3.
    version: Option<Version3>,
    /// Chosen as "newest" (follows the table).
    newest: bool,
}

/// How the table knows a release.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Known {
    /// Listed in `RELEASES` (or RStudio Server Pro 1.3).
    Listed,
    /// Not listed, but its `YYYY.MM` family is: the family's keys and images are assumed.
    Family,
    /// Newer than every listed release: accepted, with what the newest listed one has.
    Newer,
    /// Older than the table's oldest, or a family between its rows: accepted, without a source.
    Unlisted,
}

/// `2026.09.0` (an optional `+BUILD` or `-BUILD.proN` after it is ignored) as a version.
pub fn parse_version(s: &str) -> Option<Version3> {
    let core = s.split(['+', '-']).next().unwrap_or(s);
    let parts: Vec<&str> = core.split('.').collect();
    let num = |p: &str| (!p.is_empty() && p.len() <= 4 && p.chars().all(|c| c.is_ascii_digit())).then(|| p.parse::<u16>().ok()).flatten();
    match parts.as_slice() {
        [y, m, p] if y.len() == 4 && m.len() == 2 => {
            let (y, m, p) = (num(y)?, num(m)?, num(p)?);
            ((2022..=2099).contains(&y) && (1..=12).contains(&m) && p < 100).then_some((y, m as u8, p as u8))
        }
        _ => None,
    }
}

fn version_string((y, m, p): Version3) -> String {
    format!("{y}.{m:02}.{p}")
}

impl Release {
    pub const RSP_13: Release = Release { version: None, newest: false };

    /// `2026.09.0`, or `1.3` for RStudio Server Pro 1.3.
    pub fn version_text(self) -> String {
        self.version.map_or_else(|| "1.3".to_string(), version_string)
    }

    /// The version of a Workbench release; `None` for RStudio Server Pro 1.3.
    pub fn version(self) -> Option<Version3> {
        self.version
    }

    /// The `YYYY.MM` family, as the preflight compares it for a release the table does not list.
    pub fn family(self) -> Option<(u16, u8)> {
        self.version.map(|(y, m, _)| (y, m))
    }

    /// Posit Workbench (any `YYYY.MM.P` release), as opposed to RStudio Server Pro 1.3.
    pub fn is_workbench(self) -> bool {
        self.version.is_some()
    }

    /// This release is `first` or later.
    pub fn at_least(self, first: Version3) -> bool {
        self.version.is_some_and(|v| v >= first)
    }

    /// Whether the table lists this release, its family, or neither.
    pub fn known(self) -> Known {
        let Some(v) = self.version else { return Known::Listed };
        let listed: Vec<Version3> = RELEASES.iter().filter_map(|(id, _)| parse_version(id)).chain([NEWEST]).collect();
        if listed.contains(&v) {
            Known::Listed
        } else if v > NEWEST {
            if listed.iter().any(|l| (l.0, l.1) == (v.0, v.1)) {
                Known::Family
            } else {
                Known::Newer
            }
        } else if listed.iter().any(|l| (l.0, l.1) == (v.0, v.1)) {
            Known::Family
        } else {
            Known::Unlisted
        }
    }

    pub fn label(self) -> String {
        let id = self.canonical_id();
        RELEASES.iter().find(|(v, _)| *v == id).map_or_else(|| format!("Posit Workbench {id}"), |(_, l)| l.to_string())
    }

    fn canonical_id(self) -> String {
        match (self.newest, self.version) {
            (true, _) => "newest".into(),
            (false, None) => "rsp-1.3".into(),
            (false, Some(v)) => version_string(v),
        }
    }
}

impl std::fmt::Display for Release {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.version_text())
    }
}

impl FieldValue for Release {
    const CONTROL: Control = Control::Suggest(RELEASES);
    fn shown(&self) -> String {
        self.label()
    }
    fn canonical(&self, _: &str) -> String {
        self.canonical_id()
    }
    fn parse(s: &str) -> Result<Self, String> {
        // "current" is what share links said before releases had numbers.
        match s.to_ascii_lowercase().as_str() {
            "newest" | "current" => return Ok(Release { version: Some(NEWEST), newest: true }),
            "rsp-1.3" => return Ok(Release::RSP_13),
            _ => {}
        }
        parse_version(s)
            .map(|v| Release { version: Some(v), newest: false })
            .ok_or_else(|| "a Workbench release such as 2026.09.0 (YYYY.MM.P), \"newest\", or rsp-1.3 (RStudio Server Pro 1.3)".to_string())
    }
}

choice!(
    /// Where the cluster runs: which CLI the runbook uses for credentials and the firewall.
    Platform {
        Auto = "auto": "From the kubeconfig",
        Gke = "gke": "Google Kubernetes Engine (GKE)",
        Eks = "eks": "Amazon EKS",
        Aks = "aks": "Azure AKS",
        Other = "other": "Other (on-premises, kind, k3s, …)",
    }
);
choice!(
    /// What the launcher's service account may do.
    RbacMode {
        Narrow = "narrow": "Posit's narrow Role (recommended)",
        ClusterAdmin = "cluster-admin": "cluster-admin (over-privileged)",
    }
);
choice!(
    /// How the NFS server treats root on the clients (the cluster nodes).
    Squash {
        RootSquash = "root_squash": "root_squash (recommended)",
        NoRootSquash = "no_root_squash": "no_root_squash (risky)",
    }
);
choice!(
    /// Which cluster new sessions start on when an imported server already names a default.
    DefaultCluster {
        Page = "page": "this page's Kubernetes cluster",
        Theirs = "theirs": "the imported server's default (kept)",
    }
);
choice!(
    /// Where the launcher reads its token from.
    TokenDelivery {
        File = "file": "its own file (auth-token-path; recommended)",
        Inline = "inline": "inline (auth-token; in the script)",
    }
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn image_references() {
        for ok in [
            "rstudio/r-session-complete:ubuntu2204-2026.07.1",
            "ubuntu",
            "ghcr.io/posit-dev/workbench-session:R4.5.2-python3.14.3-ubuntu-24.04",
            "registry.example.com:5000/team/img@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
            "localhost/img:1",
        ] {
            assert!(Image::parse(ok).is_ok(), "{ok}");
        }
        for bad in ["", "Upper/case", "img:tag with space", "img;rm -rf /", "img:", "/img", "img:-x", "a//b", "img:t$(x)"] {
            assert!(Image::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(Image::parse("a.io:5000/x/y:t1@sha256:0123456789abcdef0123456789abcdef").unwrap().tag(), Some("t1"));
        assert_eq!(Image::parse("a.io:5000/x/y").unwrap().tag(), None);
    }

    #[test]
    fn paths_are_absolute_and_normal() {
        assert!(AbsPath::parse("/home/rsp-shared").is_ok());
        for bad in ["home", "/", "/home/", "/a/../b", "/a//b", "/a b", "/a=b", "/a#b", "/a\nb"] {
            assert!(AbsPath::parse(bad).is_err(), "{bad:?}");
        }
        let home = AbsPath::parse("/home").unwrap();
        assert!(AbsPath::parse("/home/x").unwrap().is_within(&home));
        assert!(!AbsPath::parse("/homes").unwrap().is_within(&home));
    }

    #[test]
    fn urls_hosts_ports() {
        assert_eq!(HttpUrl::parse("http://10.154.0.16:8787/").unwrap().host, "10.154.0.16");
        assert_eq!(HttpUrl::parse("https://[fd00::1]:8787").unwrap().host, "fd00::1");
        for bad in [
            "10.1.1.1:8787",
            "http://",
            "http://a b",
            "http://h:0",
            "http://h:99999",
            "ftp://h",
            "http://h/x?y=1",
            "http://[fd00::10]\nauth-none=1\nserver-user=root",
            "http://[fd00::10]|x",
            "http://[fd00::10]\0",
            "http://[fd00::10]\u{85}x",
            "http://[fd00::10]x",
            "http://[fd00::10]:",
            "http://h/[x]",
            "http://[::1]]",
        ] {
            assert!(HttpUrl::parse(bad).is_err(), "{bad}");
        }
        assert!(Port::parse("+80").is_err());
        assert!(Host::parse("rsp.internal").is_ok());
        assert!(Host::parse("-bad").is_err());
    }

    #[test]
    fn users_are_posix_names() {
        assert_eq!(Users::parse("alice, bob\ncarol alice").unwrap().0, ["alice", "bob", "carol"]);
        assert!(Users::parse("Alice").is_err());
        assert!(Users::parse("root").is_err());
        assert!(Users::parse("x;reboot").is_err());
    }

    #[test]
    fn names_follow_their_grammars() {
        assert!(K8sName::parse("rstudio").is_ok());
        assert!(K8sName::parse("RStudio").is_err());
        assert!(K8sName::parse("-a").is_err());
        assert!(Label::parse("Kubernetes").is_ok());
        assert!(Label::parse("my cluster").is_err());
        assert!(GcpId::parse("europe-west2").is_ok());
        assert!(GcpId::parse("2x").is_err());
        assert!(Version::parse("4.2.5").is_ok());
        assert!(Version::parse("auto").is_err());
        assert_eq!(RbacMode::parse("narrow"), Ok(RbacMode::Narrow));
        assert!(Release::parse("1.4").is_err());
        assert!(Release::parse("2026.9.0").is_err());
        assert_eq!(Release::parse("2026.10.0+12.pro1").map(Release::known), Ok(Known::Newer));
        assert_eq!(Release::parse("2026.09.1").map(Release::known), Ok(Known::Family));
        assert_eq!(Release::parse("2026.05.2").map(Release::known), Ok(Known::Family));
        assert_eq!(Release::parse("2026.08.0").map(Release::known), Ok(Known::Listed));
        assert_eq!(Release::parse("2024.12.1").map(Release::known), Ok(Known::Unlisted));
        assert_eq!(Release::parse("newest").map(|r| r.version_text()), Ok("2026.09.0".to_string()));
    }
}

choice! {
    /// One Workbench server, or a load-balanced cluster of them (issue 27).
    Topology {
        Single = "single": "One server (Workbench and NFS on one VM)",
        Cluster = "cluster": "A load-balanced cluster of Workbench nodes on PostgreSQL",
    }
}

choice! {
    /// `balancer` in /etc/rstudio/load-balancer: Posit's balancing methods (`custom` needs a
    /// script of one's own, so the page does not offer it).
    Balancer {
        Sessions = "sessions": "sessions: the node with the fewest sessions (Posit's default)",
        SystemLoad = "system-load": "system-load: the node with the lowest load per core",
        UserHash = "user-hash": "user-hash: each user always on the same node",
    }
}

/// Whether a value that passes a name's or a host's rules still looks like a password or a
/// token (long, letters and digits interleaved): the form refuses it, so it never reaches a
/// share link or a settings file (the database password is asked for on the node).
pub fn looks_like_secret(s: &str) -> bool {
    let kinds: Vec<bool> = s.chars().filter(char::is_ascii_alphanumeric).map(|c| c.is_ascii_digit()).collect();
    let switches = kinds.windows(2).filter(|w| w[0] != w[1]).count();
    s.len() >= 12
        && (switches >= 4 || (s.chars().any(|c| c.is_ascii_uppercase()) && s.chars().any(|c| c.is_ascii_lowercase()) && switches >= 2))
}

const SECRET_REFUSED: &str =
    "a name, not a password: this looks like one, and the page never keeps passwords (the database step asks for it on each node)";

/// A PostgreSQL database or role name as Workbench's `database.conf` takes it unquoted:
/// lower-case letters, digits and `_`, starting with a letter or `_`, at most 63.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DbName(pub String);
shown_as_inner!(DbName);
impl FieldValue for DbName {
    const CONTROL: Control = Control::Text;
    fn shown(&self) -> String {
        self.to_string()
    }
    fn parse(s: &str) -> Result<Self, String> {
        let ok = chars_ok(s, 63, |c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
            && s.starts_with(|c: char| c.is_ascii_lowercase() || c == '_');
        match (ok, looks_like_secret(s)) {
            (false, _) => Err("lower-case letters, digits and '_' (at most 63), starting with a letter or '_'".into()),
            (true, true) => Err(SECRET_REFUSED.into()),
            (true, false) => Ok(DbName(s.into())),
        }
    }
}

/// A host name or IP address that is not a pasted password (`Host`, and `looks_like_secret`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NodeHost(pub String);
shown_as_inner!(NodeHost);
impl FieldValue for NodeHost {
    const CONTROL: Control = Control::Text;
    fn shown(&self) -> String {
        self.to_string()
    }
    fn parse(s: &str) -> Result<Self, String> {
        let host = Host::parse(s)?;
        if s.parse::<IpAddr>().is_err() && looks_like_secret(s) {
            return Err(SECRET_REFUSED.into());
        }
        Ok(NodeHost(host.0))
    }
}

/// The most nodes a cluster may list (Posit's licence tiers count nodes; 16 is far beyond
/// what one PostgreSQL database and one NFS server are sized for here).
pub const MAX_NODES: usize = 16;

/// One Workbench node: its name (a host-name label) and the address the others reach it at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Node {
    pub name: String,
    pub address: String,
}

/// The cluster's nodes, in order (node 1 defines the cluster): `name address` per line (or
/// items separated by commas), 2 to `MAX_NODES`, no name twice.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Nodes(pub Vec<Node>);
impl FieldValue for Nodes {
    const CONTROL: Control = Control::Multiline;
    fn shown(&self) -> String {
        self.0.iter().map(|n| format!("{} {}", n.name, n.address)).collect::<Vec<_>>().join(", ")
    }
    fn parse(s: &str) -> Result<Self, String> {
        let mut nodes: Vec<Node> = Vec::new();
        for item in s.split(['\n', ',']).map(str::trim).filter(|i| !i.is_empty()) {
            let shown = crate::diagnostic::shown(item);
            let mut words = item.split(|c: char| c.is_whitespace() || c == '=').filter(|w| !w.is_empty());
            let (Some(name), Some(address), None) = (words.next(), words.next(), words.next()) else {
                return Err(format!("one node per line as NAME ADDRESS (e.g. wb-1 10.0.0.11); \"{shown}\" is not"));
            };
            let label = chars_ok(name, 63, |c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
                && !name.starts_with('-')
                && !name.ends_with('-');
            if !label {
                return Err(format!("node names of lower-case letters, digits and '-' (a host-name label); \"{shown}\" is not"));
            }
            let address = NodeHost::parse(address).map_err(|why| format!("each node's address {why}; \"{shown}\" is not"))?.0;
            if nodes.iter().any(|n| n.name == name) {
                return Err(format!("each node named once; {name} is listed twice"));
            }
            nodes.push(Node { name: name.into(), address });
        }
        if !(2..=MAX_NODES).contains(&nodes.len()) {
            return Err(format!("2 to {MAX_NODES} nodes (it lists {})", nodes.len()));
        }
        Ok(Nodes(nodes))
    }
}
