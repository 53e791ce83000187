//! What a server says, parsed once where it is read (in `maildoctor-proto`),
//! so the rules never parse text again: reply codes and capability sets.

use core::fmt;

use serde::{Deserialize, Serialize};

/// The machine-readable part of a server's reply.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "protocol", rename_all = "snake_case")]
pub enum ReplyCode {
    /// An SMTP reply: the three-digit code (RFC 5321) and, when the server
    /// sends one, the enhanced status code (RFC 3463).
    Smtp {
        /// `535`, `534`, `421`, ...
        basic: u16,
        /// `5.7.8`, `5.7.139`, ...
        #[serde(default, skip_serializing_if = "Option::is_none")]
        enhanced: Option<EnhancedStatus>,
    },
    /// An IMAP response code in brackets (RFC 5530: `AUTHENTICATIONFAILED`,
    /// `ALERT`, `EXPIRED`, ...), upper-cased.
    Imap {
        /// The code's atom, without its arguments.
        code: String,
    },
    /// A POP3 extended response code (RFC 2449, RFC 3206: `AUTH`, `IN-USE`,
    /// `LOGIN-DELAY`, `SYS/TEMP`), upper-cased.
    Pop3 {
        /// The code, without its arguments.
        code: String,
    },
}

impl ReplyCode {
    /// The SMTP enhanced status, if this is an SMTP reply that has one.
    pub fn enhanced(&self) -> Option<EnhancedStatus> {
        match self {
            Self::Smtp { enhanced, .. } => *enhanced,
            _ => None,
        }
    }

    /// The IMAP or POP3 response code, if this is one.
    pub fn atom(&self) -> Option<&str> {
        match self {
            Self::Imap { code } | Self::Pop3 { code } => Some(code),
            Self::Smtp { .. } => None,
        }
    }
}

impl fmt::Display for ReplyCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Smtp { basic, enhanced: Some(enhanced) } => write!(f, "{basic} {enhanced}"),
            Self::Smtp { basic, enhanced: None } => write!(f, "{basic}"),
            Self::Imap { code } | Self::Pop3 { code } => f.write_str(code),
        }
    }
}

/// An RFC 3463 enhanced mail system status code: `class.subject.detail`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct EnhancedStatus {
    /// 2 success, 4 persistent transient failure, 5 permanent failure.
    pub class: u8,
    /// The subject (7 is security or policy).
    pub subject: u16,
    /// The detail within the subject.
    pub detail: u16,
}

impl EnhancedStatus {
    /// Parses `5.7.8`; `None` for anything else.
    pub fn parse(text: &str) -> Option<Self> {
        let mut parts = text.split('.');
        let number = |part: Option<&str>| {
            part.filter(|p| !p.is_empty() && p.len() <= 3 && p.bytes().all(|b| b.is_ascii_digit()))
                .and_then(|p| p.parse::<u16>().ok())
        };
        let class = number(parts.next()).and_then(|c| u8::try_from(c).ok()).filter(|c| matches!(c, 2 | 4 | 5))?;
        let subject = number(parts.next())?;
        let detail = number(parts.next())?;
        parts.next().is_none().then_some(Self { class, subject, detail })
    }

    /// The code as written in replies: `5.7.8`.
    pub const fn new(class: u8, subject: u16, detail: u16) -> Self {
        Self { class, subject, detail }
    }
}

impl fmt::Display for EnhancedStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.class, self.subject, self.detail)
    }
}

/// What a server announced it can do (IMAP `CAPABILITY`, POP3 `CAPA`, SMTP
/// `EHLO`), parsed into the facts the rules and the dialogs decide on.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CapabilitySet {
    /// STARTTLS is offered (IMAP and SMTP `STARTTLS`, POP3 `STLS`).
    pub starttls: bool,
    /// IMAP `LOGINDISABLED` (RFC 3501 §6.2.3): no LOGIN before TLS.
    #[serde(default)]
    pub login_disabled: bool,
    /// POP3 `USER` (RFC 2449): USER/PASS logins are accepted.
    #[serde(default)]
    pub user: bool,
    /// SASL mechanisms offered (IMAP `AUTH=`, POP3 `SASL`, SMTP `AUTH`), upper-cased.
    #[serde(default)]
    pub mechanisms: Vec<String>,
    /// Every other capability, verbatim (`IDLE`, `PIPELINING`, `SIZE 35882577`).
    #[serde(default)]
    pub other: Vec<String>,
}

impl CapabilitySet {
    /// Whether `mechanism` (a SASL name such as `PLAIN`) is offered.
    pub fn offers(&self, mechanism: &str) -> bool {
        self.mechanisms.iter().any(|m| m.eq_ignore_ascii_case(mechanism))
    }

    /// Whether any SASL mechanism is offered.
    pub fn offers_sasl(&self) -> bool {
        !self.mechanisms.is_empty()
    }

    /// Whether a capability other than the parsed ones is present (by its first word).
    pub fn has(&self, name: &str) -> bool {
        self.other.iter().any(|c| c.split(' ').next().is_some_and(|word| word.eq_ignore_ascii_case(name)))
    }

    /// The largest message an SMTP server takes, in bytes, as its EHLO
    /// `SIZE` says (RFC 1870 §4): `Some(0)` when it says no fixed limit is
    /// in force, `None` when it names no number (no `SIZE`, or `SIZE`
    /// alone, which "gives no indication" of the limit).
    pub fn size(&self) -> Option<u64> {
        let line = self.other.iter().find(|c| c.split(' ').next().is_some_and(|w| w.eq_ignore_ascii_case("SIZE")))?;
        line.split_ascii_whitespace().nth(1)?.parse().ok()
    }

    /// Nothing was announced at all (no CAPA, an empty EHLO reply).
    pub fn is_empty(&self) -> bool {
        !self.starttls && !self.login_disabled && !self.user && self.mechanisms.is_empty() && self.other.is_empty()
    }
}
