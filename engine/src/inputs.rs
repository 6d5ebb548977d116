//! What the operator provides: the pasted kubeconfig and token, the form, the imported files,
//! and which of them still hold the loaded example.

use crate::diagnostic::FieldId;
use crate::secret::Redacted;
use crate::settings::RawSettings;
use std::collections::BTreeSet;

/// Everything the operator provides. Secrets stay in here and in rendered files only.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Inputs {
    pub kubeconfig: String,
    /// The context picked in the page; `None` follows current-context.
    pub context: Option<String>,
    pub token: String,
    pub settings: RawSettings,
    /// The server's current files, to merge into: (file name, bytes), archives un-gzipped.
    pub imports: Vec<(String, Vec<u8>)>,
    /// The inputs that still hold a loaded example's made-up value: `kubeconfig`, `token`,
    /// settings keys. While both pasted inputs are the example's, the example is on show;
    /// once either is the user's own, every example value left is an error (`example::check`).
    pub example: BTreeSet<FieldId>,
}

/// The kubeconfig, the token and imported files are secrets: `Debug` shows their sizes only.
impl std::fmt::Debug for Inputs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Inputs")
            .field("kubeconfig", &Redacted(self.kubeconfig.len()))
            .field("context", &self.context)
            .field("token", &Redacted(self.token.len()))
            .field("settings", &self.settings)
            .field("imports", &self.imports.iter().map(|(n, b)| (n, Redacted(b.len()))).collect::<Vec<_>>())
            .field("example", &self.example)
            .finish()
    }
}
