fn main() {
    leptos::mount::mount_to_body(rsp_k8s_config::App);
}
