//! Example values in effect. The page marks the inputs that still hold a loaded example's
//! made-up value (`Inputs::example`); once the user's own kubeconfig or token is in, every
//! example value left is an error, so its placeholder shows and "complete" cannot appear
//! while a made-up address, range or user is about to be deployed.

use crate::diagnostic::{Diagnostic, FieldId, KUBECONFIG, TOKEN};
use crate::inputs::Inputs;
use crate::settings::label;

/// The example is on show: both pasted inputs are still the example's.
pub fn on_show(inputs: &Inputs) -> bool {
    inputs.example.contains(KUBECONFIG) && inputs.example.contains(TOKEN)
}

/// The example values mixed into the user's own inputs.
pub fn leftovers(inputs: &Inputs) -> Vec<FieldId> {
    if on_show(inputs) {
        return Vec::new();
    }
    inputs.example.iter().copied().collect()
}

pub fn leftover(field: FieldId) -> Diagnostic {
    Diagnostic::error(
        "example.leftover",
        field,
        format!("{} still holds the example's made-up value, which is not used: give your own.", label(field)),
    )
}
