//! Thunderbird's autoconfig documents (config-v1.1.xml): the server
//! settings a provider publishes for mail clients.

use maildoctor_wire::{DiscoveredServer, MailProtocol, Security};
use quick_xml::events::Event as Xml;
use quick_xml::Reader;

/// Servers read from one document at most: enough for any provider.
const MAX_SERVERS: usize = 16;

#[derive(Default)]
struct Draft {
    incoming: bool,
    protocol: Option<MailProtocol>,
    host: String,
    port: Option<u16>,
    security: Option<Security>,
    username: Option<String>,
}

/// The servers `xml` names for `address`; `%EMAILDOMAIN%` and friends in a
/// host name are filled in (usernames keep their placeholders, which say
/// which form the server expects).
pub fn parse(xml: &str, address: &str) -> Result<Vec<DiscoveredServer>, String> {
    let (local, domain) = address.split_once('@').unwrap_or((address, ""));
    let fill = |text: &str| {
        text.replace("%EMAILADDRESS%", address).replace("%EMAILLOCALPART%", local).replace("%EMAILDOMAIN%", domain)
    };
    let mut reader = Reader::from_str(xml);
    let mut servers = Vec::new();
    let mut draft: Option<Draft> = None;
    let mut element = String::new();
    let mut text = String::new();
    let mut saw_client_config = false;
    loop {
        match reader.read_event().map_err(|err| format!("not well-formed XML: {err}"))? {
            Xml::Start(tag) => {
                let name = tag.local_name().as_ref().to_owned();
                saw_client_config |= name == "clientConfig";
                if name == "incomingServer" || name == "outgoingServer" {
                    let kind = tag
                        .try_get_attribute("type")
                        .ok()
                        .flatten()
                        .map(|attr| attr.value.to_ascii_lowercase())
                        .unwrap_or_default();
                    let protocol = match kind.as_str() {
                        "imap" => Some(MailProtocol::Imap),
                        "pop3" => Some(MailProtocol::Pop3),
                        "smtp" => Some(MailProtocol::Smtp),
                        // Exchange, JMAP and the like: not for this tool.
                        _ => None,
                    };
                    draft = Some(Draft { incoming: name == "incomingServer", protocol, ..Draft::default() });
                }
                element = name;
                text.clear();
            }
            Xml::Empty(tag) => saw_client_config |= tag.local_name().as_ref() == "clientConfig",
            Xml::Text(chunk) => text.push_str(&chunk.xml10_content()),
            Xml::CData(chunk) => text.push_str(chunk.as_ref()),
            Xml::GeneralRef(reference) => {
                if let Ok(Some(c)) = reference.resolve_char_ref() {
                    text.push(c);
                } else {
                    text.push_str(match reference.as_ref() {
                        "amp" => "&",
                        "lt" => "<",
                        "gt" => ">",
                        "quot" => "\"",
                        "apos" => "'",
                        _ => "",
                    });
                }
            }
            Xml::End(tag) => {
                let name = tag.local_name().as_ref().to_owned();
                let value = text.trim().to_owned();
                if let Some(current) = draft.as_mut() {
                    match name.as_str() {
                        "hostname" => current.host = fill(&value).to_ascii_lowercase(),
                        "port" => current.port = value.parse().ok(),
                        "socketType" => {
                            current.security = match value.to_ascii_uppercase().as_str() {
                                "SSL" | "TLS" => Some(Security::Tls),
                                "STARTTLS" => Some(Security::Starttls),
                                "PLAIN" => Some(Security::None),
                                _ => None,
                            }
                        }
                        "username" => current.username = Some(value),
                        "incomingServer" | "outgoingServer" => {
                            if let Some(Draft {
                                incoming,
                                protocol: Some(protocol),
                                host,
                                port: Some(port),
                                security: Some(security),
                                username,
                            }) = draft.take()
                            {
                                // A placeholder left empty ("mail.") is not a host name.
                                if !host.is_empty() && !host.ends_with('.') && servers.len() < MAX_SERVERS {
                                    servers.push(DiscoveredServer {
                                        incoming,
                                        protocol,
                                        host,
                                        port,
                                        security,
                                        username,
                                    });
                                }
                            }
                        }
                        _ => {}
                    }
                }
                element.clear();
                text.clear();
            }
            Xml::Eof => break,
            _ => {}
        }
    }
    if !saw_client_config {
        return Err("the document is not an autoconfig file (no <clientConfig>)".into());
    }
    Ok(servers)
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    const DOC: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<clientConfig version="1.1">
  <emailProvider id="example.test">
    <domain>example.test</domain>
    <incomingServer type="imap">
      <hostname>imap.%EMAILDOMAIN%</hostname>
      <port>993</port>
      <socketType>SSL</socketType>
      <username>%EMAILADDRESS%</username>
      <authentication>password-cleartext</authentication>
    </incomingServer>
    <incomingServer type="pop3">
      <hostname>pop.example.test</hostname><port>110</port><socketType>STARTTLS</socketType>
    </incomingServer>
    <incomingServer type="exchange"><hostname>ews.example.test</hostname><port>443</port><socketType>SSL</socketType></incomingServer>
    <outgoingServer type="smtp">
      <hostname><![CDATA[smtp.example.test]]></hostname>
      <port>587</port>
      <socketType>STARTTLS</socketType>
      <username>%EMAILLOCALPART%</username>
    </outgoingServer>
  </emailProvider>
</clientConfig>"#;

    #[test]
    fn thunderbird_format() {
        let servers = parse(DOC, "alice@example.test").expect("parses");
        assert_eq!(
            servers,
            vec![
                DiscoveredServer {
                    incoming: true,
                    protocol: MailProtocol::Imap,
                    host: "imap.example.test".into(),
                    port: 993,
                    security: Security::Tls,
                    username: Some("%EMAILADDRESS%".into()),
                },
                DiscoveredServer {
                    incoming: true,
                    protocol: MailProtocol::Pop3,
                    host: "pop.example.test".into(),
                    port: 110,
                    security: Security::Starttls,
                    username: None,
                },
                DiscoveredServer {
                    incoming: false,
                    protocol: MailProtocol::Smtp,
                    host: "smtp.example.test".into(),
                    port: 587,
                    security: Security::Starttls,
                    username: Some("%EMAILLOCALPART%".into()),
                },
            ]
        );
    }

    #[test]
    fn not_autoconfig() {
        assert!(parse("<html><body>404</body></html>", "a@b.c").is_err());
        assert!(parse("<clientConfig><incomingServer", "a@b.c").is_err());
        assert_eq!(parse("<clientConfig/>", "a@b.c"), Ok(vec![]));
    }
}
