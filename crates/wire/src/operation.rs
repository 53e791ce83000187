use core::fmt;

use serde::{Deserialize, Serialize};

use crate::Secret;

/// One primitive piece of work the relay executes and reports on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Operation {
    Resolve(ResolveSpec),
    Probe(ProbeSpec),
    /// Connect (and close at once) `count` times in a row, to measure
    /// round-trip time and loss on the path to one endpoint.
    SampleLatency {
        host: String,
        port: u16,
        count: u8,
    },
    FetchAutoconfig {
        url: String,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResolveSpec {
    pub name: String,
    pub types: Vec<RecordType>,
    #[serde(default)]
    pub resolver: ResolverChoice,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum RecordType {
    A,
    Aaaa,
    Mx,
    Srv,
    Txt,
    Cname,
}

impl fmt::Display for RecordType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::A => "A",
            Self::Aaaa => "AAAA",
            Self::Mx => "MX",
            Self::Srv => "SRV",
            Self::Txt => "TXT",
            Self::Cname => "CNAME",
        })
    }
}

/// Which resolver answers: the relay's configured one, or an explicit server
/// (`ip:port`), so the rules can compare the two.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ResolverChoice {
    #[default]
    System,
    Server(String),
}

/// Connect to one mail endpoint and run a fixed, harmless dialog: greeting,
/// capabilities, optionally STARTTLS and a login, then a polite goodbye.
/// Never MAIL, RCPT or DATA.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProbeSpec {
    pub host: String,
    pub port: u16,
    pub protocol: MailProtocol,
    pub security: Security,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub login: Option<Login>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MailProtocol {
    Smtp,
    Imap,
    Pop3,
}

impl MailProtocol {
    /// The port mail apps pair with this protocol and `security` (RFC 8314).
    pub fn usual_port(self, security: Security) -> u16 {
        match (self, security) {
            (Self::Imap, Security::Tls) => 993,
            (Self::Imap, _) => 143,
            (Self::Pop3, Security::Tls) => 995,
            (Self::Pop3, _) => 110,
            (Self::Smtp, Security::Tls) => 465,
            (Self::Smtp, _) => 587,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Self::Smtp => "SMTP",
            Self::Imap => "IMAP",
            Self::Pop3 => "POP3",
        }
    }
}

impl fmt::Display for MailProtocol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// How the connection is protected, in the words mail clients use:
/// `tls` is "SSL/TLS" (implicit TLS from the first byte), `starttls` upgrades a
/// plaintext connection, `none` never encrypts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Security {
    Tls,
    Starttls,
    None,
}

impl Security {
    /// The security a standard mail port is meant for, if it is one.
    pub fn usual_for_port(port: u16) -> Option<Security> {
        match port {
            993 | 995 | 465 => Some(Security::Tls),
            143 | 110 | 587 | 25 => Some(Security::Starttls),
            _ => None,
        }
    }

    pub fn client_label(self) -> &'static str {
        match self {
            Self::Tls => "SSL/TLS",
            Self::Starttls => "STARTTLS",
            Self::None => "None",
        }
    }
}

impl fmt::Display for Security {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.client_label())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Login {
    pub username: String,
    /// The password, or the OAuth bearer token for `xoauth2`.
    pub secret: Secret,
    /// Which SASL mechanism to use; by default the best one offered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mechanism: Option<AuthMechanism>,
    /// Send the credentials without verified TLS: only when the person asked for it.
    #[serde(default)]
    pub allow_plaintext: bool,
    /// The full email address, tried as the username on a fresh connection
    /// when the server refuses `username` as wrong credentials (people often
    /// type only the part before the @).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub full_address: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AuthMechanism {
    Plain,
    Login,
    Xoauth2,
}

impl AuthMechanism {
    pub fn sasl_name(self) -> &'static str {
        match self {
            Self::Plain => "PLAIN",
            Self::Login => "LOGIN",
            Self::Xoauth2 => "XOAUTH2",
        }
    }
}
