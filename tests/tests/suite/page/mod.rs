//! The page as a person meets it: `maildoctor serve` and the real fixtures
//! behind it, in headless Chromium. Each case saves a screenshot in the
//! artifacts folder (`screenshots/`).

mod a11y;
mod announce;
mod app_error;
mod app_suspect;
mod autodiscover;
mod ban;
mod cases;
mod cert_changed;
mod checked_from;
mod classes;
mod clean_load;
mod clock;
mod compare;
mod devtools;
mod egress;
mod export;
mod firefox_tree;
mod first_paint;
mod handoff;
mod help_center;
mod ispdb;
mod link_relay;
mod local_pairing;
mod oauth;
mod old_clients;
mod proof;
mod relay_problems;
mod sessions;
mod shadow;
mod slow_server;
mod static_host;
mod widget;
mod widget_local;
mod words;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use fantoccini::Locator;
use maildoctor_tests::{artifacts_dir, Browser, RelayProcess};
use serde_json::Value;

pub(super) fn built_ui() -> PathBuf {
    let dir = std::env::var("MAILDOCTOR_UI")
        .map(PathBuf::from)
        .unwrap_or_else(|_| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../dist"));
    assert!(dir.join("index.html").is_file(), "no built UI in {}: run tools/build-ui (tools/test does)", dir.display());
    dir
}

/// Types `value` into the field `id` as a person would: select all, delete,
/// type (WebDriver's clear() fires no input event, so the page's state
/// would keep the old value).
pub(super) async fn fill(browser: &Browser, id: &str, value: &str) {
    let field = browser.client.find(Locator::Id(id)).await.unwrap_or_else(|_| panic!("field #{id} exists"));
    field.send_keys("\u{E009}a\u{E000}\u{E003}").await.expect("erase");
    if !value.is_empty() {
        field.send_keys(value).await.expect("type");
    }
}

/// The page in a browser, served by its own relay (or from `base`, a
/// static host, using that relay).
pub(super) struct Page {
    pub(super) relay: RelayProcess,
    pub(super) browser: Browser,
    pub(super) base: String,
}

/// What a person types: address, password, and the servers (empty host: none).
#[derive(Clone)]
pub(super) struct Settings<'a> {
    pub(super) address: &'a str,
    pub(super) password: &'a str,
    pub(super) host: &'a str,
    pub(super) port: &'a str,
    pub(super) security: &'a str,
    pub(super) out_host: &'a str,
}

impl Default for Settings<'_> {
    fn default() -> Self {
        Settings { address: "alice@example.test", password: "", host: "", port: "", security: "tls", out_host: "" }
    }
}

impl Page {
    pub(super) async fn open(suffix: &str, relay_args: &[&str]) -> Self {
        Self::open_in(Browser::start().await, suffix, relay_args).await
    }

    pub(super) async fn open_in(browser: Browser, suffix: &str, relay_args: &[&str]) -> Self {
        let relay = RelayProcess::start(&built_ui(), relay_args).await;
        let page = Page { base: relay.url.clone(), relay, browser };
        page.goto(suffix).await;
        page
    }

    pub(super) async fn goto(&self, suffix: &str) {
        self.browser.client.goto(&format!("{}/{suffix}", self.base)).await.expect("page loads");
        self.wait_for("#diagnose, #check-again", 20).await;
    }

