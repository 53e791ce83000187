#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use super::*;

/// ISPConfig add-on SpicyWeb-de/isp-mailConfig, include/response/autodiscover.xml.php,
/// rendered: IMAP 993 SSL on, POP3 995, SMTP 25 with Encryption TLS.
const ISPCONFIG: &str = r#"<?xml version="1.0" encoding="utf-8" ?>
<Autodiscover xmlns="http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006">
    <Response xmlns="http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a">
        <Account>
            <AccountType>email</AccountType>
            <Action>settings</Action>
            <Protocol>
                <Type>IMAP</Type>
                <Server>mail.example.test</Server>
                <Port>993</Port>
                <DomainRequired>off</DomainRequired>
                <LoginName>dora@example.test</LoginName>
                <SPA>off</SPA>
                <SSL>on</SSL>
                <AuthRequired>on</AuthRequired>
            </Protocol>
            <Protocol>
                <Type>POP3</Type>
                <Server>mail.example.test</Server>
                <Port>995</Port>
                <SSL>on</SSL>
            </Protocol>
            <Protocol>
                <Type>SMTP</Type>
                <Server>mail.example.test</Server>
                <Port>25</Port>
                <Encryption>TLS</Encryption>
                <AuthRequired>on</AuthRequired>
            </Protocol>
        </Account>
    </Response>
</Autodiscover>"#;

/// runeasymail/easymail autodiscover.php (a hoster's one-file answer):
/// SMTP 587 with `Encryption` TLS beside a stray `TLS` element.
const EASYMAIL: &str = r#"<?xml version="1.0" encoding="utf-8" ?>
<Autodiscover xmlns="http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006">
<Response xmlns="http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a">
<Account><AccountType>email</AccountType><Action>settings</Action>
<Protocol><Type>IMAP</Type><Server>Host.Example.Test.</Server><Port>993</Port><SSL>on</SSL></Protocol>
<Protocol><Type>SMTP</Type><Server>host.example.test</Server><Port>587</Port><SPA>off</SPA>
<Encryption>TLS</Encryption><TLS>on</TLS></Protocol>
</Account></Response></Autodiscover>"#;

