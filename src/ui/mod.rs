//! The page, top to bottom: a skip link, the header and actions, how it works, the status,
//! then the inputs and settings on one side, and the facts, files and runbook on the other.

mod actions;
mod copy;
mod diagnose;
mod diagnostics;
mod form;
mod fragment;
mod inputs;
mod on_demand;
mod outputs;
mod shell;
mod state;
mod text;
mod web;
pub mod wire;

use leptos::prelude::*;
use state::AppState;

#[component]
pub fn App() -> impl IntoView {
    let state = AppState::new();
    provide_context(state);
    // Pasted into the static shell while the WebAssembly loaded: taken as if pasted here.
    let carried = shell::take();
    // What waits for first use arrives now, with the page: no request is made after load.
    on_demand::prefetch();
    state.take_over(carried.kubeconfig, carried.token);
    // After the first render: a link to a step or a file lands there, and the focus is back in
    // the box it was in, at once (a microtask), so keys pressed during the render reach it.
    Effect::new(move |_| {
        web::scroll_to_fragment();
        if let Some(card) = carried.focus {
            web::focus_control_in(card);
        }
    });
    view! {
        <a class="skip" href="#outputs">"Skip to the files and the runbook"</a>
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
        <HowItWorks />
        <diagnostics::Summary />
        <main class="layout">
            <div class="column inputs">
                <inputs::Kubeconfig />
                <inputs::Token />
                <form::Settings />
                <inputs::Import />
                <diagnose::Diagnose />
            </div>
            <div class="column outputs" id="outputs" tabindex="-1">
                <outputs::Index />
                <outputs::Facts />
                <outputs::Files />
                <outputs::Runbook />
                <outputs::Guide />
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

/// The order of work, and whether the page shows the example.
#[component]
fn HowItWorks() -> impl IntoView {
    let st = expect_context::<AppState>();
    let example = st.slice(|o| o.example);
    view! {
        <section class="how" aria-label="How it works">
            <ol>
                <li>"Paste your kubeconfig and fill in the settings."</li>
                <li>"Run the workstation steps of the " <a href="#runbook">"runbook"</a> ": they create the launcher's account and print its token."</li>
                <li>"Paste that token, then run the VM steps: they write the files below and restart Workbench."</li>
            </ol>
            <Show when=move || example.get()>
                <p class="banner" data-example-banner="">
                    <strong>"Example loaded."</strong>" Everything below is made up. "
                    <button type="button" class="small" on:click=move |_| st.clear()>"Clear"</button>
                    " to start with your own."
                </p>
            </Show>
        </section>
    }
}
