//! Sessions that end with their check: a page that closes its socket gets
//! its place back before the relay answers the close, and a page that keeps
//! its socket begins its next check with a hello. Neither gives more than a
//! network's share of places, and neither resets the login ration.

use super::*;
use maildoctor::serve::{LoginQuotas, Rate};

/// Closes the socket as a browser does, and waits for the relay's answer.
async fn close(mut client: Client) {
    client.ws.close(None).await.expect("the close frame goes out");
    while let Ok(Some(Ok(_))) = tokio::time::timeout(WAIT, client.ws.next()).await {}
}

/// The HTTP status and body a refused upgrade got.
async fn refused_upgrade(relay: &str) -> (u16, String) {
    match tokio_tungstenite::connect_async(format!("ws://{relay}/v1/ws")).await {
        Ok(_) => panic!("the upgrade was taken"),
        Err(tokio_tungstenite::tungstenite::Error::Http(response)) => {
            let body = response.body().as_deref().map(String::from_utf8_lossy).unwrap_or_default().into_owned();
            (response.status().as_u16(), body)
        }
        Err(other) => panic!("expected an HTTP refusal, got {other}"),
    }
}

/// One check as the page runs it: hello, a probe to its end.
async fn one_check(client: &mut Client) {
    client.hello().await;
    client.send(&probe(1, "mail.example.test", 993)).await;
    let events = client.events_until_done(1).await;
    assert!(events.iter().any(|(_, e)| matches!(e, Event::Greeting { .. })), "the check ran: {events:?}");
}

