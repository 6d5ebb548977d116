//! The service-account token, however it was copied: raw JWT, a Secret's base64
//! `.data.token`, wrapped, or with a `Bearer ` prefix. Claims are decoded, never verified.

use super::text::kib;
use super::time::{format_unix, relative};
use super::yaml::{self, get, scalar, str_at};
use crate::diagnostic::{Diagnostic, TOKEN};
use crate::secret::Secret;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use base64::Engine;
use serde_norway::{Mapping, Value};

/// A JWT is 1–2 KB; anything far larger is a wrong paste.
pub const MAX_TOKEN_BYTES: usize = 64 * 1024;
/// Warn when a token ends sooner than this.
const SOON_SECS: i64 = 7 * 86_400;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Lifetime {
    /// Secret-based: no `exp`, valid until the Secret is deleted.
    Legacy,
    /// From the TokenRequest API (`kubectl create token`): expires.
    Bound { exp: i64, audiences: Vec<String> },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Claims {
    pub namespace: Option<String>,
    pub service_account: Option<String>,
    pub lifetime: Lifetime,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    pub jwt: Secret,
    pub claims: Claims,
}

/// Lenient base64 for pasted Secrets: padding may be present or not.
const LENIENT: GeneralPurpose =
    GeneralPurpose::new(&base64::alphabet::STANDARD, GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent));

pub fn parse(raw: &str, now: i64, out: &mut Vec<Diagnostic>) -> Option<Token> {
    if raw.len() > MAX_TOKEN_BYTES {
        out.push(Diagnostic::error(
            "token.too-large",
            TOKEN,
            format!(
                "the token box holds {}; a service-account token is 1–2 KiB (limit {}). Paste only the token.",
                kib(raw.len()),
                kib(MAX_TOKEN_BYTES)
            ),
        ));
        return None;
    }
    let trimmed = raw.trim();
    let trimmed = strip_bearer(trimmed);
    let mut compact: String = trimmed.chars().filter(|c| !c.is_whitespace()).collect();
    if compact.is_empty() {
        out.push(Diagnostic::info(
            "token.empty",
            TOKEN,
            "paste the service-account token (the runbook's \"token\" step prints it) to fill in auth-token.",
        ));
        return None;
    }
    if compact.contains("REDACTED") {
        out.push(Diagnostic::error(
            "token.redacted",
            TOKEN,
            "this is the placeholder REDACTED, not a token: kubectl hides secrets unless asked. Use the command of the runbook's \"token\" step.",
        ));
        return None;
    }
    // A Secret's .data.token is base64 of the JWT, which always starts "eyJ" -> "ZXlK".
    if compact.starts_with("ZXlK") {
        match LENIENT.decode(&compact).ok().and_then(|b| String::from_utf8(b).ok()) {
            Some(jwt) => {
                compact = jwt.trim().to_string();
                out.push(Diagnostic::info(
                    "token.base64-decoded",
                    TOKEN,
                    "this was the Secret's base64 .data.token; it was decoded once into the JWT (the same as `| base64 -d`).",
                ));
            }
            None => {
                out.push(Diagnostic::error(
                    "token.undecodable",
                    TOKEN,
                    "this looks like a base64-encoded token but does not decode. Copy it again, or use the command of the runbook's \"token\" step.",
                ));
                return None;
            }
        }
    }
    let claims = decode_claims(&compact, out)?;
    check_lifetime(&claims, now, out);
    Some(Token { jwt: Secret::new(compact), claims })
}

fn strip_bearer(s: &str) -> &str {
    match s.get(..7) {
        Some(p) if p.eq_ignore_ascii_case("bearer ") => s[7..].trim_start(),
        _ => s,
    }
}

