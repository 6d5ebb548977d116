#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| rsp_k8s_engine::fuzzing::form(data));
