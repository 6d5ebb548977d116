//! Page-wide actions: download everything, share the settings, load the example, clear.

use super::state::AppState;
use super::web;
use leptos::prelude::*;
use leptos::task::spawn_local;
use rsp_k8s_engine::archive;

#[component]
pub fn Actions() -> impl IntoView {
    let st = expect_context::<AppState>();
    let status = RwSignal::new(String::new());
    let download_all = move |_| {
        let tar = st.output().with(archive::tar);
        spawn_local(async move {
            match tar.ok() {
                Some(tar) => match web::gzip(&tar).await {
                    Some(gz) => web::download(archive::NAME, &gz, "application/gzip"),
                    None => status.set("This browser cannot gzip; update it to download the archive".into()),
                },
                None => status.set("Could not build the archive".into()),
            }
        });
    };
    let share = move |_| {
        let url = web::location_href();
        spawn_local(async move {
            let msg = match web::copy(&url).await {
                Ok(()) => "Link copied: it holds the settings, never the kubeconfig or token",
                Err(()) => "Copy the address bar: it holds the settings, never the kubeconfig or token",
            };
            status.set(msg.into());
        });
    };
    view! {
        <nav class="actions" aria-label="Actions">
            <button type="button" id="download-all" on:click=download_all>"Download all (.tar.gz)"</button>
            <button type="button" id="share" on:click=share>"Copy share link"</button>
            <button type="button" id="load-example" on:click=move |_| st.load_example()>"Load example"</button>
            <button type="button" id="clear" class="danger" on:click=move |_| { st.clear(); status.set("Cleared".into()); }>"Clear"</button>
            <span class="status" role="status" aria-live="polite">{move || status.get()}</span>
        </nav>
    }
}
