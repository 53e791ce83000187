//! The Autodiscover walk over the address's own domain, in the order
//! Outlook and Microsoft's documentation give (learn.microsoft.com,
//! "Autodiscover for Exchange" and "Generate a list of Autodiscover
//! endpoints"; [MS-OXDSCLI] 3.1.5): the domain's own HTTPS, then
//! `autodiscover.<domain>` over HTTPS, then `autodiscover.<domain>` over
//! plain HTTP for a redirect to HTTPS only (a GET: nothing is sent over
//! HTTP but the path), then the host the `_autodiscover._tcp` SRV record
//! names. Each is asked in POX XML; the first that answers with settings
//! ends the walk. Redirects are followed only by [`redirect`]'s rules, and
//! each request is reported as one `Autodiscover` event, whatever it did.

mod redirect;
mod suffix;

use maildoctor_proto::autodiscover::pox::{self, Answer};
use maildoctor_proto::http::get_request;
use maildoctor_wire::{AutoconfigProblem, AutodiscoverRedirect, DnsRecord, Event, RecordType, RedirectRefusal};
use redirect::{Hop, Rules, PATH};

use crate::autoconfig::exchange;
use crate::link::Emitter;
use crate::reach::Context;

/// How one candidate ended.
enum Outcome {
    /// It answered with settings: the walk is done.
    Answered,
    /// Ask again, from the first candidate, with this address.
    Restart(String),
    /// Nothing from it: on to the next candidate.
    Next,
    /// A loop or too many hops: the walk is over.
    Stop,
}

/// Walks `address`'s domain's candidates (the address is already admitted).
pub(crate) async fn walk(context: Context<'_>, address: &str, emit: &Emitter<'_>) {
    let Some(mut rules) = Rules::new(address, context.policy.any_port) else { return };
    let mut address = address.to_ascii_lowercase();
    'restart: loop {
        let Some((_, domain)) = address.rsplit_once('@').map(|(l, d)| (l.to_owned(), d.to_owned())) else { return };
        let own = Hop { https: true, host: domain.clone(), port: 443 };
        let named = Hop { https: true, host: format!("autodiscover.{domain}"), port: 443 };
        let plain = Hop { https: false, host: format!("autodiscover.{domain}"), port: 80 };
        for hop in [Some(own), Some(named), Some(plain), None] {
            let hop = match hop {
                Some(hop) => hop,
                None => match srv_target(context, &domain, emit).await {
                    Some(hop) => {
                        rules.srv_host = Some(hop.host.clone());
                        hop
                    }
                    None => continue,
                },
            };
            match follow(context, &mut rules, hop, &address, emit).await {
                Outcome::Answered | Outcome::Stop => return,
                Outcome::Restart(next) => {
                    address = next.to_ascii_lowercase();
                    continue 'restart;
                }
                Outcome::Next => {}
            }
        }
        return;
    }
}

/// The host and port `_autodiscover._tcp.<domain>` names (the lowest
/// priority value first, RFC 2782), on port 443 unless any port is allowed.
async fn srv_target(context: Context<'_>, domain: &str, emit: &Emitter<'_>) -> Option<Hop> {
    let (answer, _) = context.dns.ask(&format!("_autodiscover._tcp.{domain}"), RecordType::Srv).await;
    let records = match &answer {
        Event::Dns { records, .. } => records.clone(),
        _ => Vec::new(),
    };
    emit.send(answer).await;
    records
        .iter()
        .filter_map(|record| match record {
            DnsRecord::Srv { priority, port, target, .. }
                if target != "." && (*port == 443 || context.policy.any_port) =>
            {
                Some((
                    *priority,
                    Hop { https: true, host: target.trim_end_matches('.').to_ascii_lowercase(), port: *port },
                ))
            }
            _ => None,
        })
        .min_by_key(|(priority, _)| *priority)
        .map(|(_, hop)| hop)
}

/// Asks `hop` and follows its redirects within the rules.
async fn follow(context: Context<'_>, rules: &mut Rules, mut hop: Hop, address: &str, emit: &Emitter<'_>) -> Outcome {
    let Some(body) = pox::request_body(address) else { return Outcome::Stop };
    loop {
        let url = hop.url();
        rules.asking(address, &url);
        let report = |status, host, servers, redirect, problem| Event::Autodiscover {
            url: url.clone(),
            status,
            host,
            servers,
            redirect,
            problem,
        };
        if context.policy.check_host(&hop.host).is_err() {
            emit.send(report(None, None, vec![], None, Some(AutoconfigProblem::NoAddress))).await;
            return Outcome::Next;
        }
        // Plain HTTP is only ever asked for a redirect: a GET, no address.
        let request = if hop.https { pox::post_request(&hop.host, PATH, &body) } else { get_request(&hop.host, PATH) };
        let response = match exchange(context, hop.https, &hop.host, hop.port, &request, emit).await {
            Ok(response) => response,
            Err(problem) => {
                let problem = problem.unwrap_or(AutoconfigProblem::NoAddress);
                emit.send(report(None, None, vec![], None, Some(problem))).await;
                return Outcome::Next;
            }
        };
        let status = Some(response.status);
        let redirect_to = match (response.status, &response.location) {
            (301 | 302 | 307 | 308, Some(location)) => Some(location.trim().to_owned()),
            _ if !hop.https || response.status != 200 => {
                emit.send(report(status, None, vec![], None, Some(AutoconfigProblem::Status))).await;
                return Outcome::Next;
            }
            _ => None,
        };
        let answer = match redirect_to {
            Some(to) => Ok(Answer::RedirectUrl(to)),
            None => pox::parse(&response.body),
        };
        match answer {
            Err(detail) => {
                emit.send(report(status, None, vec![], None, Some(AutoconfigProblem::NotAutoconfig { detail }))).await;
                return Outcome::Next;
            }
            Ok(Answer::Settings { servers, exchange }) => {
                emit.send(report(status, exchange, servers, None, None)).await;
                return Outcome::Answered;
            }
            Ok(Answer::RedirectUrl(to)) => {
                let decision = rules.url(&hop, &to, address);
                let refused = decision.as_ref().err().copied();
                emit.send(report(status, None, vec![], Some(AutodiscoverRedirect { to, refused }), None)).await;
                match decision {
                    Ok(next) => hop = next,
                    Err(refusal) => return stop_or_next(refusal),
                }
            }
            Ok(Answer::RedirectAddr(to)) => {
                let decision = rules.address(&to);
                let redirect = AutodiscoverRedirect { to: to.clone(), refused: decision.err() };
                emit.send(report(status, None, vec![], Some(redirect), None)).await;
                return match decision {
                    Ok(()) => Outcome::Restart(to),
                    Err(refusal) => stop_or_next(refusal),
                };
            }
        }
    }
}

/// A loop or a chain past the limit ends the walk; any other refusal only
/// this candidate, as Outlook moves on to the next.
fn stop_or_next(refusal: RedirectRefusal) -> Outcome {
    match refusal {
        RedirectRefusal::Loop | RedirectRefusal::TooManyHops => Outcome::Stop,
        _ => Outcome::Next,
    }
}
