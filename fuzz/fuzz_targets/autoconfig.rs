#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(servers) = maildoctor_proto::autoconfig::parse(&String::from_utf8_lossy(data), "a@example.test") {
        assert!(servers.len() <= 16);
    }
});
