//! The handed-off files for the shapes settings come in, read back by the
//! project's own autoconfig parser (the one discovery uses).

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use maildoctor_wire::{DiscoveredServer, MailProtocol, Security};

use super::{name_uuid, Handoff};
use crate::untested::{Untested, UntestedReason, Verdict};
use crate::{Catalog, Endpoint, Lang, Report, Side, REPORT_VERSION};

fn endpoint(protocol: MailProtocol, host: &str, port: u16, security: Security) -> Endpoint {
    Endpoint { host: host.into(), port, protocol, security }
}

fn report(address: &str, username: Option<&str>, working: Vec<Endpoint>, untested: Vec<Side>) -> Report {
    Report {
        version: REPORT_VERSION,
        language: "en".into(),
        address: address.into(),
        complete: true,
        findings: Vec::new(),
        working,
        ask_consent: false,
        username: username.map(Into::into),
        probes: Vec::new(),
        verdict: Verdict::Fine,
        untested: untested
            .into_iter()
            .map(|side| Untested {
                side,
                reason: UntestedReason::NoPassword,
                endpoint: None,
                source: None,
                title: String::new(),
            })
            .collect(),
        checked_from: None,
        certificates: Vec::new(),
        signed_in_with_token: false,
    }
}

fn imap_tls() -> Endpoint {
    endpoint(MailProtocol::Imap, "imap.example.test", 993, Security::Tls)
}

fn smtp_starttls() -> Endpoint {
    endpoint(MailProtocol::Smtp, "smtp.example.test", 587, Security::Starttls)
}

/// The autoconfig document read back by `maildoctor_proto::autoconfig`,
/// usernames filled in as Thunderbird fills them.
fn read_back(handoff: &Handoff) -> Vec<DiscoveredServer> {
    let xml = handoff.autoconfig().expect("an autoconfig document");
    let (local, _) = handoff.address.split_once('@').expect("an address");
    let mut servers = maildoctor_proto::autoconfig::parse(&xml, &handoff.address).expect("it parses");
    for server in &mut servers {
        server.username = server
            .username
            .take()
            .map(|u| u.replace("%EMAILADDRESS%", &handoff.address).replace("%EMAILLOCALPART%", local));
    }
    servers
}

fn as_server(endpoint: &Endpoint, username: &str) -> DiscoveredServer {
    DiscoveredServer {
        incoming: endpoint.protocol != MailProtocol::Smtp,
        protocol: endpoint.protocol,
        host: endpoint.host.clone(),
        port: endpoint.port,
        security: endpoint.security,
        username: Some(username.into()),
    }
}

/// The value after `<key>key</key>` in a profile.
fn plist_value<'a>(profile: &'a str, key: &str) -> &'a str {
    let at = profile.find(&format!("<key>{key}</key>")).unwrap_or_else(|| panic!("{key} in {profile}"));
    profile[at..].lines().nth(1).expect("a value").trim()
}

#[test]
fn imap_tls_and_smtp_starttls_make_both_files_and_read_back_equal() {
    let handoff = Handoff::from_report(&report("alice@example.test", None, vec![imap_tls(), smtp_starttls()], vec![]))
        .expect("settings to hand off");
    assert!(!handoff.login_untested());
    assert_eq!(
        read_back(&handoff),
        vec![as_server(&imap_tls(), "alice@example.test"), as_server(&smtp_starttls(), "alice@example.test")]
    );
    let xml = handoff.autoconfig().expect("a document");
    assert!(xml.contains("<username>%EMAILADDRESS%</username>"), "{xml}");
    assert!(xml.contains("<socketType>STARTTLS</socketType>"), "{xml}");
    assert!(xml.contains("<domain>example.test</domain>"), "{xml}");

    let profile = handoff.mobileconfig(&Catalog::new(Lang::En)).expect("a profile");
    assert_eq!(plist_value(&profile, "EmailAccountType"), "<string>EmailTypeIMAP</string>");
    assert_eq!(plist_value(&profile, "IncomingMailServerPortNumber"), "<integer>993</integer>");
    assert_eq!(plist_value(&profile, "OutgoingMailServerPortNumber"), "<integer>587</integer>");
    // STARTTLS is "SSL" to Apple: the one boolean, with the port.
    assert_eq!(plist_value(&profile, "IncomingMailServerUseSSL"), "<true/>");
    assert_eq!(plist_value(&profile, "OutgoingMailServerUseSSL"), "<true/>");
    assert_eq!(plist_value(&profile, "PayloadType"), "<string>com.apple.mail.managed</string>");
    assert!(profile.contains("<string>Configuration</string>"), "{profile}");
    assert!(!profile.contains("Password</key>\n\t\t\t<string>"), "no password key: {profile}");
    assert!(profile.contains("Neither file holds your password"), "{profile}");
    assert!(!profile.contains("not tested"), "{profile}");
}

