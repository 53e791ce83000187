//! What every step of an operation shares: its limits, where its events
//! go, and the one checked address it talks to.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::time::{Duration, Instant};

use maildoctor_wire::{DnsRecord, Event, MailProtocol};
use rustls::pki_types::ServerName;
use tokio::sync::mpsc;

use crate::policy::Policy;
use crate::tls::Trust;

/// Limits that keep a hostile or dead server from holding an operation.
#[derive(Debug, Clone)]
pub struct Timeouts {
    /// One DNS question (hickory resends a lost UDP packet within it).
    pub dns: Duration,
    /// A connection with no answer by then is called filtered (silent drop).
    pub connect: Duration,
    /// One TLS handshake.
    pub tls: Duration,
    /// Some servers pause before greeting on purpose; allow for it.
    pub greeting: Duration,
    /// The login's answer: servers may wait on purpose before it (Dovecot
    /// holds a POP3 login up to 10 s for a mailbox another session has
    /// locked, then says `[IN-USE]`; failed logins are delayed too), and
    /// mail apps wait far longer for it (Thunderbird 100 s,
    /// `mailnews.tcptimeout`; Outlook's server timeout defaults to 1 minute).
    pub login: Duration,
    /// Every later step.
    pub step: Duration,
    /// The whole operation, whatever the server drips.
    pub operation: Duration,
}

impl Default for Timeouts {
    fn default() -> Self {
        Self {
            // One try, as long as the first try of the stub resolvers mail
            // apps use: glibc waits 5 s (resolv.conf `timeout:5`, `attempts:2`,
            // resolv.conf(5)), Android's DnsResolver 5 s a try as well, and
            // Windows' DNS client resends at 1, 2, 4 and 8 s and gives up
            // after 10 s. An answer in 3 s works in every app (slow, a
            // warning); one later than 5 s fails glibc's and Android's first
            // try, so it counts as none.
            dns: Duration::from_secs(5),
            // Linux retransmits a SYN after 1 s and again after 3 s: by
            // 2.5 s a connect has had its one retransmission (a lost SYN
            // is loss, not a firewall), and a silent drop is called under
            // 3 s even across a 50 ms round trip (tools/bench).
            connect: Duration::from_millis(2500),
            tls: Duration::from_secs(10),
            greeting: Duration::from_secs(15),
            login: Duration::from_secs(20),
            step: Duration::from_secs(10),
            operation: Duration::from_secs(45),
        }
    }
}

impl Timeouts {
    /// How long `step` may wait for the server.
    pub fn for_step(&self, step: maildoctor_wire::Step) -> Duration {
        match step {
            // The capabilities wait as long as the greeting: Thunderbird's
            // account setup gives up on either after 10 s
            // (`mailnews.auto_config.guess.timeout`), and only a wait past
            // that tells a server slower than it from a dead one.
            maildoctor_wire::Step::Greeting | maildoctor_wire::Step::Capabilities => self.greeting,
            maildoctor_wire::Step::Login => self.login,
            _ => self.step,
        }
    }
}

/// An event with the milliseconds since its operation started.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimedEvent {
    /// Milliseconds since the operation started.
    pub t_ms: u64,
    /// The observation.
    pub event: Event,
}

/// Where an operation's events go, in order. Bounded: a slow consumer slows
/// the probe instead of growing a queue.
pub type EventSink = mpsc::Sender<TimedEvent>;

pub(crate) struct Emitter<'a> {
    pub(crate) started: Instant,
    pub(crate) sink: &'a EventSink,
    /// The policy, when addresses it refuses are to be redacted.
    pub(crate) redact: Option<&'a Policy>,
    /// The relay's limits on connections and logins.
    pub(crate) gate: &'a dyn crate::gate::Gate,
}

/// The unspecified address of `ip`'s family.
fn unspecified(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V4(_) => IpAddr::V4(Ipv4Addr::UNSPECIFIED),
        IpAddr::V6(_) => IpAddr::V6(Ipv6Addr::UNSPECIFIED),
    }
}

/// What a redacted name in an answer becomes.
const REDACTED_NAME: &str = "redacted.invalid.";

/// All a remote page hears of why an address is refused: which special
/// range it is in (private, carrier-grade NAT, link-local) would map the
/// relay's networks for it.
pub(crate) const NOT_ALLOWED: &str = "not allowed";

