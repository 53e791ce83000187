use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use hickory_resolver::config::{NameServerConfig, ResolverConfig, ResolverOpts};
use hickory_resolver::net::runtime::TokioRuntimeProvider;
use hickory_resolver::net::{DnsError, NetError};
use hickory_resolver::proto::op::ResponseCode;
use hickory_resolver::proto::rr::{RData, RecordType as HickoryType};
use hickory_resolver::TokioResolver;
use maildoctor_wire::{DnsOutcome, DnsRecord, Event, RecordType, ResolverChoice};

/// Which DNS server answers the executor's questions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ResolverSetting {
    /// `/etc/resolv.conf`: what the person's mail client would use.
    System,
    /// One explicit DNS server.
    Server(SocketAddr),
}

impl ResolverSetting {
    /// How events name this resolver.
    pub fn choice(&self) -> ResolverChoice {
        match self {
            Self::System => ResolverChoice::System,
            Self::Server(addr) => ResolverChoice::Server(*addr),
        }
    }
}

#[derive(Debug, Clone)]
pub(crate) struct Dns {
    /// Shared: hickory's resolver is several hundred bytes inline, and
    /// every executor (one per relay session) holds one or two.
    resolver: Arc<TokioResolver>,
    label: ResolverChoice,
    /// A session's answers about the hosts it dials ([`Dns::addresses_of`]).
    memo: Option<Arc<Memo>>,
}

/// An answer, as the event that reports it and the addresses it gave.
type Answer = (Event, Vec<IpAddr>);

/// One question's answer, shared by every probe of the session that asks it.
type Shared = Arc<tokio::sync::OnceCell<Answer>>;

/// The A and AAAA answers one session got about the hosts it dials, so that
/// its probes (the IMAP and SMTP checks of one server, the latency sample)
/// ask each question once. Bounded by the session's own operations.
#[derive(Debug, Default)]
struct Memo {
    answers: Mutex<HashMap<(String, RecordType), Shared>>,
}

impl Dns {
    pub(crate) fn new(setting: &ResolverSetting, timeout: Duration) -> Result<Self, NetError> {
        match setting {
            ResolverSetting::System => Self::build(TokioResolver::builder_tokio()?, setting.choice(), timeout),
            ResolverSetting::Server(addr) => Self::servers(&[*addr], setting.choice(), timeout),
        }
    }

    /// The DNS servers `addrs` (hickory asks two at once and takes the first
    /// answer), whose answers are labelled `label`.
    pub(crate) fn servers(addrs: &[SocketAddr], label: ResolverChoice, timeout: Duration) -> Result<Self, NetError> {
        let servers = addrs
            .iter()
            .map(|addr| {
                let mut server = NameServerConfig::udp_and_tcp(addr.ip());
                for connection in &mut server.connections {
                    connection.port = addr.port();
                }
                server
            })
            .collect();
        let builder = TokioResolver::builder_with_config(
            ResolverConfig::from_parts(None, vec![], servers),
            TokioRuntimeProvider::default(),
        );
        Self::build(builder, label, timeout)
    }

    fn build(
        mut builder: hickory_resolver::ResolverBuilder<TokioRuntimeProvider>,
        label: ResolverChoice,
        timeout: Duration,
    ) -> Result<Self, NetError> {
        let mut options = ResolverOpts::default();
        options.timeout = timeout;
        // `attempts` counts retries. None: within its one try hickory
        // resends a lost UDP question itself, and the try lasts as long as
        // the first try of the stub resolvers mail apps sit on (see
        // `Timeouts::dns`), so an answer they would get is seen.
        options.attempts = 0;
        // A diagnosis must see what DNS says now, not what it said a minute ago.
        options.cache_size = 0;
        *builder.options_mut() = options;
        Ok(Self { resolver: Arc::new(builder.build()?), label, memo: None })
    }

    /// This resolver, remembering the answers about the hosts dialed
    /// through it ([`Dns::addresses_of`]) for as long as it is kept.
    pub(crate) fn remembering(&self) -> Self {
        Self { memo: Some(Arc::default()), ..self.clone() }
    }

