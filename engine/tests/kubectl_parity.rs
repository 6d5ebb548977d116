//! The differential test: kubectl's own loader is the authority on what a kubeconfig means.
//! For every kubeconfig fixture, every named disagreement fixture (`fixtures/kubectl/`) and
//! `GENERATED` kubeconfigs from a property generator, `kubectl config view --raw -o json
//! --kubeconfig FILE` and the engine read the same bytes and must agree on the contexts,
//! current-context, each context's cluster, its server and its CA bytes; where kubectl
//! refuses a file the engine refuses it with an error of its own. The differences that are
//! intended are `INTENDED`, each with its reason.
//!
//! kubectl runs with an empty environment: HOME, KUBECONFIG and PATH point into a temporary
//! directory (no plugin can be found, no other kubeconfig read), proxies at a closed port, and
//! only `config view` is ever run, which neither executes credential plugins nor reaches the
//! network. The Google Cloud SDK's `kubectl` is a dispatcher that asks the cluster for its
//! version (running the exec plugin to do so); the real kubectl beside it is used instead.
//! Where kubectl is absent the comparison is skipped and says so; the stored verdicts of the
//! named fixtures are checked against the engine either way.

mod common;
use base64::Engine;
use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use rsp_k8s_engine::diagnostic::Severity;
use rsp_k8s_engine::{read_kubeconfig, ContextView};
use serde_norway::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Generated kubeconfigs per run.
const GENERATED: usize = 1000;

/// Differences from kubectl that are meant, with the reason. The comparison below applies
/// each; the generator does not produce the inputs of the others.
pub const INTENDED: &[(&str, &str)] = &[
    ("order", "kubectl prints contexts sorted by name; the engine keeps the order they are written in, as the person wrote them (the context picker shows that order). Compared as sorted lists; the generated cases also check the written order."),
    ("warnings", "the engine adds warnings and facts kubectl does not give (no CA, insecure, a loopback server, not --raw, an entry without a name): only refusals (errors) are compared."),
    ("users", "the engine never reads the users: section (credentials), so a users: section kubectl refuses (a wrong type, a repeated name) is not refused by the engine."),
    ("documents", "kubectl reads only a file's first YAML document; the engine takes the first kubeconfig among the documents pasted (a manifest pasted before it) and warns that it did. Not generated."),
    ("yaml-1.1", "kubectl's YAML reader is YAML 1.1: an unquoted yes/no/on/off/y/n is a boolean there (and 012 octal, 1_000 a number), so kubectl refuses it as a name; the engine's YAML 1.2 reader takes it as text, and reads a quoted \"yes\" in a true/false field as kubectl reads it unquoted. Not generated."),
    ("limits", "the engine refuses a kubeconfig over 1 MiB, nested more than 64 levels, with more than 50,000 entries, or whose aliases expand beyond 200,000 values or 4 MiB of text; kubectl reads far larger ones. Not generated."),
];

// ---------- kubectl ----------

struct Kubectl {
    bin: PathBuf,
    dir: PathBuf,
}

/// The real kubectl binary, or why the comparison is skipped.
fn find_kubectl() -> Result<Kubectl, String> {
    // One folder per instance: the tests of this file run at once, and each removes its own.
    static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("rsp-k8s-parity-{}-{n}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    for sub in ["home", "bin", "files"] {
        std::fs::create_dir_all(dir.join(sub)).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    let named = std::env::var_os("KUBECTL")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("PATH").and_then(|p| std::env::split_paths(&p).map(|d| d.join("kubectl")).find(|f| f.is_file())));
    let Some(named) = named else { return Err("kubectl is not on PATH (nor named by $KUBECTL)".into()) };
    let bin = std::fs::canonicalize(&named).map_err(|e| format!("{}: {e}", named.display()))?;
    let mut k = Kubectl { bin, dir };
    let version = k.run(&["version", "--client", "-o", "json"]).map_err(|e| format!("`kubectl version --client` failed: {e}"))?;
    let v: Value = serde_norway::from_str(&version).map_err(|e| format!("kubectl version output: {e}"))?;
    let field = |f: &str| v["clientVersion"][f].as_str().unwrap_or_default().trim_end_matches('+').to_string();
    if field("gitVersion").contains("dispatcher") {
        let real = k.bin.with_file_name(format!("kubectl.{}.{}", field("major"), field("minor")));
        // kubectl is there, but not safe to run: a failure, not a skip.
        assert!(
            real.is_file(),
            "{} is the Cloud SDK dispatcher, which can run credential plugins, and {} is missing",
            k.bin.display(),
            real.display()
        );
        k.bin = real;
    }
    Ok(k)
}

