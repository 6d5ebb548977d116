//! The cluster CA as kubeconfig carries it (`certificate-authority-data`: base64 of PEM),
//! checked and decoded so the operator sees whose CA it is and until when it is valid.

use super::der;
use crate::diagnostic::{shown, Diagnostic, FieldId};
use crate::time::{format_unix, relative};
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

/// Decode `certificate-authority-data` (whitespace from wrapping removed): base64 → PEM →
/// X.509. `Err((code, why))`: why it cannot be used, completing "the CA …".
pub fn decode(data: &str) -> Result<Ca, (&'static str, String)> {
    let b64: String = data.chars().filter(|c| !c.is_whitespace()).collect();
    let Ok(bytes) = base64::engine::general_purpose::STANDARD.decode(&b64) else {
        return Err((
            "kubeconfig.ca-not-base64",
            "is not base64. Copy it again from `kubectl config view --raw`, without editing it.".into(),
        ));
    };
    let Ok(text) = std::str::from_utf8(&bytes) else {
        let hint = if bytes.first() == Some(&0x30) {
            " It looks like a binary (DER) certificate; the launcher needs base64 of the PEM text."
        } else {
            ""
        };
        return Err(("kubeconfig.ca-not-pem", format!("does not decode to a PEM certificate.{hint}")));
    };
    let count = text.matches(BEGIN).count();
    let first = text.find(BEGIN).and_then(|start| text[start..].find(END).map(|end| &text[start..start + end + END.len()]));
    let Some(pem) = first else {
        return Err(("kubeconfig.ca-not-pem", format!("decodes to text without a \"{BEGIN}\" block, so it is not a CA certificate.")));
    };
    let body: String = pem.lines().filter(|l| !l.starts_with("-----")).flat_map(|l| l.trim().chars()).collect();
    let cert = base64::engine::general_purpose::STANDARD.decode(body).ok().and_then(|d| der::certificate(&d));
    let Some(cert) = cert else {
        return Err((
            "kubeconfig.ca-not-x509",
            "has a PEM block that is not a valid X.509 certificate. Copy it again from `kubectl config view --raw`.".into(),
        ));
    };
    let facts = CaFacts { subject: cert.subject, not_before: cert.not_before, not_after: cert.not_after, count };
    Ok(Ca { base64: b64, facts: Some(facts) })
}

/// The bytes of `certificate-authority-data` as kubectl decodes them: standard base64 with
/// its padding, line breaks (a `|` block) ignored, nothing else (a space is refused).
pub fn data_bytes(data: &str) -> Option<Vec<u8>> {
    let b64: String = data.chars().filter(|c| !matches!(c, '\n' | '\r')).collect();
    base64::engine::general_purpose::STANDARD.decode(b64).ok()
}

/// A CA pasted as PEM text, or as base64 of it, in the form of `certificate-authority-data`.
pub fn from_paste(text: &str) -> Result<Ca, (&'static str, String)> {
    if text.contains(BEGIN) {
        let pem: String = text.trim().lines().map(|l| format!("{}\n", l.trim_end())).collect();
        decode(&base64::engine::general_purpose::STANDARD.encode(pem))
    } else {
        decode(text)
    }
}

/// Check `certificate-authority-data`: `None` (with an error diagnostic) when it cannot be used.
pub fn check(data: &str, cluster: &str, now: i64, field: FieldId, out: &mut Vec<Diagnostic>) -> Option<Ca> {
    match decode(data) {
        Ok(ca) => ca.dated(now, field, out),
        Err((code, why)) => {
            out.push(Diagnostic::error(code, field, format!("the certificate-authority-data of cluster \"{}\" {why}", shown(cluster))));
            None
        }
    }
}

impl Ca {
    /// The CA if it is valid now, with a warning when it soon will not be (or not yet is).
    pub fn dated(self, now: i64, field: FieldId, out: &mut Vec<Diagnostic>) -> Option<Ca> {
        let ca = self;
        let Some(facts) = &ca.facts else { return Some(ca) };
        let who = format!("the cluster CA ({})", facts.subject);
        if now > facts.not_after {
            // The launcher would refuse the server's certificate: not written.
            out.push(Diagnostic::error(
            "kubeconfig.ca-expired",
            field,
            format!("{who} expired on {} ({}). The launcher would refuse the API server's certificate, so it is not written: fetch the current CA with `gcloud container clusters get-credentials` (or your platform's equivalent) and paste the new kubeconfig.", format_unix(facts.not_after), relative(facts.not_after.saturating_sub(now))),
        ));
            return None;
        } else if now < facts.not_before {
            out.push(Diagnostic::warning(
            "kubeconfig.ca-not-yet-valid",
            field,
            format!(
                "{who} is valid only from {} ({}). It is written as it is: check this machine's clock and the VM's, or that the kubeconfig is the current one.",
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
        Some(ca)
    }
}
