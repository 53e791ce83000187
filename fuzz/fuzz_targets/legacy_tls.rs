#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = maildoctor_proto::legacy_tls::server_answer(data);
});
