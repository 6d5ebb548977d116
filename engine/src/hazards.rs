//! Everything unsafe in effect, for the top of the page: the unsafe choices of the settings
//! table (`settings::UNSAFE`) as the files were rendered (ranges that let the whole world in are
//! errors, never rendered).

use crate::diagnostic::FieldId;
use crate::model::Model;
use crate::settings::UNSAFE;

pub fn in_effect(m: &Model) -> Vec<(FieldId, String)> {
    let effective = m.effective();
    let out: Vec<(FieldId, String)> = UNSAFE
        .iter()
        .filter(|(key, value, _)| effective.iter().any(|(k, v)| k == key && v == value))
        .map(|(key, _, what)| (*key, what.to_string()))
        .collect();
    // A range of every address (/0) is an error (`checks::too_wide`), so never in effect here.
    out
}
