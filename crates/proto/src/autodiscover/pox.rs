//! Autodiscover's "plain old XML" protocol, as Outlook speaks it to
//! `…/autodiscover/autodiscover.xml` ([MS-OXDSCLI] 2.2.3 and 2.2.4;
//! learn.microsoft.com "Autodiscover for Exchange"): a POST of the address
//! asking for the Outlook response schema, answered by server settings,
//! `redirectAddr` (ask again with another address) or `redirectUrl` (ask
//! another URL). Hosters (cPanel, Plesk, ISPConfig add-ons) answer it with
//! IMAP, POP3 and SMTP settings; Exchange with EXCH/EXPR blocks.
//!
//! The request never carries credentials: no Authorization header, no
//! cookie. An answer that wants them (HTTP 401) is said as such.

use maildoctor_wire::{DiscoveredServer, MailProtocol, Security};
use quick_xml::events::Event as Xml;
use quick_xml::Reader;

/// The Outlook response schema Outlook itself asks for ([MS-OXDSCLI] 2.2.3).
pub const RESPONSE_SCHEMA: &str = "http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a";

/// A larger answer is not a settings document (real ones are 1-10 KB).
const MAX_BODY: usize = 64 * 1024;
/// Real answers nest five deep (Autodiscover/Response/Account/Protocol/Port).
const MAX_DEPTH: usize = 16;
/// Servers read from one answer at most.
const MAX_SERVERS: usize = 16;

/// What one answer says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// `Action` settings: the mail servers it names, and the Exchange host
    /// (an EXPR block's server, else an EXCH block's) when it names one.
    Settings {
        /// IMAP, POP3 and SMTP servers.
        servers: Vec<DiscoveredServer>,
        /// The Exchange server, for a mailbox on Exchange or Microsoft 365.
        exchange: Option<String>,
    },
    /// `Action` redirectAddr: ask again with this address.
    RedirectAddr(String),
    /// `Action` redirectUrl: ask this URL instead.
    RedirectUrl(String),
}

/// The request body asking about `address`; `None` for an address with
/// characters that do not belong in one (nothing is escaped, so nothing
/// can be smuggled into the XML).
pub fn request_body(address: &str) -> Option<String> {
    super::path_for(address)?;
    Some(format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\r\n<Autodiscover \
         xmlns=\"http://schemas.microsoft.com/exchange/autodiscover/outlook/requestschema/2006\"><Request>\
         <EMailAddress>{address}</EMailAddress><AcceptableResponseSchema>{RESPONSE_SCHEMA}</AcceptableResponseSchema>\
         </Request></Autodiscover>\r\n"
    ))
}

