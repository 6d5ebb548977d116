//! The examples. The first is the original guide's deployment (GKE cluster "custard" in
//! europe-west2, Workbench VM 10.154.0.16, namespace rstudio, account job-launcher) with its
//! errata corrected; the others are the same deployment on EKS, AKS and an on-premises
//! kubeadm cluster. The kubeconfigs and token were made for this purpose and open nothing.

use crate::diagnostic::{KUBECONFIG, TOKEN};
use crate::inputs::Inputs;
use crate::settings::{defaults, RawSettings, FIELDS};

pub const EXAMPLE_KUBECONFIG: &str = include_str!("example/kubeconfig.yaml");
pub const EXAMPLE_TOKEN: &str = include_str!("example/token.jwt");
pub use crate::settings::EXAMPLE_CA;

/// Settings that differ from the defaults in the example.
pub const EXAMPLE_SETTINGS: &[(&str, &str)] = &[
    ("vm-ip", "10.154.0.16"),
    // The seed exported 10.154.0.0/24; europe-west2's auto-mode subnet is the whole /20.
    ("nfs-client-cidr", "10.154.0.0/20"),
    ("pod-cidr", "10.48.0.0/14"),
    ("lab-version", "4.2.5"),
    ("users", "alice"),
];

pub fn example_settings() -> RawSettings {
    example().settings
}

/// The GKE example, which the page opens with.
pub fn example() -> Inputs {
    preset(EXAMPLE_KUBECONFIG, EXAMPLE_SETTINGS)
}

/// An example deployment: its kubeconfig and the settings that differ from the defaults.
pub struct Preset {
    pub id: &'static str,
    pub label: &'static str,
    pub kubeconfig: &'static str,
    pub settings: &'static [(&'static str, &'static str)],
}

/// One example per platform.
pub const PRESETS: &[Preset] = &[
    Preset { id: "gke", label: "GKE example", kubeconfig: EXAMPLE_KUBECONFIG, settings: EXAMPLE_SETTINGS },
    Preset {
        id: "eks",
        label: "EKS example",
        kubeconfig: include_str!("example/eks.yaml"),
        // The VPC CNI gives pods addresses from the node subnets.
        settings: &[
            ("vm-ip", "10.0.4.20"),
            ("nfs-client-cidr", "10.0.0.0/19"),
            ("pod-cidr", "10.0.0.0/19"),
            ("lab-version", "4.2.5"),
            ("users", "alice"),
        ],
    },
    Preset {
        id: "aks",
        label: "AKS example",
        kubeconfig: include_str!("example/aks.yaml"),
        settings: &[
            ("vm-ip", "10.224.8.4"),
            ("nfs-client-cidr", "10.224.0.0/16"),
            ("pod-cidr", "10.244.0.0/16"),
            ("lab-version", "4.2.5"),
            ("users", "alice"),
        ],
    },
    Preset {
        id: "on-prem",
        label: "On-premises example (kubeadm)",
        kubeconfig: include_str!("example/onprem.yaml"),
        settings: &[
            ("vm-ip", "10.20.0.5"),
            ("nfs-client-cidr", "10.20.0.0/24"),
            ("pod-cidr", "10.244.0.0/16"),
            ("lab-version", "4.2.5"),
            ("users", "alice"),
        ],
    },
];

/// Every example, by id, as complete inputs.
pub fn presets() -> Vec<(&'static str, Inputs)> {
    PRESETS.iter().map(|p| (p.id, preset(p.kubeconfig, p.settings))).collect()
}

fn preset(kubeconfig: &str, changes: &[(&str, &str)]) -> Inputs {
    let mut settings = defaults();
    for (k, v) in changes {
        settings.insert(k.to_string(), v.to_string());
    }
    // Through the parser every way in uses, like a share link or a settings file.
    let settings = crate::settings::entered(settings);
    Inputs { kubeconfig: kubeconfig.to_string(), token: EXAMPLE_TOKEN.to_string(), settings, ..Inputs::default() }
}

/// An example as the page loads it: every input that holds a made-up value is marked
/// (`Inputs::example`), so none can reach a real deployment unnoticed.
pub fn shown(mut inputs: Inputs) -> Inputs {
    inputs.example = [KUBECONFIG, TOKEN].into_iter().collect();
    let defaults = defaults();
    for f in FIELDS {
        if inputs.settings.get(f.key) != defaults.get(f.key) {
            inputs.example.insert(f.key);
        }
    }
    inputs
}
