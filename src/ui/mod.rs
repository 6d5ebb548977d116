//! The page, top to bottom: header and actions, diagnostics summary, inputs and the
//! settings form on one side, decoded facts, files and the runbook on the other.

mod actions;
mod copy;
mod diagnostics;
mod form;
mod fragment;
mod inputs;
mod outputs;
mod state;
mod web;

use leptos::prelude::*;
use state::AppState;

#[component]
pub fn App() -> impl IntoView {
    let state = AppState::new();
    provide_context(state);
    view! {
        <header class="top">
            <div>
                <h1>"rsp-k8s-config"</h1>
                <p class="tagline">
                    "Posit Workbench (RStudio Server Pro) with sessions on Kubernetes and homes over NFS: every file and command, from your kubeconfig, a token and a short form. "
                    <strong>"Nothing leaves your browser."</strong>
                </p>
            </div>
            <actions::Actions />
        </header>
        <diagnostics::Summary />
        <main class="layout">
            <div class="column inputs">
                <inputs::Kubeconfig />
                <inputs::Token />
                <form::Settings />
            </div>
            <div class="column outputs">
                <outputs::Facts />
                <outputs::Files />
                <outputs::Runbook />
            </div>
        </main>
        <footer>
            <p>"Generated entirely in this page: no request carries your kubeconfig or token, and nothing is stored. Check the files before you use them."</p>
            {(!web::is_local_file()).then(|| view! {
                <p>
                    <a id="offline-copy" href="rsp-k8s-config-offline.html" download="rsp-k8s-config.html">"Download offline copy"</a>
                    ": one HTML file that runs from disk with no network. "
                    <a href="rsp-k8s-config-offline.html.sha256">"Its SHA-256"</a>"."
                </p>
            })}
        </footer>
    }
}