impl Kubectl {
    /// kubectl with an empty, isolated environment. `Err` holds its error output.
    fn run(&self, args: &[&str]) -> Result<String, String> {
        let out = Command::new(&self.bin)
            .args(args)
            .env_clear()
            .env("HOME", self.dir.join("home"))
            .env("KUBECONFIG", self.dir.join("home/none"))
            .env("PATH", self.dir.join("bin"))
            .env("HTTPS_PROXY", "http://127.0.0.1:9")
            .env("HTTP_PROXY", "http://127.0.0.1:9")
            .env("GOMAXPROCS", "1")
            .env("GOGC", "off")
            .output()
            .map_err(|e| e.to_string())?;
        if out.status.success() {
            Ok(String::from_utf8_lossy(&out.stdout).into_owned())
        } else {
            Err(String::from_utf8_lossy(&out.stderr).trim().to_string())
        }
    }

    /// `kubectl config view --raw -o json --kubeconfig FILE`, read into the compared view.
    fn view(&self, name: &str, bytes: &[u8]) -> Verdict {
        let path = self.dir.join("files").join(name);
        std::fs::write(&path, bytes).unwrap();
        let out = self.run(&["config", "view", "--raw", "-o", "json", "--kubeconfig", path.to_str().unwrap()]);
        let _ = std::fs::remove_file(&path);
        match out {
            Err(e) => Verdict::Refuses(e),
            Ok(json) => Verdict::Reads(kubectl_view(&json)),
        }
    }
}

impl Drop for Kubectl {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// What is compared: the contexts sorted by name, current-context, and per context its
/// cluster, server and CA bytes (empty and absent are the same, as in kubectl's output).
#[derive(Debug, PartialEq, Eq)]
struct View {
    contexts: Vec<ContextView>,
    current: Option<String>,
}

#[derive(Debug)]
enum Verdict {
    Reads(View),
    Refuses(String),
}

fn kubectl_view(json: &str) -> View {
    let v: Value = serde_norway::from_str(json).expect("kubectl prints JSON");
    let s = |v: &Value| v.as_str().filter(|s| !s.is_empty()).map(str::to_string);
    let empty = Vec::new();
    let clusters = v["clusters"].as_sequence().unwrap_or(&empty);
    let mut contexts: Vec<ContextView> = v["contexts"]
        .as_sequence()
        .unwrap_or(&empty)
        .iter()
        .map(|c| {
            let cluster = s(&c["context"]["cluster"]).unwrap_or_default();
            let cl = clusters.iter().find(|cl| cl["name"].as_str() == Some(cluster.as_str()));
            ContextView {
                name: s(&c["name"]).unwrap_or_default(),
                cluster,
                server: cl.and_then(|cl| s(&cl["cluster"]["server"])),
                ca: cl
                    .and_then(|cl| s(&cl["cluster"]["certificate-authority-data"]))
                    .map(|b| base64::engine::general_purpose::STANDARD.decode(b).expect("kubectl prints base64")),
            }
        })
        .collect();
    contexts.sort_by(|a, b| a.name.cmp(&b.name));
    View { contexts, current: s(&v["current-context"]) }
}

/// The engine's reading, in the same terms; `Err` holds its error codes.
fn engine_view(text: &str) -> Result<(View, Vec<String>), Vec<&'static str>> {
    let pasted = read_kubeconfig(text);
    let errors: Vec<&'static str> = pasted.diagnostics().iter().filter(|d| d.severity == Severity::Error).map(|d| d.code).collect();
    let Some((mut contexts, current)) = pasted.view() else {
        assert!(!errors.is_empty(), "refused without an error");
        return Err(errors);
    };
    let written = contexts.iter().map(|c| c.name.clone()).collect();
    for c in &mut contexts {
        c.server = c.server.take().filter(|s| !s.is_empty());
        c.ca = c.ca.take().filter(|b| !b.is_empty());
    }
    contexts.sort_by(|a, b| a.name.cmp(&b.name));
    Ok((View { contexts, current }, written))
}