    /// [`Dns::ask`] for the addresses of a host to dial: with a memo, a
    /// question already asked is answered from it, and one asked at the
    /// same moment by another probe waits for the same answer.
    ///
    /// A remembered answer is the same event, `elapsed_ms` included: the
    /// time the resolver took to give that answer. The rules judge the
    /// resolver by its answers (the slowest of them, the outcomes, the
    /// records), so a replay neither hides nor invents slowness, where 0
    /// would claim an answer the resolver never gave that fast. The run's
    /// own `t_ms` stamps when its probe heard it.
    ///
    /// An answer that may change on asking again (a timeout, SERVFAIL, an
    /// error) is shared only by the questions waiting for it; the next
    /// question asks the resolver again, as a mail app would.
    pub(crate) async fn addresses_of(&self, name: &str, record_type: RecordType) -> Answer {
        let Some(memo) = &self.memo else { return self.ask(name, record_type).await };
        let key = (name.to_owned(), record_type);
        let cell = {
            let mut answers = memo.answers.lock().unwrap_or_else(PoisonError::into_inner);
            answers.entry(key.clone()).or_default().clone()
        };
        let answer = cell.get_or_init(|| self.ask(name, record_type)).await.clone();
        let settled = matches!(&answer.0, Event::Dns { outcome, .. }
            if matches!(outcome, DnsOutcome::Answer | DnsOutcome::NoData | DnsOutcome::NxDomain));
        if !settled {
            let mut answers = memo.answers.lock().unwrap_or_else(PoisonError::into_inner);
            if answers.get(&key).is_some_and(|kept| Arc::ptr_eq(kept, &cell)) {
                answers.remove(&key);
            }
        }
        answer
    }

    /// Asks one question and describes the answer as an event.
    pub(crate) async fn ask(&self, name: &str, record_type: RecordType) -> (Event, Vec<IpAddr>) {
        let started = Instant::now();
        let fqdn = if name.ends_with('.') { name.to_owned() } else { format!("{name}.") };
        let result = self.resolver.lookup(fqdn.as_str(), hickory_type(record_type)).await;
        let elapsed_ms = started.elapsed().as_millis() as u64;
        let mut addresses = Vec::new();
        let (outcome, records) = match result {
            Ok(lookup) => {
                let records: Vec<DnsRecord> = lookup
                    .answers()
                    .iter()
                    .filter_map(|record| match &record.data {
                        RData::A(a) => {
                            addresses.push(IpAddr::V4(a.0));
                            Some(DnsRecord::A { address: a.0 })
                        }
                        RData::AAAA(a) => {
                            addresses.push(IpAddr::V6(a.0));
                            Some(DnsRecord::Aaaa { address: a.0 })
                        }
                        RData::MX(mx) => {
                            Some(DnsRecord::Mx { preference: mx.preference, exchange: mx.exchange.to_string() })
                        }
                        RData::SRV(srv) => Some(DnsRecord::Srv {
                            priority: srv.priority,
                            weight: srv.weight,
                            port: srv.port,
                            target: srv.target.to_string(),
                        }),
                        RData::TXT(txt) => Some(DnsRecord::Txt {
                            text: txt.txt_data.iter().map(|part| String::from_utf8_lossy(part)).collect(),
                        }),
                        RData::CNAME(cname) => Some(DnsRecord::Cname { target: cname.0.to_string() }),
                        RData::NS(ns) => Some(DnsRecord::Ns { target: ns.0.to_string() }),
                        _ => None,
                    })
                    .collect();
                let outcome = if records.is_empty() { DnsOutcome::NoData } else { DnsOutcome::Answer };
                (outcome, records)
            }
            Err(err) => (outcome_of(&err), Vec::new()),
        };
        let event = Event::Dns {
            name: if name == "." { name.to_owned() } else { name.trim_end_matches('.').to_owned() },
            record_type,
            resolver: self.label.clone(),
            outcome,
            records,
            elapsed_ms,
        };
        (event, addresses)
    }
}

