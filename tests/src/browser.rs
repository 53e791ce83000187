//! The browsers the page's tests drive through WebDriver.

use std::path::PathBuf;
use std::process::Stdio;
use std::time::Duration;

use tokio::process::{Child, Command};

use crate::{free_port, TempDir};

/// Which browser the page's tests drive: headless Chromium through
/// ChromeDriver, or, with `MAILDOCTOR_BROWSER=firefox`, headless Firefox ESR
/// through geckodriver (tools/test runs the page's tests in both).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BrowserKind {
    Chromium,
    Firefox,
}

impl BrowserKind {
    pub fn chosen() -> Self {
        match std::env::var("MAILDOCTOR_BROWSER").as_deref() {
            Ok("firefox") => BrowserKind::Firefox,
            Ok("chromium") | Err(_) => BrowserKind::Chromium,
            Ok(other) => panic!("MAILDOCTOR_BROWSER={other}: chromium or firefox"),
        }
    }
}

/// geckodriver, built by `tools/setup test` into the build cache (Debian
/// has no package for it).
fn geckodriver() -> PathBuf {
    if let Some(path) = std::env::var_os("GECKODRIVER") {
        return PathBuf::from(path);
    }
    let cache = std::env::var("MAILDOCTOR_CACHE").unwrap_or_else(|_| "/var/cache/maildoctor".into());
    PathBuf::from(cache).join("tools/bin/geckodriver")
}

/// A headless browser driven through WebDriver (see [`BrowserKind`]).
#[derive(Debug)]
pub struct Browser {
    pub client: fantoccini::Client,
    pub kind: BrowserKind,
    driver: Child,
    _profile: TempDir,
    /// Where the browser saves downloads without asking.
    pub downloads: TempDir,
    /// What Firefox printed (its console, with `devtools.console.stdout.content`).
    pub console: Option<PathBuf>,
}

impl Browser {
    pub async fn start() -> Self {
        Self::start_sized(1100, 1300).await
    }

    /// A browser with a window of `width` × `height` CSS pixels, and a fresh profile.
    pub async fn start_sized(width: u32, height: u32) -> Self {
        match BrowserKind::chosen() {
            BrowserKind::Chromium => Self::chromium(width, height).await,
            BrowserKind::Firefox => Self::firefox(width, height).await,
        }
    }

