//! What this relay cannot reach on the internet, by port. Most clouds (AWS,
//! GCP, Azure, DigitalOcean, Hetzner, Oracle) drop outbound port 25 by
//! default; a relay there would otherwise report every person's port 25 as
//! blocked by *their* network. The operator names canaries (`--egress-canary
//! HOST:PORT`, servers known to listen) or says it outright
//! (`--egress-blocked 25`); the relay tests the canaries at start and every
//! few minutes, and publishes the ports it cannot reach in its hello and in
//! `/v1/status`, so the rules can say "this relay cannot tell" instead.

use std::collections::BTreeSet;
use std::net::SocketAddr;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use maildoctor_probe::special_purpose;

/// How often the canaries are dialled again: a cloud's filter changes
/// rarely (a support ticket lifts it), and a few minutes keeps a wrong
/// answer short while costing each canary one connection per period.
pub const EVERY: Duration = Duration::from_secs(5 * 60);
/// One canary connect gets this long: a dropped SYN never answers, and a
/// reachable server on the internet answers well inside it.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// Canaries one relay may name: a few per port is plenty, and each round
/// of tests then takes at most this many connects (and 10 s each).
pub const MAX_CANARIES: usize = 16;

/// A server the operator knows listens: `host:port`, its host a name or an
/// address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Canary {
    pub host: String,
    pub port: u16,
}

impl Canary {
    /// `HOST:PORT` (`[v6]:PORT` for an IPv6 literal).
    pub fn parse(text: &str) -> Result<Self, String> {
        let bad = || format!("--egress-canary {text:?} is not HOST:PORT");
        let (host, port) = text.trim().rsplit_once(':').ok_or_else(bad)?;
        let host = host.trim_start_matches('[').trim_end_matches(']');
        let port: u16 = port.parse().map_err(|_| bad())?;
        if host.is_empty() || port == 0 {
            return Err(bad());
        }
        Ok(Self { host: host.to_owned(), port })
    }

    fn name(&self) -> String {
        format!("{}:{}", self.host, self.port)
    }
}

/// The ports the relay cannot reach, shared between the task that tests
/// them and every session's hello. Cloning shares it.
#[derive(Debug, Clone, Default)]
pub struct Egress {
    blocked: Arc<RwLock<BTreeSet<u16>>>,
}

impl Egress {
    /// Starts with the ports the operator says are blocked; the canaries'
    /// ports join once a test fails.
    pub fn told(ports: &[u16]) -> Self {
        Self { blocked: Arc::new(RwLock::new(ports.iter().copied().collect())) }
    }

    /// The blocked ports, ascending.
    pub fn blocked(&self) -> Vec<u16> {
        self.blocked.read().map(|set| set.iter().copied().collect()).unwrap_or_default()
    }

    fn set(&self, ports: BTreeSet<u16>) {
        if let Ok(mut set) = self.blocked.write() {
            *set = ports;
        }
    }

    /// Tests `canaries` now, then every `every`, for as long as the relay
    /// runs. `told` stays blocked whatever the canaries say.
    pub async fn watch(self, told: Vec<u16>, canaries: Vec<Canary>, allow_private: bool, every: Duration) {
        if canaries.is_empty() {
            return;
        }
        let mut ticks = tokio::time::interval(every);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticks.tick().await;
            let mut results = Vec::with_capacity(canaries.len());
            for canary in &canaries {
                results.push((canary.port, reach(canary, allow_private).await));
            }
            let ports = blocked_ports(&told, &results);
            let before = self.blocked();
            if before != ports.iter().copied().collect::<Vec<_>>() {
                tracing::warn!(blocked = ?ports, "egress: the ports this relay cannot reach changed");
            }
            self.set(ports);
        }
    }
}

/// `--egress-blocked` as known, and the task that tests `--egress-canary`
/// at start and every few minutes. A canary at a special-purpose address
/// is refused here unless this relay may dial such addresses.
pub fn start(canaries: &[String], told: &[u16], dial_private: bool) -> Result<Egress, String> {
    let canaries = canaries.iter().map(|c| Canary::parse(c)).collect::<Result<Vec<_>, _>>()?;
    if canaries.len() > MAX_CANARIES {
        return Err(format!("--egress-canary: at most {MAX_CANARIES} canaries, not {}", canaries.len()));
    }
    for canary in &canaries {
        let special = canary.host.parse::<std::net::IpAddr>().ok().and_then(special_purpose);
        if let (Some(why), false) = (special, dial_private) {
            return Err(format!(
                "--egress-canary {}:{} is a {why} address, which this relay dials only with --allow-private",
                canary.host, canary.port
            ));
        }
    }
    let egress = Egress::told(told);
    tokio::spawn(egress.clone().watch(told.to_vec(), canaries, dial_private, EVERY));
    Ok(egress)
}

/// What one canary test found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reach {
    Connected,
    /// No connection: dropped, refused, unreachable, or timed out.
    Failed,
    /// Not tested: the name did not resolve, or only to special-purpose
    /// addresses this relay may not dial. Says nothing about the port.
    Untested,
}

