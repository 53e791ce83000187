//! What a person asks to have diagnosed, as the page's form or the
//! terminal's flags say it, and the checks it passes before anything runs.

use maildoctor_wire::{Login, MailProtocol, Security};
use serde::{Deserialize, Serialize};

use crate::Endpoint;

/// The server settings a person's mail client uses.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settings {
    /// The server's name as typed; trimmed and lower-cased when checked.
    pub host: String,
    /// The TCP port; 0 is refused ([`SessionError::BadPort`]).
    pub port: u16,
    /// IMAP, POP3 or SMTP.
    pub protocol: MailProtocol,
    /// TLS from the first byte, STARTTLS, or none.
    pub security: Security,
}

/// Why the person's input cannot be checked; [`SessionError::render`] says it in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SessionError {
    /// Not of the form `local@domain`.
    BadAddress(String),
    /// A server name that is empty or has spaces.
    BadHost(String),
    /// Port 0, which nothing listens on.
    BadPort,
    /// Discovery is off and no settings were given.
    NothingToCheck,
}

/// When to look for settings besides the person's own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Discovery {
    /// Check only the settings given.
    Off,
    /// Discover for a direction whose settings fail or were not given.
    #[default]
    WhenGivenFail,
    /// Discover for both directions, whatever was given.
    Always,
}

/// When the session asks the reference resolvers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Reference {
    /// Never: the executor has none (`Request::new`'s choice; `check` and
    /// the page turn it on, since their relay has one by default).
    #[default]
    Off,
    /// Only about a name the system resolver's answer makes suspect, so a
    /// healthy check sends nothing extra.
    WhenSuspect,
    /// About every server name, up front (`check --compare-resolver`).
    Always,
}

/// The settings the mail provider itself gives for its accounts: the
/// widget on its help page carries them. The person's own settings are
/// still what is checked first; these are tried beside them and compared.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Expected {
    /// The provider's IMAP or POP3 server, if its page names one.
    pub incoming: Option<Settings>,
    /// The provider's SMTP server, if its page names one.
    pub outgoing: Option<Settings>,
}

/// What to diagnose, as the page's form or the terminal's flags say it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// The mail address (`local@domain`); its domain is where discovery
    /// looks.
    pub address: String,
    /// The person's incoming server, if they gave one.
    pub incoming: Option<Settings>,
    /// The person's outgoing server, if they gave one.
    pub outgoing: Option<Settings>,
    /// Credentials for the person's own servers (never sent to discovered ones).
    pub login: Option<Login>,
    /// Whether to look for settings besides those given.
    pub discovery: Discovery,
    /// When to ask the relay's reference resolvers (`ResolverChoice::Reference`)
    /// about a name, to tell a failing, lying or filtering resolver from a
    /// broken domain.
    pub reference_resolver: Reference,
    /// Sample connects to the person's servers once they answer.
    pub sample_latency: bool,
    /// Also log in to discovered servers that are not the domain's own
    /// (guessed names, a provider found through the MX records): only with
    /// the person's consent, since the password would leave the domain.
    pub login_discovered: bool,
    /// What the provider says the settings are, when it says.
    pub expected: Expected,
    /// The clock of the device the check runs for, when it started, in
    /// milliseconds since the Unix epoch: the page's browser, `check`'s
    /// computer. Mail apps check certificates against it, so it is held
    /// against the relay's and the servers' dates (`device.clock_wrong`).
    /// None says nothing about the clock.
    pub device_time_ms: Option<u64>,
    /// The servers' leaf certificates at the last check (its report's
    /// `certificates`, from a share link or `check --previous`): a
    /// certificate that differs is said, as a renewal or a new signer.
    pub previous_certificates: Vec<crate::SeenCertificate>,
    /// Issue 23 (APPERR): what the person's mail app said, as they pasted
    /// it (`check --app-error`, the page's field). It picks the checks to
    /// look at first; it is read, never echoed into the report.
    pub app_error: Option<String>,
}

impl Request {
    /// Discover where the given settings fail or are missing; sample latency.
    pub fn new(address: impl Into<String>) -> Self {
        Request {
            address: address.into(),
            incoming: None,
            outgoing: None,
            login: None,
            discovery: Discovery::default(),
            reference_resolver: Reference::default(),
            sample_latency: true,
            login_discovered: false,
            expected: Expected::default(),
            device_time_ms: None,
            previous_certificates: Vec::new(),
            app_error: None,
        }
    }
}

pub(crate) fn validate_address(address: &str) -> Result<(String, String), SessionError> {
    let address = address.trim();
    match address.split_once('@') {
        Some((local, domain))
            if !local.is_empty()
                && domain.contains('.')
                && !domain.contains(char::is_whitespace)
                && !domain.contains('@') =>
        {
            Ok((address.to_owned(), domain.trim_end_matches('.').to_ascii_lowercase()))
        }
        _ => Err(SessionError::BadAddress(address.to_owned())),
    }
}

pub(crate) fn validate(settings: Settings) -> Result<Endpoint, SessionError> {
    let host = settings.host.trim().trim_end_matches('.').to_ascii_lowercase();
    if host.is_empty() || host.contains(char::is_whitespace) || host.contains('/') || host.contains('@') {
        return Err(SessionError::BadHost(settings.host));
    }
    if settings.port == 0 {
        return Err(SessionError::BadPort);
    }
    Ok(Endpoint { host, port: settings.port, protocol: settings.protocol, security: settings.security })
}
