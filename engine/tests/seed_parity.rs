//! The seed guide's own choices, rendered in its RSP 1.3 format, must give the seed's files:
//! every key and value equal, except where the seed was wrong (each such key names its
//! erratum and the diagnostic or correction that replaces it).

mod common;
use common::*;
use rsp_k8s_engine::generate;
use std::collections::BTreeMap;

/// `key=value` / `key = value` lines outside comments, by section.
fn ini(text: &str) -> BTreeMap<String, String> {
    let mut section = String::new();
    let mut map = BTreeMap::new();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')) {
        if line.starts_with('[') {
            section = line.to_string();
        } else if let Some((k, v)) = line.split_once('=') {
            map.insert(format!("{section}{}", k.trim()), v.trim().to_string());
        }
    }
    map
}

/// DCF records (blank-line separated `Key: value` lines), comments dropped.
fn dcf(text: &str) -> Vec<BTreeMap<String, String>> {
    let mut records = Vec::new();
    for block in text.split("\n\n") {
        let rec: BTreeMap<String, String> = block
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| l.split_once(':'))
            .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
            .collect();
        if !rec.is_empty() {
            records.push(rec);
        }
    }
    records
}

/// Keys whose value legitimately differs, with why.
const ERRATA: &[(&str, &str, &str)] = &[
    ("rserver.conf", "admin-enabled", "the seed's dashboard for every signed-in user: off unless an admin group is given"),
    ("rserver.conf", "server-shared-storage-path", "the seed's /home/rsp-shared sits inside the home root (refused now): /srv/rsp-shared"),
    ("launcher.conf", "[cluster]name", "erratum 2: Custard/custard/Kubernetes unified to one name"),
    ("rserver.conf", "launcher-default-cluster", "erratum 2: must equal [cluster] name exactly"),
    ("launcher.kubernetes.conf", "auth-token", "the seed's token is a fake; the example token was made for this project"),
    ("launcher.kubernetes.conf", "certificate-authority", "the seed's CA is a corrupt fake; the example CA was made for this project"),
    ("launcher.kubernetes.conf", "kubernetes-namespace", "written explicitly (the seed relied on the default, rstudio)"),
    ("launcher.kubernetes.conf", "enable-debug-logging", "the seed's debug choice applied to the plugin too"),
    ("jupyter.conf", "lab-version", "not written for 1.3"),
];

#[test]
fn rsp13_output_matches_the_seed_except_errata() {
    let out = generate(&seed_inputs(), NOW);
    for name in ["launcher.conf", "launcher.kubernetes.conf", "jupyter.conf", "rserver.conf"] {
        let seed = ini(&fixture(&format!("seed/{name}")));
        let ours = ini(file(&out, &format!("/etc/rstudio/{name}")));
        let allowed = |k: &str| ERRATA.iter().any(|(f, key, _)| *f == name && *key == k);
        for key in seed.keys().chain(ours.keys()) {
            if !allowed(key) {
                assert_eq!(seed.get(key), ours.get(key), "{name}: {key}");
            }
        }
    }
    // The homes' mount as the seed's; the shared storage's moved out of the home root (erratum above).
    let (seed, ours) = (dcf(&fixture("seed/launcher-mounts")), dcf(file(&out, "/etc/rstudio/launcher-mounts")));
    assert_eq!((seed.len(), &seed[0]), (ours.len(), &ours[0]));
    assert_eq!(ours[1].get("Path").map(String::as_str), Some("/srv/rsp-shared"));
}

#[test]
fn seed_exports_line_is_reproduced_and_flagged() {
    let out = generate(&seed_inputs(), NOW);
    let opts = |line: &str| -> (String, Vec<String>) {
        let (head, rest) = line.split_once('(').unwrap();
        let mut o: Vec<String> = rest.trim_end_matches(')').split(',').map(str::to_string).collect();
        o.sort();
        (head.to_string(), o)
    };
    let seed = fixture("seed/exports");
    let ours = file(&out, "/etc/exports").lines().find(|l| !l.starts_with('#')).unwrap().to_string();
    assert_eq!(opts(seed.trim()), opts(&ours));
    // Errata 10: the /24 and no_root_squash now come with their warnings.
    find(&out, "nfs-client-cidr.narrower-than-subnet");
    find(&out, "nfs-squash.no-root-squash");
    find(&out, "rbac-mode.cluster-admin");
}

#[test]
fn the_seeds_own_fake_credentials_are_diagnosed_not_copied() {
    let seed = fixture("seed/launcher.kubernetes.conf");
    let value = |k: &str| seed.lines().find_map(|l| l.strip_prefix(k)).unwrap().trim_start_matches([' ', '=']).to_string();
    let out = with_token(&value("auth-token"));
    assert!(codes(&out).contains(&"token.damaged"), "{}", dump_diags(&out));
    assert_eq!(file(&out, "/etc/rstudio/launcher.kubernetes.token"), "<auth-token>");
    let ca = value("certificate-authority");
    let kc = fixture("multi-cluster.yaml").replacen(&ca_of(&fixture("multi-cluster.yaml")), &ca, 1);
    let out = with_kubeconfig(&kc);
    assert!(codes(&out).iter().any(|c| c.starts_with("kubeconfig.ca-")), "{}", dump_diags(&out));
}

fn ca_of(kubeconfig: &str) -> String {
    kubeconfig.lines().find_map(|l| l.trim().strip_prefix("certificate-authority-data: ")).unwrap().to_string()
}
