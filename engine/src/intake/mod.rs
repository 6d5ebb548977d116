//! Parsers for what the operator pastes: a kubeconfig and a service-account token.

pub mod ca;
mod der;
pub mod kubeconfig;
pub mod text;
pub mod token;
pub mod yaml;
