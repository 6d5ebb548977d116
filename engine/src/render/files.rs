//! The configuration files, each from the one model, so a value typed once is the same
//! in every file. Missing values are written as `<key>` placeholders, never guessed.

use super::parts::{machine, note, since, Lines};
use super::{File, Notes};
use crate::docs;
use crate::images::{SessionImage, INIT_CONTAINER, POSITRON};
use crate::model::Model;
use crate::paths::*;
use crate::settings::values::Version3;

/// A checkbox as Workbench writes it.
fn flag(on: bool) -> &'static str {
    if on {
        "1"
    } else {
        "0"
    }
}

/// Present in every Workbench release this page accepts (typed versions start at 2022.01) and
/// absent from RStudio Server Pro 1.3; they predate 2022.12, and their exact first release is
/// not documented (docs/versions.md), so no later date is claimed.
const WORKBENCH: Version3 = (2022, 1, 0);

/// A file's text, with nothing secret in it.
fn plain(content: String) -> (String, Option<std::ops::Range<usize>>) {
    (content, None)
}

pub fn render(m: &Model) -> Vec<File> {
    let mut files = vec![
        machine(LAUNCHER_CONF, "root:root", "0644", plain(launcher_conf(m)), LAUNCHER_NOTES),
        machine(KUBERNETES_CONF, "root:rstudio-server", "0640", kubernetes_conf(m), KUBERNETES_NOTES),
    ];
    if m.token_file {
        let token = m.auth_token.get().map(|t| t.expose().to_string());
        let secret = token.as_ref().map(|t| 0..t.len());
        files.push(machine(
            TOKEN_FILE,
            "root:rstudio-server",
            "0640",
            (token.unwrap_or_else(|| m.auth_token.placeholder()), secret),
            TOKEN_NOTES,
        ));
    }
    if m.profiles().on() {
        files.push(machine(PROFILES_CONF, "root:root", "0644", plain(profiles_conf(m)), PROFILES_NOTES));
    }
    files.push(machine(RSERVER_CONF, "root:root", "0644", plain(rserver_conf(m)), RSERVER_NOTES));
    files.push(machine(JUPYTER_CONF, "root:root", "0644", plain(jupyter_conf(m)), JUPYTER_NOTES));
    if m.vscode().on() {
        files.push(machine(VSCODE_CONF, "root:root", "0644", plain(vscode_conf(m)), VSCODE_NOTES));
    }
    if m.positron().on() && m.release.at_least(POSITRON) {
        files.push(machine(POSITRON_CONF, "root:root", "0644", plain(positron_conf(m)), POSITRON_NOTES));
    }
    files.push(machine(MOUNTS, "root:root", "0644", plain(mounts(m)), MOUNTS_NOTES));
    files.push(machine(EXPORTS, "root:root", "0644", plain(exports(m)), EXPORTS_NOTES));
    files
}

const LAUNCHER_NOTES: Notes = &[
    note("[server]", "The Job Launcher's own settings.", docs::LAUNCHER),
    note("address", "Where the launcher listens; rserver connects here (launcher-address in rserver.conf is the same).", docs::LAUNCHER),
    note("port", "The launcher's port; rserver's launcher-port is the same value.", docs::LAUNCHER),
    note("server-user", "The account the launcher runs as: Workbench's own service account.", docs::LAUNCHER),
    note(
        "admin-group",
        "Members of this group may see and manage every user's sessions: rserver's group, so Workbench can.",
        docs::LAUNCHER,
    ),
    note(
        "enable-debug-logging",
        "Verbose launcher logs under /var/log/rstudio/launcher/, from the form's debug logging setting.",
        docs::LOGGING,
    ),
    note("enable-ssl", "rserver talks to the launcher on this machine only, so no TLS between them.", docs::LAUNCHER),
    note("[cluster]", "One cluster the launcher can start sessions on.", docs::LAUNCHER),
    note("name", "The cluster's name as users see it; rserver.conf and jupyter.conf name it identically.", docs::LAUNCHER),
    note("type", "Kubernetes: sessions run as pods through the Kubernetes plugin.", docs::K8S),
];

fn launcher_conf(m: &Model) -> String {
    let mut f = Lines::new(m);
    f.line("[server]")
        .kv("address", m.launcher_address().text())
        .kv("port", m.launcher_port().text())
        .kv("server-user", "rstudio-server")
        .comment("Must be rserver's group, so Workbench can manage every user's sessions.")
        .kv("admin-group", "rstudio-server")
        .kv("enable-debug-logging", flag(m.debug_logging().on()))
        .kv("enable-ssl", "0")
        .blank()
        .line("[cluster]")
        .kv("name", m.cluster_name().text())
        .kv("type", "Kubernetes");
    f.0
}

