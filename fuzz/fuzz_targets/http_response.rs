#![no_main]

use libfuzzer_sys::fuzz_target;
use maildoctor_proto::http::{parse_response, MAX_RESPONSE};

fuzz_target!(|data: &[u8]| {
    for closed in [false, true] {
        if let Ok(response) = parse_response(data, closed) {
            assert!(response.body.len() <= MAX_RESPONSE);
        }
    }
});