/// The ports told, and those whose canaries all failed (one that connects
/// proves the port open; an untested one proves nothing).
pub fn blocked_ports(told: &[u16], results: &[(u16, Reach)]) -> BTreeSet<u16> {
    let mut ports: BTreeSet<u16> = told.iter().copied().collect();
    let tested: BTreeSet<u16> = results.iter().filter(|(_, r)| *r != Reach::Untested).map(|(p, _)| *p).collect();
    for port in tested {
        if !results.iter().any(|(p, r)| *p == port && *r == Reach::Connected) {
            ports.insert(port);
        }
    }
    ports
}

/// Whether `address` may be dialled: the canaries are the operator's, but a
/// special-purpose address (loopback, private, metadata) only with
/// `--allow-private`, like every other dial of this relay.
fn dialable(address: &SocketAddr, allow_private: bool) -> bool {
    allow_private || special_purpose(address.ip()).is_none()
}

/// One connect to the canary's first address the relay may dial.
async fn reach(canary: &Canary, allow_private: bool) -> Reach {
    let lookup = tokio::time::timeout(CONNECT_TIMEOUT, tokio::net::lookup_host((canary.host.as_str(), canary.port)));
    let Ok(Ok(mut addresses)) = lookup.await else {
        tracing::warn!(canary = %canary.name(), "egress: the canary's name does not resolve; not tested");
        return Reach::Untested;
    };
    let Some(address) = addresses.find(|a| dialable(a, allow_private)) else {
        tracing::warn!(canary = %canary.name(), "egress: the canary is a special-purpose address; not tested without --allow-private");
        return Reach::Untested;
    };
    match tokio::time::timeout(CONNECT_TIMEOUT, tokio::net::TcpStream::connect(address)).await {
        Ok(Ok(_)) => Reach::Connected,
        Ok(Err(err)) => {
            tracing::info!(canary = %canary.name(), %err, "egress: the canary does not connect");
            Reach::Failed
        }
        Err(_) => {
            tracing::info!(canary = %canary.name(), "egress: the canary does not answer");
            Reach::Failed
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_canary_is_host_and_port() {
        assert_eq!(Canary::parse("smtp.example.net:25"), Ok(Canary { host: "smtp.example.net".into(), port: 25 }));
        assert_eq!(Canary::parse("[2001:db8::1]:25"), Ok(Canary { host: "2001:db8::1".into(), port: 25 }));
        assert!(Canary::parse("smtp.example.net").is_err());
        assert!(Canary::parse(":25").is_err());
        assert!(Canary::parse("smtp.example.net:0").is_err());
    }

    #[test]
    fn canaries_and_blocked_ports_come_from_flags_the_file_or_the_environment() {
        use clap::Parser as _;
        let text = "egress-canary = ['smtp.example.net:25', '[2001:db8::25]:25']\negress-blocked = [25, 2525]\n";
        let flags = crate::config::flags_from_toml("relay.toml", text, |_| false).expect("valid");
        let mut args = vec!["maildoctor".to_owned(), "serve".to_owned()];
        args.extend(flags);
        let crate::args::Command::Serve(serve) = crate::args::Cli::try_parse_from(args).expect("parses").command else {
            panic!("serve")
        };
        assert_eq!(serve.egress_canaries, ["smtp.example.net:25", "[2001:db8::25]:25"]);
        assert_eq!(serve.egress_blocked, [25, 2525]);
        let told = crate::config::flags_from_toml("relay.toml", text, |name| name == "MAILDOCTOR_EGRESS_BLOCKED");
        assert!(!told.expect("valid").iter().any(|f| f.starts_with("--egress-blocked")), "the environment wins");
    }

    #[test]
    fn a_port_is_blocked_when_told_or_when_none_of_its_tested_canaries_connect() {
        let results = [
            (25, Reach::Failed),
            (25, Reach::Untested),
            (465, Reach::Failed),
            (465, Reach::Connected),
            (587, Reach::Untested),
        ];
        let blocked: Vec<u16> = blocked_ports(&[2525], &results).into_iter().collect();
        assert_eq!(blocked, [25, 2525], "465 connected once; 587 was never tested");
    }

    #[tokio::test]
    async fn canaries_are_dialled_once_each_and_a_silent_port_is_published() {
        let open = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let open_port = open.local_addr().expect("addr").port();
        let closed = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        let closed_port = closed.local_addr().expect("addr").port();
        drop(closed);
        let canaries = vec![
            Canary { host: "127.0.0.1".into(), port: open_port },
            Canary { host: "127.0.0.1".into(), port: closed_port },
        ];
        let egress = Egress::told(&[25]);
        tokio::spawn(egress.clone().watch(vec![25], canaries.clone(), true, Duration::from_secs(3600)));
        let mut expected = vec![25, closed_port];
        expected.sort_unstable();
        for _ in 0..100 {
            if egress.blocked() == expected {
                break;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        assert_eq!(egress.blocked(), expected);
        let (_, _) = open.accept().await.expect("the open canary was dialled");

        // Without --allow-private a loopback canary is not dialled at all.
        let strict = Egress::told(&[]);
        tokio::spawn(strict.clone().watch(vec![], canaries, false, Duration::from_secs(3600)));
        tokio::time::sleep(Duration::from_millis(200)).await;
        assert_eq!(strict.blocked(), Vec::<u16>::new());
        let nothing = tokio::time::timeout(Duration::from_millis(200), open.accept()).await;
        assert!(nothing.is_err(), "no connect to a special-purpose address");
    }
}
