//! Pathological inputs, each as large as its input's limit allows: the reproducers of the
//! security review, shared by the bounds test (`tests/bounds.rs`) and the worst-case
//! benchmark (`examples/worst_case.rs`).

use base64::Engine;
use rsp_k8s_engine::preset::example;
use rsp_k8s_engine::Inputs;

/// The kubeconfig and token limits (the engine's `MAX_PASTE_BYTES` and `MAX_TOKEN_BYTES`).
pub const KUBECONFIG_MAX: usize = 1024 * 1024;
pub const TOKEN_MAX: usize = 64 * 1024;

/// A family of hostile input, one case per shape.
pub struct Case {
    pub family: &'static str,
    pub name: &'static str,
    pub inputs: Inputs,
}

fn with_kubeconfig(kubeconfig: String) -> Inputs {
    Inputs { kubeconfig, ..example() }
}

fn with_token(token: String) -> Inputs {
    Inputs { token, ..example() }
}

fn with_setting(key: &str, value: String) -> Inputs {
    let mut i = example();
    i.settings.insert(key.into(), value);
    i
}

/// A JWT whose payload is `payload`, padded to stay within the token limit.
fn jwt(payload: &str) -> String {
    let e = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    format!("{}.{}.c2ln", e.encode(r#"{"alg":"RS256"}"#), e.encode(payload))
}

/// Bytes of JSON that fit the token limit once base64url-encoded.
const TOKEN_PAYLOAD: usize = TOKEN_MAX / 4 * 3 - 64;

fn repeat_to(unit: &str, prefix: &str, suffix: &str, limit: usize) -> String {
    let n = (limit - prefix.len() - suffix.len()) / unit.len();
    format!("{prefix}{}{suffix}", unit.repeat(n))
}

/// `l0: &l0 [lol ×width]`, `l1: &l1 [*l0 ×width]`, …: each line multiplies by `width`.
pub fn alias_bomb(width: usize, levels: usize) -> String {
    let mut s = format!("l0: &l0 [{}]\n", vec!["lol"; width].join(","));
    for i in 1..levels {
        s.push_str(&format!("l{i}: &l{i} [{}]\n", vec![format!("*l{}", i - 1); width].join(",")));
    }
    s.push_str(&format!("clusters: *l{}\n", levels - 1));
    s
}

fn minimal_kubeconfig(context: &str) -> String {
    let ctx = serde_quote(context);
    format!(
        "apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    server: https://10.0.0.1\ncontexts:\n- name: {ctx}\n  context:\n    cluster: c\ncurrent-context: {ctx}\n"
    )
}

/// A double-quoted YAML scalar.
fn serde_quote(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

pub fn cases() -> Vec<Case> {
    let half = KUBECONFIG_MAX / 2 - 16;
    let mut cases = vec![
        Case {
            family: "deep nesting",
            name: "flow lists, clusters: [[[…]]] (1 MiB)",
            inputs: with_kubeconfig(format!("clusters: {}{}", "[".repeat(half), "]".repeat(half))),
        },
        Case {
            family: "deep nesting",
            name: "flow maps, {a: {a: …}} (1 MiB)",
            inputs: with_kubeconfig({
                let n = (KUBECONFIG_MAX - 16) / 5;
                format!("x: {}1{}", "{a: ".repeat(n), "}".repeat(n))
            }),
        },
        Case {
            family: "deep nesting",
            name: "block lists on one line, - - - … (1 MiB)",
            inputs: with_kubeconfig(repeat_to("- ", "clusters:\n", "1\n", KUBECONFIG_MAX)),
        },
        Case {
            family: "deep nesting",
            name: "indented maps a:\\n  a:\\n … (1 MiB)",
            inputs: with_kubeconfig({
                let mut s = String::new();
                let mut depth = 0;
                while s.len() + 2 * depth + 3 < KUBECONFIG_MAX {
                    s.push_str(&" ".repeat(depth));
                    s.push_str("a:\n");
                    depth += 1;
                }
                s
            }),
        },
        Case {
            family: "deep nesting",
            name: "token payload [[[…]]] (64 KiB)",
            inputs: with_token(jwt(&format!("{}{}", "[".repeat(TOKEN_PAYLOAD / 2), "]".repeat(TOKEN_PAYLOAD / 2)))),
        },
        Case {
            family: "aliases",
            name: "a 6,000-item list, aliased everywhere (1 MiB)",
            inputs: with_kubeconfig({
                let items = "1,".repeat(6000);
                repeat_to("*a,", &format!("x: &a [{items}1]\nclusters: ["), "*a]\n", KUBECONFIG_MAX)
            }),
        },
        Case {
            family: "aliases",
            name: "a 500 KB string, aliased everywhere (1 MiB)",
            inputs: with_kubeconfig({
                let s = "x".repeat(500_000);
                repeat_to("*s,", &format!("s: &s \"{s}\"\nclusters: ["), "*s]\n", KUBECONFIG_MAX)
            }),
        },
        Case {
            family: "aliases",
            name: "token payload with aliases (64 KiB)",
            inputs: with_token(jwt(&repeat_to("*a,", &format!("{{x: &a [{}1], y: [", "1,".repeat(4000)), "*a]}", TOKEN_PAYLOAD))),
        },
        Case {
            family: "alias bomb",
            name: "billion laughs: 9 aliases a line, 10 lines (9^10 values)",
            inputs: with_kubeconfig(alias_bomb(9, 10)),
        },
        Case {
            family: "alias bomb",
            name: "doubling: 2 aliases a line, 60 lines (2^60 values)",
            inputs: with_kubeconfig(alias_bomb(2, 60)),
        },
        Case {
            family: "alias bomb",
            name: "the most values allowed: a 1,000-item anchor aliased 197 times",
            inputs: with_kubeconfig(format!("x: &a [{}1]\nclusters: [{}*a]\n", "1,".repeat(999), "*a,".repeat(196))),
        },
        Case {
            family: "alias bomb",
            name: "the most text allowed: a 200 KB string aliased 19 times",
            inputs: with_kubeconfig(format!("s: &s \"{}\"\nclusters: [{}*s]\n", "x".repeat(200_000), "*s,".repeat(18))),
        },
        Case {
            family: "alias bomb",
            name: "one past the limit: a 1,000-item anchor aliased 250 times",
            inputs: with_kubeconfig(format!("x: &a [{}1]\nclusters: [{}*a]\n", "1,".repeat(999), "*a,".repeat(249))),
        },
        Case {
            family: "many entries",
            name: "contexts: [1,1,1,…] (1 MiB)",
            inputs: with_kubeconfig(repeat_to("1,", "contexts: [", "1]\n", KUBECONFIG_MAX)),
        },
        Case {
            family: "many entries",
            name: "24,000 distinct contexts (the most the entry limit allows)",
            inputs: with_kubeconfig({
                let mut s = String::from("apiVersion: v1\nclusters:\n- name: c\n  cluster:\n    server: https://10.0.0.1\ncontexts:\n");
                for i in 0..24_000 {
                    s.push_str(&format!("- {{name: c{i}, context: {{cluster: c}}}}\n"));
                }
                s
            }),
        },
        Case {
            family: "many entries",
            name: "one context repeated (duplicate names, 1 MiB)",
            inputs: with_kubeconfig(repeat_to(
                "- {name: x, context: {cluster: c}}\n",
                "clusters: [{name: c, cluster: {server: 'https://10.0.0.1'}}]\ncontexts:\n",
                "",
                KUBECONFIG_MAX,
            )),
        },
        Case {
            family: "long names",
            name: "context named 512 KiB of '<'",
            // The name is written twice (context and current-context).
            inputs: with_kubeconfig(minimal_kubeconfig(&"<".repeat(KUBECONFIG_MAX / 2 - 200))),
        },
        Case {
            family: "long names",
            name: "gke_<…'<'…>_l_c context",
            inputs: with_kubeconfig(minimal_kubeconfig(&format!("gke_{}_l_c", "<".repeat(KUBECONFIG_MAX / 2 - 200)))),
        },
    ];
    // An existing server's files at the import limits (256 KiB a file, 8 MiB an archive).
    let file = 256 * 1024;
    let dupes = "a=1\n".repeat(file / 4 - 1);
    let distinct: String = (0..)
        .map(|i| format!("k{i}=1\n"))
        .scan(0, |n, l| {
            *n += l.len();
            (*n < file).then_some(l)
        })
        .collect();
    let exports: String = (0..)
        .map(|i| format!("/srv/d{i} 10.{}.{}.0/24(rw,sync)\n", i / 256 % 256, i % 256))
        .scan(0, |n, l| {
            *n += l.len();
            (*n < file).then_some(l)
        })
        .collect();
    let mounts: String = (0..)
        .map(|i| format!("Host: 10.0.0.1\nPath: /srv/m{i}\nMountPath: /srv/m{i}\nReadOnly: false\n\n"))
        .scan(0, |n, l| {
            *n += l.len();
            (*n < file).then_some(l)
        })
        .collect();
    // Clusters of the page's name that are not Kubernetes, and a home export with every client
    // on continuation lines: the cluster and client scans stay linear.
    let clusters: String = (0..)
        .map(|i| format!("[cluster]\nname={}\ntype=Local\n", if i % 2 == 0 { "Kubernetes" } else { "Local" }))
        .scan(0, |n, l| {
            *n += l.len();
            (*n < file).then_some(l)
        })
        .collect();
    let clients: String = std::iter::once("/home \\\n".to_string())
        .chain((0..).map(|i| format!("  10.{}.{}.7(rw,sync,no_root_squash) \\\n", i / 256 % 256, i % 256)))
        .scan(0, |n, l| {
            *n += l.len();
            (*n < file - 64).then_some(l)
        })
        .chain(std::iter::once("  *(ro)\n".to_string()))
        .collect();
    let home_mounts: String = (0..)
        .map(|i| format!("MountType: NFS\nHost: 10.0.{}.{}\nPath: /home/{{USER}}\nMountPath: /home/{{USER}}\n\n", i / 256 % 256, i % 256))
        .scan(0, |n, l| {
            *n += l.len();
            (*n < file).then_some(l)
        })
        .collect();
    // An archive of many small members, most of them not the page's.
    let mut many = tar::Builder::new(Vec::new());
    for i in 0..7_000 {
        let mut header = tar::Header::new_ustar();
        header.set_size(4);
        header.set_mode(0o644);
        header.set_cksum();
        let name = if i % 2 == 0 { format!("rstudio/x{i}.conf") } else { "./rserver.conf".to_string() };
        many.append_data(&mut header, name, "a=1\n".as_bytes()).unwrap();
    }
    let many = many.into_inner().unwrap();
    let mut tar = tar::Builder::new(Vec::new());
    for _ in 0..31 {
        let mut header = tar::Header::new_ustar();
        header.set_size(dupes.len() as u64);
        header.set_mode(0o644);
        header.set_cksum();
        tar.append_data(&mut header, "etc/rstudio/rserver.conf", dupes.as_bytes()).unwrap();
    }
    let tar = tar.into_inner().unwrap();
    for (name, file, bytes) in [
        ("rserver.conf of 65,535 duplicate keys (256 KiB)", "rserver.conf", dupes.into_bytes()),
        ("rserver.conf of distinct keys (256 KiB)", "rserver.conf", distinct.into_bytes()),
        ("/etc/exports of distinct exports (256 KiB)", "exports", exports.into_bytes()),
        ("launcher-mounts of distinct mounts (256 KiB)", "launcher-mounts", mounts.into_bytes()),
        ("a tar of 31 such rserver.conf (8 MiB)", "etc.tar", tar),
        ("launcher.conf of clusters named like ours (256 KiB)", "launcher.conf", clusters.into_bytes()),
        ("/etc/exports: one home entry of continued clients (256 KiB)", "exports", clients.into_bytes()),
        ("launcher-mounts of home mounts at our MountPath (256 KiB)", "launcher-mounts", home_mounts.into_bytes()),
        ("a .tar.gz of 7,000 small members (7 MiB)", "etc.tar.gz", many),
    ] {
        cases.push(Case { family: "imports", name, inputs: Inputs { imports: vec![(file.into(), bytes)], ..example() } });
    }
    for (key, unit) in [("users", "u1234567, "), ("session-image", "a/"), ("callback-url", "[")] {
        cases.push(Case {
            family: "long settings",
            name: key,
            inputs: with_setting(key, unit.repeat(rsp_k8s_engine::settings::MAX_LIST_BYTES / unit.len())),
        });
    }
    cases
}

/// An allocator that tracks the peak of live heap bytes, so a case's memory is measured
/// natively. Each binary that uses it declares it its `#[global_allocator]`.
pub struct PeakAlloc;

static LIVE: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
static PEAK: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

unsafe impl std::alloc::GlobalAlloc for PeakAlloc {
    unsafe fn alloc(&self, layout: std::alloc::Layout) -> *mut u8 {
        use std::sync::atomic::Ordering::Relaxed;
        let live = LIVE.fetch_add(layout.size(), Relaxed) + layout.size();
        PEAK.fetch_max(live, Relaxed);
        std::alloc::System.alloc(layout)
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: std::alloc::Layout) {
        LIVE.fetch_sub(layout.size(), std::sync::atomic::Ordering::Relaxed);
        std::alloc::System.dealloc(ptr, layout)
    }
}

/// Time and peak heap growth of `generate` on one case (run cases one at a time).
pub fn measure(inputs: &Inputs, now: i64) -> (std::time::Duration, usize, rsp_k8s_engine::Output) {
    use std::sync::atomic::Ordering::Relaxed;
    let base = LIVE.load(Relaxed);
    PEAK.store(base, Relaxed);
    let t0 = std::time::Instant::now();
    let out = rsp_k8s_engine::generate(inputs, now);
    let took = t0.elapsed();
    (took, PEAK.load(Relaxed) - base, out)
}

/// The diagnose box's worst pastes, each 4 MiB (its limit): a long log with a finding on
/// every line, one line of a pattern that needs a second word, newlines only, colour codes
/// only, pattern prefixes that never complete, and a line of token-like words.
pub fn diagnose_logs() -> Vec<(&'static str, String)> {
    const MAX: usize = 4 * 1024 * 1024;
    let fill = |unit: &str| unit.repeat(MAX / unit.len());
    vec![
        (
            "a finding on every line",
            fill("2026-05-01T10:00:00.123Z \x1b[31mWarning\x1b[0m Failed kubelet Failed to pull image \"x:1\": manifest unknown\r\n"),
        ),
        ("one 4 MiB line needing a second word", fill("Permission denied on /srv ")),
        ("newlines only", "\n".repeat(MAX)),
        ("colour codes only", fill("\x1b[1;31m\x1b[0m")),
        ("prefixes that never complete", fill("FailedFaile mount.nf is forbidde i/o timeou ")),
        ("token-like words", format!("{} ErrImagePull", fill("Bearer eyJx.")).split_off(12)),
        (
            "a plain 4 MiB log",
            fill("2026-05-01T10:00:00.123456Z [rstudio-kubernetes-launcher] INFO Job rstudio-launcher-abc is running on node gke-pool-1\n"),
        ),
    ]
}

/// `diagnose` of `log` for the example's setup: its time, peak heap above the start, and result.
pub fn measure_diagnose(log: &str) -> (std::time::Duration, usize, rsp_k8s_engine::diagnose::Diagnosis) {
    use rsp_k8s_engine::diagnose::{diagnose, Setup};
    use std::sync::atomic::Ordering::Relaxed;
    let setup = Setup::from_output(&rsp_k8s_engine::generate(&example(), 1_796_083_200));
    let base = LIVE.load(Relaxed);
    PEAK.store(base, Relaxed);
    let t0 = std::time::Instant::now();
    let d = diagnose(log, &setup);
    let took = t0.elapsed();
    (took, PEAK.load(Relaxed) - base, d)
}
