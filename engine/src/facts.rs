//! What the inputs say, decoded for the operator to check at a glance (never a secret).

use crate::diagnostic::shown;
use crate::model::Model;
use crate::time::format_unix;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Facts {
    /// (label, value) rows, in display order.
    pub rows: Vec<(&'static str, String)>,
}

impl Facts {
    pub(crate) fn new(m: &Model) -> Facts {
        let mut rows = Vec::new();
        if let Some(sel) = &m.selection {
            rows.push(("Context", shown(&sel.context)));
            rows.push(("Cluster", shown(&sel.cluster)));
        }
        if let Some(api) = m.api_url.get() {
            rows.push(("API URL", api.clone()));
        }
        if let Some(f) = m.selection.as_ref().and_then(|s| s.ca.as_ref()).and_then(|c| c.facts.as_ref()) {
            rows.push(("CA subject", f.subject.clone()));
            rows.push(("CA valid", format!("{} to {}", format_unix(f.not_before), format_unix(f.not_after))));
            if f.count > 1 {
                rows.push(("CA bundle", format!("{} certificates (the first is shown)", f.count)));
            }
        }
        let names: Vec<String> = m.cloud.names().iter().map(|k| format!("{} {}", k.key, k.get().map_or("?", |v| v.as_str()))).collect();
        rows.push((
            "Platform",
            if names.is_empty() {
                m.cloud.platform().label().to_string()
            } else {
                format!("{}: {}", m.cloud.platform().label(), names.join(", "))
            },
        ));
        if let Some(t) = &m.token {
            let c = &t.claims;
            let sa = format!("{}/{}", c.namespace.as_deref().unwrap_or("?"), c.service_account.as_deref().unwrap_or("?"));
            rows.push(("Token account", sa));
            rows.push((
                "Token expiry",
                match c.lifetime.bound() {
                    None => "none (Secret-based token)".to_string(),
                    Some((exp, audiences)) => format!("{} (bound token, audience {})", format_unix(exp), audiences.join(", ")),
                },
            ));
        }
        if let Some(cb) = m.callback.get() {
            rows.push(("Callback URL", cb.clone()));
        }
        Facts { rows }
    }
}
