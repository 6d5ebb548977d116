//! The failures this page recognises, declared once: each cause, the messages that show it
//! (each beside where that message comes from), what it means, the fix, the documentation,
//! and the form fields and runbook steps of this page that relate to it.
//!
//! Matching is by exact substring, case as the source writes it. A line shows at most one
//! cause: the first in this table's order, so the more specific signatures come first (a pull
//! failing on an unknown CA is an image-pull; a refused connection to the callback address is
//! the callback, not "network").
//!
//! `{slot}` in an explanation or fix is this setup's value (`image`, `callback`,
//! `callback-host`, `namespace`, `home`), or the words after `|` when the page does not know it.
//! A pattern's `also` lists words one of which the line must hold as well; `{slot}` there is
//! the setup's value, and without it the pattern is not looked for.

use crate::docs;

pub struct Pattern {
    pub text: &'static str,
    pub also: &'static [&'static str],
}

const fn p(text: &'static str) -> Pattern {
    Pattern { text, also: &[] }
}

const fn with(text: &'static str, also: &'static [&'static str]) -> Pattern {
    Pattern { text, also }
}

pub struct Signature {
    /// `data-cause` in the page.
    pub cause: &'static str,
    /// The cause in plain words.
    pub title: &'static str,
    pub patterns: &'static [Pattern],
    pub explain: &'static str,
    pub fix: &'static str,
    pub doc: &'static str,
    /// Form fields (`#field-<key>`; their `sets` column names the file lines) and runbook steps.
    pub fields: &'static [&'static str],
    pub steps: &'static [&'static str],
}

