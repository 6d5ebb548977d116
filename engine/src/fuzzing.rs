//! The fuzz targets' bodies, one function per target, each taking arbitrary bytes. Shared by
//! the cargo-fuzz crate in `fuzz/` (`scripts/fuzz.sh`) and the corpus replay test
//! (`tests/fuzz_corpus.rs`). Each panics only when an invariant of the engine is broken:
//!
//! - no diagnostic quotes the token;
//! - no rendered file holds a NUL or a line break other than `\n` (`\r`, NEL, U+2028, U+2029);
//! - every line of a Workbench file is a comment, blank, a `[section]`, or `key=value` / `Key: value`;
//! - a setting's value never adds a line: every line that sets something sets a key the
//!   renderers declare (each has its `Note`), at most once per record, and every export has
//!   exactly a path, a client and the options the page writes;
//! - share links round-trip; the archive holds every file, byte for byte.

use crate::render::{File, FileKind};
use crate::settings::RawSettings;
use crate::{generate, preset, Inputs, Output};
use std::collections::BTreeSet;
use std::io::Read;
use std::sync::OnceLock;

/// A fixed "now" (2026-09-21), so a run is reproducible.
pub const NOW: i64 = 1_790_000_000;

/// Characters no rendered file may hold: NUL, and every line break but `\n`.
const FORBIDDEN: [char; 5] = ['\0', '\r', '\u{85}', '\u{2028}', '\u{2029}'];

/// A pasted kubeconfig, with the example token and settings.
pub fn kubeconfig(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    check_kubeconfig(&text);
}

/// A pasted token, with the example kubeconfig and settings.
pub fn token(data: &[u8]) {
    let text = String::from_utf8_lossy(data).into_owned();
    let out = generate(&Inputs { token: text.clone(), ..example_inputs() }, NOW);
    check_output(&out);
    // A leak is the token's own material: a run of 20 base64url characters (JWTs and base64
    // are nothing else) that mixes cases and digits, which no fixed message text has.
    let windows = secret_windows(&text);
    if windows.is_empty() {
        return;
    }
    let baseline = baseline_messages();
    for d in &out.diagnostics {
        if let Some(w) = windows.iter().find(|w| d.message.contains(*w) && !baseline.iter().any(|b| b.contains(*w))) {
            panic!("diagnostic {} quotes the token ({w:?}): {}", d.code, d.message);
        }
    }
}

/// Settings as `key\nvalue\nkey\nvalue…` on top of the example's; `\n` written as the two
/// characters backslash-n inside a value is a newline (so values can try to add lines).
pub fn settings(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let mut settings = preset::example_settings();
    let mut lines = text.split('\n');
    while let Some(key) = lines.next() {
        let value = lines.next().unwrap_or("").replace("\\n", "\n");
        settings.insert(key.to_string(), value);
    }
    let out = generate(&Inputs { settings, ..example_inputs() }, NOW);
    check_output(&out);
    check_keys(&out.files);
}

/// Every line that sets something sets a key the renderers declare, once per record.
fn check_keys(files: &[File]) {
    for f in files.iter().filter(|f| f.kind == FileKind::Machine) {
        let mut record = (crate::lines::Section::None, BTreeSet::new());
        for (line, note) in f.line_notes() {
            let (Some(key), text) = (line.key, line.text) else { continue };
            assert!(note.is_some(), "{}: line {text:?} sets {key:?}, a key the renderer never writes", f.path);
            if f.path == crate::paths::EXPORTS {
                let options = ["(rw,sync,no_subtree_check,root_squash)", "(rw,sync,no_subtree_check,no_root_squash)"];
                assert!(
                    line.value.is_some_and(|client| !client.contains(' ') && options.iter().any(|o| client.ends_with(o))),
                    "{}: export line {text:?} is not path client(options)",
                    f.path
                );
            } else {
                if record.0 != line.section {
                    record = (line.section, BTreeSet::new());
                }
                assert!(record.1.insert(key), "{}: key {key:?} twice in one section or record (line {text:?})", f.path);
            }
        }
    }
}

/// A share-link fragment: decode, encode, decode again gives the same settings.
pub fn share(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let first: RawSettings = crate::share::decode(&text);
    let fragment = crate::share::encode(&first);
    let second = crate::share::decode(&fragment);
    // Every valid value comes back as the form holds it; an invalid one never leaves.
    let mut want = crate::settings::defaults();
    want.extend(crate::settings::valid_only(&first));
    assert_eq!(second, want, "share fragment {fragment:?} does not round-trip its valid values");
    assert_eq!(crate::share::encode(&second), fragment, "a decoded fragment encodes as it was");
}

