// Appended to the on-demand module's wasm-bindgen glue (`no-modules`: it defines the global
// `wasm_bindgen`) in the worker the page starts from a Blob on first use (src/ui/on_demand.rs).
// The first message is the module's bytes, fetched with the page; each later one is a call
// { seq, fn, args }, answered with { seq, ok } or { seq, err }. Messages arrive in order, so a
// call waits for the module without a queue of its own.
let ready;
onmessage = ({ data }) => {
  if (!ready) {
    ready = wasm_bindgen({ module_or_path: data });
    return;
  }
  ready
    .then(() => postMessage({ seq: data.seq, ok: wasm_bindgen[data.fn](...data.args) }))
    .catch(e => postMessage({ seq: data.seq, err: String(e) }));
};
