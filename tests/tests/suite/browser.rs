//! The walking skeleton as a person meets it: the page served by
//! `maildoctor serve`, in headless Chromium, diagnosing real servers.

use std::time::Duration;

use fantoccini::Locator;
use maildoctor_tests::{artifacts_dir, Browser, RelayProcess};

use crate::page::{built_ui, fill};

/// Fills the form, presses Diagnose and returns the top-level findings
/// shown (code, and whether it is an error), once the page says it is done.
async fn diagnose(browser: &Browser, address: &str, host: &str, port: u16, screenshot: &str) -> Vec<(String, bool)> {
    fill(browser, "address", address).await;
    fill(browser, "host", host).await;
    fill(browser, "port", &if port == 0 { String::new() } else { port.to_string() }).await;
    browser.client.find(Locator::Id("diagnose")).await.expect("button").click().await.expect("click");
    let finished = browser.client.wait().at_most(Duration::from_secs(40));
    finished
        .for_element(Locator::Css("#status[data-phase=finished] , #status[data-phase=failed]"))
        .await
        .expect("the diagnosis ends within 40 s");
    let status = browser.client.find(Locator::Id("status")).await.expect("status");
    assert_eq!(
        status.attr("data-phase").await.expect("attr").as_deref(),
        Some("finished"),
        "{:?}",
        status.text().await
    );
    let png = browser.client.screenshot().await.expect("screenshot");
    std::fs::write(artifacts_dir("screenshots").join(format!("{screenshot}.png")), png).expect("save screenshot");
    let mut codes = Vec::new();
    for section in browser.client.find_all(Locator::Css("#findings > section[data-code]")).await.expect("findings") {
        let code = section.attr("data-code").await.expect("attr").expect("a code");
        let class = section.attr("class").await.expect("attr").unwrap_or_default();
        codes.push((code, class.split(' ').any(|c| c == "error")));
    }
    codes
}

#[tokio::test]
async fn the_page_diagnoses_real_cases_and_discovers_settings() {
    let relay = RelayProcess::start(&built_ui(), &[]).await;
    let browser = Browser::start().await;
    browser.client.goto(&relay.url).await.expect("page loads");
    browser
        .client
        .wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Id("diagnose"))
        .await
        .expect("the WASM app renders its form");

    // guess.example.test publishes no settings (its servers are only found by
    // guessing), so a failing server there is reported for its own fault;
    // example.test publishes mail.example.test, so another name is the fault.
    let cases = [
        ("alice@example.test", "mail.example.test", 993, "ok.incoming", "healthy"),
        ("alice@guess.example.test", "expired.example.test", 993, "tls.cert_expired", "expired-certificate"),
        ("alice@example.test", "closed.example.test", 993, "settings.host_mismatch", "unpublished-server"),
        ("alice@guess.example.test", "nosuch.example.test", 993, "dns.nxdomain", "unknown-name"),
        // No server typed: the page discovers working settings from the address.
        ("alice@example.test", "", 0, "discovery.found", "discovered"),
    ];
    for (address, host, port, code, name) in cases {
        let findings = diagnose(&browser, address, host, port, name).await;
        // The root cause comes first; a healthy check (which also discovers
        // the outgoing side it was not given) has no error at all.
        match findings.iter().find(|(_, error)| *error) {
            Some((root, _)) => assert_eq!(root, code, "{host}:{port} showed {findings:?}"),
            None => assert!(findings.iter().any(|(c, _)| c == code), "{host}:{port} showed {findings:?}"),
        }
        assert_eq!(findings.iter().any(|(_, error)| *error), findings.first().is_some_and(|(_, e)| *e), "errors first");
    }
    let text = browser.client.find(Locator::Id("report")).await.expect("report").text().await.expect("text");
    assert!(text.contains("Settings that work"), "the page names what works: {text}");
    assert!(text.contains("mail.example.test"), "{text}");
    browser.close().await;
}

/// Waits until the page says the diagnosis ended, and returns the codes shown.
async fn finished_codes(browser: &Browser) -> Vec<String> {
    let finished = browser.client.wait().at_most(Duration::from_secs(40));
    finished.for_element(Locator::Css("#status[data-phase=finished]")).await.expect("the diagnosis ends");
    let mut codes = Vec::new();
    for section in browser.client.find_all(Locator::Css("#report section[data-code]")).await.expect("findings") {
        codes.push(section.attr("data-code").await.expect("attr").expect("a code"));
    }
    codes
}

#[tokio::test]
async fn the_page_asks_before_testing_a_password_on_guessed_servers_and_takes_a_token() {
    let relay = RelayProcess::start(&built_ui(), &[]).await;
    let browser = Browser::start().await;
    browser.client.goto(&relay.url).await.expect("page loads");
    browser.client.wait().at_most(Duration::from_secs(20)).for_element(Locator::Id("diagnose")).await.expect("form");

    // guess.example.test publishes nothing: its servers are guesses, and the
    // password goes to them only after the person says so.
    fill(&browser, "address", "alice@guess.example.test").await;
    fill(&browser, "password", "correct-horse").await;
    browser.client.find(Locator::Id("diagnose")).await.expect("button").click().await.expect("click");
    let codes = finished_codes(&browser).await;
    assert!(!codes.iter().any(|c| c.starts_with("auth.")), "no login without consent: {codes:?}");
    browser
        .client
        .find(Locator::Id("login-discovered"))
        .await
        .expect("the consent button")
        .click()
        .await
        .expect("click");
    // The same check, with consent: the guessed server was logged in to (and
    // refuses alice@guess.example.test, which it does not know).
    browser
        .client
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css("#status[data-phase=running]"))
        .await
        .ok();
    let codes = finished_codes(&browser).await;
    assert!(codes.iter().any(|c| c == "auth.invalid_credentials"), "the password was tested: {codes:?}");
    let png = browser.client.screenshot().await.expect("screenshot");
    std::fs::write(artifacts_dir("screenshots").join("consent.png"), png).expect("save screenshot");

    // An OAuth access token, behind "Advanced", signs in to a server that takes tokens only.
    fill(&browser, "address", "alice@example.test").await;
    fill(&browser, "password", "").await;
    fill(&browser, "host", "oauth.example.test").await;
    browser.client.find(Locator::Css("#advanced summary")).await.expect("advanced").click().await.expect("open");
    fill(&browser, "token", "token-for-alice").await;
    browser.client.find(Locator::Id("diagnose")).await.expect("button").click().await.expect("click");
    let codes = finished_codes(&browser).await;
    assert!(codes.iter().any(|c| c == "ok.incoming"), "the token signed in: {codes:?}");
    let png = browser.client.screenshot().await.expect("screenshot");
    std::fs::write(artifacts_dir("screenshots").join("oauth-token.png"), png).expect("save screenshot");
    browser.close().await;
}