/// The kubeconfig target's output through "Download all": the tar reads back, its README,
/// then every file at its place, byte for byte, then the runbook.
pub fn archive(data: &[u8]) {
    let out = check_kubeconfig(&String::from_utf8_lossy(data));
    let bytes = crate::archive::tar(&out).expect("the archive is written to memory");
    // The token file is never archived (the runbook writes it on the VM).
    let mut want: Vec<&str> = out.files.iter().filter(|f| f.path != crate::paths::TOKEN_FILE).map(|f| f.content.as_str()).collect();
    want.push(&out.script);
    let mut tar = tar::Archive::new(bytes.as_slice());
    let mut n = 0;
    for entry in tar.entries().expect("the archive reads back") {
        let mut entry = entry.expect("every entry reads back");
        let mut got = String::new();
        entry.read_to_string(&mut got).expect("every entry's data reads back");
        let path = entry.path().expect("every entry has a path").display().to_string();
        if path.ends_with("/README.md") {
            continue;
        }
        assert!(want.get(n) == Some(&got.as_str()), "archive entry {n} ({path}) differs from its file");
        n += 1;
    }
    assert_eq!(n, want.len(), "the archive has {n} entries for {} files and the runbook", want.len());
}

/// A share link into the form: every checkbox and list shows the value the link gave (its
/// canonical spelling), or the default the files use when the link's value is invalid.
pub fn form(data: &[u8]) {
    let settings = crate::share::decode(&String::from_utf8_lossy(data));
    let out = generate(&Inputs { settings: settings.clone(), ..example_inputs() }, NOW);
    for (key, shown) in &out.effective {
        // Skipping TLS checks is rendered only with no CA, which the example has.
        if *key == "skip-tls-verify" {
            continue;
        }
        let given = crate::settings::Settings::canonical(key, &settings[*key]).ok().filter(|c| !c.is_empty());
        let default = crate::settings::spec(key).map(|f| f.default.to_string());
        assert_eq!(Some(shown.clone()), given.or(default), "{key}: the form shows {shown:?} for {:?}", settings[*key]);
    }
}

/// A settings file: loaded, its unsafe choices held back, rendered, saved and loaded again.
pub fn settings_file(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let (mut loaded, _) = crate::settings::file::load(&text);
    let held = crate::settings::hold_back(&mut loaded);
    let out = generate(&Inputs { settings: loaded.clone(), ..example_inputs() }, NOW);
    check_output(&out);
    check_keys(&out.files);
    assert!(out.hazards.iter().all(|(f, _)| !held.iter().any(|(k, _)| k == f)), "a held-back choice is in effect");
    let (again, problems) = crate::settings::file::load(&crate::settings::file::save(&loaded));
    assert_eq!(problems, Vec::new(), "a saved file loads without a problem");
    let mut want = crate::settings::defaults();
    want.extend(crate::settings::valid_only(&loaded));
    assert_eq!(again, want, "a saved file loads back its valid values");
}

/// An existing server's files: the first byte picks a file name (or a tar of several), the rest
/// is its content. Nothing panics, the diagnostics stay few, no comment of theirs is dropped.
pub fn import(data: &[u8]) {
    const NAMES: [&str; 10] = [
        "rserver.conf",
        "launcher.conf",
        "launcher.kubernetes.conf",
        "jupyter.conf",
        "vscode.conf",
        "launcher-mounts",
        "exports",
        "etc.tar",
        "launcher.kubernetes.profiles.conf",
        "etc.tar.gz",
    ];
    let Some((pick, body)) = data.split_first() else { return };
    let name = NAMES[usize::from(*pick) % NAMES.len()];
    let imports = vec![(name.to_string(), body.to_vec())];
    let out = generate(&Inputs { imports: imports.clone(), ..example_inputs() }, NOW);
    let mut kinds = std::collections::HashMap::new();
    for d in &out.diagnostics {
        *kinds.entry((d.code, d.field)).or_insert(0) += 1;
    }
    for ((code, field), n) in kinds {
        assert!(n <= crate::diagnostic::MAX_ALIKE + 2, "{n} diagnostics {code} about {field}: they are counted, not listed");
    }
    let imported = crate::import::read(&imports);
    for (path, theirs) in &imported.files {
        let Some(merged) = out.files.iter().find(|f| f.path == *path) else { continue };
        for comment in theirs.lines().map(str::trim_end).filter(|l| l.trim_start().starts_with('#')) {
            assert!(merged.content.lines().any(|l| l.trim_end() == comment), "{path}: their comment {comment:?} was dropped");
        }
        // No token of theirs is kept (the example delivers the token in its own file), and no
        // diff shows one.
        let kept = |text: &str| {
            text.lines()
                .any(|l| l.split_once('=').is_some_and(|(k, v)| crate::render::merge::holds_token(k.trim()) && !v.trim().is_empty()))
        };
        if *path == crate::paths::KUBERNETES_CONF || kept(theirs) {
            assert!(!kept(&merged.content), "{path}: a token of theirs was kept");
        }
        let diff = merged.merged_from.as_ref().map(|m| m.1.as_str()).unwrap_or_default();
        assert!(
            !diff.lines().any(|l| l.get(1..).is_some_and(|rest| kept(rest) && !rest.ends_with("=(hidden)"))),
            "{path}: a diff shows a token"
        );
        // launcher-mounts: never two mounts at one MountPath that was not already theirs twice.
        if *path == crate::paths::MOUNTS {
            let count =
                |text: &str, at: &str| text.lines().filter(|l| l.trim().strip_prefix("MountPath:").map(str::trim) == Some(at)).count();
            for at in ["/home/{USER}", "/srv/rsp-shared"] {
                assert!(count(&merged.content, at) <= count(theirs, at).max(1), "{path}: a second mount at {at}");
            }
        }
    }
}

