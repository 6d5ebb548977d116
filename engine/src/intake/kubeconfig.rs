//! The pasted output of `kubectl config view --raw` (YAML or `-o json`): its contexts,
//! and for the chosen one the API URL and CA the launcher needs. User credentials are
//! never read into the model, so they cannot reach any output.

use super::ca::{self, Ca};
use super::text::{kib, normalize, MAX_PASTE_BYTES};
use super::yaml::{self, get, is_true, str_at, Refusal};
use crate::diagnostic::{shown, Diagnostic, CONTEXT, KUBECONFIG};
use serde_norway::{Mapping, Value};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Context {
    pub name: String,
    pub cluster: String,
    pub namespace: Option<String>,
    /// The user entry's name only (AKS writes `clusterUser_GROUP_CLUSTER`); never its credentials.
    pub user: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cluster {
    pub name: String,
    pub server: Option<String>,
    pub ca_data: Option<String>,
    pub ca_path: Option<String>,
    pub insecure: bool,
    pub tls_server_name: Option<String>,
    pub proxy_url: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Kubeconfig {
    pub contexts: Vec<Context>,
    pub clusters: Vec<Cluster>,
    pub current_context: Option<String>,
}

/// The managed platform a context belongs to, and the names its CLI needs, as far as the
/// kubeconfig tells them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Cloud {
    /// From a `gke_PROJECT_LOCATION_CLUSTER` context name.
    Gke { project: String, location: String, cluster: String },
    /// From an `arn:aws:eks:REGION:ACCOUNT:cluster/NAME` name, or the server's host.
    Eks { region: Option<String>, cluster: Option<String> },
    /// From a `*.azmk8s.io` server; the user entry `clusterUser_GROUP_CLUSTER` names the group.
    Aks { resource_group: Option<String>, cluster: String },
}

/// What the launcher gets from the chosen context.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Selection {
    pub context: String,
    pub cluster: String,
    pub api_url: Option<String>,
    pub ca: Option<Ca>,
    /// The cluster names no CA: its server is trusted through the system store, or (with
    /// `insecure-skip-tls-verify`) kubectl never verified it at all.
    pub no_ca: bool,
    pub cloud: Option<Cloud>,
    pub namespace: Option<String>,
}

/// Parse a pasted kubeconfig. `None` when nothing usable came out (the reason is in `out`).
pub fn parse(raw: &str, out: &mut Vec<Diagnostic>) -> Option<Kubeconfig> {
    if raw.len() > MAX_PASTE_BYTES {
        out.push(Diagnostic::error(
            "kubeconfig.too-large",
            KUBECONFIG,
            format!("the kubeconfig is {}, more than the {} this page accepts. Paste only the cluster you need: `kubectl config view --raw --minify --flatten`.", kib(raw.len()), kib(MAX_PASTE_BYTES)),
        ));
        return None;
    }
    let text = normalize(raw);
    if text.is_empty() {
        out.push(Diagnostic::error(
            "kubeconfig.empty",
            KUBECONFIG,
            "paste the output of `kubectl config view --raw`: the API URL and the CA come from it.",
        ));
        return None;
    }
    let not_raw = redacted(&text);
    let docs = match yaml::parse(&without_users(&text)) {
        Ok(d) => d.docs,
        Err(e) => {
            let code = match e.kind {
                Refusal::Syntax => "kubeconfig.syntax",
                Refusal::TooDeep => "kubeconfig.too-deep",
                Refusal::Expands => "kubeconfig.alias-bomb",
                Refusal::TooMany => "kubeconfig.too-many-entries",
            };
            out.push(Diagnostic::error(code, KUBECONFIG, e.message));
            return None;
        }
    };
    let configs: Vec<&Mapping> = docs.iter().filter_map(Value::as_mapping).filter(|m| looks_like_kubeconfig(m)).collect();
    if docs.len() > 1 {
        out.push(Diagnostic::warning(
            "kubeconfig.multiple-documents",
            KUBECONFIG,
            format!(
                "the text holds {} YAML documents (separated by ---); only the first kubeconfig among them is used. Paste one kubeconfig.",
                docs.len()
            ),
        ));
    }
    let Some(map) = configs.first() else {
        out.push(Diagnostic::error("kubeconfig.not-kubeconfig", KUBECONFIG, describe_non_kubeconfig(docs.first().unwrap_or(&Value::Null))));
        return None;
    };
    if let Some((code, why)) = kubectl_refuses(map) {
        out.push(Diagnostic::error(code, KUBECONFIG, why));
        return None;
    }
    if not_raw {
        out.push(Diagnostic::error(
            "kubeconfig.not-raw",
            KUBECONFIG,
            "this kubeconfig was printed without --raw: its certificate data reads DATA+OMITTED or REDACTED. Run `kubectl config view --raw` and paste that.",
        ));
    }
    let kc = Kubeconfig {
        contexts: named_list(map, "contexts", "context", out).into_iter().map(|(name, m)| context(name, m)).collect(),
        clusters: named_list(map, "clusters", "cluster", out).into_iter().map(|(name, m)| cluster(name, m)).collect(),
        current_context: text_at(map, "current-context").filter(|s| !s.is_empty()),
    };
    if kc.contexts.is_empty() {
        out.push(Diagnostic::error(
            "kubeconfig.no-contexts",
            KUBECONFIG,
            "this kubeconfig has no contexts. Run `gcloud container clusters get-credentials …` (or your platform's equivalent) first, then `kubectl config view --raw`.",
        ));
    }
    Some(kc)
}

