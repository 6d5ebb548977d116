//! The settings form, drawn from the engine's field table: one control per field, named by
//! its settings key, with its help, what it sets and a documentation link. Advanced fields
//! are collapsed.

use super::diagnostics::{diagnostics_id, FieldDiagnostics};
use super::state::AppState;
use super::text::rich;
use leptos::prelude::*;
use rsp_k8s_engine::settings::values::Control;
use rsp_k8s_engine::settings::{anchor, FieldSpec, Group, FIELDS};

#[component]
pub fn Settings() -> impl IntoView {
    let st = expect_context::<AppState>();
    let platform = st.slice(|o| o.platform);
    let fields = |g: Group| FIELDS.iter().filter(move |f| f.group == g).map(|f| view! { <Field spec=f /> }).collect_view();
    view! {
        <section class="card settings" aria-labelledby="settings-heading">
            <h2 id="settings-heading">"3. Settings"</h2>
            {Group::ALL.iter().filter(|g| **g != Group::Advanced).map(|g| {
                let group = *g;
                // A cloud's own fields show only on that cloud.
                let shown = move || group.platform().is_none_or(|p| platform.get() == p);
                view! {
                    <Show when=shown>
                        <fieldset>
                            <legend>{group.title()}</legend>
                            {fields(group)}
                        </fieldset>
                    </Show>
                }
            }).collect_view()}
            <details class="advanced">
                <summary>{Group::Advanced.title()}" (launcher address and port, logging, Jupyter)"</summary>
                <fieldset>
                    <legend>{Group::Advanced.title()}</legend>
                    {fields(Group::Advanced)}
                </fieldset>
            </details>
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
    let help_id = format!("help-{key}");
    let described = format!("{help_id} {}", diagnostics_id(key));
    let value = Memo::new(move |_| st.setting(key));
    // A checkbox or a list shows the value the files were rendered with, never its own copy.
    let effective = st.slice(move |o| o.effective(key).map(str::to_string));
    let invalid = st.slice(move |o| o.has_error(key));
    let aria_invalid = move || invalid.get().to_string();
    let example = (!spec.example.is_empty() && spec.control == Control::Text).then(|| format!("e.g. {}", spec.example));
    // A value read from the kubeconfig shows in its empty field, marked as detected; typing overrides it.
    let detected = st.slice(move |o| o.detected(key).map(str::to_string));
    let hint = move || detected.get().map(|d| format!("detected: {d}")).or_else(|| example.clone());
    let is_detected = move || detected.with(Option::is_some);
    let control = match spec.control {
        Control::Text => view! {
            <input type="text" id=id.clone() name=key spellcheck="false" autocomplete="off" placeholder=hint
                required=spec.required aria-invalid=aria_invalid aria-describedby=described.clone()
                prop:value=value on:input=move |ev| st.set_setting(key, event_target_value(&ev)) />
        }
        .into_any(),
        Control::Multiline => view! {
            <textarea id=id.clone() name=key rows="2" spellcheck="false" required=spec.required aria-invalid=aria_invalid
                aria-describedby=described.clone() prop:value=value on:input=move |ev| st.set_setting(key, event_target_value(&ev))></textarea>
        }
        .into_any(),
        Control::Checkbox => view! {
            <input type="checkbox" id=id.clone() name=key aria-describedby=described.clone() prop:checked=move || effective.with(|v| v.as_deref() == Some("1"))
                on:change=move |ev| st.set_setting(key, if event_target_checked(&ev) { "1" } else { "0" }.into()) />
        }
        .into_any(),
        Control::Suggest(options) => {
            let list = format!("{id}-list");
            view! {
                <input type="text" id=id.clone() name=key list=list.clone() spellcheck="false" autocomplete="off"
                    required=spec.required aria-invalid=aria_invalid aria-describedby=described.clone()
                    prop:value=value on:input=move |ev| st.set_setting(key, event_target_value(&ev)) />
                <datalist id=list>
                    {options.iter().map(|(v, label)| view! { <option value=*v label=*label></option> }).collect_view()}
                </datalist>
            }
            .into_any()
        }
        Control::Select(options) => view! {
            <select id=id.clone() name=key aria-describedby=described.clone() on:change=move |ev| st.set_setting(key, event_target_value(&ev))>
                {options.iter().map(|(v, label)| view! { <option value=*v prop:selected=move || effective.with(|x| x.as_deref() == Some(*v))>{*label}</option> }).collect_view()}
            </select>
        }
        .into_any(),
    };
    let sets = sets(spec);
    let from_file = move || st.is_from_file(key);
    let label = view! {
        <label for=id>{spec.label}{spec.required.then_some(" *")}</label>
        <Show when=from_file><span class="from-file">" from your file"</span></Show>
        <Show when=is_detected><span class="from-file">" detected from the kubeconfig"</span></Show>
    };
    // A checkbox sits beside its label; other controls go below theirs.
    let head = if spec.control == Control::Checkbox {
        view! { <div class="check">{control}{label}</div> }.into_any()
    } else {
        view! { {label}{control} }.into_any()
    };
    view! {
        <div class="field" id=anchor(key) on:focusin=move |_| st.trace(key)>
            {head}
            <p class="help" id=help_id>
                {rich(spec.help)}
                {(!sets.is_empty()).then(|| view! { " Sets " <span class="sets">{sets}</span> "." })}
                " " <a href=spec.doc target="_blank" rel="noopener noreferrer">{format!("{} documentation", spec.label)}</a>
            </p>
            <FieldDiagnostics field=key />
        </div>
    }
}