    pub(super) async fn wait_for(&self, css: &str, seconds: u64) {
        self.browser
            .client
            .wait()
            .at_most(Duration::from_secs(seconds))
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|_| panic!("{css} appears within {seconds} s"));
    }

    pub(super) async fn fill(&self, id: &str, value: &str) {
        fill(&self.browser, id, value).await;
    }

    pub(super) async fn select(&self, id: &str, value: &str) {
        let select = self.browser.client.find(Locator::Id(id)).await.expect("select");
        select.select_by_value(value).await.expect("choose");
    }

    pub(super) async fn enter(&self, settings: &Settings<'_>) {
        self.fill("address", settings.address).await;
        self.fill("password", settings.password).await;
        self.fill("host", settings.host).await;
        self.select("security", settings.security).await;
        if !settings.port.is_empty() {
            self.fill("port", settings.port).await;
        }
        self.fill("out-host", settings.out_host).await;
    }

    pub(super) async fn click(&self, id: &str) {
        let element = self.browser.client.find(Locator::Id(id)).await.unwrap_or_else(|_| panic!("#{id} exists"));
        element.click().await.expect("click");
    }

    /// Fills the form, presses Diagnose, waits for the end, saves a screenshot.
    pub(super) async fn diagnose(&self, settings: &Settings<'_>, screenshot: &str) -> Vec<(String, bool)> {
        self.enter(settings).await;
        self.click("diagnose").await;
        self.finished(screenshot).await
    }

    /// Waits for a finished report and returns its root findings (code, is an error).
    pub(super) async fn finished(&self, screenshot: &str) -> Vec<(String, bool)> {
        self.wait_for("#status[data-phase=finished], #status[data-phase=failed]", 45).await;
        assert_eq!(
            self.attr("#status", "data-phase").await.as_deref(),
            Some("finished"),
            "{}",
            self.text("main").await
        );
        self.screenshot(screenshot).await;
        self.root_findings().await
    }

    pub(super) async fn root_findings(&self) -> Vec<(String, bool)> {
        let mut codes = Vec::new();
        for section in
            self.browser.client.find_all(Locator::Css("#findings > section[data-code]")).await.expect("findings")
        {
            let code = section.attr("data-code").await.expect("attr").expect("a code");
            let class = section.attr("class").await.expect("attr").unwrap_or_default();
            codes.push((code, class.split(' ').any(|c| c == "error")));
        }
        codes
    }

    pub(super) async fn screenshot(&self, name: &str) {
        let png = self.browser.client.screenshot().await.expect("screenshot");
        std::fs::write(artifacts_dir("screenshots").join(format!("{name}.png")), png).expect("save screenshot");
    }

    pub(super) async fn text(&self, css: &str) -> String {
        match self.browser.client.find(Locator::Css(css)).await {
            Ok(element) => element.text().await.unwrap_or_default(),
            Err(_) => String::new(),
        }
    }

    pub(super) async fn attr(&self, css: &str, name: &str) -> Option<String> {
        let element = self.browser.client.find(Locator::Css(css)).await.ok()?;
        element.attr(name).await.ok().flatten()
    }

    /// An input's current value (a property: the page sets no attribute).
    pub(super) async fn value(&self, css: &str) -> Option<String> {
        let element = self.browser.client.find(Locator::Css(css)).await.ok()?;
        element.prop("value").await.ok().flatten()
    }

    pub(super) async fn exists(&self, css: &str) -> bool {
        self.browser.client.find_all(Locator::Css(css)).await.is_ok_and(|found| !found.is_empty())
    }

    pub(super) async fn script(&self, source: &str) -> Value {
        self.browser.client.execute(source, vec![]).await.expect("script runs")
    }

    /// Types `text` (WebDriver key codes too) into whatever has the focus.
    pub(super) async fn keys(&self, text: &str) {
        let focused = self.browser.client.active_element().await.expect("a focused element");
        focused.send_keys(text).await.expect("keys");
    }

    /// The id of the element that has the keyboard focus.
    pub(super) async fn focused(&self) -> String {
        self.script(
            "return document.activeElement ? (document.activeElement.id || document.activeElement.tagName) : ''",
        )
        .await
        .as_str()
        .unwrap_or_default()
        .to_owned()
    }

    /// Waits until `css` exists, and says how long that took.
    pub(super) async fn time_until(&self, css: &str, limit: Duration) -> Duration {
        let started = Instant::now();
        while !self.exists(css).await {
            assert!(started.elapsed() < limit, "{css} within {limit:?}: {}", self.text("main").await);
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        started.elapsed()
    }

    pub(super) async fn close(self) {
        self.browser.close().await;
    }
}