/// kubectl's placeholders for data it hid (`kubectl config view` without `--raw`).
fn redacted(text: &str) -> bool {
    ["DATA+OMITTED", "REDACTED"].iter().any(|p| {
        let (yaml, json) = (format!(": {p}"), format!("\": \"{p}\""));
        text.lines().any(|l| l.trim_end().ends_with(&yaml) || l.contains(&json))
    })
}

/// The text without a block-style top-level `users:` section (what kubectl prints). User
/// credentials are never used, so they are not even parsed; in a large kubeconfig they are
/// most of the bytes. Flow style and JSON are parsed whole.
fn without_users(text: &str) -> std::borrow::Cow<'_, str> {
    let mut out = String::new();
    let mut skipping = false;
    let mut skipped = false;
    for line in text.split_inclusive('\n') {
        let list_item = line.starts_with('-') && !line.starts_with("---");
        let top_level = !line.starts_with([' ', '\t', '#', '\n', '\r']) && !list_item;
        if top_level {
            skipping = line.trim_end() == "users:";
            skipped |= skipping;
        }
        if !skipping {
            out.push_str(line);
        }
    }
    if skipped {
        std::borrow::Cow::Owned(out)
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

fn looks_like_kubeconfig(m: &Mapping) -> bool {
    let kind = str_at(m, "kind").filter(|k| !k.is_empty());
    kind.as_deref() == Some("Config")
        || (kind.is_none() && (m.contains_key("clusters") || m.contains_key("contexts") || m.contains_key("current-context")))
}

fn describe_non_kubeconfig(doc: &Value) -> String {
    let what = match doc {
        Value::Mapping(m) => match (str_at(m, "kind"), str_at(m, "apiVersion")) {
            (Some(kind), _) => format!("a Kubernetes {kind} manifest"),
            (None, Some(_)) => "a Kubernetes manifest".to_string(),
            (None, None) => "a YAML mapping without clusters or contexts".to_string(),
        },
        Value::Sequence(_) => "a YAML list".to_string(),
        Value::String(s) if s.starts_with("eyJ") => "a token, not a kubeconfig (paste it in the token box)".to_string(),
        Value::Null => "an empty YAML document".to_string(),
        _ => "plain text".to_string(),
    };
    format!("this looks like {what}, not a kubeconfig. Paste the output of `kubectl config view --raw` (it starts with apiVersion: v1, clusters:).")
}

/// Entries of a `[{name, <inner>: {...}}]` list, in order. `kubectl_refuses` has already
/// refused a list of another shape and repeated names; like kubectl, an entry without a
/// name is kept under the empty name and one without its section is kept empty, with a
/// warning.
fn named_list<'a>(map: &'a Mapping, list: &str, inner: &str, out: &mut Vec<Diagnostic>) -> Vec<(String, &'a Mapping)> {
    static EMPTY: std::sync::OnceLock<Mapping> = std::sync::OnceLock::new();
    let empty = EMPTY.get_or_init(Mapping::new);
    let Some(Value::Sequence(items)) = get(map, list) else { return Vec::new() };
    let mut incomplete = 0usize;
    let entries: Vec<(String, &Mapping)> = items
        .iter()
        .map(|item| {
            let entry = item.as_mapping();
            let name = entry.and_then(|m| text_at(m, "name"));
            let body = entry.and_then(|m| get(m, inner)).and_then(Value::as_mapping);
            incomplete += usize::from(name.is_none() || body.is_none());
            (name.unwrap_or_default(), body.unwrap_or(empty))
        })
        .collect();
    if incomplete > 0 {
        out.push(Diagnostic::warning(
            "kubeconfig.bad-entry",
            KUBECONFIG,
            format!(
                "{incomplete} {} of \"{list}\" {} no name or no \"{inner}\" section; like kubectl, {} kept under an empty name or with nothing set. Complete or remove {} in your kubeconfig.",
                plural(incomplete, "entry", "entries"),
                plural(incomplete, "has", "have"),
                plural(incomplete, "it is", "they are"),
                plural(incomplete, "it", "them"),
            ),
        ));
    }
    entries
}

