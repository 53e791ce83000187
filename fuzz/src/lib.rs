//! Shared driver for the dialog fuzz targets: a server that says whatever
//! the fuzzer wants, in chunks the fuzzer chooses, to a dialog that must
//! neither panic nor run forever, and must never write a credential in clear
//! into its transcript.

use maildoctor_proto::{dialog_for, Output};
use maildoctor_wire::{Login, MailProtocol, Secret, Security};

const SECRET: &str = "fuzz-secret-value";

pub fn converse(protocol: MailProtocol, data: &[u8]) {
    let Some((&control, mut rest)) = data.split_first() else { return };
    let security = match control % 3 {
        0 => Security::Tls,
        1 => Security::Starttls,
        _ => Security::None,
    };
    let login = Login {
        username: "user@example.test".into(),
        secret: Secret::new(SECRET),
        mechanism: None,
        allow_plaintext: control & 0x80 != 0,
    };
    let chunk = usize::from(control >> 2 & 0x1f) + 1;
    let mut dialog = dialog_for(protocol, security, control & 0x40 != 0, Some(login));
    // Every output either consumes input or ends the dialog; a bound far
    // above any real conversation turns a livelock into a crash.
    for _ in 0..(data.len() * 8 + 64) {
        match dialog.poll() {
            Output::Done => return,
            Output::NeedInput if rest.is_empty() => dialog.feed_eof(),
            Output::NeedInput => {
                let (now, later) = rest.split_at(chunk.min(rest.len()));
                dialog.feed(now);
                rest = later;
            }
            Output::StartTls => dialog.tls_established(control & 0x20 != 0),
            Output::Event(event) => {
                // Even when the server echoes it back, the secret never reaches an event.
                assert!(!format!("{event:?}").contains(SECRET), "credential in an event: {event:?}");
            }
            Output::Write(_) => {}
        }
    }
    panic!("the dialog neither finished nor asked for input");
}
