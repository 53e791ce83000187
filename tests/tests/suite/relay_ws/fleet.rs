//! `serve --limits-url`: two relays share one Redis (Debian's
//! `redis-server`, on a loopback port this test picks), so one account gets
//! its 8 tries across both; the store holds no account or address in clear;
//! with the store down, logins are refused with a reason of their own.

use std::process::Stdio;
use std::sync::Arc;

use maildoctor::fleet::{Fleet, LimitsArgs};

use super::canonical::{account_only, tried, SPELLINGS};
use super::*;

/// A `redis-server` of its own, with nothing saved to disk; killed when dropped.
struct Redis {
    port: u16,
    child: tokio::process::Child,
}

impl Redis {
    async fn start() -> Self {
        let port = std::net::TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("addr").port();
        let child = tokio::process::Command::new("redis-server")
            .args(["--bind", "127.0.0.1", "--port", &port.to_string(), "--save", "", "--appendonly", "no"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .expect("redis-server runs (tools/setup installs it)");
        let started = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).await.is_err() {
            assert!(started.elapsed() < Duration::from_secs(10), "redis-server listens within 10 s");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        Self { port, child }
    }

    fn cli(&self, args: &[&str]) -> String {
        let out = std::process::Command::new("redis-cli")
            .args(["-h", "127.0.0.1", "-p", &self.port.to_string()])
            .args(args)
            .output()
            .expect("redis-cli runs");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }
}

/// A relay that keeps its login limits in `redis`, with the key in `key_file`.
async fn relay_on(redis: &Redis, key_file: &std::path::Path) -> String {
    let args = LimitsArgs {
        limits_url: Some(format!("redis://127.0.0.1:{}/0", redis.port)),
        limits_key_file: Some(key_file.to_owned()),
    };
    let fleet = Fleet::open(&args).expect("the store's settings").expect("a store");
    let config = RelayConfig { logins: account_only(), fleet: Some(Arc::new(fleet)), ..RelayConfig::default() };
    start_relay(Policy::permissive(), config).await
}

#[tokio::test]
async fn two_relays_on_one_store_give_one_account_eight_tries_and_none_without_the_store() {
    let mut redis = Redis::start().await;
    let key_file = std::env::temp_dir().join(format!("maildoctor-limits-key-{}", std::process::id()));
    std::fs::write(&key_file, "a secret every relay of this fleet shares, 32+ bytes\n").expect("key file");
    let (one, two) = (relay_on(&redis, &key_file).await, relay_on(&redis, &key_file).await);
    let mut clients = [Client::connect(&one).await, Client::connect(&two).await];
    for client in &mut clients {
        client.hello().await;
    }
    let mut logged_in = 0;
    // 24 tries asked for, alternating relays and spellings.
    for id in 0..24u32 {
        let client = &mut clients[id as usize % 2];
        let host = SPELLINGS[id as usize % SPELLINGS.len()];
        match tried(client, id + 1, host, "alice@example.test").await {
            Ok(()) => logged_in += 1,
            Err(Refusal::LoginLimit { .. }) => {}
            Err(other) => panic!("refused for {other:?}"),
        }
    }
    // Before: each relay counted in its own memory (16 logins for two).
    assert_eq!(logged_in, 8, "one account's logins across the fleet");

    // The store holds HMACs only: no account, name or address in any key or value.
    let keys = redis.cli(&["--scan"]);
    assert!(keys.lines().count() >= 3, "the limits are in the store: {keys}");
    let mut stored = String::new();
    for key in keys.lines() {
        let hashed = key.strip_prefix("maildoctor:login:").expect("the relay's prefix");
        assert!(hashed.len() == 64 && hashed.bytes().all(|b| b.is_ascii_hexdigit()), "{key}");
        stored.push_str(hashed);
        stored.push_str(&redis.cli(&["GET", key]));
    }
    for clear in ["alice", "example", "127.0.0.10", "mail", "imap", "127.0.0.1\n"] {
        assert!(!stored.to_lowercase().contains(clear), "{clear:?} is in the store: {stored}");
    }

    // The store goes down: a login is refused for that reason, never let through.
    redis.child.kill().await.expect("redis-server stops");
    let refused = tried(&mut clients[0], 100, "mail.example.test", "bob@example.test").await;
    assert_eq!(refused, Err(Refusal::LimitsUnavailable));
    // Probes without a password need no store.
    clients[1].send(&probe(101, "mail.example.test", 993)).await;
    clients[1].events_until_done(101).await;
    let _ = std::fs::remove_file(key_file);
}

#[test]
fn the_compose_file_passes_only_flags_and_variables_the_relay_has() {
    let compose = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../deploy/compose.yaml"))
        .expect("deploy/compose.yaml");
    let help = std::process::Command::new(maildoctor_tests::maildoctor_bin())
        .args(["serve", "--help"])
        .output()
        .expect("maildoctor serve --help");
    let help = String::from_utf8_lossy(&help.stdout);
    let words = |text: &str, start: &str| -> Vec<String> {
        text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
            .filter(|word| word.starts_with(start) && word.len() > start.len())
            .map(str::to_owned)
            .collect()
    };
    for service in ["limits", "relay-1", "relay-2"] {
        assert!(compose.contains(&format!("\n  {service}:")), "service {service}");
    }
    // The relays' part (the store's own flags are the store's).
    let start = compose.find("\n  relay-1:").expect("relay-1");
    let relays = &compose[start..compose[start..].find("\nnetworks:").map_or(compose.len(), |end| start + end)];
    let flags = words(relays, "--");
    let variables = words(relays, "MAILDOCTOR_");
    for needed in ["MAILDOCTOR_LIMITS_URL", "MAILDOCTOR_LIMITS_KEY_FILE"] {
        assert!(variables.iter().any(|v| v == needed), "{needed} is set: {variables:?}");
    }
    for word in flags.iter().chain(&variables) {
        assert!(help.contains(word.as_str()), "{word} is not in `maildoctor serve --help`");
    }
}
