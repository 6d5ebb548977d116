//! Everything unsafe in effect, for the top of the page: the unsafe choices of the settings
//! table (`settings::UNSAFE`) as the files were rendered, and ranges that let the whole world in.

use crate::diagnostic::FieldId;
use crate::model::Model;
use crate::settings::UNSAFE;

pub fn in_effect(m: &Model) -> Vec<(FieldId, String)> {
    let effective = m.effective();
    let mut out: Vec<(FieldId, String)> = UNSAFE
        .iter()
        .filter(|(key, value, _)| effective.iter().any(|(k, v)| k == key && v == value))
        .map(|(key, _, what)| (*key, what.to_string()))
        .collect();
    let s = &m.settings;
    for range in [&s.nfs_cidr, &s.pod_cidr, &s.user_cidr] {
        if let Some(net) = range.get().filter(|n| n.prefix_len() == 0) {
            out.push((range.key, format!("{net} is every address in the world")));
        }
    }
    out
}
