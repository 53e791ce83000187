//! The cases, each diagnosed on the page: a healthy account with
//! its password, an expired certificate, a wrong password, a silently
//! dropped port, SSL/TLS on a STARTTLS port, and Cancel mid-check.

use std::time::Duration;

use tokio::io::AsyncReadExt;
use tokio::net::TcpListener;

use super::{Page, Settings};

const PASSWORD: &str = "correct-horse";

#[tokio::test]
async fn a_healthy_account_gets_the_working_card_and_its_copy_buttons_copy() {
    let page = Page::open("", &[]).await;
    let settings = Settings {
        password: PASSWORD,
        host: "mail.example.test",
        out_host: "mail.example.test",
        ..Settings::default()
    };
    let findings = page.diagnose(&settings, "healthy-with-password").await;
    assert!(findings.iter().all(|(_, error)| !error), "{findings:?}");
    assert!(findings.iter().any(|(code, _)| code == "ok.incoming"), "{findings:?}");
    assert!(findings.iter().any(|(code, _)| code == "ok.outgoing"), "{findings:?}");

    // The card reads like a mail app's account screen.
    let field = |direction: &str, name: &str| format!("#working [data-direction={direction}] [data-field={name}] code");
    assert_eq!(page.text(&field("incoming", "server")).await, "mail.example.test");
    assert_eq!(page.text(&field("incoming", "port")).await, "993");
    assert_eq!(page.text(&field("incoming", "security")).await, "SSL/TLS");
    assert_eq!(page.text(&field("incoming", "username-field")).await, "alice@example.test");
    assert_eq!(page.text(&field("outgoing", "port")).await, "587");
    assert_eq!(page.text(&field("outgoing", "security")).await, "STARTTLS");

    // Each copy button puts its field on the real clipboard; copy all, the card.
    page.browser.grant("clipboard-read").await;
    let clipboard = || async {
        page.browser
            .client
            .execute_async(
                "navigator.clipboard.readText().then(arguments[0], e => arguments[0]('error: ' + e))",
                vec![],
            )
            .await
            .expect("read the clipboard")
            .as_str()
            .unwrap_or_default()
            .to_owned()
    };
    page.browser
        .client
        .find(fantoccini::Locator::Css("#working [data-direction=outgoing] [data-field=server] button"))
        .await
        .expect("a copy button")
        .click()
        .await
        .expect("click");
    page.wait_for("#working .copied:not(:empty)", 5).await;
    assert_eq!(clipboard().await, "mail.example.test");
    page.click("copy-all").await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let all = clipboard().await;
    assert!(all.contains("Incoming mail") && all.contains("993") && all.contains("587"), "{all}");
    assert!(!all.contains(PASSWORD), "the card never holds the password");
    // The path picture is clear to the end.
    assert_eq!(page.attr("#path [data-hop=login]", "data-state").await.as_deref(), Some("passed"));
    page.close().await;
}

#[tokio::test]
async fn an_expired_certificate_and_a_wrong_password_are_named_with_their_hop() {
    let page = Page::open("", &[]).await;
    let expired = Settings { address: "alice@guess.example.test", host: "expired.example.test", ..Settings::default() };
    let findings = page.diagnose(&expired, "expired-certificate").await;
    assert_eq!(findings.first().map(|(code, _)| code.as_str()), Some("tls.cert_expired"), "{findings:?}");
    assert_eq!(page.attr("#path [data-hop=tls]", "data-state").await.as_deref(), Some("failed"));
    assert!(page.text("#path figcaption").await.contains("Encryption"), "the hop is named");
    assert!(page.exists("#findings > section .fix li").await, "numbered fix steps");

    let wrong = Settings { password: "wrong-horse", host: "mail.example.test", ..Settings::default() };
    let findings = page.diagnose(&wrong, "wrong-password").await;
    assert_eq!(findings.first().map(|(code, _)| code.as_str()), Some("auth.invalid_credentials"), "{findings:?}");
    assert_eq!(page.attr("#path [data-hop=login]", "data-state").await.as_deref(), Some("failed"));
    // The app tabs are there, one per app.
    let tabs = page.browser.client.find_all(fantoccini::Locator::Css("#findings [role=tab]")).await.expect("tabs");
    assert!(tabs.len() >= 5, "{} app tabs", tabs.len());
    page.close().await;
}

