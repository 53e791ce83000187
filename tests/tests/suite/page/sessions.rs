//! Many checks in one tab (issue 21): each check's WebSocket closes when
//! the check is done, so the relay frees the tab's place, and a relay that
//! allows 8 sessions per network takes twenty checks in a row. When its
//! login ration refuses, the page says so, and never "no problems".

use std::time::Duration;

use maildoctor_tests::http_get;

use super::devtools::{heard, RECORD_STATUS};
use super::{Page, Settings};

/// Presses Diagnose and waits for this check (not the one before) to end:
/// the phases `#status` went through.
async fn check(page: &Page) -> Vec<String> {
    page.script(RECORD_STATUS).await;
    page.click("diagnose").await;
    for _ in 0..600 {
        let phases: Vec<String> =
            heard(page.script("return window.__heard").await).into_iter().map(|(_, phase, _)| phase).collect();
        let started = phases.iter().position(|p| p == "running");
        if started.is_some_and(|at| phases[at..].iter().any(|p| p != "running")) {
            return phases;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the check never ended: {}", page.text("main").await);
}

/// The relay's count of open WebSocket sessions, from its metrics.
async fn open_sessions(page: &Page) -> u64 {
    let metrics = page.relay.metrics.as_deref().expect("the relay serves metrics");
    let text = http_get(metrics.trim_start_matches("http://"), "/metrics", &[]).await;
    let line = text.lines().find(|l| l.starts_with("maildoctor_ws_sessions_active ")).expect("the gauge");
    line.rsplit(' ').next().and_then(|n| n.parse().ok()).expect("a number")
}

/// Waits until the relay holds no session of this tab; false if it still
/// holds one after `limit`.
async fn relay_let_go(page: &Page, limit: Duration) -> bool {
    let started = std::time::Instant::now();
    while open_sessions(page).await > 0 {
        if started.elapsed() > limit {
            return false;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    true
}

#[tokio::test]
async fn twenty_checks_in_one_tab_each_give_back_their_place_on_the_relay() {
    // The relay's default: 8 sessions per network, so a page that kept its
    // sockets would be refused from the ninth check on.
    let page = Page::open("", &[]).await;
    page.enter(&Settings { host: "mail.example.test", out_host: "mail.example.test", ..Settings::default() }).await;
    for n in 1..=20 {
        let phases = check(&page).await;
        assert_eq!(phases.last().map(String::as_str), Some("finished"), "check {n}: {}", page.text("#result").await);
        assert!(!page.exists("#relay-problem").await, "check {n}: {}", page.text("#relay-problem").await);
        assert!(page.exists("#findings > section[data-code]").await, "check {n} has its report");
        // The page closed the socket, not the relay's idle timer (2 min).
        assert!(relay_let_go(&page, Duration::from_secs(10)).await, "check {n}'s socket is still open on the relay");
    }
    page.screenshot("twenty-checks").await;
    page.close().await;
}

#[tokio::test]
async fn a_login_the_relays_ration_refuses_is_said_and_never_called_fine() {
    let page = Page::open("", &[]).await;
    let with_password = Settings {
        password: "correct-horse",
        host: "mail.example.test",
        out_host: "mail.example.test",
        ..Settings::default()
    };
    page.enter(&with_password).await;
    // The relay lets one account log in 8 times in 2 minutes; a check logs
    // in twice here (incoming and outgoing), so the fifth is refused.
    let mut refused_at = None;
    for n in 1..=8 {
        check(&page).await;
        let verdict = page.attr("#verdict", "data-verdict").await.unwrap_or_default();
        if page.exists("#untested li[data-reason=relay_refused]").await {
            refused_at = Some(n);
            assert_ne!(verdict, "fine", "{}", page.text("#result").await);
            // The ration is the reason given first, not a server that
            // answered without a login meanwhile.
            assert!(
                page.exists("#untested li:first-child[data-reason=relay_refused]").await,
                "{}",
                page.text("#result").await
            );
            break;
        }
        assert_eq!(verdict, "fine", "check {n} before the ration is spent: {}", page.text("#result").await);
    }
    assert!(refused_at.is_some_and(|n| n > 1), "the ration refused a login: {refused_at:?}");
    let result = page.text("#result").await;
    assert!(
        result.contains("it limits how often one account or network may log in")
            && result.contains("so that the server does not lock the account"),
        "the page says why: {result}"
    );
    let said = page.text("#status").await;
    assert!(said.starts_with("Not verified: "), "the live region says it too: {said}");
    assert!(!said.contains("No problems") && !result.contains("no problems found"), "{said}\n{result}");
    page.screenshot("login-ration-refused").await;
    page.close().await;
}