/// What kubectl's loader (`kubectl config view`) refuses in the parts the engine reads, in
/// the order it finds it: an apiVersion other than v1, a value of the wrong type, two
/// entries of one name, a CA that is not base64. The `users:` section is not read.
fn kubectl_refuses(map: &Mapping) -> Option<(&'static str, String)> {
    let refuses = "kubectl refuses this file too";
    if let Err(why) = check_types(map) {
        return Some(("kubeconfig.wrong-type", format!("{why}; {refuses}.")));
    }
    if let Some(v) = text_at(map, "apiVersion").filter(|v| !v.is_empty() && v != "v1") {
        return Some((
            "kubeconfig.api-version",
            format!(
                "its apiVersion is \"{}\", but a kubeconfig is apiVersion: v1; {refuses}. Paste the output of `kubectl config view --raw`.",
                shown(&v)
            ),
        ));
    }
    for (list, inner) in [("clusters", "cluster"), ("contexts", "context")] {
        let Some(Value::Sequence(items)) = get(map, list) else { continue };
        let mut seen = std::collections::BTreeSet::new();
        let mut duplicates = Vec::new();
        for item in items {
            let name = item.as_mapping().and_then(|m| text_at(m, "name")).unwrap_or_default();
            if !seen.insert(name.clone()) {
                duplicates.push(name);
            }
        }
        if !duplicates.is_empty() {
            let names: Vec<String> = duplicates.iter().take(3).map(|n| format!("\"{}\"", shown(n))).collect();
            let more = if duplicates.len() > 3 { format!(" and {} more", duplicates.len() - 3) } else { String::new() };
            return Some((
                "kubeconfig.duplicate-name",
                format!("{} {list} repeat a name already used ({}{more}), and {refuses}: each {inner} needs its own name. Remove or rename the duplicates.", duplicates.len(), names.join(", ")),
            ));
        }
    }
    let clusters = match get(map, "clusters") {
        Some(Value::Sequence(items)) => items.as_slice(),
        _ => &[],
    };
    for entry in clusters.iter().filter_map(Value::as_mapping) {
        let Some(data) = get(entry, "cluster").and_then(Value::as_mapping).and_then(|c| text_at(c, "certificate-authority-data")) else {
            continue;
        };
        if ca::data_bytes(&data).is_none() {
            let name = text_at(entry, "name").unwrap_or_default();
            let why = if data.contains([' ', '\t']) {
                "has spaces inside: a value wrapped over several lines was joined with spaces (YAML folds a plain or > value so). Put it on one line, or after | as its own block"
            } else {
                "is not base64"
            };
            return Some((
                "kubeconfig.ca-not-base64",
                format!(
                    "the certificate-authority-data of cluster \"{}\" {why}; {refuses}. Copy it again from `kubectl config view --raw`.",
                    shown(&name)
                ),
            ));
        }
    }
    None
}

#[derive(Clone, Copy)]
enum Want {
    Text,
    Flag,
    List,
    Map,
}

