//! The service-account token, however it was copied: raw JWT, a Secret's base64
//! `.data.token`, wrapped, or with a `Bearer ` prefix. Claims are decoded, never verified.

use super::text::kib;
use super::yaml::{self, get, scalar, str_at};
use crate::diagnostic::{Diagnostic, TOKEN};
use crate::secret::Secret;
use crate::time::{format_unix, relative};
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

impl Lifetime {
    /// When a bound token expires, and its audiences; `None` for a Secret-based one.
    pub fn bound(&self) -> Option<(i64, &[String])> {
        match self {
            Lifetime::Legacy => None,
            Lifetime::Bound { exp, audiences } => Some((*exp, audiences)),
        }
    }
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
    /// False when it has expired: shown in the facts, never written.
    pub usable: bool,
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
    let copied = copied_shape(raw.trim(), out)?;
    let trimmed = strip_header(copied.trim(), out);
    let mut compact: String = trimmed.chars().filter(|c| !c.is_whitespace()).collect();
    if compact.is_empty() {
        out.push(Diagnostic::error(
            "token.empty",
            TOKEN,
            "paste the token: the runbook's \"token\" step (on your workstation, after the RBAC steps) prints it.",
        ));
        return None;
    }
    if let Some(why) = not_a_service_account_token(&compact) {
        out.push(Diagnostic::error(why.0, TOKEN, why.1));
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
    let usable = check_lifetime(&claims, now, out);
    Some(Token { jwt: Secret::new(compact), claims, usable })
}

/// The token out of what people copy around it, when its meaning is certain: a whole
/// Secret manifest (`kubectl get secret -o yaml` or `-o json`), or its `token` line
/// (`token: ZXlK…` from `-o yaml`, `"token": "ZXlK…",` from `-o json`, `token:      eyJ…`
/// from `kubectl describe secret`, alone or in the whole output). `None` (with an error
/// naming the command that prints the token) when the paste holds no token.
fn copied_shape<'a>(t: &'a str, out: &mut Vec<Diagnostic>) -> Option<std::borrow::Cow<'a, str>> {
    use std::borrow::Cow;
    let command = "`kubectl -n NAMESPACE get secret NAME -o jsonpath='{.data.token}' | base64 -d` prints the token itself";
    let manifest = t.lines().any(|l| {
        let l: String = l.chars().filter(|c| !c.is_whitespace() && *c != '"' && *c != ',').collect();
        l == "kind:Secret"
    });
    if manifest {
        let secret = yaml::parse(t)
            .ok()
            .and_then(|d| d.docs.into_iter().find(|d| d.as_mapping().is_some_and(|m| str_at(m, "kind").as_deref() == Some("Secret"))));
        let Some(Value::Mapping(secret)) = secret else {
            out.push(Diagnostic::error(
                "token.not-jwt",
                TOKEN,
                format!("this looks like a Secret manifest but cannot be read. Paste only the token: {command}."),
            ));
            return None;
        };
        let field = |section: &str| get(&secret, section).and_then(Value::as_mapping).and_then(|m| str_at(m, "token"));
        if let Some(b64) = field("data") {
            out.push(Diagnostic::info("token.from-secret", TOKEN, "this was a whole Secret manifest; its data.token was taken."));
            return Some(Cow::Owned(b64));
        }
        if let Some(jwt) = field("stringData") {
            out.push(Diagnostic::info("token.from-secret", TOKEN, "this was a whole Secret manifest; its stringData.token was taken."));
            return Some(Cow::Owned(jwt));
        }
        out.push(Diagnostic::error(
            "token.secret-without-token",
            TOKEN,
            format!("this Secret manifest holds no token: Kubernetes fills in data.token of a service-account-token Secret a moment after it is created (and never for another type). Wait a second and run the runbook's \"token\" step; {command}."),
        ));
        return None;
    }
    // One `key: value` line of a Secret, alone or among others.
    let line_of = |key: &str| {
        t.lines().find_map(|l| {
            let l = l.trim();
            let rest = l.strip_prefix(&format!("\"{key}\":")).or_else(|| l.strip_prefix(&format!("{key}:")))?;
            Some(rest.trim().trim_end_matches(',').trim().trim_matches('"').trim_matches('\'').to_string())
        })
    };
    if let Some(value) = line_of("token").filter(|v| !v.is_empty()) {
        out.push(Diagnostic::info(
            "token.from-line",
            TOKEN,
            "the token was taken from its line of the Secret (token: …, as `kubectl get secret -o yaml`, `-o json` or `kubectl describe secret` print it).",
        ));
        return Some(Cow::Owned(value));
    }
    if t.lines().count() == 1 && (line_of("ca.crt").is_some() || line_of("namespace").is_some()) {
        out.push(Diagnostic::error(
            "token.wrong-field",
            TOKEN,
            format!("this is another line of the Secret (its ca.crt or namespace), not its token. {command}."),
        ));
        return None;
    }
    Some(Cow::Borrowed(t))
}

