//! The settings form, drawn from the engine's field table: one control per field, named by
//! its settings key, with its help, the files and keys it sets, and a documentation link.

use super::diagnostics::FieldDiagnostics;
use super::state::AppState;
use leptos::prelude::*;
use rsp_k8s_engine::settings::values::Control;
use rsp_k8s_engine::settings::{FieldSpec, Group, FIELDS};

#[component]
pub fn Settings() -> impl IntoView {
    view! {
        <section class="card settings">
            <h2>"3. Settings"</h2>
            {Group::ALL.iter().map(|g| view! {
                <fieldset>
                    <legend>{g.title()}</legend>
                    {FIELDS.iter().filter(|f| f.group == *g).map(|f| view! { <Field spec=f /> }).collect_view()}
                </fieldset>
            }).collect_view()}
        </section>
    }
}

fn sets(spec: &FieldSpec) -> String {
    spec.sets.iter().map(|t| t.describe()).collect::<Vec<_>>().join("; ")
}

#[component]
fn Field(spec: &'static FieldSpec) -> impl IntoView {
    let st = expect_context::<AppState>();
    let key = spec.key;
    let id = format!("s-{key}");
    let value = Memo::new(move |_| st.setting(key));
    let control = match spec.control {
        Control::Text => view! {
            <input type="text" id=id.clone() name=key spellcheck="false" autocomplete="off" placeholder=(!spec.required).then_some("(empty: automatic)")
                prop:value=value on:input=move |ev| st.set_setting(key, event_target_value(&ev)) />
        }
        .into_any(),
        Control::Multiline => view! {
            <textarea id=id.clone() name=key rows="2" spellcheck="false" prop:value=value on:input=move |ev| st.set_setting(key, event_target_value(&ev))></textarea>
        }
        .into_any(),
        Control::Checkbox => view! {
            <input type="checkbox" id=id.clone() name=key prop:checked=move || value.with(|v| v == "1")
                on:change=move |ev| st.set_setting(key, if event_target_checked(&ev) { "1" } else { "0" }.into()) />
        }
        .into_any(),
        Control::Select(options) => view! {
            <select id=id.clone() name=key on:change=move |ev| st.set_setting(key, event_target_value(&ev))>
                {options.iter().map(|(v, label)| view! { <option value=*v prop:selected=move || value.with(|x| x == v)>{*label}</option> }).collect_view()}
            </select>
        }
        .into_any(),
    };
    let sets = sets(spec);
    view! {
        <div class="field" id=format!("field-{key}")>
            <label for=id>{spec.label}{spec.required.then_some(" *")}</label>
            {control}
            <p class="help">
                {spec.help}
                {(!sets.is_empty()).then(|| view! { " Sets " <span class="sets">{sets}</span> "." })}
                " " <a href=spec.doc target="_blank" rel="noopener noreferrer">"Docs"</a>
            </p>
            <FieldDiagnostics field=key />
        </div>
    }
}