/// What a value is, in words.
fn what(v: &Value) -> &'static str {
    match v {
        Value::Null => "empty",
        Value::Bool(_) => "true or false",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Sequence(_) => "a list",
        Value::Mapping(_) => "a mapping",
        Value::Tagged(_) => "a tagged value",
    }
}

/// A value of the type kubectl's loader decodes into (empty fits anything). A flag written
/// as YAML 1.1 writes one (`yes`, `on`) is text to this YAML 1.2 reader and a flag to kubectl.
fn fits(v: &Value, want: Want) -> bool {
    match (v, want) {
        (Value::Null, _) | (Value::String(_), Want::Text) | (Value::Bool(_), Want::Flag) => true,
        (Value::String(s), Want::Flag) => yaml::yaml11_bool(s).is_some(),
        (Value::Sequence(_), Want::List) | (Value::Mapping(_), Want::Map) => true,
        _ => false,
    }
}

fn expect(m: &Mapping, key: &str, want: Want, place: &dyn Fn() -> String) -> Result<(), String> {
    let Some(v) = m.get(key) else { return Ok(()) };
    if fits(v, want) {
        return Ok(());
    }
    let wanted = match want {
        Want::Text => "text",
        Want::Flag => "true or false",
        Want::List => "a list",
        Want::Map => "a mapping",
    };
    let hint = if matches!(want, Want::Text) && matches!(v, Value::Number(_) | Value::Bool(_)) {
        " (YAML reads it so unless it is in quotes: write it as \"…\")"
    } else {
        ""
    };
    Err(format!("{key}{} is {}{hint}, where kubectl reads {wanted}", place(), what(v)))
}

/// The types of every field kubectl decodes, outside `users:`.
fn check_types(map: &Mapping) -> Result<(), String> {
    let top = String::new;
    for key in ["apiVersion", "kind", "current-context"] {
        expect(map, key, Want::Text, &top)?;
    }
    for key in ["clusters", "contexts", "users", "extensions"] {
        expect(map, key, Want::List, &top)?;
    }
    expect(map, "preferences", Want::Map, &top)?;
    extensions(map, &top)?;
    if let Some(p) = get(map, "preferences").and_then(Value::as_mapping) {
        let place = || " in preferences".to_string();
        expect(p, "colors", Want::Flag, &place)?;
        extensions(p, &place)?;
    }
    let schema: [(&str, &str, &[&str], &[&str]); 2] = [
        (
            "clusters",
            "cluster",
            &["server", "tls-server-name", "certificate-authority", "certificate-authority-data", "proxy-url"],
            &["insecure-skip-tls-verify", "disable-compression"],
        ),
        ("contexts", "context", &["cluster", "user", "namespace"], &[]),
    ];
    for (list, inner, texts, flags) in schema {
        let Some(Value::Sequence(items)) = get(map, list) else { continue };
        for item in items {
            let entry = match item {
                Value::Null => continue,
                Value::Mapping(m) => m,
                other => {
                    return Err(format!("an entry of {list} is {}, where kubectl reads a mapping with a name and a {inner}", what(other)))
                }
            };
            expect(entry, "name", Want::Text, &|| format!(" of an entry of {list}"))?;
            let name = text_at(entry, "name").unwrap_or_default();
            let place = || format!(" of {inner} \"{}\"", shown(&name));
            expect(entry, inner, Want::Map, &place)?;
            let Some(body) = get(entry, inner).and_then(Value::as_mapping) else { continue };
            for key in texts {
                expect(body, key, Want::Text, &place)?;
            }
            for key in flags {
                expect(body, key, Want::Flag, &place)?;
            }
            extensions(body, &place)?;
        }
    }
    Ok(())
}

/// `extensions: [{name, extension: anything}]`, at any level.
fn extensions(m: &Mapping, place: &dyn Fn() -> String) -> Result<(), String> {
    expect(m, "extensions", Want::List, place)?;
    let Some(Value::Sequence(items)) = get(m, "extensions") else { return Ok(()) };
    for item in items {
        match item {
            Value::Null => {}
            Value::Mapping(e) => expect(e, "name", Want::Text, &|| format!(" of an extension{}", place()))?,
            other => {
                return Err(format!("an entry of extensions{} is {}, where kubectl reads a mapping with a name", place(), what(other)))
            }
        }
    }
    Ok(())
}

