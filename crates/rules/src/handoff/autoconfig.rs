//! The Thunderbird autoconfig document (clientConfig version 1.1), the
//! format of Thunderbird's ISP database (github.com/thunderbird/autoconfig)
//! and of what an admin publishes at autoconfig.<domain>/mail/config-v1.1.xml;
//! the same format `maildoctor_proto::autoconfig` reads. That repository
//! has no schema: its CI (tools/validate.py) checks that each file parses
//! as XML, and Thunderbird's reader (readFromXML.sys.mjs) needs a hostname,
//! port, socketType and username in each server and one outgoingServer.

use maildoctor_wire::{MailProtocol, Security};

use super::{xml_escape, Handed, Handoff};

fn socket_type(security: Security) -> &'static str {
    match security {
        Security::Tls => "SSL",
        Security::Starttls => "STARTTLS",
        Security::None => "plain",
    }
}

/// The username as the document writes it: a placeholder when it is the
/// address or its local part (Thunderbird fills it in for each person, so
/// the admin's file serves every mailbox), else the literal name proven.
fn username_form(handoff: &Handoff) -> String {
    let local = handoff.address.split_once('@').map(|(l, _)| l).unwrap_or_default();
    if handoff.username.eq_ignore_ascii_case(&handoff.address) {
        "%EMAILADDRESS%".into()
    } else if handoff.username == local {
        "%EMAILLOCALPART%".into()
    } else {
        xml_escape(&handoff.username)
    }
}

/// Thunderbird's value for the login the check proved: `OAuth2` (as the ISP
/// database's entries for providers that take tokens write it) or a password.
fn authentication(handoff: &Handoff) -> &'static str {
    if handoff.token {
        "OAuth2"
    } else {
        "password-cleartext"
    }
}

fn server(element: &str, handed: &Handed, username: &str, authentication: &str) -> String {
    let endpoint = &handed.endpoint;
    let kind = match endpoint.protocol {
        MailProtocol::Imap => "imap",
        MailProtocol::Pop3 => "pop3",
        MailProtocol::Smtp => "smtp",
    };
    format!(
        "    <{element} type=\"{kind}\">\n\
         \x20     <hostname>{}</hostname>\n\
         \x20     <port>{}</port>\n\
         \x20     <socketType>{}</socketType>\n\
         \x20     <authentication>{authentication}</authentication>\n\
         \x20     <username>{username}</username>\n\
         \x20   </{element}>\n",
        xml_escape(&endpoint.host),
        endpoint.port,
        socket_type(endpoint.security),
    )
}

pub(super) fn write(handoff: &Handoff, incoming: &Handed, outgoing: &Handed) -> String {
    // "--" may not appear inside an XML comment (IDNA's "xn--" labels have it).
    let domain = xml_escape(&handoff.domain());
    let commented = domain.replace("--", "-\u{2010}");
    let username = username_form(handoff);
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <!-- Settings maildoctor saw working for a mailbox at {commented}. No password is in it. -->\n\
         <clientConfig version=\"1.1\">\n\
         \x20 <emailProvider id=\"{domain}\">\n\
         \x20   <domain>{domain}</domain>\n\
         \x20   <displayName>{domain}</displayName>\n\
         \x20   <displayShortName>{domain}</displayShortName>\n\
         {}{}\
         \x20 </emailProvider>\n\
         </clientConfig>\n",
        server("incomingServer", incoming, &username, authentication(handoff)),
        server("outgoingServer", outgoing, &username, authentication(handoff)),
    )
}
