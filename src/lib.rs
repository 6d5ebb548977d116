//! The web page: binds inputs to the engine and shows its outputs. All logic that is not
//! about the DOM lives in the `rsp-k8s-engine` crate.

mod ui;

pub use ui::{wire, App};
