//! Sans-IO mail protocol dialogs.
//!
//! What it does: each dialog is a state machine that a driver feeds with the bytes
//! a server sent ([`Dialog::feed`]) and polls for what to do next
//! ([`Dialog::poll`]): bytes to write, an observation to report, a TLS upgrade to
//! perform, more input to read, or the end. "Need more input" is an outcome, not
//! an error. Every buffer a server can fill is capped.
//!
//! What it does not do: no sockets, no clock, no TLS, no async. Deadlines belong
//! to the driver (`maildoctor-probe`), which knows the current [`Dialog::step`].
//! The dialogs never send MAIL, RCPT or DATA.
#![warn(missing_docs)]

pub mod autoconfig;
pub mod autodiscover;
mod dialog;
mod engine;
pub mod http;
mod imap;
pub mod ispdb;
pub mod legacy_tls;
mod lines;
mod pop3;
pub mod sasl;
pub mod smtp;
pub mod sniff;
pub mod tls_versions;

pub use dialog::{Dialog, Output};
use engine::Conversation;
pub use lines::{LineBuffer, LineError};

use maildoctor_wire::{Login, MailProtocol, Security};

/// The dialog for `protocol`, run with `security` (`tls` means the driver has
/// already wrapped the connection in TLS before the first byte, and
/// `tls_verified` says whether its certificate passed). With `login`, the
/// dialog logs in once the connection is protected (or plaintext was allowed).
pub fn dialog_for(
    protocol: MailProtocol,
    security: Security,
    tls_verified: bool,
    login: Option<Login>,
) -> Box<dyn Dialog + Send> {
    match protocol {
        MailProtocol::Imap => Box::new(Conversation::new(imap::Imap::default(), security, tls_verified, login)),
        MailProtocol::Pop3 => Box::new(Conversation::new(pop3::Pop3::default(), security, tls_verified, login)),
        MailProtocol::Smtp => Box::new(Conversation::new(smtp::Smtp::default(), security, tls_verified, login)),
    }
}

#[cfg(test)]
mod tests;
