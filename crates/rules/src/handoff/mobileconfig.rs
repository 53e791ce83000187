//! The Apple configuration profile: a property list with one Mail payload
//! (`com.apple.mail.managed`), unsigned, as Apple's "Device Management"
//! reference describes it (developer.apple.com/documentation/
//! devicemanagement/mail: EmailAccountType, EmailAddress and the
//! Incoming/OutgoingMailServer* keys; the profile's own Payload* keys in
//! /documentation/devicemanagement/toplevel). Unsigned profiles install
//! on iOS, iPadOS and macOS after the person confirms ("Allow manual
//! install" in the payload's availability table).
//!
//! No `IncomingPassword` or `OutgoingPassword`: Apple says to use them
//! "only in encrypted profiles"; without them the device asks for the
//! password while installing.

use maildoctor_wire::{MailProtocol, Security};

use super::{name_uuid, xml_escape, Handed, Handoff};

/// Apple's `*UseSSL` is one boolean, "If true, the system enables SSL for
/// authentication": there is no separate STARTTLS value. Apple's own
/// iCloud Mail settings (support.apple.com/102525) give smtp.mail.me.com
/// port 587, a STARTTLS port, as "SSL required: yes", and Mail upgrades
/// with STARTTLS there; `false` would mean no encryption at all. So both
/// implicit TLS and STARTTLS are `true`, and the port tells them apart.
fn use_ssl(security: Security) -> bool {
    security != Security::None
}

fn server(out: &mut String, prefix: &str, handed: &Handed, username: &str) {
    let endpoint = &handed.endpoint;
    key_string(out, &format!("{prefix}MailServerAuthentication"), "EmailAuthPassword");
    key_string(out, &format!("{prefix}MailServerHostName"), &endpoint.host);
    out.push_str(&format!(
        "\t\t\t<key>{prefix}MailServerPortNumber</key>\n\t\t\t<integer>{}</integer>\n",
        endpoint.port
    ));
    key_bool(out, &format!("{prefix}MailServerUseSSL"), use_ssl(endpoint.security));
    key_string(out, &format!("{prefix}MailServerUsername"), username);
}

fn key_string(out: &mut String, key: &str, value: &str) {
    out.push_str(&format!("\t\t\t<key>{key}</key>\n\t\t\t<string>{}</string>\n", xml_escape(value)));
}

fn key_bool(out: &mut String, key: &str, value: bool) {
    out.push_str(&format!("\t\t\t<key>{key}</key>\n\t\t\t<{value}/>\n"));
}

pub(super) fn write(handoff: &Handoff, incoming: &Handed, outgoing: &Handed, description: &str) -> String {
    let account_type = match incoming.endpoint.protocol {
        MailProtocol::Pop3 => "EmailTypePOP",
        _ => "EmailTypeIMAP",
    };
    // The profile's identifier names the account: Apple "uses this value to
    // determine whether to replace an existing profile or add a new one"
    // (Device Management, MDM payload), so a profile made after a later
    // check replaces this one. The UUIDs name these very settings.
    let identifier = format!("org.maildoctor.handoff.{}", name_uuid(&handoff.address.to_ascii_lowercase()));
    let settings = format!("{}|{}|{}|{}", handoff.address, handoff.username, incoming.endpoint, outgoing.endpoint);
    let mut mail = String::new();
    key_string(&mut mail, "EmailAccountDescription", &handoff.address);
    key_string(&mut mail, "EmailAccountType", account_type);
    key_string(&mut mail, "EmailAddress", &handoff.address);
    server(&mut mail, "Incoming", incoming, &handoff.username);
    server(&mut mail, "Outgoing", outgoing, &handoff.username);
    // One username for both directions: the device asks for one password.
    key_bool(&mut mail, "OutgoingPasswordSameAsIncomingPassword", true);
    key_string(&mut mail, "PayloadDisplayName", &handoff.address);
    key_string(&mut mail, "PayloadIdentifier", &format!("{identifier}.mail"));
    key_string(&mut mail, "PayloadType", "com.apple.mail.managed");
    key_string(&mut mail, "PayloadUUID", &name_uuid(&format!("mail|{settings}")));
    mail.push_str("\t\t\t<key>PayloadVersion</key>\n\t\t\t<integer>1</integer>\n");
    let top = |key: &str, value: &str| format!("\t<key>{key}</key>\n\t<string>{}</string>\n", xml_escape(value));
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\" \"http://www.apple.com/DTDs/PropertyList-1.0.dtd\">\n\
         <plist version=\"1.0\">\n<dict>\n\
         \t<key>PayloadContent</key>\n\t<array>\n\t\t<dict>\n{mail}\t\t</dict>\n\t</array>\n\
         {}{}{}\t<key>PayloadRemovalDisallowed</key>\n\t<false/>\n{}{}\
         \t<key>PayloadVersion</key>\n\t<integer>1</integer>\n</dict>\n</plist>\n",
        top("PayloadDescription", description),
        top("PayloadDisplayName", &format!("{} (maildoctor)", handoff.address)),
        top("PayloadIdentifier", &identifier),
        top("PayloadType", "Configuration"),
        top("PayloadUUID", &name_uuid(&format!("profile|{settings}"))),
    )
}