const KUBERNETES_NOTES: Notes = &[
    note("api-url", "The API server, verbatim from the chosen kubeconfig context (the launcher adds /api itself).", docs::K8S),
    note("auth-token", "The service account's token, inline: the raw JWT the token step printed (not base64 again).", docs::K8S),
    since(
        WORKBENCH,
        "auth-token-path",
        "The file that holds the service account's token, readable by root and rstudio-server only.",
        docs::K8S,
    ),
    note("certificate-authority", "The cluster CA (base64 of its PEM), so the launcher verifies the API server it talks to.", docs::K8S),
    note(
        "verify-ssl-certs",
        "TLS verification off: only because the cluster has no CA and you opted in. Anyone on the path can impersonate the API.",
        docs::K8S,
    ),
    note("kubernetes-namespace", "The namespace sessions run in; the RBAC and token Secret are made there.", docs::K8S),
    note("enable-debug-logging", "Verbose Kubernetes plugin logs, from the form's debug logging setting.", docs::LOGGING),
];

const TOKEN_NOTES: Notes = &[note(
    "*",
    "The launcher's token, exactly: no newline, nothing else. The runbook writes it from the cluster's Secret (or a hidden prompt).",
    docs::K8S,
)];

fn kubernetes_conf(m: &Model) -> (String, Option<std::ops::Range<usize>>) {
    let mut f = Lines::new(m);
    f.comment("The API server URL, verbatim from the kubeconfig (without /api).").kv("api-url", m.api_url.text());
    if m.token_file {
        f.comment("The service account's token (a raw JWT) is in its own file, readable by root and rstudio-server only.")
            .kv("auth-token-path", TOKEN_FILE);
    } else {
        f.comment("The service account's token: the raw JWT, not encoded again.").kv_secret(
            "auth-token",
            m.auth_token.get().map(|t| t.expose()),
            m.auth_token.placeholder(),
        );
    }
    if m.skip_tls_verify {
        f.comment("DANGER: the API server's certificate is not verified (no CA was available).").kv("verify-ssl-certs", "0");
    } else if m.system_trust {
        f.comment("No certificate-authority: the kubeconfig names no CA, so the launcher verifies the API server")
            .comment("against this VM's system trust store (the runbook's API check proves it works).");
    } else {
        f.comment("The cluster CA: base64 of its PEM, from the kubeconfig's certificate-authority-data.")
            .kv("certificate-authority", m.ca.text());
    }
    f.kv("kubernetes-namespace", &m.namespace);
    if m.debug_logging().on() {
        f.kv("enable-debug-logging", "1");
    }
    (f.0, f.1)
}

const PROFILES_NOTES: Notes = &[
    note("[*]", "Settings for everyone (a [user] or [@group] section would apply to just them).", docs::PROFILES),
    note("default-container-image", "The image a session starts in unless the user picks another.", docs::PROFILES),
    note("container-images", "The images users may pick from: only the session image here.", docs::PROFILES),
    note("allow-unknown-images", "0: no image outside that list, even typed by hand.", docs::PROFILES),
];

fn profiles_conf(m: &Model) -> String {
    let mut f = Lines::new(m);
    f.comment("Everyone: the session image below, and only that one.")
        .line("[*]")
        .kv("default-container-image", m.session_image.text())
        .kv("container-images", m.session_image.text())
        .kv("allow-unknown-images", "0");
    f.0
}