/// The POST of `body` to `path` on `host`. Deliberately without any
/// Authorization or Cookie header: maildoctor never authenticates to
/// Autodiscover, at any host.
pub fn post_request(host: &str, path: &str, body: &str) -> Vec<u8> {
    format!(
        "POST {path} HTTP/1.1\r\nHost: {host}\r\nUser-Agent: maildoctor\r\nContent-Type: text/xml; charset=utf-8\r\n\
         Accept: text/xml, application/xml\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

#[derive(Default)]
struct Block {
    kind: String,
    server: String,
    port: Option<u16>,
    ssl: Option<bool>,
    encryption: Option<String>,
    login: Option<String>,
}

impl Block {
    /// The Outlook schema's words for security: `Encryption` (None, SSL,
    /// TLS, Auto) wins over the older `SSL` on/off, which is on when absent.
    /// "TLS" is STARTTLS and "SSL" implicit TLS, as Outlook shows them.
    fn into_server(self) -> Option<DiscoveredServer> {
        let protocol = match self.kind.as_str() {
            "IMAP" => MailProtocol::Imap,
            "POP3" => MailProtocol::Pop3,
            "SMTP" => MailProtocol::Smtp,
            _ => return None,
        };
        let by_port = |port: Option<u16>| port.and_then(Security::usual_for_port).unwrap_or(Security::Tls);
        let security = match self.encryption.as_deref().map(str::to_ascii_uppercase).as_deref() {
            Some("SSL") => Security::Tls,
            Some("TLS") => Security::Starttls,
            Some("NONE") => Security::None,
            Some(_) => by_port(self.port),
            None if self.ssl == Some(false) => Security::None,
            None => by_port(self.port),
        };
        let port = self.port.unwrap_or_else(|| protocol.usual_port(security));
        let host = self.server.trim_end_matches('.').to_ascii_lowercase();
        let plausible = !host.is_empty() && host.bytes().all(|b| b.is_ascii_alphanumeric() || b".-:[]".contains(&b));
        plausible.then(|| DiscoveredServer {
            incoming: protocol != MailProtocol::Smtp,
            protocol,
            host,
            port,
            security,
            username: self.login.filter(|l| !l.is_empty()),
        })
    }
}

/// Reads one POX answer.
pub fn parse(body: &[u8]) -> Result<Answer, String> {
    if body.len() > MAX_BODY {
        return Err(format!("the answer is larger than {} KiB", MAX_BODY / 1024));
    }
    let text = core::str::from_utf8(body).map_err(|_| "the answer is not UTF-8 text".to_owned())?;
    let mut reader = Reader::from_str(text);
    let mut path: Vec<String> = Vec::new();
    let mut text = String::new();
    let (mut action, mut redirect_addr, mut redirect_url) = (None, None, None);
    let (mut error_code, mut error_message) = (None::<String>, None::<String>);
    let mut block: Option<Block> = None;
    let (mut servers, mut expr, mut exch) = (Vec::new(), None, None);
    let mut root_seen = false;
    loop {
        match reader.read_event().map_err(|err| format!("not well-formed XML: {err}"))? {
            Xml::DocType(_) => {
                return Err("the answer declares a document type (and entities); Autodiscover never does".into())
            }
            Xml::Start(tag) => {
                let name = tag.local_name().as_ref().to_owned();
                if path.is_empty() {
                    if name != "Autodiscover" {
                        return Err(format!("not an Autodiscover answer (the document is <{name}>)"));
                    }
                    root_seen = true;
                }
                if path.len() >= MAX_DEPTH {
                    return Err(format!("the answer nests deeper than {MAX_DEPTH} elements"));
                }
                if name == "Protocol" {
                    block = Some(Block::default());
                }
                path.push(name);
                text.clear();
            }
            Xml::Text(chunk) => text.push_str(&chunk.xml10_content()),
            Xml::CData(chunk) => text.push_str(chunk.as_ref()),
            Xml::GeneralRef(reference) => match reference.resolve_char_ref() {
                Ok(Some(c)) => text.push(c),
                _ => text.push_str(match reference.as_ref() {
                    "amp" => "&",
                    "lt" => "<",
                    "gt" => ">",
                    "quot" => "\"",
                    "apos" => "'",
                    // An entity no DTD may define here: dropped, never expanded.
                    _ => "",
                }),
            },
            Xml::End(_) => {
                let name = path.pop().unwrap_or_default();
                let value = text.trim().to_owned();
                let parent = path.last().map(String::as_str).unwrap_or_default();
                match (parent, name.as_str()) {
                    ("Account", "Action") => action = Some(value),
                    ("Account", "RedirectAddr") => redirect_addr = Some(value),
                    ("Account", "RedirectUrl") => redirect_url = Some(value),
                    ("Error", "ErrorCode") => error_code = Some(value),
                    ("Error", "Message") => error_message = Some(value),
                    (_, "Protocol") => {
                        if let Some(done) = block.take() {
                            match done.kind.as_str() {
                                "EXPR" => expr = expr.or(Some(done.server.to_ascii_lowercase())),
                                "EXCH" => exch = exch.or(Some(done.server.to_ascii_lowercase())),
                                _ => {
                                    if let Some(server) = done.into_server().filter(|_| servers.len() < MAX_SERVERS) {
                                        servers.push(server);
                                    }
                                }
                            }
                        }
                    }
                    ("Protocol", field) => {
                        if let Some(current) = block.as_mut() {
                            match field {
                                "Type" => current.kind = value.to_ascii_uppercase(),
                                "Server" => current.server = value,
                                "Port" => current.port = value.parse().ok(),
                                "SSL" => current.ssl = Some(!value.eq_ignore_ascii_case("off")),
                                "Encryption" => current.encryption = Some(value),
                                "LoginName" => current.login = Some(value),
                                _ => {}
                            }
                        }
                    }
                    _ => {}
                }
                text.clear();
            }
            Xml::Eof => break,
            _ => {}
        }
    }
    if !root_seen {
        return Err("not an Autodiscover answer (no <Autodiscover>)".into());
    }
    if error_code.is_some() || error_message.is_some() {
        let code = error_code.unwrap_or_default();
        return Err(format!("the service answered error {code}: {}", error_message.unwrap_or_default()));
    }
    match action.as_deref().map(str::to_ascii_lowercase).as_deref() {
        Some("redirectaddr") => redirect_addr
            .filter(|a| a.contains('@'))
            .map(Answer::RedirectAddr)
            .ok_or_else(|| "redirectAddr without an address".into()),
        Some("redirecturl") => redirect_url
            .filter(|u| !u.is_empty())
            .map(Answer::RedirectUrl)
            .ok_or_else(|| "redirectUrl without a URL".into()),
        _ => {
            let exchange = expr.or(exch).filter(|h| !h.is_empty());
            if servers.is_empty() && exchange.is_none() {
                return Err("the answer names no server".into());
            }
            Ok(Answer::Settings { servers, exchange })
        }
    }
}

#[cfg(test)]
#[path = "pox_tests.rs"]
mod tests;