/// A text field as kubectl reads it: text, or nothing (`kubectl_refuses` has refused any
/// other type).
fn text_at(map: &Mapping, key: &str) -> Option<String> {
    match get(map, key) {
        Some(Value::String(s)) => Some(s.clone()),
        _ => None,
    }
}

fn plural(n: usize, one: &'static str, many: &'static str) -> &'static str {
    if n == 1 {
        one
    } else {
        many
    }
}

fn context(name: String, m: &Mapping) -> Context {
    Context { name, cluster: text_at(m, "cluster").unwrap_or_default(), namespace: text_at(m, "namespace"), user: text_at(m, "user") }
}

fn cluster(name: String, m: &Mapping) -> Cluster {
    Cluster {
        name,
        server: text_at(m, "server"),
        ca_data: text_at(m, "certificate-authority-data"),
        ca_path: text_at(m, "certificate-authority"),
        insecure: is_true(m, "insecure-skip-tls-verify"),
        tls_server_name: text_at(m, "tls-server-name"),
        proxy_url: text_at(m, "proxy-url"),
    }
}

impl Kubeconfig {
    /// The context to use: the one asked for, else current-context, else the only one.
    pub fn choose(&self, wanted: Option<&str>, out: &mut Vec<Diagnostic>) -> Option<&Context> {
        let find = |n: &str| self.contexts.iter().find(|c| c.name == n);
        if let Some(w) = wanted.filter(|w| !w.is_empty()) {
            if let Some(c) = find(w) {
                return Some(c);
            }
            out.push(Diagnostic::warning(
                "kubeconfig.context-missing",
                CONTEXT,
                format!("the kubeconfig has no context named \"{}\"; choose one from the list.", shown(w)),
            ));
        }
        match &self.current_context {
            Some(cur) => match find(cur) {
                Some(c) => return Some(c),
                None => out.push(Diagnostic::warning(
                    "kubeconfig.current-context-missing",
                    CONTEXT,
                    format!("current-context names \"{}\", which is not among the contexts; choose the context to use.", shown(cur)),
                )),
            },
            None if !self.contexts.is_empty() => out.push(Diagnostic::info(
                "kubeconfig.no-current-context",
                CONTEXT,
                "the kubeconfig has no current-context; choose the context to use.",
            )),
            None => {}
        }
        match self.contexts.as_slice() {
            [only] => Some(only),
            _ => None,
        }
    }

