//! The pictures, drawn from the report: the path from this computer to
//! the login with the failing hop marked and named, and the port matrix
//! (protocol × security, each cell's ports with their outcome in words).

use maildoctor_rules::{security, step_name, Args, Catalog, Code, ProbeSteps, Report, Severity, Source, StepState};
use maildoctor_wire::{MailProtocol, Security, Step};
use yew::prelude::*;

use crate::heading::heading;
use crate::query::security_key;
use crate::timeline::look;

/// The hops of the path picture, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Hop {
    Computer,
    Relay,
    Dns,
    Address,
    Port,
    Tls,
    Login,
}

const HOPS: [Hop; 7] = [Hop::Computer, Hop::Relay, Hop::Dns, Hop::Address, Hop::Port, Hop::Tls, Hop::Login];

impl Hop {
    fn message_id(self) -> &'static str {
        match self {
            Hop::Computer => "page-hop-computer",
            Hop::Relay => "page-hop-relay",
            Hop::Dns => "page-hop-dns",
            Hop::Address => "page-hop-address",
            Hop::Port => "page-hop-port",
            Hop::Tls => "page-hop-tls",
            Hop::Login => "page-hop-login",
        }
    }

    /// The hop's name in the page's markup (`data-hop`), which tests and
    /// stylesheets select by.
    fn key(self) -> &'static str {
        self.message_id().trim_start_matches("page-hop-")
    }

    /// The hop a probe's step belongs to; `unreachable`: the address had no route.
    fn of(step: Step, unreachable: bool) -> Hop {
        match step {
            Step::Resolve => Hop::Dns,
            Step::Connect if unreachable => Hop::Address,
            Step::Connect | Step::Greeting | Step::Capabilities => Hop::Port,
            Step::Tls | Step::Starttls => Hop::Tls,
            Step::Login | Step::Logout => Hop::Login,
        }
    }
}

/// The probe the path is drawn for: the one the root cause is about, else
/// the person's own, else the first.
pub(crate) fn path_probe(report: &Report) -> Option<&ProbeSteps> {
    let root = report.findings.iter().find(|f| f.severity == Severity::Error).and_then(|f| f.endpoint.as_ref());
    report
        .probes
        .iter()
        .find(|p| Some(&p.endpoint) == root)
        .or_else(|| report.probes.iter().find(|p| p.source == Some(Source::Given)))
        .or_else(|| report.probes.first())
}

/// Whether the findings say `probe`'s address had no route (a connect that
/// timed out or was refused reached the address; the port is at fault).
fn no_route(report: &Report, probe: Option<&ProbeSteps>) -> bool {
    fn any(findings: &[maildoctor_rules::Finding], endpoint: &maildoctor_rules::Endpoint) -> bool {
        findings.iter().any(|f| {
            (f.code == Code::TcpUnreachable && f.endpoint.as_ref() == Some(endpoint)) || any(&f.follows, endpoint)
        })
    }
    probe.is_some_and(|p| any(&report.findings, &p.endpoint))
}

/// Each hop's state along `probe`; `relay_failed`: the page could not use
/// the relay; `no_route`: the server's address could not be reached at all.
pub(crate) fn hop_states(
    probe: Option<&ProbeSteps>,
    relay_failed: bool,
    no_route: bool,
) -> Vec<(Hop, Option<StepState>)> {
    if relay_failed {
        return HOPS
            .iter()
            .map(|hop| match hop {
                Hop::Computer => (*hop, Some(StepState::Passed)),
                Hop::Relay => (*hop, Some(StepState::Failed)),
                _ => (*hop, None),
            })
            .collect();
    }
    let Some(probe) = probe else {
        return HOPS.iter().map(|hop| (*hop, None)).collect();
    };
    let failed = probe.failed_step().map(|step| Hop::of(step, no_route));
    let waiting = probe.steps.iter().find(|s| s.state == StepState::Waiting).map(|s| Hop::of(s.step, false));
    let logged_in = probe.steps.iter().any(|s| s.step == Step::Login && s.state == StepState::Passed);
    let mut states = Vec::new();
    let mut past_break = false;
    for hop in HOPS {
        let state = if past_break {
            None
        } else if Some(hop) == failed || (failed.is_none() && Some(hop) == waiting) {
            past_break = true;
            Some(if failed.is_some() { StepState::Failed } else { StepState::Waiting })
        } else if hop == Hop::Tls && probe.endpoint.security == Security::None {
            Some(StepState::Skipped)
        } else if hop == Hop::Login && !logged_in {
            if probe.done {
                Some(StepState::Skipped)
            } else {
                None
            }
        } else if probe.done || failed.is_some() || waiting.is_some() {
            Some(StepState::Passed)
        } else {
            None
        };
        states.push((hop, state));
    }
    states
}