/// A view in a few words: the CA as its length (a diff of bytes helps no one).
fn show(v: &View) -> String {
    let c: Vec<String> = v
        .contexts
        .iter()
        .map(|c| format!("{} -> {} at {:?}, CA {} bytes", c.name, c.cluster, c.server, c.ca.as_ref().map_or(0, Vec::len)))
        .collect();
    format!("[{}], current-context {:?}", c.join("; "), v.current)
}

/// kubectl's verdict against the engine's; `Err` describes the disagreement.
fn compare(kubectl: &Verdict, text: &str) -> Result<(), String> {
    match (kubectl, engine_view(text)) {
        (Verdict::Reads(k), Ok((e, _))) if *k == e => Ok(()),
        (Verdict::Reads(k), Ok((e, _))) => Err(format!("both read it, differently:\nkubectl: {}\nengine:  {}", show(k), show(&e))),
        (Verdict::Reads(k), Err(codes)) => Err(format!("kubectl reads it ({}); the engine refuses it: {codes:?}", show(k))),
        (Verdict::Refuses(why), Ok((e, _))) => Err(format!("kubectl refuses it ({why}); the engine reads it: {}", show(&e))),
        (Verdict::Refuses(_), Err(codes)) => {
            // A refusal of kubectl's is one of the engine's, never "not a kubeconfig" for a
            // file kubectl recognised, nor an empty paste.
            assert!(codes.iter().all(|c| c.starts_with("kubeconfig.")), "{codes:?}");
            Ok(())
        }
    }
}

// ---------- the fixtures ----------

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// Every kubeconfig fixture: the platform ones, and the named disagreements found by this
/// test, each beside kubectl's verdict (`NAME.kubectl`: "reads" or "refuses", then what
/// kubectl printed).
fn fixtures() -> Vec<(String, String, Option<String>)> {
    let mut all = Vec::new();
    for dir in [fixtures_dir(), fixtures_dir().join("kubectl")] {
        let mut names: Vec<PathBuf> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
        names.sort();
        for p in names {
            let ext = p.extension().and_then(|e| e.to_str()).unwrap_or_default();
            if !["yaml", "json"].contains(&ext) {
                continue;
            }
            let verdict = std::fs::read_to_string(p.with_extension("kubectl")).ok();
            let name = p.strip_prefix(fixtures_dir()).unwrap().display().to_string();
            all.push((name, std::fs::read_to_string(&p).unwrap(), verdict));
        }
    }
    all
}

#[test]
fn every_disagreement_fixture_keeps_kubectls_verdict_in_the_engine() {
    let mut checked = 0;
    for (name, text, verdict) in fixtures() {
        let Some(verdict) = verdict else { continue };
        let reads = match verdict.lines().next() {
            Some("reads") => true,
            Some("refuses") => false,
            other => panic!("{name}: the verdict starts with {other:?}, not reads or refuses"),
        };
        let engine = engine_view(&text).map(|(v, _)| show(&v));
        assert_eq!(engine.is_ok(), reads, "{name}: kubectl {} it; the engine: {engine:?}", if reads { "reads" } else { "refuses" });
        checked += 1;
    }
    assert!(checked >= 10, "{checked} named fixtures");
}