const RSERVER_NOTES: Notes = &[
    note("launcher-sessions-enabled", "Sessions start through the Job Launcher (so on Kubernetes), not as local processes.", docs::RSERVER),
    note("launcher-address", "Where rserver finds the launcher: the launcher.conf [server] address.", docs::RSERVER),
    note("launcher-port", "The launcher's port, the same as in launcher.conf.", docs::RSERVER),
    note(
        "launcher-default-cluster",
        "The cluster new sessions go to: the name in launcher.conf's [cluster] (or the imported server's own default, kept by choice).",
        docs::RSERVER,
    ),
    note(
        "launcher-sessions-callback-address",
        "How session pods reach rserver: an address routable from the pods, not localhost.",
        docs::CALLBACK,
    ),
    note("launcher-use-ssl", "rserver reaches the launcher on this machine (localhost): no TLS needed between them.", docs::RSERVER),
    note("ssl-enabled", "rserver serves HTTPS itself, so passwords and sessions are encrypted and VS Code and Positron work.", docs::SSL),
    note("ssl-certificate", "The certificate (PEM, with its chain) rserver presents; it must name the callback's host.", docs::SSL),
    note("ssl-certificate-key", "The certificate's private key (PEM), readable by root only.", docs::SSL),
    note(
        "launcher-sessions-container-image",
        "The image RStudio sessions run in; its Workbench version must equal this server's.",
        docs::RSERVER,
    ),
    since(
        INIT_CONTAINER,
        "launcher-sessions-auto-update",
        "The session image has no Workbench components: an init container copies them into each session.",
        docs::RSERVER,
    ),
    since(
        INIT_CONTAINER,
        "launcher-sessions-init-container-image-name",
        "The init container's image, Posit's workbench-session-init.",
        docs::RSERVER,
    ),
    since(
        INIT_CONTAINER,
        "launcher-sessions-init-container-image-tag",
        "Its tag: exactly this server's release, as Posit requires.",
        docs::RSERVER,
    ),
    note("launcher-sessions-container-run-as-root", "0: user code does not run as root in the pod.", docs::RSERVER),
    note(
        "launcher-sessions-create-container-user",
        "The user is created in the container with the VM's UID and GID, so NFS permissions match.",
        docs::RSERVER,
    ),
    note("server-shared-storage-path", "Workbench's shared storage, also mounted into every session (launcher-mounts).", docs::RSERVER),
    note(
        "admin-enabled",
        "The administrative dashboard at /admin: every session and the server's log, so only for the admin group.",
        docs::ADMIN,
    ),
    note("admin-group", "Only members of this group may open the admin dashboard; without it, every signed-in user could.", docs::ADMIN),
    note("server-project-sharing", "Project sharing needs ACLs on the shared storage; off unless chosen.", docs::RSERVER),
    note("www-port", "The port rserver listens on, written because it differs from Workbench's default 8787.", docs::RSERVER),
];

fn rserver_conf(m: &Model) -> String {
    let mut f = Lines::new(m);
    f.kv("launcher-sessions-enabled", "1")
        .kv("launcher-address", m.launcher_address().text())
        .kv("launcher-port", m.launcher_port().text())
        .kv("launcher-default-cluster", m.default_cluster(RSERVER_CONF, "launcher-default-cluster"))
        .comment("How session pods reach rserver: an address routable from the cluster's pods.")
        .kv("launcher-sessions-callback-address", m.callback.text())
        .kv("launcher-use-ssl", "0")
        .kv("launcher-sessions-container-image", m.session_image.text());
    if let Some(SessionImage::NeedsInit { init_image }) = &m.session_kind {
        // The image has no Workbench components: an init container of the server's release brings them.
        f.kv("launcher-sessions-auto-update", "1")
            .kv("launcher-sessions-init-container-image-name", *init_image)
            .kv("launcher-sessions-init-container-image-tag", m.release.to_string());
    }
    f.kv("launcher-sessions-container-run-as-root", flag(m.run_as_root().on()))
        .kv("launcher-sessions-create-container-user", flag(m.create_container_user().on()))
        .comment("Mounted into every session at the same path (see launcher-mounts).")
        .kv("server-shared-storage-path", m.shared_storage().text())
        .kv("admin-enabled", flag(m.admin_enabled().on()));
    if m.admin_enabled().on() {
        f.kv("admin-group", m.admin_group().text());
    }
    f.kv("server-project-sharing", flag(m.project_sharing().on()));
    if m.https().on() {
        f.comment("HTTPS: rserver presents this certificate; sessions call back over https.")
            .kv("ssl-enabled", "1")
            .kv("ssl-certificate", m.ssl_certificate().text())
            .kv("ssl-certificate-key", m.ssl_certificate_key().text());
    }
    // The table's default is Workbench's own; write the port only when it differs.
    if m.www_port().differs_from_default() {
        f.kv("www-port", m.www_port().text());
    }
    f.0
}

const JUPYTER_NOTES: Notes = &[
    note("labs-enabled", "Offer JupyterLab sessions (the image must contain Jupyter).", docs::JUPYTER),
    note("notebooks-enabled", "Offer Jupyter Notebook Classic sessions (Notebook 6.x in the image).", docs::JUPYTER),
    note("jupyter-exe", "Where jupyter is inside the session image.", docs::JUPYTER),
    since(
        WORKBENCH,
        "lab-version",
        "JupyterLab's version in the image: given, because Jupyter is not on this VM to detect it.",
        docs::JUPYTER,
    ),
    note("session-cull-minutes", "Idle kernels are stopped after this many minutes (0: never).", docs::JUPYTER),
    note(
        "default-session-cluster",
        "Jupyter sessions start on the same cluster as RStudio sessions (or the imported server's own default, kept by choice).",
        docs::JUPYTER,
    ),
    note("default-session-container-image", "Jupyter sessions start in the same image.", docs::JUPYTER),
];