fn servers(xml: &str) -> Vec<(String, u16, Security, MailProtocol)> {
    match parse(xml.as_bytes()) {
        Ok(Answer::Settings { servers, .. }) => {
            servers.into_iter().map(|s| (s.host, s.port, s.security, s.protocol)).collect()
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn hoster_answers_give_imap_pop_and_smtp_settings() {
    assert_eq!(
        servers(ISPCONFIG),
        [
            ("mail.example.test".into(), 993, Security::Tls, MailProtocol::Imap),
            ("mail.example.test".into(), 995, Security::Tls, MailProtocol::Pop3),
            ("mail.example.test".into(), 25, Security::Starttls, MailProtocol::Smtp),
        ]
    );
    let Ok(Answer::Settings { servers: full, .. }) = parse(ISPCONFIG.as_bytes()) else { panic!() };
    assert_eq!(full[0].username.as_deref(), Some("dora@example.test"));
    assert!(full[0].incoming && !full[2].incoming);
    assert_eq!(
        servers(EASYMAIL),
        [
            ("host.example.test".into(), 993, Security::Tls, MailProtocol::Imap),
            ("host.example.test".into(), 587, Security::Starttls, MailProtocol::Smtp),
        ]
    );
}

#[test]
fn ssl_off_and_auto_follow_the_schema() {
    let doc = |inner: &str| {
        format!("<Autodiscover><Response><Account><Action>settings</Action><Protocol>{inner}</Protocol></Account></Response></Autodiscover>")
    };
    let one = |inner: &str| servers(&doc(inner)).remove(0);
    assert_eq!(one("<Type>IMAP</Type><Server>a.test</Server><Port>143</Port><SSL>off</SSL>").2, Security::None);
    assert_eq!(
        one("<Type>IMAP</Type><Server>a.test</Server><Port>143</Port><Encryption>Auto</Encryption>").2,
        Security::Starttls
    );
    assert_eq!(one("<Type>POP3</Type><Server>a.test</Server><Encryption>SSL</Encryption>").1, 995, "the usual port");
    assert!(parse(doc("<Type>IMAP</Type><Server>a b</Server>").as_bytes()).is_err(), "no plausible host");
}

#[test]
fn exchange_answers_name_the_exchange_host() {
    // [MS-OXDSCLI] 4.2: an EXCH block (the internal name) and an EXPR block
    // (Outlook Anywhere, the one reachable from outside).
    let xml = r#"<Autodiscover xmlns="http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006">
<Response xmlns="http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a">
<User><DisplayName>Dora</DisplayName></User>
<Account><AccountType>email</AccountType><Action>settings</Action>
<Protocol><Type>EXCH</Type><Server>EXCH01.corp.contoso.test</Server><ASUrl>https://mail.contoso.test/EWS/Exchange.asmx</ASUrl></Protocol>
<Protocol><Type>EXPR</Type><Server>Mail.Contoso.test</Server><SSL>On</SSL></Protocol>
</Account></Response></Autodiscover>"#;
    assert_eq!(
        parse(xml.as_bytes()),
        Ok(Answer::Settings { servers: vec![], exchange: Some("mail.contoso.test".into()) })
    );
}

#[test]
fn redirects_are_read_not_followed_here() {
    let addr = "<Autodiscover><Response><Account><Action>redirectAddr</Action><RedirectAddr>dora@tenant.example.test</RedirectAddr></Account></Response></Autodiscover>";
    assert_eq!(parse(addr.as_bytes()), Ok(Answer::RedirectAddr("dora@tenant.example.test".into())));
    let url = "<Autodiscover><Response><Account><Action>redirectUrl</Action><RedirectUrl>https://autodiscover.example.test/autodiscover/autodiscover.xml</RedirectUrl></Account></Response></Autodiscover>";
    assert_eq!(
        parse(url.as_bytes()),
        Ok(Answer::RedirectUrl("https://autodiscover.example.test/autodiscover/autodiscover.xml".into()))
    );
    let empty = "<Autodiscover><Response><Account><Action>redirectAddr</Action></Account></Response></Autodiscover>";
    assert!(parse(empty.as_bytes()).is_err());
}

#[test]
fn errors_and_other_documents_are_no_answer() {
    // [MS-OXDSCLI] 2.2.4.2: the error response, here to a malformed request.
    let error = r#"<?xml version="1.0" encoding="utf-8"?>
<Autodiscover xmlns="http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006">
  <Response><Error Time="16:56:32.6164027" Id="1054084152"><ErrorCode>600</ErrorCode><Message>Invalid Request</Message><DebugData /></Error></Response>
</Autodiscover>"#;
    let said = parse(error.as_bytes()).expect_err("refused");
    assert!(said.contains("600") && said.contains("Invalid Request"), "{said}");
    for other in [
        "<html><body>It works!</body></html>",
        "{\"Protocol\":\"Ews\"}",
        "",
        "<Autodiscover><Response/></Autodiscover>",
    ] {
        assert!(parse(other.as_bytes()).is_err(), "{other}");
    }
}

#[test]
fn hostile_answers_are_refused_early() {
    let huge = format!("<Autodiscover>{}</Autodiscover>", "<x/>".repeat(20_000));
    assert!(parse(huge.as_bytes()).expect_err("refused").contains("larger"));
    let entities = r#"<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>
<Autodiscover><Response><Account><Action>settings</Action><Protocol><Type>IMAP</Type><Server>&lol2;</Server></Protocol></Account></Response></Autodiscover>"#;
    assert!(parse(entities.as_bytes()).expect_err("refused").contains("document type"));
    let undeclared = "<Autodiscover><Response><Account><Action>settings</Action><Protocol><Type>IMAP</Type><Server>a&xxe;.test</Server></Protocol></Account></Response></Autodiscover>";
    assert_eq!(servers(undeclared)[0].0, "a.test", "an undeclared entity is dropped, never fetched");
    let deep = format!("<Autodiscover>{}{}</Autodiscover>", "<a>".repeat(100), "</a>".repeat(100));
    assert!(parse(deep.as_bytes()).expect_err("refused").contains("deeper"));
    assert!(parse(b"<Autodiscover><Response>").is_err(), "an unfinished answer");
    assert!(parse(&[0xff, 0xfe, 0x00]).is_err());
}

#[test]
fn the_request_asks_for_the_outlook_schema_and_carries_no_credentials() {
    let body = request_body("dora@pox.example.test").expect("a plain address");
    assert!(body.contains("<EMailAddress>dora@pox.example.test</EMailAddress>"));
    assert!(body.contains(RESPONSE_SCHEMA));
    assert_eq!(request_body("<x>@a.test"), None);
    let request =
        String::from_utf8(post_request("autodiscover.a.test", "/autodiscover/autodiscover.xml", &body)).expect("ASCII");
    assert!(request.starts_with("POST /autodiscover/autodiscover.xml HTTP/1.1\r\nHost: autodiscover.a.test\r\n"));
    assert!(request.contains(&format!("Content-Length: {}\r\n", body.len())));
    let lower = request.to_ascii_lowercase();
    assert!(!lower.contains("authorization") && !lower.contains("cookie"), "{request}");
}