#[test]
fn kubectl_and_the_engine_read_every_fixture_alike() {
    let kubectl = match find_kubectl() {
        Ok(k) => k,
        Err(why) => {
            println!("SKIPPED: the comparison with kubectl did not run: {why}.");
            return;
        }
    };
    let mut failures = Vec::new();
    for (name, text, verdict) in fixtures() {
        let k = kubectl.view("fixture.yaml", text.as_bytes());
        if let Some(verdict) = verdict {
            let stored = verdict.lines().next().unwrap_or_default();
            let now = if matches!(k, Verdict::Reads(_)) { "reads" } else { "refuses" };
            if stored != now {
                failures.push(format!("{name}: the stored verdict is {stored}, kubectl now {now}s it"));
            }
        }
        if let Err(e) = compare(&k, &text) {
            failures.push(format!("{name}: {e}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

// ---------- the generator ----------

/// A kubeconfig's content, before it is written in some style.
#[derive(Clone, Debug)]
struct Spec {
    clusters: Vec<(String, String, Option<usize>)>,
    contexts: Vec<(String, String)>,
    current: Option<String>,
}

/// Names as tools write them: plain words, GKE, EKS ARNs, OpenShift's with / and :, kind's.
fn name() -> impl Strategy<Value = String> {
    proptest::prop_oneof![
        "[a-z][a-z0-9-]{0,10}",
        "gke_[a-z]{3,8}_europe-west[1-4]_[a-z]{3,8}",
        "arn:aws:eks:eu-west-[1-3]:[0-9]{12}:cluster/[a-z]{3,8}",
        "[a-z]{2,6}/api-[a-z]{3,6}-example-com:6443",
        "kind-[a-z]{2,6}",
        "[A-Z][a-zA-Z0-9_.@-]{0,12}",
    ]
    .prop_filter("YAML 1.1 reads it as a boolean or null", |n| {
        !["y", "n", "yes", "no", "on", "off", "true", "false", "null"].contains(&n.to_ascii_lowercase().as_str())
    })
}

fn spec() -> impl Strategy<Value = Spec> {
    let server = proptest::prop_oneof![
        "https://[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}(:6443)?",
        "https://[a-z]{3,8}\\.example\\.com(/k8s/clusters/c-[a-z0-9]{5})?",
        "https://\\[fd00::[0-9]{1,4}\\]:6443",
    ];
    (
        proptest::collection::vec((name(), server, proptest::option::of(0..3usize)), 1..4),
        proptest::collection::vec((name(), 0..4usize), 1..4),
        0..5usize,
    )
        .prop_map(|(clusters, contexts, current)| {
            let contexts: Vec<(String, String)> =
                contexts.into_iter().map(|(n, i)| (n, clusters.get(i).map_or_else(|| "gone".to_string(), |c| c.0.clone()))).collect();
            let current = contexts.get(current).map(|c| c.0.clone());
            Spec { clusters, contexts, current }
        })
}

/// The CAs: real certificates from the fixtures, and a short text (kubectl does not check
/// that the data is a certificate).
fn cas() -> Vec<String> {
    let from = |f: &str| {
        let t = std::fs::read_to_string(fixtures_dir().join(f)).unwrap();
        t.lines().find_map(|l| l.trim().strip_prefix("certificate-authority-data: ")).unwrap().trim_matches('"').to_string()
    };
    let example = rsp_k8s_engine::preset::EXAMPLE_KUBECONFIG;
    let example = example.lines().find_map(|l| l.trim().strip_prefix("certificate-authority-data: ")).unwrap().to_string();
    vec![from("aks.yaml"), example, base64::engine::general_purpose::STANDARD.encode("not a certificate, but base64")]
}

/// Random choices of style, drawn one at a time.
struct Knobs(Vec<u32>, usize);

impl Knobs {
    fn pick(&mut self, n: u32) -> u32 {
        self.1 += 1;
        self.0[self.1 % self.0.len()] % n
    }
    fn one_in(&mut self, n: u32) -> bool {
        self.pick(n) == 0
    }
}

/// How kubectl's refusal is expected of a generated file (the generator sometimes writes one).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Expect {
    Reads,
    Refuses,
}

/// Write `spec` as YAML or JSON in a style drawn from `k`. Returns the bytes and whether
/// kubectl is expected to read them (`Refuses` when a refused shape was drawn on purpose).
fn write(spec: &Spec, cas: &[String], k: &mut Knobs) -> (String, Expect) {
    let mut expect = Expect::Reads;
    let mut spec = spec.clone();
    // Refused shapes, now and then: a repeated name, a folded CA, a wrong apiVersion, a
    // number for a name.
    let refusal = if k.one_in(12) { k.pick(4) + 1 } else { 0 };
    if refusal == 1 {
        let first = spec.clusters[0].clone();
        spec.clusters.push(first);
        expect = Expect::Refuses;
    }
    let json = k.one_in(5);
    let text = if json { write_json(&spec, cas, k, refusal, &mut expect) } else { write_yaml(&spec, cas, k, refusal, &mut expect) };
    let text = if k.one_in(6) { text.replace('\n', "\r\n") } else { text };
    let text = if k.one_in(8) { format!("\u{feff}{text}") } else { text };
    (text, expect)
}

fn json_str(s: &str) -> String {
    quote_flow(s)
}

fn write_json(spec: &Spec, cas: &[String], k: &mut Knobs, refusal: u32, expect: &mut Expect) -> String {
    let ext = |k: &mut Knobs| if k.one_in(3) { r#", "extensions": [{"name": "x", "extension": {"a": [1, "b"]}}]"# } else { "" };
    let clusters: Vec<String> = spec
        .clusters
        .iter()
        .map(|(n, s, ca)| {
            let ca = ca.map_or(String::new(), |i| format!(r#", "certificate-authority-data": {}"#, json_str(&cas[i])));
            format!(r#"{{"name": {}, "cluster": {{"server": {}{ca}{}}}}}"#, json_str(n), json_str(s), ext(k))
        })
        .collect();
    let contexts: Vec<String> = spec
        .contexts
        .iter()
        .map(|(n, c)| format!(r#"{{"name": {}, "context": {{"cluster": {}, "user": "u"{}}}}}"#, json_str(n), json_str(c), ext(k)))
        .collect();
    let mut fields = vec![
        format!(r#""clusters": [{}]"#, clusters.join(", ")),
        format!(r#""contexts": [{}]"#, contexts.join(", ")),
        r#""users": [{"name": "u", "user": {"token": "FAKE"}}]"#.to_string(),
    ];
    match refusal {
        3 => {
            fields.push(r#""apiVersion": "v2""#.into());
            *expect = Expect::Refuses;
        }
        _ => match k.pick(3) {
            0 => fields.push(r#""apiVersion": "v1", "kind": "Config""#.into()),
            1 => fields.push(r#""apiVersion": "", "kind": "", "preferences": {}"#.into()),
            _ => {}
        },
    }
    if let Some(c) = &spec.current {
        fields.push(format!(r#""current-context": {}"#, json_str(c)));
    }
    if k.one_in(3) {
        fields.push(r#""extensions": [{"name": "top", "extension": null}]"#.into());
    }
    // Key order.
    let n = fields.len();
    for i in 0..n {
        let j = k.pick(n as u32) as usize;
        fields.swap(i, j);
    }
    if k.one_in(2) {
        format!("{{\n  {}\n}}\n", fields.join(",\n  "))
    } else {
        format!("{{{}}}", fields.join(","))
    }
}

/// A YAML scalar in a quoting style drawn from `k`.
fn scalar(s: &str, k: &mut Knobs) -> String {
    let plain_ok = !s.starts_with(['[', '@', '&', '*', '!', '%', '{', '-', '?', '|', '>', '\'', '"', '#'])
        && !s.contains(": ")
        && !s.contains(" #")
        && s.parse::<f64>().is_err();
    match k.pick(5) {
        0 if plain_ok => s.to_string(),
        1 if plain_ok => format!("!!str {s}"),
        2 => format!("'{}'", s.replace('\'', "''")),
        3 => format!("!!str \"{}\"", s.replace('\\', "\\\\").replace('"', "\\\"")),
        _ => format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\"")),
    }
}

/// A CA value as tools write it: on one line, quoted, or wrapped in a `|` block at 64 or 76
/// columns; `>` (folded) when a refusal is drawn.
fn ca_value(ca: &str, pad: &str, k: &mut Knobs, fold: bool) -> String {
    let wrap = |w: usize| ca.as_bytes().chunks(w).map(|c| format!("{pad}  {}\n", std::str::from_utf8(c).unwrap())).collect::<String>();
    if fold {
        return format!(">\n{}", wrap(20)).trim_end().to_string();
    }
    match k.pick(5) {
        0 => ca.to_string(),
        1 => format!("\"{ca}\""),
        2 => format!("|\n{}", wrap(64)).trim_end().to_string(),
        3 => format!("|-\n{}", wrap(76)).trim_end().to_string(),
        _ => format!("\"{}\"", ca.as_bytes().chunks(76).map(|c| std::str::from_utf8(c).unwrap()).collect::<Vec<_>>().join("\\n")),
    }
}

fn write_yaml(spec: &Spec, cas: &[String], k: &mut Knobs, refusal: u32, expect: &mut Expect) -> String {
    let ind = if k.one_in(3) { "    " } else { "  " };
    // Lists under a key: indented or not.
    let seq = if k.one_in(2) { "" } else { ind };
    let comment = |k: &mut Knobs| if k.one_in(4) { "  # a comment" } else { "" };
    let flow = k.one_in(5);
    let share_ca = k.one_in(3);
    let mut anchored_ca: Option<usize> = None;
    let mut top: Vec<String> = Vec::new();

    let mut clusters = String::from("clusters:\n");
    for (i, (n, server, ca)) in spec.clusters.iter().enumerate() {
        let body_pad = format!("{seq}{ind}{ind}");
        let mut fields = vec![format!("server: {}{}", scalar(server, k), comment(k))];
        if let Some(ca) = ca {
            let fold = refusal == 2 && i == 0;
            if fold {
                *expect = Expect::Refuses;
            }
            let value = if share_ca && anchored_ca == Some(*ca) && !fold {
                format!("*ca{ca}")
            } else if share_ca && anchored_ca.is_none() && !fold {
                anchored_ca = Some(*ca);
                format!("&ca{ca} {}", ca_value(&cas[*ca], &body_pad, k, false))
            } else {
                ca_value(&cas[*ca], &body_pad, k, fold)
            };
            fields.push(format!("certificate-authority-data: {value}"));
        }
        if k.one_in(4) {
            fields.push(format!("extensions:\n{body_pad}- name: e{i}\n{body_pad}  extension:\n{body_pad}    last-update: 'x'"));
        }
        if k.one_in(2) {
            fields.reverse();
        }
        let name = if refusal == 4 && i == 0 {
            *expect = Expect::Refuses;
            "12345".to_string()
        } else {
            scalar(n, k)
        };
        let entry_fields = [format!("name: {name}"), format!("cluster:\n{body_pad}{}", fields.join(&format!("\n{body_pad}")))];
        let order: Vec<&String> = if k.one_in(2) { entry_fields.iter().collect() } else { entry_fields.iter().rev().collect() };
        clusters.push_str(&format!("{seq}- {}\n", order.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(&format!("\n{seq}  "))));
    }
    top.push(clusters.trim_end().to_string());

    let merge = k.one_in(6);
    let mut contexts = String::from("contexts:\n");
    if flow {
        let items: Vec<String> = spec
            .contexts
            .iter()
            .map(|(n, c)| format!("{{name: {}, context: {{cluster: {}, user: u}}}}", quote_flow(n), quote_flow(c)))
            .collect();
        contexts = format!("contexts: [{}]", items.join(", "));
    } else {
        for (i, (n, c)) in spec.contexts.iter().enumerate() {
            let pad = format!("{seq}{ind}{ind}");
            let body = if merge && i == 0 {
                format!("&ctx\n{pad}cluster: {}\n{pad}user: u", scalar(c, k))
            } else if merge && *c == spec.contexts[0].1 {
                // The cluster comes from the merged mapping alone.
                format!("\n{pad}<<: *ctx")
            } else if merge {
                format!("\n{pad}<<: *ctx\n{pad}cluster: {}", scalar(c, k))
            } else {
                format!("\n{pad}cluster: {}{}\n{pad}user: u", scalar(c, k), comment(k))
            };
            let ext = if k.one_in(4) { format!("\n{pad}extensions: [{{name: x, extension: {{a: 1}}}}]") } else { String::new() };
            let body = format!("{body}{ext}");
            let sep = if body.starts_with('&') { " " } else { "" };
            contexts.push_str(&format!("{seq}- name: {}\n{seq}  context:{sep}{body}\n", scalar(n, k)));
        }
    }
    top.push(contexts.trim_end().to_string());
    top.push(format!("users:\n{seq}- name: u\n{seq}  user:\n{seq}{ind}{ind}token: FAKE-TOKEN-0123"));
    if let Some(c) = &spec.current {
        top.push(format!("current-context: {}{}", scalar(c, k), comment(k)));
    } else if k.one_in(2) {
        top.push("current-context: \"\"".into());
    }
    if refusal == 3 {
        top.push("apiVersion: v2".into());
        *expect = Expect::Refuses;
    } else {
        match k.pick(5) {
            0 => top.push("apiVersion: v1\nkind: Config".into()),
            1 => top.push("apiVersion: \"\"\nkind: ''".into()),
            2 => top.push("apiVersion:\nkind:".into()),
            3 => top.push("kind: Config".into()),
            _ => {}
        }
    }
    match k.pick(4) {
        0 => top.push("preferences: {}".into()),
        1 => top.push("preferences:".into()),
        2 => top.push(format!("preferences:\n{ind}extensions:\n{seq}{ind}- name: p\n{seq}{ind}  extension: [1, 2]")),
        _ => {}
    }
    if k.one_in(4) {
        top.push(format!("extensions:\n{seq}- name: top\n{seq}  extension: 'text'"));
    }
    // Key order.
    let n = top.len();
    for i in 0..n {
        let j = k.pick(n as u32) as usize;
        top.swap(i, j);
    }
    let mut text = String::new();
    if k.one_in(6) {
        text.push_str("%YAML 1.1\n---\n");
    } else if k.one_in(4) {
        text.push_str("--- # start\n");
    }
    if k.one_in(4) {
        text.push_str("# kubeconfig, kept by hand\n\n");
    }
    text.push_str(&top.join(if k.one_in(3) { "\n\n# next\n" } else { "\n" }));
    text.push('\n');
    if k.one_in(5) {
        text.push_str("...\n");
    }
    text
}

/// A flow scalar: double-quoted (a flow context makes `,[]{}` special).
fn quote_flow(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

#[test]
fn kubectl_and_the_engine_read_generated_kubeconfigs_alike() {
    let t0 = std::time::Instant::now();
    let seed: u64 = std::env::var("PARITY_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos() as u64);
    let mut seed_bytes = [0u8; 32];
    seed_bytes[..8].copy_from_slice(&seed.to_le_bytes());
    let mut runner = TestRunner::new_with_rng(Config::default(), TestRng::from_seed(RngAlgorithm::ChaCha, &seed_bytes));
    let cas = cas();
    let strategy = (spec(), proptest::collection::vec(proptest::arbitrary::any::<u32>(), 97));
    let cases: Vec<(Spec, String, Expect)> = (0..GENERATED)
        .map(|_| {
            let (spec, knobs) = strategy.new_tree(&mut runner).unwrap().current();
            let (text, expect) = write(&spec, &cas, &mut Knobs(knobs, 0));
            (spec, text, expect)
        })
        .collect();

    // The engine alone: what the generator meant is what the engine reads.
    for (spec, text, expect) in &cases {
        let engine = engine_view(text);
        let shown = engine.as_ref().map(|(v, _)| show(v));
        match (expect, &engine) {
            (Expect::Reads, Ok((_, written))) => {
                let names: Vec<String> = spec.contexts.iter().map(|c| c.0.clone()).collect();
                assert_eq!(*written, names, "PARITY_SEED={seed}: the written order\n{text}");
            }
            (Expect::Refuses, Err(_)) => {}
            // A repeated context name drawn by chance is refused by both.
            (Expect::Reads, Err(codes)) if *codes == ["kubeconfig.duplicate-name"] => {}
            _ => panic!("PARITY_SEED={seed}: expected the engine to {expect:?} it, got {shown:?}\n{text}"),
        }
    }

    let kubectl = match find_kubectl() {
        Ok(k) => k,
        Err(why) => {
            println!("SKIPPED: the comparison of {GENERATED} generated kubeconfigs with kubectl did not run: {why}.");
            return;
        }
    };
    // kubectl reads one file per call: a few calls at a time.
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get() + 1).min(4);
    let read = std::sync::atomic::AtomicUsize::new(0);
    let failures: Vec<String> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                let (cases, kubectl, read) = (&cases, &kubectl, &read);
                s.spawn(move || {
                    let mut failures = Vec::new();
                    for (i, (_, text, _)) in cases.iter().enumerate().filter(|(i, _)| i % threads == t) {
                        let verdict = kubectl.view(&format!("generated-{i}.yaml"), text.as_bytes());
                        read.fetch_add(usize::from(matches!(verdict, Verdict::Reads(_))), std::sync::atomic::Ordering::Relaxed);
                        if let Err(e) = compare(&verdict, text) {
                            failures.push(format!("case {i}: {e}\n--- the kubeconfig:\n{text}"));
                        }
                    }
                    failures
                })
            })
            .collect();
        handles.into_iter().flat_map(|h| h.join().unwrap()).collect()
    });
    let took = t0.elapsed();
    let read = read.into_inner();
    println!(
        "{GENERATED} generated kubeconfigs compared with kubectl in {took:?} ({threads} at a time; kubectl read {read}, refused {}), PARITY_SEED={seed}",
        GENERATED - read
    );
    assert!(read > GENERATED * 3 / 4, "kubectl read only {read}: the generator writes too few valid kubeconfigs");
    assert!(failures.is_empty(), "PARITY_SEED={seed}: {} disagreements; the first:\n{}", failures.len(), failures[0]);
}