pub static SIGNATURES: &[Signature] = &[
    Signature {
        cause: "image-pull",
        title: "The session image cannot be pulled",
        patterns: &[
            // kubernetes/kubernetes pkg/kubelet/images/types.go: ErrImagePull, ErrImagePullBackOff,
            // ErrInvalidImageName, ErrImageNeverPull (a container's waiting reason).
            p("ErrImagePull"),
            p("ImagePullBackOff"),
            p("InvalidImageName"),
            p("ErrImageNeverPull"),
            // pkg/kubelet/images/image_manager.go: `Failed to pull image %q: %v`, `Back-off pulling image %q`.
            p("Failed to pull image"),
            p("Back-off pulling image"),
            // The OCI distribution spec's error code MANIFEST_UNKNOWN ("manifest unknown"), as
            // registries answer a tag that does not exist.
            p("manifest unknown"),
            // moby/moby (Docker): `pull access denied for %s, repository does not exist or may require 'docker login'`.
            p("pull access denied"),
        ],
        explain: "A node could not pull the image the session runs in ({image|the session image}): its tag does not exist, its name is misspelt, or the registry wants credentials or a certificate the nodes do not have. The session pod waits, then the launcher gives up.",
        fix: "Check that the image and tag exist (`docker manifest inspect IMAGE`, or the registry's page) and match the target release; correct Session image, or leave it empty for Posit's image of the release, write the files again and restart Workbench.",
        doc: docs::K8S,
        fields: &["session-image", "target-release"],
        steps: &["write-files", "restart", "troubleshoot"],
    },
    Signature {
        cause: "pod-security",
        title: "The namespace's Pod Security policy refuses session pods",
        patterns: &[
            // kubernetes staging/src/k8s.io/pod-security-admission/admission/admission.go:
            // `violates PodSecurity %q: %s` (and `would violate PodSecurity` as a warning).
            p("violates PodSecurity"),
            p("would violate PodSecurity"),
            // OpenShift's SCC admission (openshift/apiserver-library-go):
            // `unable to validate against any security context constraint`.
            p("unable to validate against any security context constraint"),
            // kubernetes plugin/pkg/admission/security/podsecuritypolicy (before 1.25).
            p("unable to validate against any pod security policy"),
        ],
        explain: "The namespace {namespace|of the sessions} enforces a Pod Security level (often `restricted` or `baseline`) that the session pods do not meet: Workbench sessions create the user in the container and need settings the restricted level forbids.",
        fix: "Label the namespace with a level the sessions meet (`kubectl label namespace NAMESPACE pod-security.kubernetes.io/enforce=baseline --overwrite`, or privileged if your policy allows it), or use a namespace of its own for sessions; keep Run sessions as root off.",
        doc: "https://kubernetes.io/docs/concepts/security/pod-security-admission/",
        fields: &["namespace", "run-as-root", "create-container-user"],
        steps: &["namespace"],
    },
    Signature {
        cause: "quota",
        title: "A resource quota or limit range of the namespace refuses the session",
        patterns: &[
            // kubernetes staging/src/k8s.io/apiserver/pkg/admission/plugin/resourcequota/controller.go:
            // `exceeded quota: %s, requested: %s, used: %s, limited: %s`, `failed quota: %s: must specify %s`.
            p("exceeded quota:"),
            p("failed quota:"),
            // plugin/pkg/admission/limitranger/admission.go: `maximum %s usage per %s is %s, but limit is %s`,
            // `minimum %s usage per %s is %s, but request is %s`.
            p("usage per Container is"),
            p("usage per Pod is"),
        ],
        explain: "The namespace {namespace|of the sessions} has a ResourceQuota or LimitRange, and the session asks for more than it allows (or names no limit where the quota demands one).",
        fix: "See what the namespace allows (`kubectl -n NAMESPACE describe quota,limitrange`): raise the quota, or give sessions requests and limits inside it (the launcher's profiles, launcher.kubernetes.profiles.conf), or ask for a smaller session.",
        doc: "https://kubernetes.io/docs/concepts/policy/resource-quotas/",
        fields: &["namespace", "profiles"],
        steps: &["namespace"],
    },
    Signature {
        cause: "rbac-forbidden",
        title: "The launcher's service account is not allowed to do this",
        patterns: &[
            // kubernetes staging/src/k8s.io/apiserver/pkg/endpoints/handlers/responsewriters/errors.go:
            // `%s is forbidden: User %q cannot %s resource %q in API group %q in the namespace %q`.
            p("is forbidden: User "),
            // staging/src/k8s.io/apimachinery/pkg/apis/meta/v1/types.go StatusReasonForbidden, in the
            // JSON Status the launcher logs; kubectl prints it as `Error from server (Forbidden)`.
            p("\"reason\":\"Forbidden\""),
            p("Error from server (Forbidden)"),
        ],
        explain: "The Kubernetes API refused the launcher's account (`system:serviceaccount:{namespace|NAMESPACE}:ACCOUNT`): its Role does not allow the action, is bound in another namespace, or is bound to another account.",
        fix: "Apply the RBAC manifest again for this namespace and account, and check with `kubectl auth can-i create jobs -n NAMESPACE --as=system:serviceaccount:NAMESPACE:ACCOUNT`; the names in the error must be the page's Namespace and Launcher service account.",
        doc: docs::RBAC,
        fields: &["namespace", "service-account", "rbac-mode"],
        steps: &["rbac"],
    },
    Signature {
        cause: "token-unauthorized",
        title: "The cluster does not accept the launcher's token",
        patterns: &[
            // kubernetes staging/src/k8s.io/kubectl/pkg/cmd/util/helpers.go: `error: You must be logged in to the server (%s)`.
            p("You must be logged in to the server"),
            // staging/src/k8s.io/apimachinery/pkg/api/errors/errors.go NewUnauthorized's default message,
            // and StatusReasonUnauthorized in the JSON Status.
            p("the server has asked for the client to provide credentials"),
            p("\"reason\":\"Unauthorized\""),
            p("Error from server (Unauthorized)"),
            // The HTTP status line as the launcher and curl report it (RFC 9110, 401).
            p("401 Unauthorized"),
        ],
        explain: "The API server answered 401: the token the launcher sends is not valid for this cluster (another cluster's, deleted with its Secret, expired, or cut when copied).",
        fix: "Print the token again (the runbook's token step) and paste it into this page; write the token file again on the VM and restart the launcher. A token from `kubectl create token` expires: use the Secret the runbook creates.",
        doc: docs::K8S_TOKEN,
        fields: &["token", "token-delivery"],
        steps: &["token", "token-file", "check-api-vm", "restart"],
    },
    Signature {
        cause: "ca-untrusted",
        title: "The cluster's certificate is not trusted",
        patterns: &[
            // Go crypto/x509 (verify.go): UnknownAuthorityError, HostnameError and CertificateInvalidError
            // (Expired) messages.
            p("x509: certificate signed by unknown authority"),
            p("x509: certificate is valid for"),
            p("x509: certificate has expired or is not yet valid"),
            // curl lib/vtls/openssl.c: `SSL certificate problem: %s`.
            p("SSL certificate problem"),
            // OpenSSL's X509 verify error as boost::asio (the launcher) and Python print it.
            p("certificate verify failed"),
        ],
        explain: "A TLS connection refused the server's certificate: the CA the launcher trusts (certificate-authority in launcher.kubernetes.conf) is not the one that signed the API server's certificate, or the address is not one the certificate names.",
        fix: "Take the CA from the same kubeconfig and context as the API URL (or give Cluster CA), write launcher.kubernetes.conf again and restart the launcher; the runbook's API check from the VM must then pass. Do not turn TLS verification off.",
        doc: docs::K8S,
        fields: &["kubeconfig", "cluster-ca", "skip-tls-verify"],
        steps: &["check-api-vm", "write-files", "restart"],
    },
    Signature {
        cause: "nfs-mount",
        title: "The node cannot mount the homes over NFS",
        patterns: &[
            // nfs-utils utils/mount/error.c: mount_error() prints `mount.nfs: access denied by server while
            // mounting %s`, `mount.nfs: Connection timed out`, `mount.nfs: requested NFS version or transport
            // protocol is not supported`, …, all with the helper's name first.
            p("mount.nfs: "),
            p("mount.nfs4: "),
            // kubernetes pkg/volume/util/operationexecutor/operation_generator.go: `MountVolume.SetUp failed
            // for volume %q`; pkg/kubelet/volumemanager/volume_manager.go: `unable to attach or mount volumes`
            // (the kubelet's event capitalises it: matched without its first letter).
            p("MountVolume.SetUp failed"),
            p("nable to attach or mount volumes"),
            // util-linux mount, when the node has no NFS client: `you might need a /sbin/mount.<type> helper program`.
            p("/sbin/mount.<type> helper program"),
            // This page's troubleshoot step: its NFS check pod ends in an error.
            p("rsp-nfs-check terminated"),
        ],
        explain: "The kubelet on a node could not mount {home|the home root} from {vm-ip|the VM} over NFS: the export does not include the node's address, the NFS ports are closed between them, or the node has no NFS client.",
        fix: "On the VM, `exportfs -v` must show the home root exported to the node subnet (the nodes' own addresses, not the pods'); open TCP 2049 (and 111) from the nodes to the VM; run the runbook's NFS check again.",
        doc: docs::EXPORTS,
        fields: &["nfs-client-cidr", "vm-ip", "home-root"],
        steps: &["nfs-server", "nfs-export", "firewall", "troubleshoot"],
    },
    Signature {
        cause: "home-permissions",
        title: "The session cannot write the user's home",
        patterns: &[
            // RStudio's core Error (rstudio/rstudio src/cpp/shared_core/Error.cpp): `system error 13 (Permission denied)`.
            p("system error 13 (Permission denied)"),
            // strerror(EACCES) and strerror(EPERM), on a path under this setup's home root.
            with("Permission denied", &["{home}"]),
            with("permission denied", &["{home}"]),
            with("Operation not permitted", &["{home}"]),
        ],
        explain: "The session runs as the user but cannot write their home under {home|the home root}: the user's UID and GID in the container are not the owner's on the VM, the home does not exist, or root squashing maps the writer to nobody.",
        fix: "Create the users with the runbook's users step (their homes owned by them), keep Create the user in the container on so the UID matches the VM's, and check `ls -ln HOME_ROOT` on the VM.",
        doc: docs::K8S,
        fields: &["home-root", "create-container-user", "users", "nfs-squash"],
        steps: &["users", "shared-storage"],
    },
    Signature {
        cause: "scheduling",
        title: "No node can take the session pod",
        patterns: &[
            // kubernetes pkg/scheduler/framework/types.go FitError: `0/%v nodes are available: %v.`
            p("nodes are available: "),
            // pkg/scheduler/schedule_one.go: the event reason FailedScheduling.
            p("FailedScheduling"),
            // pkg/scheduler/framework/plugins/noderesources/fit.go: `Insufficient %v`.
            p("Insufficient cpu"),
            p("Insufficient memory"),
            // plugins/tainttoleration: `node(s) had untolerated taint`; plugins/nodeaffinity:
            // `node(s) didn't match Pod's node affinity/selector`.
            p("untolerated taint"),
            p("didn't match Pod's node affinity/selector"),
            // kubernetes/autoscaler cluster-autoscaler: the event NotTriggerScaleUp, `pod didn't trigger scale-up`.
            p("didn't trigger scale-up"),
        ],
        explain: "The scheduler found no node for the session pod: not enough free CPU or memory for what the session asks, taints the pod does not tolerate, or a node selector no node matches.",
        fix: "Ask for a smaller session (or set smaller defaults in the launcher's profiles), add nodes or let the autoscaler add them, and check taints and selectors (`kubectl describe nodes`).",
        doc: "https://kubernetes.io/docs/concepts/scheduling-eviction/kube-scheduler/",
        fields: &["profiles"],
        steps: &["troubleshoot"],
    },
    Signature {
        cause: "version-mismatch",
        title: "Workbench is not the release these files are for",
        patterns: &[
            // This page's preflight-vm step (render/runbook.rs): `Workbench here is $version; these files
            // are for Posit Workbench …`.
            p("these files are for "),
        ],
        explain: "The Workbench installed on the VM is another release than the page's Target release, so the session image (and init container) the files name is not the server's version: sessions of another version do not start.",
        fix: "Install the release the files are for, or set Target release to the installed one (`rstudio-server version`) and write the files again.",
        doc: docs::INSTALL,
        fields: &["target-release", "session-image"],
        steps: &["preflight-vm", "write-files"],
    },
    Signature {
        cause: "license",
        title: "The licence does not allow sessions on Kubernetes",
        patterns: &[
            // This page's preflight-vm step: `The licence does not enable the Job Launcher (Enable-Launcher: 1)`.
            p("does not enable the Job Launcher"),
            // `rstudio-server license-manager status` prints the licence's features as `Name: value`;
            // the preflight step looks for `Enable-Launcher: 1`.
            p("Enable-Launcher: 0"),
        ],
        explain: "Sessions on Kubernetes need the Job Launcher, which only some Workbench licences enable; this server's licence does not (or is not activated).",
        fix: "Check `rstudio-server license-manager status`; activate a licence that includes the Launcher (`rstudio-server license-manager activate KEY`), then restart Workbench.",
        doc: "https://docs.posit.co/ide/server-pro/license_management/license_management.html",
        fields: &[],
        steps: &["preflight-vm", "restart"],
    },
    Signature {
        cause: "launcher-config",
        title: "The launcher or rserver refuses its configuration",
        patterns: &[
            // Boost.Program_options (boost/program_options/errors.hpp), which rserver and the launcher read
            // their files with: `unrecognised option '%canonical_option%'`, `the argument ('%value%') for
            // option '%canonical_option%' is invalid`.
            p("unrecognised option"),
            p("for option '"),
            // This page's restart step: `The launcher did not start: see /var/log/rstudio/launcher/.`
            p("The launcher did not start"),
            // systemd (src/core/unit.c): `%s: Failed with result '%s'.`, for either service.
            p("rstudio-launcher.service: Failed"),
            p("rstudio-server.service: Failed"),
        ],
        explain: "rserver or the Job Launcher stopped at start: a key in one of its files is unknown to this release or has a value it refuses, so sessions cannot be launched at all.",
        fix: "Read the key the message names: write the files again for the installed release (Target release), then `systemctl restart rstudio-launcher rstudio-server` and `journalctl -u rstudio-launcher`.",
        doc: docs::LAUNCHER,
        fields: &["target-release", "launcher-address", "launcher-port", "cluster-name"],
        steps: &["write-files", "restart"],
    },
    Signature {
        cause: "cluster-join",
        title: "A node does not join the cluster (its secure cookie key or protocol)",
        patterns: &[
            // This page's cluster-cookie-key step (render/sh/cluster-cookie-key.sh): `The secure cookie key
            // of $node differs from node 1's: this node would not join the cluster.`
            p("would not join the cluster"),
            // This page's cluster-join step (render/sh/cluster-join.sh): `Not in the cluster yet: $missing.`
            p("Not in the cluster yet:"),
            // rstudio/rstudio src/cpp/core/Database.cpp (getPassword): an encrypted PostgreSQL password that
            // this node's key does not decrypt is an error with the property `key-files:
            // /var/lib/rstudio-server/secure-cookie-key (managed), …`.
            p("secure-cookie-key (managed)"),
            // rserver's request to another node's load-balancer endpoint failing, as it logs it
            // (posit-dev/team-operator#144: `asio.netdb error 1 (Host not found (authoritative)) [host: …,
            // uri: /load-balancer/distributed_events`).
            p("uri: /load-balancer/"),
            // rserver without its load-balancer file (posit-dev/team-operator#144): `Load balancer default
            // for missing www-host-name using system hostname`.
            p("Load balancer default for missing www-host-name"),
            // rstudio/rstudio src/cpp/server/ServerPAMAuth.cpp: `Failed sign-in - unable to decrypt password`,
            // a sign-in page from one node posted to another that is not in its cluster (rstudio/helm#137).
            p("unable to decrypt password"),
        ],
        explain: "The first node to come online defines the cluster in the database with its secure cookie key's hash and its protocol (http, https, https without verification); a node whose key or protocol differs stays out, and a node that cannot reach the others' addresses (www-host-name) cannot take part.",
        fix: "Run the cookie-key step again on the node (it compares the key with node 1's and copies node 1's), keep ssl-enabled the same on every node, check that each node's load-balancer file names its own address and that Workbench's port is open between the nodes (the cluster firewall step), restart the node and run the join check.",
        doc: docs::LOAD_BALANCING,
        fields: &["nodes", "www-port"],
        steps: &["cluster-cookie-key", "cluster-node-files", "cluster-firewall", "cluster-join"],
    },
    Signature {
        cause: "database",
        title: "Workbench cannot use its PostgreSQL database",
        patterns: &[
            // SOCI's PostgreSQL backend (soci src/backends/postgresql/session.cpp), whose connection error
            // rserver returns as it is (rstudio/rstudio src/cpp/core/Database.cpp, DatabaseError):
            // `Cannot establish connection to the database. ` and libpq's message.
            p("Cannot establish connection to the database"),
            // PostgreSQL src/backend/libpq/auth.c: `password authentication failed for user "%s"`,
            // `no pg_hba.conf entry for host "%s", user "%s", database "%s", %s` (the encryption state: `SSL
            // off`, or `no encryption` since 14), `pg_hba.conf rejects connection for host "%s", …`.
            p("password authentication failed for user"),
            p("no pg_hba.conf entry for host"),
            p("pg_hba.conf rejects connection for host"),
            // src/backend/utils/init/postinit.c `database "%s" does not exist`; miscinit.c `role "%s" does not exist`.
            with("\" does not exist", &["database \"", "role \""]),
            // libpq src/interfaces/libpq/fe-connect.c: `server does not support SSL, but SSL was required`;
            // a refused or dropped connection: `Is the server running on that host and accepting TCP/IP
            // connections?` (14 and later), `… and accepting\n\tTCP/IP connections on port %s?` (before 14).
            p("server does not support SSL, but SSL was required"),
            p("Is the server running on that host and accepting TCP/IP connections?"),
            p("TCP/IP connections on port"),
            // libpq src/interfaces/libpq/fe-auth.c: the server asks for a password and database.conf has none.
            p("fe_sendauth: no password supplied"),
            // rstudio/rstudio src/cpp/core/Database.cpp (getPassword): `A plain text value is potentially being
            // used for the PostgreSQL password, or an encrypted password could not be decrypted.`
            p("potentially being used for the PostgreSQL password"),
        ],
        explain: "rserver could not connect to PostgreSQL or was refused there: the server is not reachable from this node on its port, pg_hba.conf has no entry for this node (or wants SSL), the role's password is not the one database.conf holds, or the database or role does not exist. Without its database no node of the cluster starts.",
        fix: "Run the cluster database step on this node again: it checks the connection, the PostgreSQL version and the database with psql from the node, and writes database.conf with the password encrypted by this node's key. On the PostgreSQL server, create the empty database and its role, allow every node in pg_hba.conf, and open its port to the nodes.",
        doc: docs::DATABASE,
        fields: &["db-host", "db-port", "db-name", "db-user"],
        steps: &["cluster-database", "cluster-firewall"],
    },
    Signature {
        cause: "callback-unreachable",
        title: "Session pods cannot reach rserver's callback address",
        patterns: &[
            // This page's troubleshoot step: its callback check pod (`rsp-callback-check`) ends as kubectl
            // run reports it (staging/src/k8s.io/kubectl/pkg/cmd/run/run.go: `pod %s/%s terminated (%s)`).
            p("rsp-callback-check terminated"),
            // posit-dev/posit-sdk-py (workbench client): `… ensure that launcher-sessions-callback-address is
            // configured correctly.`
            p("launcher-sessions-callback-address is configured correctly"),
            // curl lib/connect.c `Failed to connect to %s port %u`, Go net `dial tcp …: i/o timeout`,
            // `connect: connection refused`, `no route to host`: on this setup's callback address.
            with("Failed to connect to", &["{callback-host}"]),
            with("timed out", &["{callback-host}"]),
            with("timeout", &["{callback-host}"]),
            with("connection refused", &["{callback-host}"]),
            with("Connection refused", &["{callback-host}"]),
            with("no route to host", &["{callback-host}"]),
            with("No route to host", &["{callback-host}"]),
        ],
        explain: "A session starts, then calls rserver back at {callback|its callback address}; that connection fails from the pod network, so the session times out although its pod runs.",
        fix: "Allow TCP to the Workbench port on the VM from the pod range (and the node subnet) in the firewall, check that the callback address is the VM's internal address, and run the troubleshoot step's callback check again: it must print 200 or 302.",
        doc: docs::CALLBACK,
        fields: &["vm-ip", "www-port", "callback-url", "pod-cidr"],
        steps: &["firewall", "troubleshoot"],
    },
    Signature {
        cause: "network",
        title: "A connection failed on the network",
        patterns: &[
            // kubectl (staging/src/k8s.io/kubectl/pkg/cmd/util/helpers.go): `Unable to connect to the server: %v`.
            p("Unable to connect to the server"),
            // Go net: `dial tcp …: i/o timeout`, `connect: connection refused`, `lookup …: no such host`;
            // net/http: `TLS handshake timeout`; context: `context deadline exceeded`.
            p("i/o timeout"),
            p("connect: connection refused"),
            p("no such host"),
            p("TLS handshake timeout"),
            p("context deadline exceeded"),
            // strerror(EHOSTUNREACH) and strerror(ETIMEDOUT); curl: `Could not resolve host: %s`, `curl: (28)`.
            p("No route to host"),
            p("no route to host"),
            p("Connection timed out"),
            p("Could not resolve host"),
        ],
        explain: "A connection (from the VM to the API server, or between the cluster and the VM) did not get through: a firewall drops it, the address is not reachable from there, or the name does not resolve.",
        fix: "Run the runbook's API check from the VM and the firewall step's rules; the API URL must be reachable from the VM (a private cluster needs the VM in an authorised network).",
        doc: docs::PLATFORMS,
        fields: &["kubeconfig", "platform"],
        steps: &["check-api-vm", "firewall"],
    },
];