    /// Resolve a context into what the launcher needs, with every problem reported.
    pub fn select(&self, ctx: &Context, now: i64, out: &mut Vec<Diagnostic>) -> Selection {
        let mut sel = Selection {
            context: ctx.name.clone(),
            cluster: ctx.cluster.clone(),
            api_url: None,
            ca: None,
            no_ca: false,
            cloud: None,
            namespace: ctx.namespace.clone(),
        };
        if !usable_name(&ctx.name) {
            out.push(Diagnostic::error(
                "context.unusable-name",
                CONTEXT,
                "the context's name holds a control character or line break, so no command can name it safely. Rename it: `kubectl config rename-context OLD NEW`.",
            ));
        }
        let Some(cl) = self.clusters.iter().find(|c| c.name == ctx.cluster) else {
            out.push(Diagnostic::error(
                "kubeconfig.cluster-missing",
                KUBECONFIG,
                format!("context \"{}\" points at cluster \"{}\", which is not in the kubeconfig. Paste the whole output of `kubectl config view --raw`, or choose another context.", shown(&ctx.name), shown(&ctx.cluster)),
            ));
            return sel;
        };
        sel.api_url = check_server(cl, out);
        sel.cloud = cloud(ctx, cl, sel.api_url.as_deref());
        match (&cl.ca_data, &cl.ca_path) {
            (Some(data), _) if data != "DATA+OMITTED" => sel.ca = ca::check(data, &cl.name, now, KUBECONFIG, out),
            (Some(_), _) => {} // reported as not-raw
            (None, Some(_)) => out.push(Diagnostic::error(
                "kubeconfig.ca-is-path",
                KUBECONFIG,
                format!("cluster \"{}\" refers to its CA by a file path (certificate-authority), which this page cannot read. Run `kubectl config view --raw --minify --flatten` to inline it, and paste that.", shown(&cl.name)),
            )),
            (None, None) if cl.insecure => {
                sel.no_ca = true;
                out.push(Diagnostic::warning(
                    "kubeconfig.insecure",
                    KUBECONFIG,
                    format!("cluster \"{}\" is set to insecure-skip-tls-verify: kubectl never verified this API server. Get the cluster's CA (the runbook's API check prints it from the kube-root-ca.crt ConfigMap) and paste it into \"Cluster CA\". Without it the launcher checks the server against the VM's system trust store, which a self-signed server fails.", shown(&cl.name)),
                ));
            }
            (None, None) => {
                sel.no_ca = true;
                out.push(Diagnostic::warning(
                    "kubeconfig.no-ca",
                    KUBECONFIG,
                    format!("cluster \"{}\" has no CA certificate in the kubeconfig: fine when its API server has a publicly trusted certificate (a managed endpoint, Let's Encrypt behind Rancher). certificate-authority is left out, so the launcher verifies the server against the VM's system trust store; the runbook's API check proves that from the VM first.", shown(&cl.name)),
                ));
            }
        }
        for (what, val) in [("tls-server-name", &cl.tls_server_name), ("proxy-url", &cl.proxy_url)] {
            if val.is_some() {
                out.push(Diagnostic::warning(
                    "kubeconfig.unsupported-setting",
                    KUBECONFIG,
                    format!("cluster \"{}\" sets {what}, which launcher.kubernetes.conf cannot express; the launcher will connect without it. Make sure the VM reaches the API URL directly.", shown(&cl.name)),
                ));
            }
        }
        sel
    }
}

/// A context name a command can carry as one word (it is quoted): no control characters.
pub fn usable_name(name: &str) -> bool {
    !name.chars().any(|c| c.is_control() || matches!(c, '\u{2028}' | '\u{2029}'))
}

fn check_server(cl: &Cluster, out: &mut Vec<Diagnostic>) -> Option<String> {
    let Some(server) = cl.server.as_deref().map(str::trim).filter(|s| !s.is_empty()) else {
        out.push(Diagnostic::error("kubeconfig.no-server", KUBECONFIG, format!("cluster \"{}\" has no server URL.", shown(&cl.name))));
        return None;
    };
    let server = server.trim_end_matches('/');
    // Like client-go: a server without a scheme is https.
    let normalised;
    let server = if server.contains("://") {
        server
    } else {
        out.push(Diagnostic::warning(
            "kubeconfig.server-no-scheme",
            KUBECONFIG,
            format!("the server of cluster \"{}\" has no scheme; like kubectl, https:// is assumed. Check the api-url written below, and add https:// to the kubeconfig.", shown(&cl.name)),
        ));
        normalised = format!("https://{server}");
        &normalised
    };
    let (scheme, rest) = match server.split_once("://") {
        Some((s, r)) if s == "https" || s == "http" => (s, r),
        _ => {
            out.push(Diagnostic::error(
                "kubeconfig.bad-server",
                KUBECONFIG,
                format!("the server of cluster \"{}\" is not an http(s) URL.", shown(&cl.name)),
            ));
            return None;
        }
    };
    let url_safe = |c: char| c.is_ascii_alphanumeric() || "-._~:/[]%@".contains(c);
    if !rest.chars().all(url_safe) || rest.is_empty() {
        out.push(Diagnostic::error(
            "kubeconfig.bad-server",
            KUBECONFIG,
            format!("the server URL of cluster \"{}\" has characters that do not belong in a URL.", shown(&cl.name)),
        ));
        return None;
    }
    if rest.split('/').next().is_some_and(|authority| authority.contains('@')) {
        out.push(Diagnostic::error(
            "kubeconfig.server-credentials",
            KUBECONFIG,
            format!("the server URL of cluster \"{}\" carries a user name or password (user:password@host). The launcher authenticates with the token only, and the password would be copied into its configuration: remove that part from the kubeconfig.", shown(&cl.name)),
        ));
        return None;
    }
    if scheme == "http" {
        out.push(Diagnostic::warning(
            "kubeconfig.http-server",
            KUBECONFIG,
            format!(
                "cluster \"{}\" is reached over plain http://: the token would cross the network unencrypted. Use the https:// endpoint.",
                shown(&cl.name)
            ),
        ));
    }
    let host = host_of(rest);
    if is_host_only(host) {
        out.push(Diagnostic::warning(
            "kubeconfig.loopback-server",
            KUBECONFIG,
            format!("the API server of cluster \"{}\" is {}, an address only this machine can reach. A separate Workbench VM cannot use it: use the cluster's routable endpoint.", shown(&cl.name), shown(host)),
        ));
    }
    if server.ends_with("/api") {
        out.push(Diagnostic::warning(
            "kubeconfig.server-ends-in-api",
            KUBECONFIG,
            "api-url must stop before /api; the launcher adds it. Check the server value.",
        ));
    }
    Some(server.to_string())
}

