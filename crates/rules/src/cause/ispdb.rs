//! What Thunderbird's ISP database's answers and the servers say about an
//! entry (found in the rules' `ispdb` module): the copy's settings used, a changed
//! entry, a stale one.

use crate::catalog::{Args, Catalog};
use crate::{Endpoint, Severity};

/// Where Thunderbird's ISP database takes corrections.
const REPORT_TO: &str = "https://github.com/thunderbird/autoconfig/issues";

/// Why the live service gave no settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LiveMiss {
    /// The relay asks no live service.
    Off,
    /// No answer: no address, no connection, TLS, a timeout, a broken reply.
    Unreachable,
    /// It answered, without the domain (status 404 and the like).
    NotListed,
}

/// How a server disproved what the entry claims about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Disproof {
    /// The host name does not exist.
    NoSuchHost,
    /// The port refuses connections while another port of the host answers.
    PortClosed,
    /// The entry says SSL/TLS; the server answers in plain text there.
    NoTlsThere,
    /// The entry says STARTTLS or plain; the server expects TLS at once.
    TlsOnly,
    /// The entry says STARTTLS; the server does not offer it.
    NoStarttls,
    /// Another protocol answers on the port.
    OtherProtocol,
}

impl Disproof {
    fn key(self) -> &'static str {
        match self {
            Disproof::NoSuchHost => "no-host",
            Disproof::PortClosed => "closed",
            Disproof::NoTlsThere => "no-tls",
            Disproof::TlsOnly => "tls-only",
            Disproof::NoStarttls => "no-starttls",
            Disproof::OtherProtocol => "other-protocol",
        }
    }
}

/// What the ISP database's answers and the servers say about the entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum IspdbNote {
    /// The live service gave nothing; the settings tried are the copy's.
    FromSnapshot { domain: String, date: String, file: String, why: LiveMiss },
    /// The live entry differs from the copy's.
    Changed { domain: String, date: String, added: Vec<Endpoint>, removed: Vec<Endpoint> },
    /// Servers the entry names proved it wrong. `misleading`: the entry's
    /// first server for a direction, the one Thunderbird sets up, is wrong.
    /// `copy`: the entry is maildoctor's copy's of that date (the live
    /// database may have been corrected since).
    Stale {
        domain: String,
        entry: String,
        copy: Option<String>,
        wrong: Vec<(Endpoint, Disproof)>,
        works: Option<Endpoint>,
        misleading: bool,
    },
}

impl IspdbNote {
    pub(crate) fn severity(&self) -> Severity {
        match self {
            IspdbNote::Stale { misleading: true, .. } => Severity::Warning,
            _ => Severity::Info,
        }
    }

    pub(crate) fn code(&self) -> crate::Code {
        match self {
            IspdbNote::FromSnapshot { .. } => crate::Code::DiscoveryIspdbSnapshot,
            IspdbNote::Changed { .. } => crate::Code::DiscoveryIspdbChanged,
            IspdbNote::Stale { .. } => crate::Code::DiscoveryIspdbStale,
        }
    }

    /// The message and its arguments.
    pub(crate) fn words(&self, catalog: &Catalog) -> (&'static str, Args<'static>) {
        let list = |servers: &[Endpoint]| {
            let all: Vec<String> = servers.iter().map(|e| crate::words::endpoint(catalog, e)).collect();
            if all.is_empty() {
                "-".to_owned()
            } else {
                all.join("; ")
            }
        };
        match self {
            IspdbNote::FromSnapshot { domain, date, file, why } => {
                let why = match why {
                    LiveMiss::Off => "off",
                    LiveMiss::Unreachable => "unreachable",
                    LiveMiss::NotListed => "not-listed",
                };
                let args = Args::new().text("domain", domain.clone()).text("date", date.clone());
                ("f-ispdb-snapshot", args.text("file", file.clone()).text("why", why))
            }
            IspdbNote::Changed { domain, date, added, removed } => {
                let args = Args::new().text("domain", domain.clone()).text("date", date.clone());
                ("f-ispdb-changed", args.text("added", list(added)).text("removed", list(removed)))
            }
            IspdbNote::Stale { domain, entry, copy, wrong, works, .. } => {
                let wrong: Vec<String> = wrong
                    .iter()
                    .map(|(server, disproof)| {
                        let args = Args::new()
                            .text("server", crate::words::endpoint(catalog, server))
                            .text("host", server.host.clone())
                            .text("port", server.port.to_string())
                            .text("disproof", disproof.key());
                        catalog.text("ispdb-wrong-entry", &args)
                    })
                    .collect();
                let args = Args::new()
                    .text("domain", domain.clone())
                    .text("entry", entry.clone())
                    .text("wrong", wrong.join("; "))
                    .text("works", works.as_ref().map(|e| crate::words::endpoint(catalog, e)).unwrap_or_default())
                    .text("answered", if works.is_some() { "yes" } else { "no" })
                    .text("copy", copy.clone().unwrap_or_else(|| "live".into()))
                    .text("report", REPORT_TO);
                ("f-ispdb-stale", args)
            }
        }
    }
}