const HOP_HEIGHT: i32 = 46;

/// The path picture: hops from top to bottom, so it reads at 320 px too.
pub(crate) fn path_picture(report: &Report, relay_failed: bool, catalog: &Catalog) -> Html {
    let probe = path_probe(report);
    let states = hop_states(probe, relay_failed, no_route(report, probe));
    let broken = states.iter().find(|(_, s)| *s == Some(StepState::Failed)).map(|(hop, _)| *hop);
    let description = match (broken, probe) {
        (Some(hop), _) => {
            catalog.text("page-path-broken", &Args::new().text("hop", catalog.text(hop.message_id(), &Args::new())))
        }
        (None, Some(p)) if p.passed() => catalog.text("page-path-clear", &Args::new()),
        _ => catalog.text("page-path-checking", &Args::new()),
    };
    let height = HOP_HEIGHT * states.len() as i32;
    let detail = |hop: Hop| -> String {
        let Some(probe) = probe else { return String::new() };
        match hop {
            Hop::Address => probe
                .steps
                .iter()
                .find_map(|s| s.address.map(|a| a.ip().to_string()))
                .unwrap_or_else(|| probe.endpoint.host.clone()),
            Hop::Port => format!("{} {}", probe.endpoint.protocol, probe.endpoint.port),
            Hop::Dns => probe.endpoint.host.clone(),
            _ => String::new(),
        }
    };
    html! {
        <figure class="path" id="path">
            <svg viewBox={format!("0 0 320 {height}")} width="320" height={height.to_string()} role="img" aria-labelledby="path-title">
                <title id="path-title">{ &description }</title>
                { for states.iter().enumerate().map(|(n, (hop, state))| {
                    let y = n as i32 * HOP_HEIGHT;
                    let (class, mark) = look(*state);
                    let failed_step = (*state == Some(StepState::Failed)).then(|| probe.and_then(ProbeSteps::failed_step)).flatten();
                    let note = match failed_step {
                        Some(step) if !relay_failed => format!("{} — {}", detail(*hop), step_name(catalog, step)),
                        _ => detail(*hop),
                    };
                    html! {
                        <g class={classes!("hop", class)} data-hop={hop.key()} data-state={class}>
                            if n > 0 {
                                <line x1="22" y1={(y - 14).to_string()} x2="22" y2={(y + 6).to_string()} class="link" />
                            }
                            <circle cx="22" cy={(y + 18).to_string()} r="13" />
                            <text x="22" y={(y + 23).to_string()} text-anchor="middle" class="mark">{ mark }</text>
                            <text x="46" y={(y + 15).to_string()} class="label">{ catalog.text(hop.message_id(), &Args::new()) }</text>
                            <text x="46" y={(y + 32).to_string()} class="detail">{ note }</text>
                        </g>
                    }
                }) }
            </svg>
            <figcaption>{ description }</figcaption>
        </figure>
    }
}

/// A cell's state (`None`: nothing was tried, or the check stopped before
/// it ended) and its outcome in words; `ended`: the report is final.
fn cell_word(probe: &ProbeSteps, ended: bool, catalog: &Catalog) -> (Option<StepState>, String) {
    if !probe.done && ended {
        (None, catalog.text("page-cell-untested", &Args::new()))
    } else if !probe.done {
        (Some(StepState::Waiting), catalog.text("page-cell-checking", &Args::new()))
    } else if let Some(step) = probe.failed_step() {
        (Some(StepState::Failed), catalog.text("page-cell-failed", &Args::new().text("step", step_name(catalog, step))))
    } else if probe.steps.is_empty() {
        (None, catalog.text("page-cell-untested", &Args::new()))
    } else {
        (Some(StepState::Passed), catalog.text("page-cell-works", &Args::new()))
    }
}

