//! "Save settings": the form's non-secret settings as a TOML file a team keeps in version
//! control next to its guide, each key with its label; and loading it back.

use super::{defaults, enter, spec, valid_only, RawSettings, FIELDS};
use crate::diagnostic::{shown, Diagnostic, FieldId};
use crate::intake::text::kib;
use toml::de::DeValue;
use toml_writer::ToTomlValue;

pub const NAME: &str = "rsp-k8s-config.toml";
pub const SETTINGS_FILE: FieldId = "settings-file";
/// A full form is a few KiB.
pub const MAX_BYTES: usize = 128 * 1024;

/// Every setting that differs from its default, commented with its label; the defaults are
/// listed, commented out, so the file shows every choice. Only values the form takes are
/// written: an invalid one (perhaps something pasted into the wrong field) is left out.
pub fn save(raw: &RawSettings) -> String {
    let raw = valid_only(raw);
    let mut out = String::from("# rsp-k8s-config settings: load them back with \"Load settings\".\n# No secret is here: the kubeconfig and the token are pasted into the page.\n");
    for f in FIELDS {
        let value = raw.get(f.key).map_or(f.default, String::as_str);
        let line = format!("{} = {}", f.key, value.to_toml_value());
        if value == f.default {
            out.push_str(&format!("\n# {} (default)\n# {line}\n", f.label));
        } else {
            out.push_str(&format!("\n# {}\n{line}\n", f.label));
        }
    }
    out
}

/// The settings a saved file holds (defaults for the rest), and what was wrong in it. Values
/// are validated like typed ones, when the form uses them. A file that is not TOML, or too
/// large, loads nothing: the defaults and its one error.
pub fn load(text: &str) -> (RawSettings, Vec<Diagnostic>) {
    match read(text) {
        Ok(pairs) => apply(pairs),
        Err(e) => (defaults(), vec![e]),
    }
}

/// A key of the file and its value as text (`None`: a value that is not text, a number or a
/// boolean). What `read` gives and `apply` takes: the page runs `read` in its on-demand worker
/// (TOML's parser is not on the first screen) and `apply` itself.
pub type Pair = (String, Option<String>);

/// The file's keys and values, in its order; or why it is not a settings file at all.
pub fn read(text: &str) -> Result<Vec<Pair>, Diagnostic> {
    if text.len() > MAX_BYTES {
        return Err(Diagnostic::error(
            "settings-file.too-large",
            SETTINGS_FILE,
            format!("the settings file is {}, more than the {} it can be.", kib(text.len()), kib(MAX_BYTES)),
        ));
    }
    // toml's own document parser, without serde: integers stay text (no number is formatted or
    // parsed as a float here), and the serde deserializer is not linked.
    let table = toml::de::DeTable::parse(text).map_err(|e| {
        let line = e.span().map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1);
        let at = line.map_or(String::new(), |l| format!(" near line {l}"));
        Diagnostic::error("settings-file.syntax", SETTINGS_FILE, format!("the settings file is not valid TOML{at}; nothing was loaded."))
    })?;
    Ok(table
        .into_inner()
        .into_iter()
        .map(|(key, value)| {
            let text = match value.into_inner() {
                DeValue::String(s) => Some(s.into_owned()),
                // As written (underscores dropped), in decimal; one that does not fit an i64 is refused.
                DeValue::Integer(n) => i64::from_str_radix(n.as_str(), n.radix()).ok().map(|v| v.to_string()),
                DeValue::Boolean(b) => Some(if b { "1" } else { "0" }.into()),
                _ => None,
            };
            (key.into_inner().into_owned(), text)
        })
        .collect())
}

/// `read`'s pairs as the form's settings (defaults for the rest, each value entered as typed),
/// and the keys and values that were left out.
pub fn apply(pairs: Vec<Pair>) -> (RawSettings, Vec<Diagnostic>) {
    let mut settings = defaults();
    let mut out = Vec::new();
    for (key, text) in pairs {
        let Some(f) = spec(&key) else {
            out.push(Diagnostic::warning(
                "settings-file.unknown-key",
                SETTINGS_FILE,
                format!("\"{}\" is not a setting of this page; it is ignored.", shown(&key)),
            ));
            continue;
        };
        let Some(text) = text else {
            out.push(Diagnostic::warning(
                "settings-file.bad-value",
                SETTINGS_FILE,
                format!("\"{}\" should be text; it is ignored.", f.key),
            ));
            continue;
        };
        settings.insert(f.key.to_string(), enter(f.key, &text));
    }
    (settings, out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::preset::example_settings;

    #[test]
    fn saved_settings_load_back_the_same() {
        let mut s = example_settings();
        s.insert("users".into(), "alice, bob\ncarol".into());
        let text = save(&s);
        assert!(text.contains("# Workbench VM internal IP\nvm-ip = \"10.154.0.16\"\n"), "{text}");
        assert!(text.contains("# Namespace (default)\n# namespace = \"rstudio\"\n"), "{text}");
        assert_eq!(load(&text), (s, vec![]));
    }

    #[test]
    fn only_valid_values_are_saved_and_values_load_as_the_form_holds_them() {
        let mut s = example_settings();
        // A kubeconfig pasted into the wrong box is refused there, and never saved.
        s.insert("cluster-ca".into(), "users:\n- name: admin\n  user:\n    token: eyJsecret".into());
        s.insert("users".into(), "carol \"quoted\"".into());
        let text = save(&s);
        assert!(!text.contains("eyJsecret") && !text.contains("quoted"), "{text}");
        let (loaded, d) = load("token-delivery = \" Inline \"\nrun-as-root = \"TRUE\"\nvm-ip = \" 10.0.0.9 \"\nrbac-mode = \"root\"\n");
        assert_eq!(d, vec![]);
        let got: Vec<&str> = ["token-delivery", "run-as-root", "vm-ip", "rbac-mode"].iter().map(|k| loaded[*k].as_str()).collect();
        assert_eq!(got, ["inline", "1", "10.0.0.9", "root"], "valid values canonical, an invalid one as it came");
    }

    #[test]
    fn unknown_keys_bad_values_and_bad_toml_are_diagnosed() {
        let (s, d) = load("vm-ip = \"10.0.0.9\"\ntoken = \"eyJ\"\nusers = [1]\nwww-port = 8788\n");
        assert_eq!(s.get("vm-ip").map(String::as_str), Some("10.0.0.9"));
        assert_eq!(s.get("www-port").map(String::as_str), Some("8788"));
        assert_eq!(d.iter().map(|d| d.code).collect::<Vec<_>>(), ["settings-file.unknown-key", "settings-file.bad-value"]);
        // Integers in any TOML spelling are written in decimal (one past i64 is refused); booleans as 1/0.
        let (s, d) = load("www-port = 0x2254\nlauncher-port = 5_559\nadmin-enabled = true\n");
        assert_eq!((s["www-port"].as_str(), s["launcher-port"].as_str(), s["admin-enabled"].as_str(), d.len()), ("8788", "5559", "1", 0));
        let (s, d) = load("www-port = 99999999999999999999\n");
        assert_eq!((s["www-port"].as_str(), d[0].code), (defaults()["www-port"].as_str(), "settings-file.bad-value"));
        let (_, d) = load("a = \n");
        assert_eq!(d[0].code, "settings-file.syntax");
        assert!(d[0].message.contains("line 1"));
    }
}
