//! A server that answers the login after 12 s, diagnosed on the page: the
//! relay waits for it (its login limit is 20 s), and the report warns that
//! the server is slow, not the network, and which apps say how long they wait.

use std::time::Duration;

use super::{Page, Settings};
use crate::slow_server::slow_imap;

#[tokio::test(flavor = "multi_thread")]
async fn a_login_answered_after_twelve_seconds_is_a_warning_on_the_page() {
    let port = slow_imap(Duration::ZERO, Duration::from_secs(12)).await.to_string();
    let page = Page::open("", &["--allow-port", &port]).await;
    let settings =
        Settings { password: "correct-horse", host: "mail.example.test", port: &port, ..Settings::default() };
    let findings = page.diagnose(&settings, "slow-login").await;
    assert!(findings.contains(&("server.slow_reply".to_owned(), false)), "{findings:?}");
    assert!(findings.iter().any(|(code, _)| code == "ok.incoming"), "{findings:?}");
    let card = page.text("#findings > section[data-code='server.slow_reply']").await;
    assert!(card.contains("The server answers slowly"), "{card}");
    assert!(card.contains("answer to the login came after 12."), "{card}");
    assert!(card.contains("so the wait is the server's, not the network's"), "{card}");
    assert_eq!(page.attr("#verdict", "data-verdict").await.as_deref(), Some("warnings"));
    page.close().await;
}