fn badge(state: Option<StepState>) -> Html {
    let (class, mark) = look(state);
    html! {
        <svg class={classes!("badge", class)} viewBox="0 0 16 16" width="16" height="16" aria-hidden="true">
            <circle cx="8" cy="8" r="7" />
            <text x="8" y="12" text-anchor="middle">{ mark }</text>
        </svg>
    }
}

const SECURITIES: [Security; 3] = [Security::Tls, Security::Starttls, Security::None];

fn host_matrix(host: &str, probes: &[&ProbeSteps], ended: bool, catalog: &Catalog) -> Html {
    let protocols: Vec<MailProtocol> = [MailProtocol::Imap, MailProtocol::Pop3, MailProtocol::Smtp]
        .into_iter()
        .filter(|protocol| probes.iter().any(|p| p.endpoint.protocol == *protocol))
        .collect();
    html! {
        <table class="matrix" data-host={host.to_owned()}>
            <caption>{ catalog.text("page-matrix-caption", &Args::new().text("host", host.to_owned())) }</caption>
            <thead><tr>
                <th scope="col">{ catalog.text("page-protocol", &Args::new()) }</th>
                { for SECURITIES.iter().map(|s| html! { <th scope="col">{ security(catalog, *s) }</th> }) }
            </tr></thead>
            <tbody>{ for protocols.iter().map(|protocol| html! {
                <tr>
                    <th scope="row">{ protocol.name() }</th>
                    { for SECURITIES.iter().map(|security| {
                        let cell: Vec<&&ProbeSteps> = probes
                            .iter()
                            .filter(|p| p.endpoint.protocol == *protocol && p.endpoint.security == *security)
                            .collect();
                        html! { <td>{ for cell.iter().map(|probe| {
                            let (state, word) = cell_word(probe, ended, catalog);
                            let (class, _) = look(state);
                            html! {
                                <div class={classes!("cell", class)} data-port={probe.endpoint.port.to_string()}
                                    data-security={security_key(probe.endpoint.security)} data-state={class}>
                                    { badge(state) }
                                    <span class="port">{ probe.endpoint.port.to_string() }</span>
                                    <span class="word">{ word }</span>
                                </div>
                            }
                        }) }</td> }
                    }) }
                </tr>
            }) }</tbody>
        </table>
    }
}

/// The port matrix: one table per server name, the person's own first.
pub(crate) fn port_matrix(report: &Report, catalog: &Catalog) -> Html {
    let mut hosts: Vec<(&str, bool)> = Vec::new();
    for probe in &report.probes {
        let given = probe.source == Some(Source::Given);
        match hosts.iter_mut().find(|(host, _)| *host == probe.endpoint.host) {
            Some(entry) => entry.1 |= given,
            None => hosts.push((&probe.endpoint.host, given)),
        }
    }
    if hosts.is_empty() {
        return html! {};
    }
    hosts.sort_by_key(|(_, given)| !*given);
    let tables = |hosts: &[(&str, bool)]| -> Html {
        hosts
            .iter()
            .map(|(host, _)| {
                let probes: Vec<&ProbeSteps> = report.probes.iter().filter(|p| p.endpoint.host == *host).collect();
                host_matrix(host, &probes, report.complete, catalog)
            })
            .collect()
    };
    let own = hosts.iter().take_while(|(_, given)| *given).count().max(1);
    let (first, rest) = hosts.split_at(own.min(hosts.len()));
    html! {
        <section class="matrices" id="matrix" aria-labelledby="matrix-heading">
            { heading(2, Some("matrix-heading"), None, html! { catalog.text("page-matrix", &Args::new()) }) }
            { tables(first) }
            if !rest.is_empty() {
                <details class="more-servers">
                    <summary>{ catalog.text("page-matrix-more", &Args::new().number("count", rest.len() as u64)) }</summary>
                    { tables(rest) }
                </details>
            }
        </section>
    }
}