#[tokio::test]
async fn a_silently_dropped_port_is_visibly_waiting_then_called_filtered() {
    let page = Page::open("", &[]).await;
    let dropped = Settings { address: "alice@fw.example.test", host: "fw.example.test", ..Settings::default() };
    page.enter(&dropped).await;
    page.click("diagnose").await;
    // While the SYN goes unanswered, the step says it is waiting, and counts.
    page.time_until(".step[data-step=connect][data-state=waiting]", Duration::from_secs(5)).await;
    page.screenshot("silent-drop-waiting").await;
    let called = page.time_until("#findings > section[data-code='tcp.filtered']", Duration::from_secs(15)).await;
    println!("tcp.filtered shown {called:?} after the wait was first seen");
    let findings = page.finished("silent-drop").await;
    assert_eq!(findings.first().map(|(code, _)| code.as_str()), Some("tcp.filtered"), "{findings:?}");
    assert_eq!(page.attr("#path [data-hop=port]", "data-state").await.as_deref(), Some("failed"));
    assert_eq!(page.attr("#path [data-hop=dns]", "data-state").await.as_deref(), Some("passed"));
    page.close().await;
}

#[tokio::test]
async fn ssl_tls_on_the_starttls_port_shows_both_in_the_port_matrix() {
    let page = Page::open("", &[]).await;
    let wrong_security = Settings { host: "mail.example.test", port: "143", ..Settings::default() };
    let findings = page.diagnose(&wrong_security, "tls-on-starttls-port").await;
    assert_eq!(findings.first().map(|(code, _)| code.as_str()), Some("settings.tls_on_plain_port"), "{findings:?}");
    let cell = |security: &str| {
        format!("table.matrix[data-host='mail.example.test'] .cell[data-port='143'][data-security='{security}']")
    };
    assert_eq!(page.attr(&cell("tls"), "data-state").await.as_deref(), Some("failed"));
    assert_eq!(page.attr(&cell("starttls"), "data-state").await.as_deref(), Some("passed"));
    // Colour is never alone: each cell says its outcome in words.
    assert!(page.text(&cell("starttls")).await.contains("works"));
    assert!(page.text(&cell("tls")).await.contains("fails at"));
    page.close().await;
}

#[tokio::test]
async fn cancel_stops_the_check_and_the_server_sees_its_connection_close() {
    // A server that accepts and never speaks: the probe waits for its greeting.
    let listener = TcpListener::bind("127.0.0.10:0").await.expect("bind");
    let port = listener.local_addr().expect("addr").port().to_string();
    let page = Page::open("", &["--allow-port", &port]).await;
    let silent = Settings { host: "mail.example.test", port: &port, security: "none", ..Settings::default() };
    page.enter(&silent).await;
    page.click("diagnose").await;
    let (mut connection, _) = tokio::time::timeout(Duration::from_secs(10), listener.accept())
        .await
        .expect("the probe connects")
        .expect("accept");
    page.wait_for("#cancel", 5).await;
    page.click("cancel").await;
    let mut byte = [0u8; 1];
    let closed = tokio::time::timeout(Duration::from_secs(5), connection.read(&mut byte)).await;
    assert!(matches!(closed, Ok(Ok(0)) | Ok(Err(_))), "the relay closed the connection: {closed:?}");
    page.wait_for("#status[data-phase=cancelled]", 5).await;
    assert_eq!(page.focused().await, "verdict", "focus moves to the outcome");
    page.screenshot("cancelled").await;
    page.close().await;
}

#[tokio::test]
async fn a_domain_that_does_not_exist_is_one_card_not_a_long_page() {
    let page = Page::open("", &[]).await;
    let findings = page
        .diagnose(&Settings { address: "frank@nosuch.example.test", ..Settings::default() }, "no-such-domain")
        .await;
    let errors: Vec<&(String, bool)> = findings.iter().filter(|(_, error)| *error).collect();
    assert_eq!(errors.len(), 1, "one root cause: {findings:?}");
    assert_eq!(errors[0].0, "dns.nxdomain");
    let height = page.script("return document.documentElement.scrollHeight").await.as_i64().unwrap_or(i64::MAX);
    println!("page height for a domain that does not exist: {height} px");
    assert!(height < 3000, "the page is {height} px long for a one-line answer");
    page.close().await;
}