fn outcome_of(err: &NetError) -> DnsOutcome {
    match err {
        NetError::Dns(DnsError::NoRecordsFound(no)) if no.response_code == ResponseCode::NXDomain => {
            DnsOutcome::NxDomain
        }
        NetError::Dns(DnsError::NoRecordsFound(_)) => DnsOutcome::NoData,
        NetError::Dns(DnsError::ResponseCode(ResponseCode::ServFail)) => DnsOutcome::ServFail,
        NetError::Dns(DnsError::ResponseCode(ResponseCode::Refused)) => DnsOutcome::Refused,
        NetError::Dns(DnsError::ResponseCode(code)) => DnsOutcome::Error { message: format!("rcode {code}") },
        NetError::Timeout => DnsOutcome::Timeout,
        other => DnsOutcome::Error { message: other.to_string() },
    }
}

fn hickory_type(record_type: RecordType) -> HickoryType {
    match record_type {
        RecordType::A => HickoryType::A,
        RecordType::Aaaa => HickoryType::AAAA,
        RecordType::Mx => HickoryType::MX,
        RecordType::Srv => HickoryType::SRV,
        RecordType::Txt => HickoryType::TXT,
        RecordType::Cname => HickoryType::CNAME,
        RecordType::Ns => HickoryType::NS,
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;

    /// A DNS server on loopback that answers every question with `rcode`
    /// (the question echoed, no records) and counts the questions.
    async fn server(rcode: u8) -> (SocketAddr, Arc<AtomicUsize>) {
        let socket = tokio::net::UdpSocket::bind("127.0.0.1:0").await.expect("bind");
        let addr = socket.local_addr().expect("address");
        let asked = Arc::new(AtomicUsize::new(0));
        let counted = asked.clone();
        tokio::spawn(async move {
            let mut buf = [0u8; 512];
            while let Ok((len, from)) = socket.recv_from(&mut buf).await {
                counted.fetch_add(1, Ordering::SeqCst);
                let mut reply = buf[..len].to_vec();
                reply[2] |= 0x80; // a response
                reply[3] = (reply[3] & 0xf0) | rcode;
                let _ = socket.send_to(&reply, from).await;
            }
        });
        (addr, asked)
    }

    fn dns(addr: SocketAddr) -> Dns {
        Dns::servers(&[addr], ResolverChoice::Server(addr), Duration::from_secs(2)).expect("a resolver")
    }

    #[tokio::test]
    async fn a_session_asks_the_address_of_a_host_once_and_hears_the_same_answer() {
        const NXDOMAIN: u8 = 3;
        let (addr, asked) = server(NXDOMAIN).await;
        let memo = dns(addr).remembering();
        let (first, together) = tokio::join!(
            memo.addresses_of("mail.example.test", RecordType::A),
            memo.addresses_of("mail.example.test", RecordType::A)
        );
        let later = memo.addresses_of("mail.example.test", RecordType::A).await;
        assert_eq!(asked.load(Ordering::SeqCst), 1, "one question for three probes");
        assert!(matches!(&first.0, Event::Dns { outcome: DnsOutcome::NxDomain, .. }), "{first:?}");
        assert_eq!(first, together);
        assert_eq!(first, later, "the same event, elapsed_ms included");
        let _ = memo.addresses_of("mail.example.test", RecordType::Aaaa).await;
        assert_eq!(asked.load(Ordering::SeqCst), 2, "AAAA is its own question");
        // Another session, or none: asked again.
        let _ = dns(addr).remembering().addresses_of("mail.example.test", RecordType::A).await;
        let _ = dns(addr).addresses_of("mail.example.test", RecordType::A).await;
        assert_eq!(asked.load(Ordering::SeqCst), 4);
    }

    #[tokio::test]
    async fn a_failure_that_may_pass_is_asked_again() {
        const SERVFAIL: u8 = 2;
        let (addr, asked) = server(SERVFAIL).await;
        let memo = dns(addr).remembering();
        let first = memo.addresses_of("mail.example.test", RecordType::A).await;
        assert!(matches!(&first.0, Event::Dns { outcome: DnsOutcome::ServFail, .. }), "{first:?}");
        let _ = memo.addresses_of("mail.example.test", RecordType::A).await;
        assert_eq!(asked.load(Ordering::SeqCst), 2);
    }
}