fn jupyter_conf(m: &Model) -> String {
    let labs = m.jupyter_labs().on();
    let mut f = Lines::new(m);
    f.kv("labs-enabled", flag(labs)).kv("notebooks-enabled", flag(m.jupyter_notebooks().on()));
    if let Some(exe) = m.jupyter_exe().get() {
        f.kv("jupyter-exe", exe.to_string());
    } else if let Some(exe) = crate::images::jupyter_in(m.session_kind.as_ref()).filter(|_| m.jupyter_exe().is_empty()) {
        f.comment("posit/workbench-session sets no WORKBENCH_JUPYTER_PATH: its jupyter, as its Containerfile installs it.")
            .kv("jupyter-exe", exe);
    }
    if labs && m.release.is_workbench() {
        f.comment("Jupyter runs in the session image, not on this VM, so its version is given, not detected.")
            .kv("lab-version", m.lab_version().text());
    }
    f.kv("session-cull-minutes", m.cull_minutes().text())
        .kv("default-session-cluster", m.default_cluster(JUPYTER_CONF, "default-session-cluster"))
        .kv("default-session-container-image", m.session_image.text());
    f.0
}

const VSCODE_NOTES: Notes = &[
    note("enabled", "Offer VS Code sessions.", docs::VSCODE),
    note("default-session-container-image", "VS Code sessions start in the same image.", docs::VSCODE),
];

fn vscode_conf(m: &Model) -> String {
    let mut f = Lines::new(m);
    f.kv("enabled", "1").kv("default-session-container-image", m.session_image.text());
    f.0
}

const POSITRON_NOTES: Notes =
    &[since(POSITRON, "enabled", "Offer Positron Pro sessions (as Posit's chart writes positron.conf).", docs::POSITRON)];

fn positron_conf(m: &Model) -> String {
    let mut f = Lines::new(m);
    f.kv("enabled", "1");
    f.0
}

const MOUNTS_NOTES: Notes = &[
    since(WORKBENCH, "MountType", "How the volume is mounted into the session pod: over NFS, by the node's kubelet.", docs::MOUNTS),
    note("Host", "The NFS server: this VM, at its internal address.", docs::MOUNTS),
    note("Path", "The exported directory on the server ({USER}: the user starting the session).", docs::MOUNTS),
    note("MountPath", "Where it appears in the session: the same path as on the VM, so paths work in both.", docs::MOUNTS),
    note("ReadOnly", "false: users write to their homes and the shared storage.", docs::MOUNTS),
];

fn mounts(m: &Model) -> String {
    let mut f = Lines::new(m);
    let home = format!("{}/{{USER}}", m.home_root().text());
    f.comment("Users' home directories: required, each session mounts its user's home at the same path.");
    mount(m, &mut f, &home);
    f.blank().comment("Workbench shared storage (server-shared-storage-path).");
    mount(m, &mut f, &m.shared_storage().text());
    f.0
}

fn mount(m: &Model, f: &mut Lines, path: &str) {
    if m.release.is_workbench() {
        f.line("MountType: NFS");
    }
    f.line(&format!("Host: {}", m.nfs_host)).line(&format!("Path: {path}")).line(&format!("MountPath: {path}")).line("ReadOnly: false");
}

const EXPORTS_NOTES: Notes = &[note(
    "*",
    "A directory the VM shares over NFS with the node subnet only: rw, sync (no data lost on a crash), no_subtree_check, and root squashing as chosen. sec=sys: the server believes the uid a client sends, so any pod on those nodes can act as any user but root.",
    docs::EXPORTS,
)];

fn exports(m: &Model) -> String {
    let mut f = Lines::new(m);
    let clients = m.nfs_cidr().map_or_placeholder(|n| n.trunc().to_string());
    let squash = m.nfs_squash().choice().as_str();
    f.comment("The cluster nodes mount these (the kubelet mounts NFS on the node, not in the pod).");
    for root in &m.export_roots {
        // A cluster's Workbench nodes mount the homes and the shared storage too.
        let nodes: String =
            m.cluster.iter().flat_map(|c| &c.nodes).map(|n| format!(" {}(rw,sync,no_subtree_check,{squash})", n.address)).collect();
        f.line(&format!("{root} {clients}(rw,sync,no_subtree_check,{squash}){nodes}"));
    }
    f.0
}
