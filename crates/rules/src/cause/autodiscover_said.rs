//! The findings of the Autodiscover walk (the top-level `autodiscover`
//! module makes them): their codes, weight and words, and what one ask did.

use maildoctor_wire::{AutoconfigProblem, Event, RedirectRefusal};

use crate::catalog::{Args, Catalog};
use crate::{words, Code, Severity};

/// One finding about the walk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum AutodiscoverSaid {
    /// The settings discovery used came from Autodiscover at `url`.
    Answered { url: String },
    /// No candidate gave settings, and discovery fell back below them.
    Fruitless { domain: String, steps: Vec<Event> },
    /// A redirect the rules did not follow.
    RedirectRefused { url: String, to: String, why: RedirectRefusal },
}

impl AutodiscoverSaid {
    pub(crate) fn code(&self) -> Code {
        match self {
            Self::Answered { .. } => Code::DiscoveryAutodiscoverAnswered,
            Self::Fruitless { .. } => Code::DiscoveryAutodiscoverNone,
            Self::RedirectRefused { .. } => Code::DiscoveryAutodiscoverRedirectRefused,
        }
    }

    /// A redirect to a name anyone can register is the leak itself, and
    /// Outlook would follow it: a warning. The rest is information.
    pub(crate) fn severity(&self) -> Severity {
        match self {
            Self::RedirectRefused { why: RedirectRefusal::PublicSuffix, .. } => Severity::Warning,
            _ => Severity::Info,
        }
    }

    pub(crate) fn words(&self, catalog: &Catalog) -> (&'static str, Args<'static>) {
        match self {
            Self::Answered { url } => ("f-autodiscover-answered", Args::new().text("url", url.clone())),
            Self::Fruitless { domain, steps } => {
                let lines: Vec<String> = steps.iter().map(|e| step(catalog, e)).collect();
                ("f-autodiscover-none", Args::new().text("domain", domain.clone()).text("steps", lines.join("; ")))
            }
            Self::RedirectRefused { url, to, why } => (
                "f-autodiscover-redirect-refused",
                Args::new()
                    .text("url", url.clone())
                    .text("to", short(to))
                    .text("why", refusal(catalog, *why))
                    .text("kind", if *why == RedirectRefusal::PublicSuffix { "public_suffix" } else { "other" }),
            ),
        }
    }
}

/// A server-chosen text (a redirect's target, its error message) cut to what
/// a report line can carry: a hostile answer may be up to 64 KiB.
fn short(text: &str) -> String {
    const MOST: usize = 200;
    match text.char_indices().nth(MOST) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_owned(),
    }
}

/// The relay's hop limit (crates/probe/src/autodiscover/redirect.rs), as said.
const MAX_HOPS: u64 = 10;

/// Why a redirect was not followed, in words.
fn refusal(catalog: &Catalog, why: RedirectRefusal) -> String {
    let id = match why {
        RedirectRefusal::NotHttps => "ad-why-not-https",
        RedirectRefusal::NotAutodiscover => "ad-why-not-autodiscover",
        RedirectRefusal::PublicSuffix => "ad-why-public-suffix",
        RedirectRefusal::OtherDomain => "ad-why-other-domain",
        RedirectRefusal::Loop => "ad-why-loop",
        RedirectRefusal::TooManyHops => "ad-why-too-many-hops",
    };
    let args = match why {
        RedirectRefusal::TooManyHops => Args::new().number("hops", MAX_HOPS),
        _ => Args::new(),
    };
    catalog.text(id, &args)
}

/// What one ask did: "https://…: no connection".
fn step(catalog: &Catalog, event: &Event) -> String {
    let Event::Autodiscover { url, status, host, servers, redirect, problem } = event else { return String::new() };
    let args = || Args::new().text("url", url.clone());
    let with_status = || args().text("status", status.map(|s| s.to_string()).unwrap_or_default());
    let (id, args) = match (redirect, problem) {
        (Some(redirect), _) => match redirect.refused {
            Some(why) => ("ad-step-refused", args().text("to", short(&redirect.to)).text("why", refusal(catalog, why))),
            None => ("ad-step-redirected", args().text("to", short(&redirect.to))),
        },
        (None, Some(problem)) => match problem {
            AutoconfigProblem::NoAddress => ("ad-step-no-address", args()),
            AutoconfigProblem::Unreachable | AutoconfigProblem::Timeout => ("ad-step-unreachable", args()),
            AutoconfigProblem::Certificate | AutoconfigProblem::Tls => ("ad-step-tls", args()),
            AutoconfigProblem::Status if *status == Some(401) || *status == Some(403) => {
                ("ad-step-wants-login", with_status())
            }
            AutoconfigProblem::Status if url.starts_with("http://") => ("ad-step-no-redirect", with_status()),
            AutoconfigProblem::Status => ("ad-step-status", with_status()),
            AutoconfigProblem::BadResponse { detail } | AutoconfigProblem::NotAutoconfig { detail } => {
                ("ad-step-not-autodiscover", args().text("detail", short(detail)))
            }
        },
        (None, None) => {
            let named: Vec<String> = servers
                .iter()
                .map(|s| {
                    let ep = crate::Endpoint {
                        host: s.host.clone(),
                        port: s.port,
                        protocol: s.protocol,
                        security: s.security,
                    };
                    words::endpoint(catalog, &ep)
                })
                .chain(host.clone())
                .collect();
            ("ad-step-settings", args().text("servers", named.join(", ")))
        }
    };
    catalog.text(id, &args)
}

/// The evidence line for an ask that named settings or a redirect.
pub(crate) fn event_line(catalog: &Catalog, event: &Event) -> String {
    format!("AUTODISCOVER {}", step(catalog, event))
}
