//! Part B of issue 19 on the page: served by a relay whose outbound port 25
//! is dropped (see `crate::egress`), a check of an SMTP server on port 25
//! says the relay cannot test it, never that the person's network blocks it.

use maildoctor_tests::Browser;

use super::{Page, Settings};

#[tokio::test(flavor = "multi_thread")]
async fn the_page_through_a_relay_that_cannot_reach_25_says_the_relay_cannot_tell() {
    let (stage, dns) = crate::egress::cloud().await;
    let canary = format!("{}:25", stage.servers);
    let relay = crate::egress::relay_in(&stage, &dns, &["--egress-canary", &canary]).await;
    let (blocked, response) = crate::egress::status_blocked(&relay, &[25]).await;
    assert_eq!(blocked, serde_json::json!([25]), "{response}");
    let page = Page { base: relay.url.clone(), relay, browser: Browser::start().await };
    page.goto("?lang=en").await;
    page.enter(&Settings { host: "mail.example.test", out_host: "mail.example.test", ..Settings::default() }).await;
    page.fill("out-port", "25").await;
    page.select("out-security", "starttls").await;
    page.click("diagnose").await;
    let roots = page.finished("egress-relay-cannot-reach-25").await;
    let main = page.text("main").await;
    assert_eq!(roots.first().map(|(code, _)| code.as_str()), Some("vantage.relay_blocked"), "{roots:?}\n{main}");
    assert!(!roots.iter().any(|(code, _)| code == "tcp.port25_blocked"), "{roots:?}");
    assert!(main.contains("The relay cannot test port 25") && main.contains("maildoctor serve --local"), "{main}");
    assert!(!main.contains("Your network blocks port 25"), "{main}");
    page.script("document.querySelector(\"#findings > section[data-code='vantage.relay_blocked']\").scrollIntoView()")
        .await;
    page.screenshot("egress-relay-cannot-reach-25-finding").await;
    page.close().await;
}
