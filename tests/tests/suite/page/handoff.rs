//! Issue 23 item 5 on the page: after a healthy check, the Apple profile
//! and the Thunderbird autoconfig download, each read back by its
//! validator; the QR code decodes to the deep link, which fills in the form
//! in a fresh browser; the password is in none of them.

use maildoctor_tests::handoff::{check_profile, decode_qr};
use maildoctor_tests::Browser;

use super::export::downloaded;
use super::{Page, Settings};

const PASSWORD: &str = "correct-horse";

#[tokio::test]
async fn the_proven_settings_download_for_the_app_and_open_on_a_phone_without_the_password() {
    let page = Page::open("", &[]).await;
    let settings = Settings {
        password: PASSWORD,
        host: "mail.example.test",
        out_host: "mail.example.test",
        ..Settings::default()
    };
    let findings = page.diagnose(&settings, "handoff-healthy").await;
    assert!(findings.iter().all(|(_, error)| !error), "{findings:?}");
    page.wait_for("#handoff", 10).await;
    page.script("document.getElementById('handoff').scrollIntoView()").await;
    page.screenshot("handoff-card").await;

    page.click("handoff-mobileconfig").await;
    let profile = downloaded(&page.browser.downloads.0, "example.test.mobileconfig").await;
    let mail = check_profile(&profile);
    assert_eq!(mail["IncomingMailServerHostName"].as_string(), Some("mail.example.test"));
    assert_eq!(mail["OutgoingMailServerPortNumber"].as_unsigned_integer(), Some(587));
    assert!(!profile.contains(PASSWORD));

    page.click("handoff-autoconfig").await;
    let autoconfig = downloaded(&page.browser.downloads.0, "config-v1.1.xml").await;
    let servers = maildoctor_proto::autoconfig::parse(&autoconfig, "alice@example.test").expect("it parses");
    assert_eq!(servers.len(), 2, "{autoconfig}");
    assert!(servers.iter().all(|s| s.host == "mail.example.test"), "{servers:?}");
    assert!(!autoconfig.contains(PASSWORD));

    let width: usize = page.attr("#handoff-qr svg", "data-modules").await.expect("a width").parse().expect("a number");
    let path = page.attr("#handoff-qr path", "d").await.expect("a drawing");
    let link = decode_qr(width, &path);
    assert_eq!(page.attr("#handoff-link", "href").await.as_deref(), Some(link.as_str()));
    assert!(link.contains("#address=alice%40example.test"), "{link}");
    assert!(link.contains("incoming=imap%3Amail.example.test%3A993%3Atls"), "{link}");
    assert!(link.contains("outgoing=smtp%3Amail.example.test%3A587%3Astarttls"), "{link}");
    assert!(!link.contains(PASSWORD), "{link}");
    let notes = page.text("#handoff .handoff-notes").await;
    assert!(notes.contains("Neither file holds your password") && !notes.contains("not tested"), "{notes}");

    // The phone: a fresh browser opens the decoded link, the form is filled.
    let phone = Browser::start().await;
    phone.client.goto(&link).await.expect("the link opens");
    let opened = Page { base: page.base.clone(), relay: page.relay, browser: phone };
    opened.wait_for("#diagnose", 20).await;
    assert_eq!(opened.value("#address").await.as_deref(), Some("alice@example.test"));
    assert_eq!(opened.value("#host").await.as_deref(), Some("mail.example.test"));
    assert_eq!(opened.value("#port").await.as_deref(), Some("993"));
    assert_eq!(opened.value("#out-host").await.as_deref(), Some("mail.example.test"));
    assert_eq!(opened.value("#out-port").await.as_deref(), Some("587"));
    assert_eq!(opened.value("#password").await.as_deref(), Some(""), "never the password");
    opened.browser.close().await;
    page.browser.close().await;
}

#[tokio::test]
async fn without_a_password_the_page_says_the_login_was_not_tested_in_german_too() {
    let page = Page::open("?lang=de", &[]).await;
    let settings = Settings { host: "mail.example.test", out_host: "mail.example.test", ..Settings::default() };
    page.diagnose(&settings, "handoff-no-password-de").await;
    page.wait_for("#handoff", 10).await;
    let notes = page.text("#handoff .handoff-notes").await;
    assert!(notes.contains("Die Anmeldung wurde nicht getestet"), "{notes}");
    assert!(page.exists("#handoff-mobileconfig").await, "connection-proven settings are offered, with the note");
    page.close().await;
}