#[test]
fn pop3_and_smtp_465_make_a_pop_account() {
    let pop = endpoint(MailProtocol::Pop3, "pop.example.test", 995, Security::Tls);
    let smtps = endpoint(MailProtocol::Smtp, "smtp.example.test", 465, Security::Tls);
    let handoff = Handoff::from_report(&report("bob@example.test", None, vec![pop.clone(), smtps.clone()], vec![]))
        .expect("settings");
    assert_eq!(read_back(&handoff), vec![as_server(&pop, "bob@example.test"), as_server(&smtps, "bob@example.test")]);
    let xml = handoff.autoconfig().expect("a document");
    assert!(xml.contains("<incomingServer type=\"pop3\">") && xml.contains("<socketType>SSL</socketType>"), "{xml}");
    let profile = handoff.mobileconfig(&Catalog::new(Lang::En)).expect("a profile");
    assert_eq!(plist_value(&profile, "EmailAccountType"), "<string>EmailTypePOP</string>");
    assert_eq!(plist_value(&profile, "OutgoingMailServerPortNumber"), "<integer>465</integer>");
}

#[test]
fn a_username_that_is_not_the_address_is_kept_in_the_form_proven() {
    for (username, written) in [("carol", "%EMAILLOCALPART%"), ("u-4711", "u-4711"), ("c&o<l", "c&amp;o&lt;l")] {
        let handoff = Handoff::from_report(&report(
            "carol@example.test",
            Some(username),
            vec![imap_tls(), smtp_starttls()],
            vec![],
        ))
        .expect("settings");
        let xml = handoff.autoconfig().expect("a document");
        assert!(xml.contains(&format!("<username>{written}</username>")), "{xml}");
        assert_eq!(read_back(&handoff)[0].username.as_deref(), Some(username));
        let profile = handoff.mobileconfig(&Catalog::new(Lang::En)).expect("a profile");
        let escaped = format!("<string>{written}</string>").replace("%EMAILLOCALPART%", "carol");
        assert_eq!(plist_value(&profile, "IncomingMailServerUsername"), escaped);
        assert_eq!(plist_value(&profile, "OutgoingMailServerUsername"), escaped);
    }
}

#[test]
fn only_incoming_proven_makes_no_file_and_says_why_in_both_languages() {
    let handoff =
        Handoff::from_report(&report("alice@example.test", None, vec![imap_tls()], vec![])).expect("incoming alone");
    assert!(handoff.outgoing.is_none());
    assert_eq!(handoff.autoconfig(), None, "Thunderbird needs an outgoingServer");
    assert_eq!(handoff.mobileconfig(&Catalog::new(Lang::En)), None, "Apple requires both host names");
    let en = handoff.notes(&Catalog::new(Lang::En)).join(" ");
    assert!(en.contains("no outgoing server (SMTP) was proven"), "{en}");
    let de = handoff.notes(&Catalog::new(Lang::De)).join(" ");
    assert!(de.contains("ausgehende Mail (SMTP)"), "{de}");
}

#[test]
fn connection_only_is_handed_on_and_says_the_login_was_not_tested() {
    let handoff = Handoff::from_report(&report(
        "alice@example.test",
        None,
        vec![imap_tls(), smtp_starttls()],
        vec![Side::Incoming, Side::Outgoing],
    ))
    .expect("settings");
    assert!(handoff.login_untested());
    let profile = handoff.mobileconfig(&Catalog::new(Lang::En)).expect("a profile");
    assert!(profile.contains("The login was not tested"), "{profile}");
    let de = handoff.mobileconfig(&Catalog::new(Lang::De)).expect("ein Profil");
    assert!(de.contains("Die Anmeldung wurde nicht getestet"), "{de}");
    assert!(de.contains("Keine der Dateien enthält Ihr Passwort"), "{de}");
}

