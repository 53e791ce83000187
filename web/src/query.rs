//! The page's address as input: `?relay=` and `?lang=` in the query, and
//! in the fragment either a shared report (`#report=…`) or a deep link that
//! fills in the form (`#address=…&incoming=imap:host:993:tls&outgoing=…`).
//! A fragment never reaches a server; a password is never read from it nor
//! written into it.

use maildoctor_wire::{MailProtocol, Security};

fn decode(text: &str) -> String {
    let text = text.replace('+', " ");
    js_sys::decode_uri_component(&text).ok().and_then(|s| s.as_string()).unwrap_or(text)
}

fn encode(text: &str) -> String {
    String::from(js_sys::encode_uri_component(text))
}

fn pairs(text: &str) -> impl Iterator<Item = (&str, &str)> {
    text.trim_start_matches(['?', '#']).split('&').filter_map(|pair| pair.split_once('='))
}

/// The decoded value of `key` in a query or fragment.
pub(crate) fn query_value(text: &str, key: &str) -> Option<String> {
    pairs(text).find(|(k, _)| *k == key).map(|(_, v)| decode(v))
}

/// How links, form values and the page's data attributes write a security
/// setting (the wire's words).
pub(crate) fn security_key(security: Security) -> &'static str {
    match security {
        Security::Tls => "tls",
        Security::Starttls => "starttls",
        Security::None => "none",
    }
}

/// One server as a deep link (and the widget's attributes) write it:
/// `[protocol:]host:port:security`, for example `imap:imap.example.com:993:tls`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ServerSpec {
    pub(crate) protocol: MailProtocol,
    pub(crate) host: String,
    pub(crate) port: u16,
    pub(crate) security: Security,
}

impl ServerSpec {
    pub(crate) fn parse(text: &str, default_protocol: MailProtocol) -> Option<Self> {
        let mut parts: Vec<&str> = text.trim().split(':').collect();
        let protocol = match parts.first().map(|p| p.to_ascii_lowercase()) {
            Some(p) if p == "imap" => Some(MailProtocol::Imap),
            Some(p) if p == "pop3" => Some(MailProtocol::Pop3),
            Some(p) if p == "smtp" => Some(MailProtocol::Smtp),
            _ => None,
        };
        if protocol.is_some() {
            parts.remove(0);
        }
        let [host, port, security] = parts.as_slice() else { return None };
        let security = match security.to_ascii_lowercase().as_str() {
            "tls" | "ssl" => Security::Tls,
            "starttls" => Security::Starttls,
            "none" => Security::None,
            _ => return None,
        };
        let host = host.trim();
        let port = port.parse().ok().filter(|p| *p != 0)?;
        (!host.is_empty()).then(|| ServerSpec {
            protocol: protocol.unwrap_or(default_protocol),
            host: host.to_owned(),
            port,
            security,
        })
    }

    pub(crate) fn text(&self) -> String {
        let security = security_key(self.security);
        format!("{}:{}:{}:{security}", self.protocol.name().to_ascii_lowercase(), self.host, self.port)
    }
}

/// What a deep link fills in. There is no password field, on purpose.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Prefill {
    pub(crate) address: String,
    pub(crate) username: String,
    pub(crate) incoming: Option<ServerSpec>,
    pub(crate) outgoing: Option<ServerSpec>,
}

impl Prefill {
    pub(crate) fn from_fragment(fragment: &str) -> Option<Self> {
        let address = query_value(fragment, "address")?;
        Some(Prefill {
            address,
            username: query_value(fragment, "username").unwrap_or_default(),
            incoming: query_value(fragment, "incoming").and_then(|s| ServerSpec::parse(&s, MailProtocol::Imap)),
            outgoing: query_value(fragment, "outgoing").and_then(|s| ServerSpec::parse(&s, MailProtocol::Smtp)),
        })
    }

    pub(crate) fn to_fragment(&self) -> String {
        let mut out = format!("#address={}", encode(&self.address));
        if !self.username.is_empty() && self.username != self.address {
            out.push_str(&format!("&username={}", encode(&self.username)));
        }
        for (key, spec) in [("incoming", &self.incoming), ("outgoing", &self.outgoing)] {
            if let Some(spec) = spec {
                out.push_str(&format!("&{key}={}", encode(&spec.text())));
            }
        }
        out
    }
}

/// The packed report of a share link, if the fragment is one.
pub(crate) fn shared_report(fragment: &str) -> Option<String> {
    query_value(fragment, "report")
}