/// The token out of `Bearer …` or a whole `Authorization: Bearer …` header line.
fn strip_header<'a>(s: &'a str, out: &mut Vec<Diagnostic>) -> &'a str {
    let strip =
        |s: &'a str, prefix: &str| s.get(..prefix.len()).filter(|p| p.eq_ignore_ascii_case(prefix)).map(|_| s[prefix.len()..].trim_start());
    let (s, header) = match strip(s, "authorization:") {
        Some(rest) => (rest, true),
        None => (s, false),
    };
    let s = strip(s, "bearer ").unwrap_or(s);
    if header {
        out.push(Diagnostic::info("token.header", TOKEN, "this was a whole Authorization header; the token after Bearer was taken."));
    }
    s
}

/// Tokens people paste that are not a service account's, each named with what to do.
fn not_a_service_account_token(t: &str) -> Option<(&'static str, &'static str)> {
    if t.starts_with("k8s-aws-v1.") {
        Some(("token.eks", "this is an EKS token from `aws eks get-token`: a presigned URL that is valid for 15 minutes, not a service-account token. Create the launcher's long-lived token with the runbook's \"token\" step."))
    } else if t.starts_with("sha256~") {
        Some(("token.openshift-user", "this is an OpenShift OAuth token (sha256~…): a user's login session, which expires and acts as that user. Use the service account's token from the runbook's \"token\" step."))
    } else if t.contains("REDACTED") {
        Some(("token.redacted", "this is the placeholder REDACTED, not a token: kubectl hides secrets unless asked. Use the command of the runbook's \"token\" step."))
    } else {
        None
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
    const NAMES: [&str; 3] = ["first part (its header)", "second part (its claims)", "third part (its signature)"];
    if let Some(i) = parts.iter().position(|p| p.is_empty() || !p.chars().all(b64url)) {
        // Three parts and a JWT header: a token, damaged. Anything else is not one.
        if !jwt.starts_with("eyJ") {
            return not_jwt(out, "it contains characters a token cannot have");
        }
        let why = if parts[i].is_empty() {
            "is empty"
        } else {
            "has characters that base64url (a token's alphabet) does not use, so it does not decode"
        };
        out.push(Diagnostic::error(
            "token.damaged",
            TOKEN,
            format!("the token's {} {why}: it was probably cut or altered while copying. Copy it again.", NAMES[i]),
        ));
        return None;
    }
    let part = |p: &str, name: &str, out: &mut Vec<Diagnostic>| {
        let json = URL_SAFE_NO_PAD.decode(p).ok().and_then(|b| String::from_utf8(b).ok());
        let map =
            json.as_deref().and_then(|j| yaml::parse(j).ok()).and_then(|d| d.docs.into_iter().next()).and_then(|v| v.as_mapping().cloned());
        if map.is_none() {
            let why = if json.is_none() { "does not decode (base64url)" } else { "is not a JSON object" };
            out.push(Diagnostic::error(
                "token.damaged",
                TOKEN,
                format!("the token's {name} {why}: it was probably cut or altered while copying. Copy it again."),
            ));
        }
        map
    };
    let h = part(parts[0], NAMES[0], out)?;
    let p = part(parts[1], NAMES[1], out)?;
    if str_at(&h, "alg").is_none() {
        return not_jwt(out, "its header names no signing algorithm");
    }
    let c = claims(&p);
    if c.namespace.is_none() && c.service_account.is_none() {
        let issuer = str_at(&p, "iss").map_or_else(|| "an unnamed issuer".to_string(), |i| format!("\"{}\"", crate::diagnostic::shown(&i)));
        out.push(Diagnostic::error(
            "token.not-service-account",
            TOKEN,
            format!("this JWT was issued by {issuer} and names no Kubernetes service account (an OIDC or cloud ID token?). The launcher needs a service account's token: the runbook's \"token\" step prints it."),
        ));
        return None;
    }
    Some(c)
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
    // NumericDate: seconds, a whole number in practice (a fraction is cut).
    let exp = match get(p, "exp") {
        Some(Value::Number(n)) => n.as_i64().or_else(|| n.as_f64().map(|f| f as i64)),
        Some(Value::String(s)) => s.split('.').next().and_then(|whole| whole.parse::<i64>().ok()),
        _ => None,
    };
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

/// Whether the token can still be used; diagnostics for bound tokens.
fn check_lifetime(c: &Claims, now: i64, out: &mut Vec<Diagnostic>) -> bool {
    let Lifetime::Bound { exp, .. } = c.lifetime else { return true };
    let when = format!("{} ({})", format_unix(exp), relative(exp.saturating_sub(now)));
    if exp <= now {
        out.push(Diagnostic::error(
            "token.expired",
            TOKEN,
            format!("this token expired on {when}; the launcher would get 401 Unauthorized, so it is not written. Create the Secret-based token of the runbook's \"token\" step, which does not expire."),
        ));
        false
    } else {
        let urgency = if exp.saturating_sub(now) < SOON_SECS { "soon" } else { "at a fixed time" };
        out.push(Diagnostic::warning(
            "token.expiring",
            TOKEN,
            format!("this is a short-lived token (from `kubectl create token`) that expires {urgency}: {when}. After that every launcher call fails with 401. Prefer the Secret-based token of the runbook's \"token\" step."),
        ));
        true
    }
}
