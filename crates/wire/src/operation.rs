use core::fmt;
use core::net::SocketAddr;

use serde::{Deserialize, Serialize};

use crate::Secret;

/// One primitive piece of work the relay executes and reports on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Operation {
    /// Ask DNS about a name.
    Resolve(ResolveSpec),
    /// Run a mail dialog against one endpoint.
    Probe(ProbeSpec),
    /// Connect (and close at once) `count` times in a row, to measure
    /// round-trip time and loss on the path to one endpoint.
    SampleLatency {
        /// The host.
        host: String,
        /// The port.
        port: u16,
        /// How many connects.
        count: u8,
        /// The address to sample: the one a probe connected to (checked by
        /// the same policy); by default the first the name resolves to.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        address: Option<core::net::IpAddr>,
    },
    /// Fetch an autoconfig document (no redirects; HTTPS must verify).
    FetchAutoconfig {
        /// The document's URL.
        url: String,
    },
    /// Ask the ISP database the relay is configured with (Thunderbird's
    /// ISPDB by default) for a domain's settings: the relay chooses the URL,
    /// never the client.
    FetchIspdb {
        /// The address's domain.
        domain: String,
    },
    /// Ask the Autodiscover service the relay is configured with
    /// (Microsoft's by default) where the address's mailbox is served, and
    /// walk the address's own domain's Autodiscover candidates as Outlook
    /// does (POX XML; redirects only by docs/autodiscover.md's rules). No
    /// credentials are sent.
    FetchAutodiscover {
        /// The address.
        address: String,
    },
}

/// One DNS question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResolveSpec {
    /// The name.
    pub name: String,
    /// The record types to ask for, one question each.
    pub types: Vec<RecordType>,
    /// Which resolver to ask.
    #[serde(default)]
    pub resolver: ResolverChoice,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
/// The DNS record types maildoctor asks for.
pub enum RecordType {
    /// IPv4 address.
    A,
    /// IPv6 address.
    Aaaa,
    /// Mail exchanger.
    Mx,
    /// Service location.
    Srv,
    /// Text.
    Txt,
    /// Alias.
    Cname,
    /// Name server of a zone.
    Ns,
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
            Self::Ns => "NS",
        })
    }
}

/// Which resolver answers: the relay's configured one, or an explicit server
/// (`ip:port`), so the rules can compare the two.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ResolverChoice {
    /// The resolver the relay's system is configured with.
    #[default]
    System,
    /// An explicit DNS server.
    Server(SocketAddr),
    /// The reference resolvers the relay (or `check`) is configured with
    /// (`--reference-resolver`): a page asks for a second opinion without
    /// naming a DNS server, so it cannot aim the relay's queries anywhere.
    Reference,
}

impl fmt::Display for ResolverChoice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::System => f.write_str("system"),
            Self::Server(address) => write!(f, "{address}"),
            Self::Reference => f.write_str("reference"),
        }
    }
}

/// Connect to one mail endpoint and run a fixed, harmless dialog: greeting,
/// capabilities, optionally STARTTLS and a login, then a polite goodbye.
/// Never MAIL, RCPT or DATA.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProbeSpec {
    /// The host name or IP literal.
    pub host: String,
    /// The port.
    pub port: u16,
    /// The protocol to speak.
    pub protocol: MailProtocol,
    /// How to protect the connection.
    pub security: Security,
    /// Credentials to log in with, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub login: Option<Login>,
    /// Dial this address instead of resolving `host` (which still names the
    /// server for TLS): to try the address a zone's own name servers give
    /// when the resolver's answer fails. Checked by the same policy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<core::net::IpAddr>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
/// The mail protocols maildoctor speaks.
pub enum MailProtocol {
    /// Submission or relay (RFC 5321, RFC 6409).
    Smtp,
    /// IMAP4rev1 (RFC 3501).
    Imap,
    /// POP3 (RFC 1939).
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

    /// The protocol's usual name: `IMAP`.
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
    /// Implicit TLS ("SSL/TLS").
    Tls,
    /// A plaintext connection upgraded with STARTTLS.
    Starttls,
    /// No encryption.
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

    /// The label mail apps show for it.
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

/// Credentials for one probe.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Login {
    /// The username.
    pub username: String,
    /// The password, or the OAuth bearer token for `xoauth2`.
    pub secret: Secret,
    /// Which SASL mechanism to use; by default the best one offered. A bearer
    /// token (XOAUTH2 or OAUTHBEARER) goes by whichever of the two is offered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mechanism: Option<AuthMechanism>,
    /// Send the credentials over a connection without encryption: only when
    /// the person asked for it. A certificate must still verify wherever TLS runs.
    #[serde(default)]
    pub allow_plaintext: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
/// The SASL mechanisms maildoctor can log in with.
pub enum AuthMechanism {
    /// RFC 4616.
    Plain,
    /// The draft LOGIN mechanism.
    Login,
    /// Google's and Microsoft's OAuth 2.0 bearer mechanism.
    Xoauth2,
    /// RFC 7628's OAuth 2.0 bearer mechanism.
    Oauthbearer,
}

impl AuthMechanism {
    /// The mechanism's SASL name.
    pub fn sasl_name(self) -> &'static str {
        match self {
            Self::Plain => "PLAIN",
            Self::Login => "LOGIN",
            Self::Xoauth2 => "XOAUTH2",
            Self::Oauthbearer => "OAUTHBEARER",
        }
    }
}
