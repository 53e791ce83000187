//! The widget on the example help-center page (`web/examples/`), whose own
//! CSS is as aggressive as such pages get: one script tag and one
//! `<maildoctor-check>` element, checking against the provider's settings.

use std::time::Duration;

use fantoccini::Locator;
use maildoctor_tests::sites::{deploy_page, StaticSite};
use maildoctor_tests::{artifacts_dir, Browser, RelayProcess, TempDir};
use serde_json::Value;

use super::built_ui;
use super::shadow::{inside, shadow, type_into};

/// The example page as a provider would put it up, pointed at `relay` and
/// at the fixtures' servers, with the widget's files under /cdn/.
fn help_center(dir: &TempDir, relay: &str) {
    deploy_page(&built_ui(), &dir.0.join("cdn"));
    let example = include_str!("../../../../web/examples/help-center.html")
        .replace("../widget.js", "/cdn/widget.js")
        .replace("ws://127.0.0.1:8080/v1/ws", relay)
        .replace(r#"domain="example.com""#, r#"domain="example.test""#)
        .replace("imap:imap.example.com:993:tls", "imap:mail.example.test:993:tls")
        .replace("smtp:smtp.example.com:587:starttls", "smtp:mail.example.test:587:starttls");
    std::fs::create_dir_all(dir.0.join("help")).expect("folder");
    std::fs::write(dir.0.join("help/index.html"), example).expect("write the help page");
}

/// Computed style properties of the element `js` (an expression) finds.
async fn style_of(browser: &Browser, js: &str, properties: &[&str]) -> Vec<String> {
    let script =
        format!("const e = {js}; const s = getComputedStyle(e); return arguments[0].map(p => s.getPropertyValue(p));");
    let list = Value::from(properties.to_vec());
    let values = browser.client.execute(&script, vec![list]).await.expect("the script runs");
    values.as_array().expect("a list").iter().map(|v| v.as_str().unwrap_or_default().to_owned()).collect()
}

async fn screenshot(browser: &Browser, name: &str) {
    let png = browser.client.screenshot().await.expect("screenshot");
    std::fs::write(artifacts_dir("screenshots").join(format!("{name}.png")), png).expect("save");
}

#[tokio::test]
async fn the_widget_checks_against_the_providers_settings_and_styles_stay_on_their_side() {
    let dir = TempDir::new("widget");
    let site = StaticSite::serve(&dir.0).await;
    let relay = RelayProcess::start(&built_ui(), &["--allow-origin", &site.origin]).await;
    help_center(&dir, &(relay.url.replacen("http://", "ws://", 1) + "/v1/ws"));
    let browser = Browser::start().await;
    browser.client.goto(&format!("{}/help/", site.origin)).await.expect("the help page loads");
    let root = shadow(&browser, 10).await;

    // Inside, the widget's own styles; the host's rules do not match, and
    // what the host element would hand down is reset.
    let widget_button = "document.querySelector('maildoctor-check').shadowRoot.querySelector('#diagnose')";
    let ours =
        style_of(&browser, widget_button, &["background-color", "font-family", "text-transform", "border-top-style"])
            .await;
    assert_eq!(ours[0], "rgb(31, 79, 196)", "the widget's button colour: {ours:?}");
    assert!(!ours[1].contains("Comic"), "the host's font stays out: {ours:?}");
    assert_eq!(ours[2], "none", "the host's uppercase stays out: {ours:?}");
    assert_ne!(ours[3], "dotted", "the host's borders stay out: {ours:?}");
    let form = "document.querySelector('maildoctor-check').shadowRoot.querySelector('form')";
    assert_eq!(style_of(&browser, form, &["display"]).await[0], "grid", "the widget's layout holds");
    // Outside, the host's own styles; the widget's rules for form, button
    // and main do not leak out.
    let host =
        style_of(&browser, "document.getElementById('help-search-button')", &["background-color", "font-family"]).await;
    assert_eq!(host[0], "rgb(255, 105, 180)", "the host's button: {host:?}");
    assert!(host[1].contains("Comic"), "{host:?}");
    assert_eq!(style_of(&browser, "document.getElementById('help-search')", &["display"]).await[0], "block");
    assert_eq!(style_of(&browser, "document.getElementById('help-article')", &["max-width"]).await[0], "none");
    screenshot(&browser, "widget-on-help-center").await;
    let context = "{ include: [['maildoctor-check']] }";
    assert_eq!(super::a11y::violations_in(&browser, context).await, Vec::<String>::new(), "the widget's form");
    // In the host's main, under its h2: a region named by an h3, no main or h1 of its own.
    let own = "const r = document.querySelector('maildoctor-check').shadowRoot;
        return [r.querySelectorAll('main, h1').length, r.querySelector('section[aria-labelledby] > header > h3') !== null]";
    let own = browser.client.execute(own, vec![]).await.expect("the script runs");
    assert_eq!(own, serde_json::json!([0, true]), "the widget's landmarks and heading");
    let landmarks = super::help_center::landmark_violations(&browser).await;
    assert_eq!(landmarks, Vec::<String>::new(), "landmarks on the help page");

    // The provider's settings are shown; the person types what the app uses.
    let expected = inside(&root, "#expected").await.text().await.expect("text");
    assert!(expected.contains("mail.example.test, port 993, SSL/TLS"), "{expected}");
    let address = inside(&root, "#address").await.attr("placeholder").await.expect("attr");
    assert_eq!(address.as_deref(), Some("you@example.test"), "the provider's domain");
    type_into(&root, "#address", "alice@example.test").await;
    type_into(&root, "#host", "mail.example.test").await;
    inside(&root, "#security").await.select_by_value("none").await.expect("choose");
    type_into(&root, "#port", "143").await;
    type_into(&root, "#out-host", "mail.example.test").await;
    inside(&root, "#diagnose").await.click().await.expect("click");

    let mut phase = None;
    for _ in 0..450 {
        phase = inside(&root, "#status").await.attr("data-phase").await.expect("attr");
        if matches!(phase.as_deref(), Some("finished" | "failed")) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(phase.as_deref(), Some("finished"));
    let said = inside(&root, "#findings > section[data-code='settings.not_as_provider_says']").await;
    let title = said.text().await.expect("text");
    assert!(title.contains("Your provider says 993 with SSL/TLS; your app uses 143 without encryption"), "{title}");
    screenshot(&browser, "widget-provider-says").await;
    assert_eq!(super::a11y::violations_in(&browser, context).await, Vec::<String>::new(), "the widget's report");
    browser.close().await;
}

#[tokio::test]
async fn the_widget_says_which_relay_it_checked_from() {
    let dir = TempDir::new("widget-checked-from");
    let site = StaticSite::serve(&dir.0).await;
    let args = ["--allow-origin", &site.origin, "--name", "Example Mail", "--region", "Frankfurt"];
    let relay = RelayProcess::start(&built_ui(), &args).await;
    help_center(&dir, &(relay.url.replacen("http://", "ws://", 1) + "/v1/ws"));
    let browser = Browser::start().await;
    browser.client.goto(&format!("{}/help/", site.origin)).await.expect("the help page loads");
    let root = shadow(&browser, 10).await;
    type_into(&root, "#address", "alice@example.test").await;
    type_into(&root, "#host", "mail.example.test").await;
    inside(&root, "#diagnose").await.click().await.expect("click");
    let mut line = String::new();
    for _ in 0..450 {
        if let Ok(found) = root.find(Locator::Css("#checked-from")).await {
            line = found.text().await.expect("text");
            let phase = inside(&root, "#status").await.attr("data-phase").await.expect("attr");
            if matches!(phase.as_deref(), Some("finished" | "failed")) {
                break;
            }
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(line, "Checked from: the relay Example Mail (Frankfurt)");
    let show = "document.querySelector('maildoctor-check').shadowRoot.getElementById('verdict').scrollIntoView()";
    browser.client.execute(show, vec![]).await.expect("scroll to the verdict");
    screenshot(&browser, "checked-from-widget").await;
    browser.close().await;
}