/// `event` with every address `policy` will not dial written as unspecified;
/// an answer that led to such an address (a split-horizon view, a CNAME
/// chain into a private zone) has its names hidden too.
pub(crate) fn redacted(event: Event, policy: &Policy) -> Event {
    let refused = |ip: IpAddr| policy.check_address(ip).is_err();
    let hide = |ip: IpAddr| if refused(ip) { unspecified(ip) } else { ip };
    match event {
        Event::Dns { name, record_type, resolver, outcome, records, elapsed_ms } => {
            // A CNAME chain is shown only when it ends at an address the
            // relay would dial: one that ends at a refused address, or at
            // none of the asked type (the AAAA beside a private A, say),
            // may name the private zone behind a public name.
            let public = records.iter().any(|record| match record {
                DnsRecord::A { address } => !refused(IpAddr::V4(*address)),
                DnsRecord::Aaaa { address } => !refused(IpAddr::V6(*address)),
                _ => false,
            });
            let private = !public;
            let records = records
                .into_iter()
                .map(|record| match record {
                    DnsRecord::Cname { .. } if private => DnsRecord::Cname { target: REDACTED_NAME.into() },
                    DnsRecord::A { address } => match hide(IpAddr::V4(address)) {
                        IpAddr::V4(address) => DnsRecord::A { address },
                        IpAddr::V6(_) => DnsRecord::A { address: Ipv4Addr::UNSPECIFIED },
                    },
                    DnsRecord::Aaaa { address } => match hide(IpAddr::V6(address)) {
                        IpAddr::V6(address) => DnsRecord::Aaaa { address },
                        IpAddr::V4(_) => DnsRecord::Aaaa { address: Ipv6Addr::UNSPECIFIED },
                    },
                    other => other,
                })
                .collect();
            Event::Dns { name, record_type, resolver, outcome, records, elapsed_ms }
        }
        Event::AddressDenied { address, .. } => {
            Event::AddressDenied { address: unspecified(address), reason: NOT_ALLOWED.to_owned() }
        }
        other => other,
    }
}

impl Emitter<'_> {
    pub(crate) async fn send(&self, event: Event) {
        let event = match self.redact {
            Some(policy) => redacted(event, policy),
            None => event,
        };
        let t_ms = self.started.elapsed().as_millis() as u64;
        // A closed sink means nobody listens any more; the caller cancels us.
        let _ = self.sink.send(TimedEvent { t_ms, event }).await;
    }
}

pub(crate) struct Link<'a> {
    pub(crate) address: SocketAddr,
    pub(crate) server_name: ServerName<'static>,
    pub(crate) trust: &'a Trust,
    pub(crate) timeouts: &'a Timeouts,
    pub(crate) deadline: Instant,
    /// The port is one usually used with SSL/TLS and the client did not
    /// start TLS: a silent greeting is worth a TLS hello on the side.
    pub(crate) tls_hint: bool,
}

/// Whether a refused TLS hello is followed by asking, on a fresh connection
/// with a legacy hello, which old version the server wants.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum OldTls {
    /// TLS from the first byte: the legacy hello goes first.
    Implicit,
    /// TLS after STARTTLS in this protocol: the dialog is replayed up to STARTTLS.
    AfterStarttls(MailProtocol),
    /// Not asked (autoconfig's HTTPS: a web server, not a mail server).
    NotAsked,
}

#[cfg(test)]
mod tests {
    use maildoctor_wire::{DnsOutcome, RecordType, ResolverChoice};

    use super::*;

    fn answer(record_type: RecordType, records: Vec<DnsRecord>) -> Event {
        let (resolver, outcome) = (ResolverChoice::System, DnsOutcome::Answer);
        Event::Dns { name: "mail.example.com".into(), record_type, resolver, outcome, records, elapsed_ms: 1 }
    }

    #[test]
    fn a_remote_page_learns_neither_the_private_name_nor_the_range_behind_a_public_one() {
        let policy = Policy { redact_refused_addresses: true, ..Policy::default() };
        // The AAAA beside a private A: the chain, without an address of its own.
        let chain = vec![DnsRecord::Cname { target: "db.corp.example.com.".into() }];
        let shown = format!("{:?}", redacted(answer(RecordType::Aaaa, chain), &policy));
        assert!(!shown.contains("corp"), "{shown}");
        let denied = Event::AddressDenied { address: [10, 1, 2, 3].into(), reason: "a private address (10/8)".into() };
        let shown = format!("{:?}", redacted(denied, &policy));
        assert!(!shown.contains("10.") && !shown.contains("private"), "{shown}");
        // A chain that ends at an address the relay dials is shown as it is.
        let public = vec![
            DnsRecord::Cname { target: "mx.provider.example.".into() },
            DnsRecord::A { address: [192, 0, 2, 1].into() },
        ];
        let open = Policy { allow: vec!["192.0.2.0/24".parse().expect("cidr")], ..policy };
        assert!(format!("{:?}", redacted(answer(RecordType::A, public), &open)).contains("mx.provider.example."));
    }
}
