#![no_main]

use libfuzzer_sys::fuzz_target;
use maildoctor_wire::MailProtocol;

fuzz_target!(|data: &[u8]| maildoctor_fuzz::converse(MailProtocol::Pop3, data));