/// The host part of `host[:port][/path]`, brackets kept off IPv6 literals.
fn host_of(rest: &str) -> &str {
    let authority = rest.split('/').next().unwrap_or(rest);
    let authority = authority.rsplit('@').next().unwrap_or(authority);
    if let Some(v6) = authority.strip_prefix('[') {
        return v6.split(']').next().unwrap_or(v6);
    }
    authority.split(':').next().unwrap_or(authority)
}

fn is_host_only(host: &str) -> bool {
    let h = host.to_ascii_lowercase();
    if let Ok(ip) = h.parse::<std::net::IpAddr>() {
        return ip.is_loopback() || ip.is_unspecified();
    }
    h == "localhost" || h.ends_with(".localhost") || h == "kubernetes.docker.internal" || h == "host.docker.internal"
}

fn cloud_name(p: &str) -> bool {
    p.len() <= 90
        && p.starts_with(|c: char| c.is_ascii_alphanumeric())
        && p.chars().all(|c| c.is_ascii_alphanumeric() || "-._:()".contains(c))
}

/// Which managed platform a context is on, from the names its tools write.
fn cloud(ctx: &Context, cl: &Cluster, server: Option<&str>) -> Option<Cloud> {
    let host = server.map(|s| host_of(s.split_once("://").map_or(s, |(_, r)| r)).to_ascii_lowercase()).unwrap_or_default();
    // GKE: gke_PROJECT_LOCATION_CLUSTER (project ids may be domain-scoped: example.com:project).
    if let ["gke", project, location, cluster] = ctx.name.split('_').collect::<Vec<_>>().as_slice() {
        let lower = |p: &str| p.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "-.:".contains(c));
        if [project, location, cluster].iter().all(|p| cloud_name(p) && lower(p)) {
            return Some(Cloud::Gke { project: project.to_string(), location: location.to_string(), cluster: cluster.to_string() });
        }
    }
    let arn = [&ctx.name, &cl.name].into_iter().find_map(|n| n.strip_prefix("arn:aws:eks:"));
    if arn.is_some() || host.ends_with(".eks.amazonaws.com") {
        let (region, cluster) = match arn.and_then(|a| a.split_once(':')).map(|(r, rest)| (r, rest.split_once(":cluster/").map(|(_, c)| c)))
        {
            Some((r, c)) => (Some(r.to_string()), c.map(str::to_string)),
            // https://HASH.gr7.REGION.eks.amazonaws.com
            None => (host.trim_end_matches(".eks.amazonaws.com").rsplit('.').next().map(str::to_string), None),
        };
        return Some(Cloud::Eks { region: region.filter(|r| cloud_name(r)), cluster: cluster.filter(|c| cloud_name(c)) });
    }
    if host.ends_with(".azmk8s.io") && cloud_name(&cl.name) {
        let group = ctx
            .user
            .as_deref()
            .and_then(|u| u.strip_prefix("clusterUser_").or_else(|| u.strip_prefix("clusterAdmin_")))
            .and_then(|u| u.strip_suffix(&format!("_{}", cl.name)))
            .filter(|g| cloud_name(g))
            .map(str::to_string);
        return Some(Cloud::Aks { resource_group: group, cluster: cl.name.clone() });
    }
    None
}
