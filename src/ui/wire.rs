//! The on-demand worker's answers: JSON of the engine's types (serde's field names), parsed by the
//! browser's `JSON.parse` and read through wasm-bindgen getters, so the first screen carries no
//! deserializer (a serde one cost it about 20 KB of wasm). A renamed field fails `tests/page.rs`,
//! which sends real answers through these readers.

use js_sys::{Array, JsString};
use rsp_k8s_engine::diagnose::{Diagnosis, Finding};
use rsp_k8s_engine::settings::file::Pair;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    type WireDiagnosis;
    #[wasm_bindgen(method, getter)]
    fn findings(this: &WireDiagnosis) -> Vec<WireFinding>;
    #[wasm_bindgen(method, getter)]
    fn cut(this: &WireDiagnosis) -> f64;
    #[wasm_bindgen(method, getter)]
    fn looked_for(this: &WireDiagnosis) -> Vec<Array>;

    type WireFinding;
    #[wasm_bindgen(method, getter)]
    fn cause(this: &WireFinding) -> String;
    #[wasm_bindgen(method, getter)]
    fn title(this: &WireFinding) -> String;
    #[wasm_bindgen(method, getter)]
    fn explanation(this: &WireFinding) -> String;
    #[wasm_bindgen(method, getter)]
    fn fix(this: &WireFinding) -> String;
    #[wasm_bindgen(method, getter)]
    fn doc(this: &WireFinding) -> String;
    #[wasm_bindgen(method, getter)]
    fn fields(this: &WireFinding) -> Vec<String>;
    #[wasm_bindgen(method, getter)]
    fn steps(this: &WireFinding) -> Vec<String>;
    #[wasm_bindgen(method, getter)]
    fn evidence(this: &WireFinding) -> Vec<String>;
    #[wasm_bindgen(method, getter)]
    fn lines(this: &WireFinding) -> f64;
}

fn parsed(json: &str) -> Result<JsValue, String> {
    let value = js_sys::JSON::parse(json).map_err(|_| "the answer is not JSON".to_string())?;
    match value.is_object() {
        true => Ok(value),
        false => Err("the answer is not of this page".into()),
    }
}

fn text(v: JsValue) -> String {
    v.dyn_into::<JsString>().map(String::from).unwrap_or_default()
}

/// `diagnose`'s answer, as the engine's type.
pub fn diagnosis(json: &str) -> Result<Diagnosis, String> {
    let wire: WireDiagnosis = parsed(json)?.unchecked_into();
    Ok(Diagnosis {
        findings: wire
            .findings()
            .iter()
            .map(|f| Finding {
                cause: f.cause(),
                title: f.title(),
                explanation: f.explanation(),
                fix: f.fix(),
                doc: f.doc(),
                fields: f.fields(),
                steps: f.steps(),
                evidence: f.evidence(),
                lines: f.lines() as usize,
            })
            .collect(),
        cut: wire.cut() as usize,
        looked_for: wire.looked_for().into_iter().map(|pair| (text(pair.get(0)), text(pair.get(1)))).collect(),
    })
}

/// `read_settings`'s answer: the file's keys and values, or why it is not a settings file.
pub fn read_settings(json: &str) -> Result<Vec<Pair>, String> {
    let answer: Array = parsed(json)?.unchecked_into();
    if let Some(why) = answer.get(1).as_string() {
        return Err(why);
    }
    let pairs: Array = answer.get(0).dyn_into().map_err(|_| "the answer is not of this page".to_string())?;
    Ok(pairs
        .iter()
        .map(|pair| {
            let pair: Array = pair.unchecked_into();
            (text(pair.get(0)), pair.get(1).as_string())
        })
        .collect())
}
