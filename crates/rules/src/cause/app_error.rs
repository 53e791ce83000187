//! Issue 23 (APPERR): the evidence of the finding about the app's own
//! message: what it means, and what the check found for it.

use super::Cause;
use crate::app_said::{AppSaid, ServerSide, Trouble};
use crate::catalog::Args;
use crate::Endpoint;

/// What the check found for the app's message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// A failure of the kind the message names, on its side.
    Found { cause: Box<Cause>, at: Option<Endpoint> },
    /// A failure, but not of the kind the message names.
    Other { cause: Box<Cause>, at: Option<Endpoint> },
    /// Every step the message is about passed on its side (with a login
    /// where the message is about the login or sending).
    Passed,
    /// Nothing failed, but the step the message is about was not proven.
    Unproven,
    /// The check is still running.
    Checking,
    /// The message is about the app's own data: no server check sees it.
    AppOnly,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct AppErrorRead {
    pub(crate) said: AppSaid,
    pub(crate) outcome: Outcome,
}

fn trouble_key(trouble: Trouble) -> &'static str {
    match trouble {
        Trouble::Connect => "connect",
        Trouble::Timeout => "timeout",
        Trouble::Interrupted => "interrupted",
        Trouble::Login => "login",
        Trouble::SendRefused => "send",
        Trouble::ServerUnknown => "unknown-host",
        Trouble::Certificate => "certificate",
        Trouble::Security => "security",
        Trouble::AppData => "app-data",
    }
}

impl AppErrorRead {
    /// The message and its arguments; `title` words a found cause as its
    /// own finding's title, so the person can find it in the report.
    pub(crate) fn words(&self, title: impl Fn(&Cause, Option<&Endpoint>) -> String) -> (&'static str, Args<'static>) {
        let (outcome, cause) = match &self.outcome {
            Outcome::Found { cause, at } => ("found", title(cause, at.as_ref())),
            Outcome::Other { cause, at } => ("other", title(cause, at.as_ref())),
            Outcome::Passed => ("passed", String::new()),
            Outcome::Unproven => ("unproven", String::new()),
            Outcome::Checking => ("checking", String::new()),
            Outcome::AppOnly => ("app", String::new()),
        };
        let side = match self.said.side {
            _ if self.said.trouble == Trouble::AppData => "none",
            ServerSide::Incoming => "incoming",
            ServerSide::Outgoing => "outgoing",
            ServerSide::Either => "either",
        };
        let code = self.said.code.map(|c| format!("0x{c:08X}")).unwrap_or_default();
        let args = Args::new()
            .text("outcome", outcome)
            .text("cause", cause)
            .text("trouble", trouble_key(self.said.trouble))
            .text("side", side)
            .text("coded", if code.is_empty() { "no" } else { "yes" })
            .text("code", code);
        ("f-app-error-read", args)
    }
}
