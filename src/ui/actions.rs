//! Page-wide actions: download everything, share the settings, load the example, clear.

use super::copy::{Feedback, Guard};
use super::state::AppState;
use super::web;
use leptos::prelude::*;
use leptos::task::spawn_local;
use rsp_k8s_engine::archive;
use rsp_k8s_engine::preset::PRESETS;
use rsp_k8s_engine::settings::file::NAME as SETTINGS_NAME;

/// "a", "a and b", "a, b and c".
fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

#[component]
pub fn Actions() -> impl IntoView {
    let st = expect_context::<AppState>();
    let feedback = Feedback::new();
    let guard = Guard::new();
    let chosen = NodeRef::<leptos::html::Select>::new();
    // Clear and loading an example ask first when they would wipe something of the user's.
    let (clear_guard, example_guard) = (Guard::new(), Guard::new());
    let wipes = move |action: &str| {
        let own = st.own_inputs();
        (!own.is_empty()).then(|| format!("{action} wipes {}. Press again to go ahead.", and_list(&own)))
    };
    let download_all = move |_| {
        if !guard.pass(feedback) {
            return;
        }
        let tar = st.output().with(archive::tar);
        spawn_local(async move {
            match tar.ok() {
                Some(tar) => match web::gzip(&tar).await {
                    Some(gz) => {
                        web::download(archive::NAME, &gz, "application/gzip");
                        feedback.say(format!("Downloaded {}: one folder with a README, the files and runbook.sh", archive::NAME));
                    }
                    None => feedback.say("This browser cannot gzip; update it to download the archive"),
                },
                None => feedback.say("Could not build the archive"),
            }
        });
    };
    let share = move |_| {
        if web::is_local_file() {
            feedback.say("A share link works only on the hosted page: this copy runs from a file, so its address opens nothing elsewhere.");
            return;
        }
        let url = web::location_href();
        spawn_local(async move {
            match web::copy(&url).await {
                Ok(()) => feedback.say("Link copied: it holds the settings, never the kubeconfig or token"),
                Err(()) => feedback.say("Copy the address bar: it holds the settings, never the kubeconfig or token"),
            }
        });
    };
    view! {
        <nav class="actions" aria-label="Actions">
            <button type="button" id="download-all" on:click=download_all>
                {move || if guard.armed() { "Download anyway (.tar.gz)" } else { "Download all (.tar.gz)" }}
            </button>
            <button type="button" id="share" on:click=share>"Copy share link"</button>
            <label class="sr-only" for="example-preset">"Example to load"</label>
            <select id="example-preset" class="inline" node_ref=chosen>
                {PRESETS.iter().map(|p| view! { <option value=p.id>{p.label}</option> }).collect_view()}
            </select>
            <button type="button" id="load-example" on:click=move |_| {
                if !example_guard.confirm(feedback, wipes("Loading the example")) {
                    return;
                }
                let id = chosen.get().map(|s: web_sys::HtmlSelectElement| s.value()).unwrap_or_default();
                st.load_example(&id);
                feedback.say("Example loaded: everything in it is made up");
            }>{move || if example_guard.armed() { "Load example anyway" } else { "Load example" }}</button>
            <button type="button" id="save-settings" on:click=move |_| {
                web::download(SETTINGS_NAME, st.saved_settings().as_bytes(), "application/toml");
                feedback.say(format!("Saved {SETTINGS_NAME}: the settings only, no kubeconfig or token"));
            }>"Save settings"</button>
            <label class="button" for="load-settings">"Load settings"</label>
            <input type="file" id="load-settings" class="sr-only" accept=".toml" on:change=move |ev: leptos::ev::Event| {
                let input: web_sys::HtmlInputElement = event_target(&ev);
                spawn_local(async move {
                    match web::read_first_file(&input, rsp_k8s_engine::settings::file::MAX_BYTES).await {
                        Some(Ok(text)) => st.load_settings(text, move |said| feedback.say(match said {
                            Ok(said) if said.is_empty() => "Settings loaded".to_string(),
                            Ok(said) => format!("Settings loaded; {}", said.join(" ")),
                            Err(why) => format!("Settings not loaded: {why}"),
                        })),
                        Some(Err(why)) => feedback.say(why),
                        None => {}
                    }
                    input.set_value("");
                });
            } />
            <button type="button" id="clear" class="danger" on:click=move |_| {
                if !clear_guard.confirm(feedback, wipes("Clear")) {
                    return;
                }
                st.clear();
                feedback.say("Cleared: the pasted kubeconfig and token are wiped");
            }>{move || if clear_guard.armed() { "Clear anyway" } else { "Clear" }}</button>
            {feedback.view()}
        </nav>
    }
}
