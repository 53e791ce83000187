use maildoctor_wire::{Event, Step};

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
    /// Bytes the server sent.
    fn feed(&mut self, bytes: &[u8]);
    /// The server closed its side.
    fn feed_eof(&mut self);
    /// The TLS handshake finished; `verified`: the certificate passed.
    fn tls_established(&mut self, verified: bool);
    /// The TLS handshake after STARTTLS failed; the dialog ends.
    fn tls_failed(&mut self);
    /// What to do next.
    fn poll(&mut self) -> Output;
    /// The step in progress, so the driver can name what timed out.
    fn step(&self) -> Step;
}