fn example_inputs() -> Inputs {
    preset::example()
}

/// The diagnostics' messages without a token: none of them can quote one.
fn baseline_messages() -> &'static [String] {
    static MESSAGES: OnceLock<Vec<String>> = OnceLock::new();
    MESSAGES.get_or_init(|| {
        let out = generate(&Inputs { token: String::new(), ..example_inputs() }, NOW);
        out.diagnostics.into_iter().map(|d| d.message).collect()
    })
}

fn check_kubeconfig(text: &str) -> Output {
    let out = generate(&Inputs { kubeconfig: text.to_string(), ..example_inputs() }, NOW);
    check_output(&out);
    let token = preset::EXAMPLE_TOKEN.trim();
    for d in &out.diagnostics {
        assert!(!d.message.contains(token), "diagnostic {} quotes the token", d.code);
    }
    out
}

/// What holds for every output, whatever the inputs.
fn check_output(out: &Output) {
    for f in &out.files {
        check_file(f);
    }
    if let Some(c) = out.script.chars().find(|c| FORBIDDEN.contains(c)) {
        panic!("the runbook script holds {c:?}");
    }
}

fn check_file(f: &File) {
    if let Some(c) = f.content.chars().find(|c| FORBIDDEN.contains(c)) {
        panic!("{} holds {c:?}", f.path);
    }
    // The token file (token-delivery=file) holds the bare JWT, without key.
    if !f.path.starts_with("/etc/rstudio/") || f.path.ends_with(".token") {
        return;
    }
    for line in f.lines() {
        let text = line.text;
        let shaped = text.is_empty() || text.starts_with('#') || line.explained_by().is_some();
        assert!(shaped, "{}: line {text:?} is neither a comment, a [section], key=value nor Key: value", f.path);
    }
}

/// The 20-character runs of the input that look like secret material: base64url characters
/// only, with an upper-case letter, a lower-case letter and a digit.
fn secret_windows(text: &str) -> Vec<&str> {
    const WIDTH: usize = 20;
    let b64 = |c: u8| c.is_ascii_alphanumeric() || c == b'-' || c == b'_';
    let bytes = text.as_bytes();
    let mut windows = BTreeSet::new();
    for run in bytes.split(|c| !b64(*c)).filter(|r| r.len() >= WIDTH) {
        for w in run.windows(WIDTH) {
            let mixed = w.iter().any(u8::is_ascii_uppercase) && w.iter().any(u8::is_ascii_lowercase) && w.iter().any(u8::is_ascii_digit);
            if mixed {
                // ASCII only, so the bytes are a slice of `text` on char boundaries.
                windows.insert(std::str::from_utf8(w).unwrap_or_default());
            }
        }
    }
    windows.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn examples_pass_every_target() {
        kubeconfig(preset::EXAMPLE_KUBECONFIG.as_bytes());
        archive(preset::EXAMPLE_KUBECONFIG.as_bytes());
        token(preset::EXAMPLE_TOKEN.as_bytes());
        // Echoed by a fixed message ("this is not a service-account token: …"), not a leak.
        token(b"this is not a service-account token, aB3aB3aB3aB3aB3aB3aB3");
        settings(b"www-port\n8080\nprofiles\n1\nvscode\n1\ntoken-delivery\nfile\nusers\nalice\\nbob");
        share(b"#vm-ip=10.0.0.1&namespace=%FF&&=");
        for data in [&b""[..], b"\xff\xfe", b"\0\r\n"] {
            kubeconfig(data);
            token(data);
            settings(data);
            share(data);
            archive(data);
        }
    }

    fn with_rserver_line(line: &str) -> Vec<File> {
        let mut files = generate(&example_inputs(), NOW).files;
        let f = files.iter_mut().find(|f| f.path.ends_with("/rserver.conf")).expect("rserver.conf");
        f.content.push_str(line);
        files
    }

    #[test]
    fn the_golden_outputs_pass_the_key_check() {
        check_keys(&generate(&example_inputs(), NOW).files);
    }

    #[test]
    #[should_panic(expected = "never writes")]
    fn a_line_with_an_unknown_key_is_caught() {
        check_keys(&with_rserver_line("evil-key=1\n"));
    }

    #[test]
    #[should_panic(expected = "twice in one section or record")]
    fn a_line_repeating_a_key_is_caught() {
        check_keys(&with_rserver_line("admin-enabled=1\n"));
    }
}