fn decode_claims(jwt: &str, out: &mut Vec<Diagnostic>) -> Option<Claims> {
    let not_jwt = |out: &mut Vec<Diagnostic>, why: &str| {
        out.push(Diagnostic::error(
            "token.not-jwt",
            TOKEN,
            format!("this is not a service-account token: {why}. A token has three dot-separated parts and starts with eyJ."),
        ));
        None
    };
    let parts: Vec<&str> = jwt.split('.').collect();
    if parts.len() != 3 {
        return not_jwt(out, &format!("it has {} dot-separated part(s)", parts.len()));
    }
    let b64url = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_';
    if parts.iter().any(|p| p.is_empty() || !p.chars().all(b64url)) {
        return not_jwt(out, "it contains characters a token cannot have");
    }
    let json = |p: &str| URL_SAFE_NO_PAD.decode(p).ok().and_then(|b| String::from_utf8(b).ok());
    let (Some(header), Some(payload)) = (json(parts[0]), json(parts[1])) else {
        out.push(Diagnostic::error(
            "token.undecodable",
            TOKEN,
            "the token's parts do not decode (base64url). It was probably cut or altered while copying; copy it again.",
        ));
        return None;
    };
    let as_map = |s: &str| yaml::parse(s).ok().and_then(|d| d.docs.into_iter().next()).and_then(|v| v.as_mapping().cloned());
    let (Some(h), Some(p)) = (as_map(&header), as_map(&payload)) else {
        out.push(Diagnostic::error("token.undecodable", TOKEN, "the token's header or claims are not JSON; copy the token again."));
        return None;
    };
    if str_at(&h, "alg").is_none() {
        return not_jwt(out, "its header names no signing algorithm");
    }
    Some(claims(&p))
}

fn claims(p: &Mapping) -> Claims {
    // Bound tokens nest {"kubernetes.io": {"namespace", "serviceaccount": {"name"}}};
    // legacy ones use flat "kubernetes.io/serviceaccount/..." keys; both carry "sub".
    let nested = get(p, "kubernetes.io").and_then(Value::as_mapping);
    let sub = str_at(p, "sub");
    let sub_parts: Vec<&str> = sub.as_deref().map(|s| s.split(':').collect()).unwrap_or_default();
    let from_sub = |i: usize| match sub_parts.as_slice() {
        ["system", "serviceaccount", _, _] => Some(sub_parts[i].to_string()),
        _ => None,
    };
    let namespace =
        nested.and_then(|n| str_at(n, "namespace")).or_else(|| str_at(p, "kubernetes.io/serviceaccount/namespace")).or_else(|| from_sub(2));
    let service_account = nested
        .and_then(|n| get(n, "serviceaccount"))
        .and_then(Value::as_mapping)
        .and_then(|sa| str_at(sa, "name"))
        .or_else(|| str_at(p, "kubernetes.io/serviceaccount/service-account.name"))
        .or_else(|| from_sub(3));
    let exp = get(p, "exp").and_then(scalar).and_then(|s| s.parse::<f64>().ok()).map(|f| f as i64);
    let audiences = match get(p, "aud") {
        Some(Value::Sequence(items)) => items.iter().filter_map(scalar).collect(),
        Some(v) => scalar(v).into_iter().collect(),
        None => Vec::new(),
    };
    let lifetime = match exp {
        Some(exp) => Lifetime::Bound { exp, audiences },
        None => Lifetime::Legacy,
    };
    Claims { namespace, service_account, lifetime }
}

fn check_lifetime(c: &Claims, now: i64, out: &mut Vec<Diagnostic>) {
    let Lifetime::Bound { exp, .. } = c.lifetime else { return };
    let when = format!("{} ({})", format_unix(exp), relative(exp.saturating_sub(now)));
    if exp <= now {
        out.push(Diagnostic::error(
            "token.expired",
            TOKEN,
            format!("this token expired on {when}; the launcher would get 401 Unauthorized. Create the Secret-based token of the runbook's \"token\" step, which does not expire."),
        ));
    } else {
        let urgency = if exp.saturating_sub(now) < SOON_SECS { "soon" } else { "at a fixed time" };
        out.push(Diagnostic::warning(
            "token.expiring",
            TOKEN,
            format!("this is a short-lived token (from `kubectl create token`) that expires {urgency}: {when}. After that every launcher call fails with 401. Prefer the Secret-based token of the runbook's \"token\" step."),
        ));
    }
}
