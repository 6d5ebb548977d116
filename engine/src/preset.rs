//! The example preset: the seed guide's deployment (GKE cluster "custard" in
//! europe-west2, Workbench VM 10.154.0.16, namespace rstudio, account job-launcher) with
//! its errata corrected. The kubeconfig and token were made for this purpose and open nothing.

use crate::settings::{defaults, RawSettings};
use crate::Inputs;

pub const EXAMPLE_KUBECONFIG: &str = include_str!("example/kubeconfig.yaml");
pub const EXAMPLE_TOKEN: &str = include_str!("example/token.jwt");
/// The example cluster's CA as PEM (the kubeconfig carries it as base64; a test keeps them equal).
pub const EXAMPLE_CA: &str = include_str!("example/ca.pem");

/// Settings that differ from the defaults in the example.
pub const EXAMPLE_SETTINGS: &[(&str, &str)] = &[
    ("vm-ip", "10.154.0.16"),
    // The seed exported 10.154.0.0/24; europe-west2's auto-mode subnet is the whole /20.
    ("nfs-client-cidr", "10.154.0.0/20"),
    ("pod-cidr", "10.48.0.0/14"),
    ("node-access", "1"),
    ("lab-version", "4.2.5"),
    ("users", "alice"),
];

pub fn example_settings() -> RawSettings {
    let mut s = defaults();
    for (k, v) in EXAMPLE_SETTINGS {
        s.insert(k.to_string(), v.to_string());
    }
    s
}

pub fn example() -> Inputs {
    Inputs { kubeconfig: EXAMPLE_KUBECONFIG.to_string(), context: None, token: EXAMPLE_TOKEN.to_string(), settings: example_settings() }
}
