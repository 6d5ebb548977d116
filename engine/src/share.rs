//! Share links: the non-secret settings in the URL fragment, defaults omitted, unknown keys
//! ignored. The kubeconfig, the token and the CA are not settings, so they cannot get in.

use crate::settings::{defaults, enter, spec, valid_only, RawSettings};
use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// Longest fragment read back: every setting at its size limit, percent-encoded.
pub const MAX_FRAGMENT: usize = 4 * (crate::settings::MAX_LIST_BYTES + 64 * crate::settings::MAX_TEXT_BYTES);

/// Characters written as they are: those a value commonly holds and a fragment allows.
const ENCODED: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~').remove(b'/').remove(b':').remove(b',');

/// `key=value&key=value` for every valid setting that differs from its default (without `#`):
/// an invalid value (perhaps a credential pasted into the wrong field) never goes in.
pub fn encode(settings: &RawSettings) -> String {
    let settings = valid_only(settings);
    let mut parts = Vec::new();
    for f in crate::settings::FIELDS {
        let v = settings.get(f.key).map_or(f.default, String::as_str);
        if v != f.default {
            parts.push(format!("{}={}", f.key, utf8_percent_encode(v, ENCODED)));
        }
    }
    parts.join("&")
}

/// The settings a fragment describes (with or without `#`): defaults, then its known keys,
/// each as it enters the form (`settings::enter`).
pub fn decode(fragment: &str) -> RawSettings {
    let mut s = defaults();
    let fragment = fragment.strip_prefix('#').unwrap_or(fragment);
    if fragment.len() > MAX_FRAGMENT {
        return s;
    }
    // A key given twice takes its last value; past a few per field the rest is noise.
    for pair in fragment.split('&').take(4 * crate::settings::FIELDS.len()) {
        let Some((k, v)) = pair.split_once('=') else { continue };
        if let (Some(f), Ok(v)) = (spec(k), percent_decode_str(v).decode_utf8()) {
            s.insert(f.key.to_string(), enter(f.key, &v));
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::preset::example_settings;

    #[test]
    fn round_trips_and_omits_defaults() {
        let mut s = example_settings();
        s.insert("users".into(), "alice, bob\ncarol".into());
        let f = encode(&s);
        assert!(!f.contains("namespace="), "defaults are omitted: {f}");
        assert!(f.contains("vm-ip=10.154.0.16"));
        assert!(f.contains("users=alice,%20bob%0Acarol"), "{f}");
        assert_eq!(decode(&format!("#{f}")), s);
        assert_eq!(encode(&defaults()), "");
    }

    #[test]
    fn unknown_keys_and_garbage_are_ignored() {
        let s = decode("#token=eyJabc&kubeconfig=x&vm-ip=10.0.0.1&&=&%ZZ&namespace=%FF");
        assert_eq!(s.get("vm-ip").map(String::as_str), Some("10.0.0.1"));
        assert!(!s.contains_key("token") && !s.contains_key("kubeconfig"));
        assert_eq!(s.get("namespace").map(String::as_str), Some("rstudio"));
    }
}
