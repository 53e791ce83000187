//! A link cannot swap the relay: `?relay=` and `?compare=` naming a relay
//! the site does not list are refused with a warning naming its host, and
//! that relay (here a WebSocket server recording every frame) never gets a
//! connection, let alone the password typed into the page.

use std::sync::{Arc, Mutex};

use futures_util::StreamExt as _;
use maildoctor_tests::{RelayProcess, TempDir};
use tokio::net::TcpListener;

use super::static_host::{chosen_relay, page_on, static_site, ws_of, SUB_PATH};
use super::{built_ui, Settings};

#[derive(Default)]
struct Recorded {
    connections: usize,
    frames: Vec<String>,
}

/// A relay that only listens and writes down what reaches it.
async fn recording_relay() -> (String, Arc<Mutex<Recorded>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let recorded = Arc::new(Mutex::new(Recorded::default()));
    let record = recorded.clone();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            record.lock().expect("lock").connections += 1;
            let record = record.clone();
            tokio::spawn(async move {
                let Ok(mut socket) = tokio_tungstenite::accept_async(stream).await else { return };
                while let Some(Ok(frame)) = socket.next().await {
                    record.lock().expect("lock").frames.push(frame.to_string());
                }
            });
        }
    });
    (format!("ws://{addr}/v1/ws"), recorded)
}

#[tokio::test]
async fn a_relay_named_by_a_link_but_not_by_the_site_gets_no_password() {
    let dir = TempDir::new("link-relay");
    let site = static_site(&dir, "").await;
    let relay = RelayProcess::start(&built_ui(), &["--allow-origin", &site.origin]).await;
    let config = format!(r#"{{"relays": [{{"name": "Site relay", "url": "{}"}}], "local": false}}"#, ws_of(&relay));
    std::fs::write(dir.0.join(SUB_PATH).join("config.json"), config).expect("config.json");
    let (fake, recorded) = recording_relay().await;
    let host = fake.trim_start_matches("ws://").trim_end_matches("/v1/ws").to_owned();

    let page = page_on(&site, relay, &format!("?relay={fake}&compare={fake}")).await;
    assert_eq!(chosen_relay(&page).await, ws_of(&page.relay), "the site's relay, not the link's");
    page.wait_for(".relay-link-refused", 10).await;
    let warning = page.text(".relay-link-refused").await;
    assert!(warning.contains(&host) && warning.contains("does not run"), "{warning}");
    assert!(!page.exists("#compare").await, "no comparison with the link's relay");

    let password = "link-swap-s3cret";
    let settings =
        Settings { password, host: "mail.example.test", out_host: "mail.example.test", ..Settings::default() };
    page.diagnose(&settings, "link-relay-refused").await;
    page.close().await;
    let recorded = recorded.lock().expect("lock");
    assert!(recorded.frames.iter().all(|frame| !frame.contains(password)), "{:?}", recorded.frames);
    assert_eq!(recorded.connections, 0, "the link's relay is never even contacted");
}
