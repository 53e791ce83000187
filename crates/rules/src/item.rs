//! A diagnosed cause before it has words: the cause, the endpoint it is
//! about, the events that prove it, where each mail app keeps the setting
//! that fixes it, and the causes that only follow from it.

use maildoctor_wire::{Event, OpId};

use crate::cause::Cause;
use crate::observe::Seen;
use crate::{Code, Endpoint, Severity, Side};

/// One event of one operation, kept as evidence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Proof {
    pub(crate) op: OpId,
    pub(crate) t_ms: u64,
    pub(crate) event: Event,
}

impl<T> From<Seen<'_, T>> for Proof {
    fn from(seen: Seen<'_, T>) -> Self {
        Proof { op: seen.op, t_ms: seen.t_ms, event: seen.event.clone() }
    }
}

/// The menus of each mail app where the fix goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum AppSteps {
    /// Set this server, port and security.
    SetServer { target: Endpoint, side: Side },
    /// Turn on authentication for the outgoing server.
    SignInToSend,
    /// Clear what the app keeps: the password, the account, add-ins, the profile.
    ClearState,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Item {
    pub(crate) cause: Cause,
    pub(crate) endpoint: Option<Endpoint>,
    pub(crate) proof: Vec<Proof>,
    pub(crate) apps: Option<AppSteps>,
    pub(crate) follows: Vec<Item>,
}

impl Item {
    pub(crate) fn new(cause: Cause) -> Self {
        Item { cause, endpoint: None, proof: Vec::new(), apps: None, follows: Vec::new() }
    }

    pub(crate) fn at(mut self, endpoint: &Endpoint) -> Self {
        self.endpoint = Some(endpoint.clone());
        self
    }

    pub(crate) fn proof(mut self, proof: impl Into<Proof>) -> Self {
        self.proof.push(proof.into());
        self
    }

    pub(crate) fn apps(mut self, apps: AppSteps) -> Self {
        self.apps = Some(apps);
        self
    }

    pub(crate) fn code(&self) -> Code {
        self.cause.code()
    }

    pub(crate) fn severity(&self) -> Severity {
        self.cause.severity()
    }

    pub(crate) fn is_error(&self) -> bool {
        self.severity() == Severity::Error
    }

    pub(crate) fn is_about(&self, endpoint: &Endpoint) -> bool {
        self.endpoint.as_ref() == Some(endpoint)
    }
}
