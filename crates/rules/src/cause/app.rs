//! Issue 22 (app-suspect): the evidence of the causes that remain when the
//! person's own settings pass every step, kept typed until `render`.

use crate::{Endpoint, Side, Source};

/// A field of a server setting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Field {
    Host,
    Port,
    Security,
}

/// One field where the person's working settings differ from other
/// settings that work too (the provider's page, or discovery's).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Difference {
    pub(crate) side: Side,
    pub(crate) field: Field,
    pub(crate) given: Endpoint,
    pub(crate) other: Endpoint,
    pub(crate) source: Source,
}

/// What the sending server said about message size (RFC 1870 `SIZE`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SizeSaid {
    /// No sending server of the person's was checked.
    NotChecked,
    /// It named no number (no `SIZE`, or `SIZE` alone).
    Unstated,
    /// `SIZE 0`: no fixed limit is in force.
    NoLimit,
    /// The largest message it takes, in bytes.
    Limit(u64),
}
