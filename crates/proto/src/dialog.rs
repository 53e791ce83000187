use maildoctor_wire::{Event, MailProtocol, ProbeFailure, Step};

/// What a dialog wants from its driver next.
#[derive(Debug, PartialEq, Eq)]
pub enum Output {
    /// Write these bytes to the server.
    Write(Vec<u8>),
    /// Report this observation.
    Event(Event),
    /// Perform the TLS handshake on the connection now (the server agreed to
    /// STARTTLS), then call [`Dialog::tls_established`] or [`Dialog::tls_failed`].
    StartTls,
    /// Read more bytes and [`Dialog::feed`] them (or [`Dialog::feed_eof`]).
    NeedInput,
    /// The dialog is over; close the connection.
    Done,
}

/// A client dialog with one server. See the crate documentation for the contract.
pub trait Dialog {
    fn feed(&mut self, bytes: &[u8]);
    fn feed_eof(&mut self);
    fn tls_established(&mut self);
    fn tls_failed(&mut self);
    fn poll(&mut self) -> Output;
    /// The step in progress, so the driver can name what timed out.
    fn step(&self) -> Step;
}

/// A dialog for a protocol this build does not speak yet: it says so and stops.
#[derive(Debug)]
pub(crate) struct Unsupported {
    protocol: MailProtocol,
    reported: bool,
}

impl Unsupported {
    pub(crate) fn new(protocol: MailProtocol) -> Self {
        Self {
            protocol,
            reported: false,
        }
    }
}

impl Dialog for Unsupported {
    fn feed(&mut self, _bytes: &[u8]) {}
    fn feed_eof(&mut self) {}
    fn tls_established(&mut self) {}
    fn tls_failed(&mut self) {}
    fn poll(&mut self) -> Output {
        if self.reported {
            return Output::Done;
        }
        self.reported = true;
        Output::Event(Event::Failed {
            step: Step::Greeting,
            reason: ProbeFailure::ProtocolError {
                detail: format!("this build cannot run a {} dialog yet", self.protocol),
            },
        })
    }
    fn step(&self) -> Step {
        Step::Greeting
    }
}
