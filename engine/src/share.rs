//! Share links: the non-secret settings in the URL fragment, defaults omitted, unknown keys
//! ignored. The kubeconfig, the token and the CA are not settings, so they cannot get in.

use crate::settings::{defaults, spec, RawSettings};
use percent_encoding::{percent_decode_str, utf8_percent_encode, NON_ALPHANUMERIC};

/// Longest fragment read back: a full form is well under 4 KiB.
const MAX_FRAGMENT: usize = 16 * 1024;

/// `key=value&key=value` for every setting that differs from its default (without `#`).
pub fn encode(settings: &RawSettings) -> String {
    let mut parts = Vec::new();
    for f in crate::settings::FIELDS {
        let v = settings.get(f.key).map_or(f.default, String::as_str);
        if v != f.default {
            parts.push(format!("{}={}", f.key, utf8_percent_encode(v, NON_ALPHANUMERIC)));
        }
    }
    parts.join("&")
}

/// The settings a fragment describes (with or without `#`): defaults, then its known keys.
pub fn decode(fragment: &str) -> RawSettings {
    let mut s = defaults();
    let fragment = fragment.strip_prefix('#').unwrap_or(fragment);
    if fragment.len() > MAX_FRAGMENT {
        return s;
    }
    for pair in fragment.split('&') {
        let Some((k, v)) = pair.split_once('=') else { continue };
        if let (Some(f), Ok(v)) = (spec(k), percent_decode_str(v).decode_utf8()) {
            s.insert(f.key.to_string(), v.into_owned());
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
        assert!(f.contains("vm-ip=10%2E154%2E0%2E16"));
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
