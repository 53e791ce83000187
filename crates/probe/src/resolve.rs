use std::net::{IpAddr, SocketAddr};
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
    resolver: TokioResolver,
    label: ResolverChoice,
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
        Ok(Self { resolver: builder.build()?, label })
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