    async fn chromium(width: u32, height: u32) -> Self {
        let port = free_port();
        let driver = Command::new("/usr/bin/chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .stdin(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .expect("chromedriver starts (install chromium-driver: tools/setup test)");
        let profile = TempDir::new("chromium-profile");
        let downloads = TempDir::new("chromium-downloads");
        let mut caps = serde_json::Map::new();
        let mut options = serde_json::json!({
                "binary": "/usr/bin/chromium",
                "args": [
                    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    // Without these Chromium reaches for the internet at every start.
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--disable-dev-shm-usage", format!("--window-size={width},{height}"),
                    format!("--user-data-dir={}", profile.0.display()),
                ],
                "prefs": {
                    "download.default_directory": downloads.0.display().to_string(),
                    "download.prompt_for_download": false,
                },
        });
        // A desktop window is never narrower than about 500 px; a phone's
        // viewport is emulated instead.
        if width < 500 {
            options["mobileEmulation"] =
                serde_json::json!({ "deviceMetrics": { "width": width, "height": height, "pixelRatio": 1 } });
        }
        caps.insert("goog:chromeOptions".into(), options);
        let client = connect(port, caps, "Chromium").await;
        Self { client, kind: BrowserKind::Chromium, driver, _profile: profile, downloads, console: None }
    }

    async fn firefox(width: u32, height: u32) -> Self {
        let port = free_port();
        let profile = TempDir::new("firefox-profile");
        let downloads = TempDir::new("firefox-downloads");
        let console = profile.0.join("console.log");
        let log = std::fs::File::create(&console).expect("a file for Firefox's console");
        let driver = Command::new(geckodriver())
            .args(["--port", &port.to_string(), "--websocket-port", &free_port().to_string()])
            .stdout(log.try_clone().expect("log"))
            .stderr(log)
            .stdin(Stdio::null())
            // Its own process group, which Firefox and its content processes
            // join: killed together when the test ends, a failing one too
            // (killing geckodriver alone leaves Firefox running).
            .process_group(0)
            .kill_on_drop(true)
            .spawn()
            .expect("geckodriver starts (tools/setup test builds it into the cache)");
        let prefs = serde_json::json!({
            // Downloads land in the test's folder without a dialog.
            "browser.download.folderList": 2,
            "browser.download.dir": downloads.0.display().to_string(),
            "browser.download.useDownloadDir": true,
            "browser.download.always_ask_before_handling_new_types": false,
            "browser.helperApps.neverAsk.saveToDisk": "application/json,text/markdown,text/plain",
            // The console's messages on standard output, where the test reads them.
            "devtools.console.stdout.content": true,
            // Firefox reaches for the internet at start for these; a test never may.
            "app.update.disabledForTesting": true,
            "browser.safebrowsing.update.enabled": false,
            "browser.safebrowsing.downloads.remote.enabled": false,
            "network.captive-portal-service.enabled": false,
            "network.connectivity-service.enabled": false,
            "datareporting.policy.dataSubmissionEnabled": false,
            "toolkit.telemetry.enabled": false,
            "extensions.update.enabled": false,
            "browser.newtabpage.enabled": false,
            "browser.startup.homepage_override.mstone": "ignore",
            "network.dns.disablePrefetch": true,
            "network.prefetch-next": false,
            // The clipboard test reads back what the page wrote, as a
            // person pasting would; Firefox asks for that through a pref,
            // not the permissions API.
            "dom.events.testing.asyncClipboard": true,
            "dom.events.asyncClipboard.readText": true,
        });
        // Firefox has no device emulation, and its window keeps the
        // browser's own minimum width (450 px) unless the profile's
        // userChrome.css lifts it, as a phone-sized window needs.
        std::fs::create_dir_all(profile.0.join("chrome")).expect("the profile's chrome folder");
        std::fs::write(
            profile.0.join("chrome/userChrome.css"),
            ":root { min-width: 0 !important; min-height: 0 !important; }\n",
        )
        .expect("userChrome.css");
        let mut prefs = prefs;
        prefs["toolkit.legacyUserProfileCustomizations.stylesheets"] = true.into();
        let mut caps = serde_json::Map::new();
        caps.insert("browserName".into(), "firefox".into());
        caps.insert(
            "moz:firefoxOptions".into(),
            serde_json::json!({
                "binary": "/usr/bin/firefox-esr",
                "args": ["-headless", "-profile", profile.0.display().to_string()],
                "prefs": prefs,
            }),
        );
        let client = connect(port, caps, "Firefox").await;
        // The window's outer size, so that the viewport is the asked one.
        let _ = client.set_window_size(width, height).await;
        Self { client, kind: BrowserKind::Firefox, driver, _profile: profile, downloads, console: Some(console) }
    }

    /// Grants the page a permission (`clipboard-read`), through the
    /// WebDriver permissions extension, as a person clicking "Allow" would.
    pub async fn grant(&self, permission: &'static str) {
        if self.kind == BrowserKind::Firefox {
            // Firefox has no such permission to grant: its profile's
            // `dom.events.asyncClipboard.readText` lets the page read.
            return;
        }
        self.client.issue_cmd(SetPermission(permission)).await.expect("ChromeDriver sets the permission");
    }

    pub async fn close(mut self) {
        let _ = self.client.clone().close().await;
        let _ = self.driver.start_kill();
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        // Firefox outlives a killed geckodriver; its process group does not.
        if let (BrowserKind::Firefox, Some(pid)) = (self.kind, self.driver.id()) {
            let _ = std::process::Command::new("kill")
                .args(["-KILL", "--", &format!("-{pid}")])
                .stderr(Stdio::null())
                .status();
        }
    }
}

#[derive(Debug)]
struct SetPermission(&'static str);

impl fantoccini::wd::WebDriverCompatibleCommand for SetPermission {
    fn endpoint(&self, base: &url::Url, session: Option<&str>) -> Result<url::Url, url::ParseError> {
        base.join(&format!("session/{}/permissions", session.unwrap_or_default()))
    }

    fn method_and_body(&self, _: &url::Url) -> (axum::http::Method, Option<String>) {
        let body = serde_json::json!({ "descriptor": { "name": self.0 }, "state": "granted" });
        (axum::http::Method::POST, Some(body.to_string()))
    }
}

/// A WebDriver session with the driver listening on `port`, retried while it starts.
async fn connect(port: u16, caps: serde_json::Map<String, serde_json::Value>, name: &str) -> fantoccini::Client {
    let mut last_err = None;
    for _ in 0..150 {
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        match fantoccini::ClientBuilder::new(connector)
            .capabilities(caps.clone())
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
        {
            Ok(client) => return client,
            Err(err) => {
                last_err = Some(err);
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        }
    }
    panic!("cannot start a {name} session: {last_err:?}");
}