#[test]
fn plaintext_settings_and_unfinished_checks_are_never_handed_on() {
    let plain = endpoint(MailProtocol::Imap, "mail.example.test", 143, Security::None);
    let handoff =
        Handoff::from_report(&report("a@example.test", None, vec![plain, smtp_starttls()], vec![])).expect("outgoing");
    assert!(handoff.incoming.is_none(), "a plaintext server is not handed to an app");
    let mut running = report("a@example.test", None, vec![imap_tls(), smtp_starttls()], vec![]);
    running.complete = false;
    assert_eq!(Handoff::from_report(&running), None);
    assert_eq!(Handoff::from_report(&report("a@example.test", None, vec![], vec![])), None);
}

#[test]
fn the_uuids_are_name_based_version_8_and_differ_by_settings() {
    let a = name_uuid("alice@example.test");
    assert_eq!(a, name_uuid("alice@example.test"), "the same name, the same UUID");
    assert_ne!(a, name_uuid("alice@example.tesu"));
    let parts: Vec<&str> = a.split('-').collect();
    assert_eq!(parts.iter().map(|p| p.len()).collect::<Vec<_>>(), [8, 4, 4, 4, 12], "{a}");
    assert!(parts[2].starts_with('8'), "version 8: {a}");
    assert!(matches!(parts[3].chars().next(), Some('8' | '9' | 'A' | 'B')), "RFC variant: {a}");
}

/// Every message the handoff says, for the catalogs' completeness test.
pub(crate) fn every_note(catalog: &Catalog) {
    let mut handoff = Handoff::from_report(&report("a@example.test", None, vec![imap_tls()], vec![Side::Incoming]))
        .expect("incoming");
    let _ = handoff.notes(catalog);
    handoff.incoming = None;
    handoff.outgoing = Some(super::Handed { endpoint: smtp_starttls(), login_tested: true });
    let _ = handoff.notes(catalog);
    let _ = handoff.saved(catalog, "mobileconfig", "a.mobileconfig");
    let _ = handoff.saved(catalog, "autoconfig", "config-v1.1.xml");
    let _ = Handoff::nothing_proven(catalog);
    handoff.incoming = Some(super::Handed { endpoint: imap_tls(), login_tested: true });
    let _ = handoff.notes(catalog);
    handoff.token = true;
    let _ = handoff.notes(catalog);
}

#[test]
fn an_international_domain_keeps_the_xml_comment_well_formed() {
    // "xn--" (IDNA) would end an XML comment early if written as is.
    let address = "anna@xn--bcher-kva.example";
    let handoff =
        Handoff::from_report(&report(address, None, vec![imap_tls(), smtp_starttls()], vec![])).expect("settings");
    let xml = handoff.autoconfig().expect("a document");
    let comment = &xml[xml.find("<!--").expect("a comment") + 4..xml.find("-->").expect("its end")];
    assert!(!comment.contains("--"), "{comment}");
    assert!(xml.contains("<domain>xn--bcher-kva.example</domain>"), "{xml}");
    assert_eq!(read_back(&handoff).len(), 2);
}

#[test]
fn a_login_proven_with_a_token_hands_over_oauth_and_no_apple_profile() {
    let mut signed_in = report("dora@example.test", None, vec![imap_tls(), smtp_starttls()], vec![]);
    signed_in.signed_in_with_token = true;
    let handoff = Handoff::from_report(&signed_in).expect("settings to hand off");
    let xml = handoff.autoconfig().expect("a document");
    assert_eq!(xml.matches("<authentication>OAuth2</authentication>").count(), 2, "{xml}");
    assert!(!xml.contains("password-cleartext"), "{xml}");
    assert_eq!(read_back(&handoff).len(), 2, "the document still reads as settings");
    for lang in [Lang::En, Lang::De] {
        let catalog = Catalog::new(lang);
        assert_eq!(handoff.mobileconfig(&catalog), None, "Apple's Mail payload has no OAuth");
        let oauth_note = catalog.text("handoff-oauth", &crate::catalog::Args::new());
        assert!(handoff.notes(&catalog).contains(&oauth_note), "{lang:?}");
    }
    let with_password =
        Handoff::from_report(&report("dora@example.test", None, vec![imap_tls(), smtp_starttls()], vec![]))
            .expect("settings");
    assert!(with_password.autoconfig().expect("a document").contains("password-cleartext"));
    assert!(!with_password.notes(&Catalog::new(Lang::En)).iter().any(|n| n.contains("OAuth")));
}
