//! The cluster CA as kubeconfig carries it (`certificate-authority-data`: base64 of PEM),
//! checked and decoded so the operator sees whose CA it is and until when it is valid.

use super::der;
use crate::diagnostic::{Diagnostic, FieldId};
use crate::intake::time::{format_unix, relative};
use base64::Engine;

/// What the CA says about itself.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CaFacts {
    pub subject: String,
    pub not_before: i64,
    pub not_after: i64,
    /// Certificates in the bundle (the first one is described).
    pub count: usize,
}

/// A CA accepted for rendering: the exact one-line base64 value, and its facts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ca {
    pub base64: String,
    pub facts: Option<CaFacts>,
}

const BEGIN: &str = "-----BEGIN CERTIFICATE-----";
const END: &str = "-----END CERTIFICATE-----";
/// Warn this long before the CA expires.
const EXPIRY_WARNING_SECS: i64 = 30 * 86_400;

/// Check `certificate-authority-data`. Whitespace inside (from wrapping) is removed.
/// Returns `None` (with an error diagnostic) when the value cannot be used.
pub fn check(data: &str, cluster: &str, now: i64, field: FieldId, out: &mut Vec<Diagnostic>) -> Option<Ca> {
    let reject = |out: &mut Vec<Diagnostic>, code: &'static str, why: &str| {
        out.push(Diagnostic::error(code, field, format!("the certificate-authority-data of cluster \"{cluster}\" {why}")));
        None
    };
    let b64: String = data.chars().filter(|c| !c.is_whitespace()).collect();
    let Ok(bytes) = base64::engine::general_purpose::STANDARD.decode(&b64) else {
        return reject(
            out,
            "kubeconfig.ca-not-base64",
            "is not base64. Copy it again from `kubectl config view --raw`, without editing it.",
        );
    };
    let Ok(text) = std::str::from_utf8(&bytes) else {
        let hint = if bytes.first() == Some(&0x30) {
            " It looks like a binary (DER) certificate; the launcher needs base64 of the PEM text."
        } else {
            ""
        };
        return reject(out, "kubeconfig.ca-not-pem", &format!("does not decode to a PEM certificate.{hint}"));
    };
    let count = text.matches(BEGIN).count();
    let first = text.find(BEGIN).and_then(|start| text[start..].find(END).map(|end| &text[start..start + end + END.len()]));
    let Some(pem) = first else {
        return reject(
            out,
            "kubeconfig.ca-not-pem",
            &format!("decodes to text without a \"{BEGIN}\" block, so it is not a CA certificate."),
        );
    };
    let body: String = pem.lines().filter(|l| !l.starts_with("-----")).flat_map(|l| l.trim().chars()).collect();
    let cert = base64::engine::general_purpose::STANDARD.decode(body).ok().and_then(|d| der::certificate(&d));
    let Some(cert) = cert else {
        return reject(
            out,
            "kubeconfig.ca-not-x509",
            "has a PEM block that is not a valid X.509 certificate. Copy it again from `kubectl config view --raw`.",
        );
    };
    let facts = CaFacts { subject: cert.subject, not_before: cert.not_before, not_after: cert.not_after, count };
    let who = format!("the cluster CA ({})", facts.subject);
    if now > facts.not_after {
        out.push(Diagnostic::error(
            "kubeconfig.ca-expired",
            field,
            format!("{who} expired on {} ({}). The launcher will refuse the API server's certificate: fetch the current CA with `gcloud container clusters get-credentials` (or your platform's equivalent) and paste the new kubeconfig.", format_unix(facts.not_after), relative(facts.not_after.saturating_sub(now))),
        ));
    } else if now < facts.not_before {
        out.push(Diagnostic::error(
            "kubeconfig.ca-not-yet-valid",
            field,
            format!(
                "{who} is valid only from {} ({}). Check this machine's clock, or that the kubeconfig is the current one.",
                format_unix(facts.not_before),
                relative(facts.not_before.saturating_sub(now))
            ),
        ));
    } else if facts.not_after.saturating_sub(now) < EXPIRY_WARNING_SECS {
        out.push(Diagnostic::warning(
            "kubeconfig.ca-expiring",
            field,
            format!(
                "{who} expires on {} ({}). Plan a CA rotation: launcher.kubernetes.conf must then be updated.",
                format_unix(facts.not_after),
                relative(facts.not_after.saturating_sub(now))
            ),
        ));
    }
    Some(Ca { base64: b64, facts: Some(facts) })
}
