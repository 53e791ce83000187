//! Issue 22, item 2, on the page: the provider's namespace of
//! tests/tests/suite/ban.rs, the phone's old password banned by fail2ban's
//! nftables action, and the check run by a relay on this computer, which
//! the ban takes in as it takes the phone (same address). The page names
//! the server's ban, never "your network blocks mail", in both languages;
//! a relay the page does not know to be on this computer speaks of its own
//! address, as every finding about the path does (render/place.rs).

use std::time::Duration;

use super::{Page, Settings};
use crate::ban::{phone_gets_banned, provider};

#[tokio::test(flavor = "multi_thread")]
async fn the_servers_ban_of_this_address_is_named_on_the_page() {
    let provider = provider().await;
    phone_gets_banned(&provider).await;
    let page = Page::open("", &["--resolver", &provider.dns, "--reference-resolver", "off"]).await;
    let settings = Settings {
        password: "correct-horse",
        host: "imap.example.test",
        out_host: "smtp.example.test",
        ..Settings::default()
    };
    page.enter(&settings).await;
    page.fill("out-port", "587").await;
    page.select("out-security", "starttls").await;
    page.click("diagnose").await;
    let findings = page.finished("server-ban").await;
    let first = findings.iter().find(|(_, error)| *error).map(|(code, _)| code.as_str());
    assert_eq!(first, Some("server.ban"), "{findings:?}");
    assert!(!findings.iter().any(|(code, _)| code == "firewall.mail_ports_blocked"), "{findings:?}");
    let card = page.text("#findings > section[data-code='server.ban']").await;
    assert!(card.contains("imap.example.test stopped answering") && card.contains("smtp.example.test:587"), "{card}");
    // From a relay elsewhere the ban is of the relay's address, not the
    // person's: its twin says so, and asks for a check from this computer.
    assert!(card.contains("banned") || card.contains("is silent to the relay"), "{card}");
    assert!(card.contains("Check from your own computer"), "{card}");

    page.select("lang", "de").await;
    let mut german = String::new();
    for _ in 0..40 {
        german = page.text("#findings > section[data-code='server.ban']").await;
        if german.contains("nicht mehr") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(german.contains("antwortet imap.example.test nicht mehr"), "{german}");
    page.screenshot("server-ban-de").await;
    page.close().await;
}