#[tokio::test]
async fn twenty_checks_in_a_row_each_closing_its_socket_are_all_served_and_a_ninth_open_one_is_not() {
    let relay = start_relay(Policy::permissive(), RelayConfig::default()).await;
    assert_eq!(RelayConfig::default().max_sessions_per_client, 8);
    // Seven other tabs keep theirs open: every check below has the one
    // place left, so each must find the last one's place free at once.
    let mut others = Vec::new();
    for _ in 0..7 {
        let mut other = Client::connect(&relay).await;
        other.hello().await;
        others.push(other);
    }
    for check in 1..=20 {
        let (ws, _) = tokio_tungstenite::connect_async(format!("ws://{relay}/v1/ws"))
            .await
            .unwrap_or_else(|err| panic!("check {check} was refused: {err}"));
        let mut client = Client { ws };
        one_check(&mut client).await;
        if check == 20 {
            // Eight open: the ninth from this network is refused, as before.
            let (status, why) = refused_upgrade(&relay).await;
            assert_eq!(status, 429);
            assert!(why.contains("too many open sessions from your network"), "{why}");
            let said = http_get(&relay, "/v1/status", &[]).await;
            assert!(said.contains(r#""admission":"client_full""#), "{said}");
        }
        close(client).await;
    }
    let metrics = http_get(&relay, "/metrics", &[]).await;
    assert!(metrics.contains("maildoctor_ws_sessions_total 27"), "{metrics}");
    assert!(metrics.contains("maildoctor_ws_sessions_rejected_total{why=\"client_sessions\"} 1"), "{metrics}");
    for other in &mut others {
        other.hello().await;
    }
}

#[tokio::test]
async fn the_next_check_on_the_same_socket_begins_with_a_hello_and_gets_fresh_allowances() {
    let limits = SessionLimits { operations: 2, ..SessionLimits::default() };
    let relay = start_relay(Policy::permissive(), RelayConfig { limits, ..RelayConfig::default() }).await;
    let mut client = Client::connect(&relay).await;
    for _check in 1..=20 {
        client.hello().await;
        for id in 1..=2 {
            client.send(&probe(id, "mail.example.test", 993)).await;
            client.events_until_done(id).await;
        }
    }
    // Without a hello it is the same check: its allowance is spent.
    client.send(&probe(3, "mail.example.test", 993)).await;
    assert_eq!(client.recv().await, Some(ServerMessage::Refused { id: 3, reason: Refusal::TooManyOperations }));
}

#[tokio::test]
async fn a_reused_socket_renews_no_faster_than_new_sessions_may_open() {
    let limits = SessionLimits { operations: 1, ..SessionLimits::default() };
    let new_sessions_per_client = Rate { burst: 2, every: Duration::from_secs(600) };
    let config = RelayConfig { limits, new_sessions_per_client, ..RelayConfig::default() };
    let relay = start_relay(Policy::permissive(), config).await;
    // The socket is the network's first new session; the second hello its
    // second; the third finds the rate spent and renews nothing.
    let mut client = Client::connect(&relay).await;
    for id in 1..=2 {
        client.hello().await;
        client.send(&probe(id, "mail.example.test", 993)).await;
        client.events_until_done(id).await;
    }
    client.hello().await;
    client.send(&probe(3, "mail.example.test", 993)).await;
    assert_eq!(client.recv().await, Some(ServerMessage::Refused { id: 3, reason: Refusal::TooManyOperations }));
    let (status, _) = refused_upgrade(&relay).await;
    assert_eq!(status, 429, "nor may it open another socket");
}

/// Whether a login as `username` on the test server reached it, in its
/// own check: a socket opened, used and closed.
async fn login_check(relay: &str, username: &str, reuse: Option<&mut Client>) -> Result<(), Refusal> {
    match reuse {
        Some(client) => {
            client.hello().await;
            super::canonical::tried(client, 1, "mail.example.test", username).await
        }
        None => {
            let mut client = Client::connect(relay).await;
            client.hello().await;
            let tried = super::canonical::tried(&mut client, 1, "mail.example.test", username).await;
            close(client).await;
            tried
        }
    }
}

#[tokio::test]
async fn an_account_s_login_ration_holds_across_sessions_that_end() {
    let per_account = Rate { burst: 2, every: Duration::from_secs(600) };
    let logins = LoginQuotas { per_account, per_client: Rate { burst: 1000, every: Duration::from_millis(1) } };
    let relay = start_relay(Policy::permissive(), RelayConfig { logins, ..RelayConfig::default() }).await;
    login_check(&relay, "alice@example.test", None).await.expect("first try");
    let mut kept = Client::connect(&relay).await;
    login_check(&relay, "alice@example.test", Some(&mut kept)).await.expect("second try");
    for reuse in [true, false] {
        let refused = login_check(&relay, "alice@example.test", reuse.then_some(&mut kept)).await;
        match refused {
            Err(Refusal::LoginLimit { retry_after_s }) => {
                assert!((250..=600).contains(&retry_after_s), "{retry_after_s}")
            }
            other => panic!("a third try (socket reused: {reuse}) was {other:?}"),
        }
    }
    login_check(&relay, "bob@example.test", None).await.expect("another account is tried");
}

#[tokio::test]
async fn a_network_s_login_ration_holds_across_sessions_that_end() {
    let per_client = Rate { burst: 3, every: Duration::from_secs(600) };
    let logins = LoginQuotas { per_client, per_account: Rate { burst: 1000, every: Duration::from_millis(1) } };
    let relay = start_relay(Policy::permissive(), RelayConfig { logins, ..RelayConfig::default() }).await;
    let mut kept = Client::connect(&relay).await;
    for (n, user) in ["a@example.test", "b@example.test", "c@example.test"].into_iter().enumerate() {
        let reuse = (n == 1).then_some(&mut kept);
        login_check(&relay, user, reuse).await.unwrap_or_else(|why| panic!("{user}: {why:?}"));
    }
    for reuse in [false, true] {
        match login_check(&relay, "d@example.test", reuse.then_some(&mut kept)).await {
            Err(Refusal::LoginLimit { retry_after_s }) => {
                assert!((100..=600).contains(&retry_after_s), "{retry_after_s}")
            }
            other => panic!("a fourth account (socket reused: {reuse}) was {other:?}"),
        }
    }
    let metrics = http_get(&relay, "/metrics", &[]).await;
    assert!(metrics.contains("maildoctor_refusals_total{reason=\"login_limit\"} 2"), "{metrics}");
}
