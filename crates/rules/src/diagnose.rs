//! From one probe's events to findings. The steps of a connection run in a
//! fixed order (DNS, TCP, TLS, greeting, capabilities, STARTTLS), and the
//! first step that failed is the root cause: later steps never ran, so they are
//! not reported as failures of their own.

use maildoctor_wire::{
    AuthOutcome, CertProblem, CertSummary, CertVerdict, DnsOutcome, DnsRecord, Event, GreetingStatus, MailProtocol,
    ProbeFailure, Refusal, ResolverChoice, Security, Step, TcpOutcome, TlsFailure, TlsResult,
};

use crate::clients;
use crate::describe;
use crate::describe::ascii_of_hex;
use crate::messages;
use crate::plan;
use crate::providers;
use crate::session::{Job, Run, Source};
use crate::{Code, Endpoint, Evidence, Finding, Severity};

/// The settings of `run` were seen to work: the dialog completed and no
/// rule found an error.
pub(crate) fn works(run: &Run) -> bool {
    run.done
        && run.events.iter().any(|(_, e)| matches!(e, Event::Completed { .. }))
        && !probe(run).iter().any(|f| f.severity == Severity::Error)
}

/// The whole report: the person's own settings first (root causes first),
/// then what discovery found.
pub(crate) fn session(runs: &[Run], domain: &str, complete: bool) -> (Vec<Finding>, Vec<Endpoint>) {
    let mut findings = Vec::new();
    let mut working = Vec::new();
    for run in runs.iter().filter(|r| matches!(r.job, Job::Probe { source: Source::Given, .. })) {
        let Some(ep) = run.endpoint() else { continue };
        if works(run) {
            working.push(ep.clone());
        }
        findings.extend(probe(run));
    }
    compare_resolvers(runs, &mut findings);
    // The path comes before the settings: a lossy network explains what follows.
    let mut path = Vec::new();
    network_quality(runs, &mut path);
    findings.splice(0..0, path);
    port25_blocked(runs, &mut findings);
    if let Some(blocked) = mail_ports_blocked(runs, &mut findings) {
        findings.push(blocked);
    }
    let lookups_ran = runs.iter().any(|r| matches!(r.job, Job::Lookup { .. }));
    if lookups_ran {
        if let Some(finding) = domain_missing(runs, domain) {
            findings.push(finding);
        }
    }
    for incoming in [true, false] {
        let candidates: Vec<&Run> = runs
            .iter()
            .filter(|r| matches!(&r.job, Job::Probe { source, incoming: i, .. } if *source != Source::Given && *i == incoming))
            .collect();
        if candidates.is_empty() {
            continue;
        }
        let found: Vec<(&Endpoint, Source)> = candidates
            .iter()
            .filter(|r| works(r))
            .filter_map(|r| match &r.job {
                Job::Probe { endpoint, source, .. } => Some((endpoint, *source)),
                _ => None,
            })
            .collect();
        let direction = if incoming { "incoming" } else { "outgoing" };
        let provider =
            providers::by_domain(domain).or_else(|| plan::primary_mx(domain, runs).and_then(providers::by_mx));
        if !found.is_empty() {
            let list: Vec<String> = found.iter().map(|(e, s)| format!("{e} (from {})", s.describe())).collect();
            let mut finding =
                Finding::new(Code::DiscoveryFound, Severity::Info, format!("Settings that work for {direction} mail"))
                    .because(format!("maildoctor found and tested these: {}.", list.join("; ")))
                    .fix(format!("In your mail app, set the {direction} server to {}.", found[0].0));
            if let Some(provider) = provider {
                finding = finding.fix(format!("{}: {}", provider.name, provider.note));
            }
            findings.push(finding);
            // The person's own setting failed: show where to put the one that works.
            let given = runs.iter().find_map(|r| match &r.job {
                Job::Probe { endpoint, source: Source::Given, incoming: i } if *i == incoming => Some(endpoint.clone()),
                _ => None,
            });
            if let Some(given) = given {
                let target = found[0].0;
                let steps = clients::set_server(target, incoming);
                if let Some(root) =
                    findings.iter_mut().find(|f| f.severity == Severity::Error && f.endpoint.as_ref() == Some(&given))
                {
                    root.clients = steps;
                }
            }
            working.extend(found.iter().map(|(e, _)| (*e).clone()));
        } else if complete && candidates.iter().all(|r| r.done) {
            let mut finding = Finding::new(
                Code::DiscoveryNone,
                Severity::Error,
                format!("No working {direction} server found for {domain}"),
            )
            .because(format!(
                "maildoctor tried {} {direction} server setting(s) found by {}, and none worked from here.",
                candidates.len(),
                candidates
                    .iter()
                    .filter_map(|r| match &r.job {
                        Job::Probe { source, .. } => Some(source.describe()),
                        _ => None,
                    })
                    .collect::<std::collections::BTreeSet<_>>()
                    .into_iter()
                    .collect::<Vec<_>>()
                    .join(" and ")
            ))
            .fix("Look up the server settings in your provider's help pages and enter them as they are written.");
            finding.follows = candidates.iter().flat_map(|r| probe(r).into_iter().take(1)).collect();
            findings.push(finding);
        }
    }
    name_typos(&mut findings, &working);
    host_mismatch(runs, domain, &mut findings);
    findings.sort_by_key(|f| f.severity);
    (findings, working)
}

/// A server name that does not exist but is one or two keystrokes away from
/// one that works: a typo, and which name was meant.
fn name_typos(findings: &mut [Finding], working: &[Endpoint]) {
    for finding in findings.iter_mut().filter(|f| f.code == Code::DnsNxdomain) {
        let Some(typed) = finding.endpoint.as_ref().map(|e| e.host.clone()) else { continue };
        let meant = working
            .iter()
            .map(|e| (edit_distance(&typed, &e.host), e))
            .filter(|(distance, _)| (1..=2).contains(distance))
            .min_by_key(|(distance, _)| *distance);
        if let Some((_, meant)) = meant {
            finding.code = Code::SettingsHostTypo;
            finding.title = format!("The server name looks mistyped: did you mean {}?", meant.host);
            finding.explanation = format!(
                "{typed} does not exist, but {} does and works for your account. The name in your settings most likely has a typo.",
                meant.host
            );
            finding.fix = vec![format!("Change the server name in your mail app from {typed} to {}.", meant.host)];
        }
    }
}

/// The person's server fails, and the domain itself publishes another one
/// (provider table, SRV, autoconfig) that works from here: the root cause is
/// the name in the settings, and the failure at that name only follows from it.
/// A misspelt name is already told as a typo; MX hosts and guesses are not
/// what a domain publishes for mail apps, so they do not count.
fn host_mismatch(runs: &[Run], domain: &str, findings: &mut Vec<Finding>) {
    let published = |incoming: bool| {
        runs.iter().filter(move |r| {
            matches!(&r.job, Job::Probe { source: Source::Provider | Source::ProviderByMx | Source::Srv | Source::Autoconfig, incoming: i, .. }
                if *i == incoming)
        })
    };
    for run in runs {
        let Job::Probe { endpoint: given, source: Source::Given, incoming } = &run.job else { continue };
        // An address typed instead of a name is the published server when the name resolves to it.
        let names_given = |r: &Run| {
            r.endpoint().is_some_and(|e| e.host == given.host)
                || r.events.iter().any(|(_, e)| {
                    matches!(e, Event::Dns { records, .. } if records.iter().any(|record| matches!(record,
                        DnsRecord::A { address } | DnsRecord::Aaaa { address } if *address == given.host)))
                })
        };
        if !run.done || works(run) || published(*incoming).any(names_given) {
            continue;
        }
        let same_shape = |e: &Endpoint| e.port == given.port && e.security == given.security;
        let mut working: Vec<&Run> = published(*incoming).filter(|r| works(r)).collect();
        working.sort_by_key(|r| (r.endpoint().is_some_and(|e| !same_shape(e)), r.id));
        let Some(target_run) = working.first() else { continue };
        let (Some(target), Job::Probe { source, .. }) = (target_run.endpoint(), &target_run.job) else { continue };
        let about_given = |f: &Finding| f.endpoint.as_ref() == Some(given);
        let Some(first) = findings.iter().position(about_given) else { continue };
        if findings.iter().any(|f| about_given(f) && f.code == Code::SettingsHostTypo) {
            continue;
        }
        let folded: Vec<Finding> = findings.iter().filter(|f| about_given(f)).cloned().collect();
        findings.retain(|f| !about_given(f));
        let direction = if *incoming { "incoming" } else { "outgoing" };
        let keep = if same_shape(target) {
            format!("keep port {} and {}", target.port, target.security.client_label())
        } else {
            format!("and set port {} with {}", target.port, target.security.client_label())
        };
        let completed = target_run
            .events
            .iter()
            .find(|(_, e)| matches!(e, Event::Completed { .. }))
            .map(|(t, e)| Evidence { op: target_run.id, t_ms: *t, observed: describe(e) });
        let mut finding = Finding::new(
            Code::SettingsHostMismatch,
            Severity::Error,
            format!("Your app uses {}, but {domain} publishes {} as its {direction} server", given.host, target.host),
        )
        .because(format!(
            "{} fails from here ({}). {} name {}, not {}, and maildoctor reached {target} without a problem.",
            given.host,
            decapitalised(folded[0].title.trim_end_matches('.')),
            capitalised(source.describe()),
            target.host,
            given.host,
        ))
        .fix(format!("In your mail app, change the {direction} server from {} to {}, {keep}.", given.host, target.host))
        .at(given);
        finding.evidence = folded.iter().flat_map(|f| f.evidence.iter().take(1).cloned()).chain(completed).collect();
        finding.clients = clients::set_server(target, *incoming);
        finding.follows = folded;
        for folded in &mut finding.follows {
            folded.clients.clear();
        }
        findings.insert(first, finding);
    }
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// A title inside a sentence: "Port 993 does not use SSL/TLS" → "port 993 does not use SSL/TLS".
fn decapitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|c| c.to_lowercase().chain(chars).collect()).unwrap_or_default()
}

/// Levenshtein distance, for short host names.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous + usize::from(ca != *cb);
            previous = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(previous + 1);
        }
    }
    row[b.len()]
}

/// A connect that needed the kernel's first SYN retransmission (one second).
const SYN_RETRY_MS: u64 = 900;
/// A median connect time above this makes mail apps feel broken.
const HIGH_LATENCY_MS: u64 = 300;

/// Loss and latency on the path to the person's servers, from repeated connects.
fn network_quality(runs: &[Run], findings: &mut Vec<Finding>) {
    for run in runs {
        let Job::Latency { endpoint } = &run.job else { continue };
        let Some((t, event)) = run.events.iter().find(|(_, e)| matches!(e, Event::Latency { .. })) else { continue };
        let Event::Latency { attempts, connected, median_ms: median, .. } = *event else { continue };
        let retried = run
            .events
            .iter()
            .filter(|(_, e)| matches!(e, Event::Tcp { outcome: TcpOutcome::Connected, elapsed_ms, .. } if *elapsed_ms >= SYN_RETRY_MS))
            .count();
        let proof = Evidence { op: run.id, t_ms: *t, observed: describe(event) };
        if connected < attempts || retried > 0 {
            findings.push(
                Finding::new(Code::NetworkIntermittent, Severity::Warning, format!("The connection to {} loses packets", endpoint.host))
                    .because(format!(
                        "Of {attempts} connections, {} failed and {retried} needed a second try after a lost packet. Mail may work \
                         one moment and time out the next.",
                        attempts - connected
                    ))
                    .fix("If you are on Wi-Fi, move closer to the router or try a cable; otherwise try another network.")
                    .fix("If it persists on every network, tell the provider: the path to its server loses packets.")
                    .at(endpoint)
                    .proof(proof.clone()),
            );
        }
        if connected > 0 && median >= HIGH_LATENCY_MS {
            findings.push(
                Finding::new(Code::NetworkHighLatency, Severity::Warning, format!("The path to {} is slow", endpoint.host))
                    .because(format!(
                        "A connection takes {median} ms to set up (a few tens is usual). Mail apps with short timeouts may give up."
                    ))
                    .fix("Check for a VPN, a satellite or mobile link, or a busy network; try another network.")
                    .fix("Raise the server timeout in your mail app's advanced settings, if it has one.")
                    .at(endpoint)
                    .proof(proof),
            );
        }
    }
}

/// What one resolver said about a name: the outcome, the addresses, the proof.
fn answer_of(run: &Run) -> Option<(DnsOutcome, Vec<String>, Evidence)> {
    run.events.iter().find_map(|(t, e)| match e {
        Event::Dns { outcome, records, .. } => {
            let mut addresses: Vec<String> = records
                .iter()
                .filter_map(|r| match r {
                    DnsRecord::A { address } | DnsRecord::Aaaa { address } => Some(address.clone()),
                    _ => None,
                })
                .collect();
            addresses.sort();
            Some((outcome.clone(), addresses, Evidence { op: run.id, t_ms: *t, observed: describe(e) }))
        }
        _ => None,
    })
}

/// The person's resolver against a reference one, for each server name both
/// were asked about. A failing local resolver is the root of every DNS
/// failure of that name, which fold under it.
fn compare_resolvers(runs: &[Run], findings: &mut Vec<Finding>) {
    let names: std::collections::BTreeSet<&str> = runs
        .iter()
        .filter_map(|r| match &r.job {
            Job::Lookup { name, resolver: ResolverChoice::Server(_), .. } => Some(name.as_str()),
            _ => None,
        })
        .collect();
    for name in names {
        let pick = |system: bool| {
            runs.iter().find(|r| match &r.job {
                Job::Lookup { name: n, resolver, .. } => n == name && (*resolver == ResolverChoice::System) == system,
                _ => false,
            })
        };
        let (Some((mine, my_addresses, my_proof)), Some((theirs, their_addresses, their_proof))) =
            (pick(true).and_then(answer_of), pick(false).and_then(answer_of))
        else {
            continue;
        };
        let finding = match (&mine, &theirs) {
            (DnsOutcome::Timeout | DnsOutcome::ServFail | DnsOutcome::Refused | DnsOutcome::Error { .. }, DnsOutcome::Answer) => {
                Finding::new(Code::DnsSystemResolverFailed, Severity::Error, "Your network's DNS resolver is failing")
                    .because(format!(
                        "Your resolver could not look up {name}, while another resolver answers at once ({}). The mail server is fine; \
                         name lookups on this network are broken.",
                        their_addresses.join(", ")
                    ))
                    .fix("Restart your router, or set your device or router to another DNS resolver.")
                    .fix("If you use a VPN or a filtering service, try without it.")
            }
            (DnsOutcome::NxDomain, DnsOutcome::Answer) => {
                Finding::new(Code::DnsAnswersDiffer, Severity::Error, format!("Your resolver says {name} does not exist"))
                    .because(format!(
                        "Another resolver finds {name} ({}). Your network's resolver blocks or has not yet learned this name.",
                        their_addresses.join(", ")
                    ))
                    .fix("Wait an hour if the provider changed its DNS recently; otherwise switch to another DNS resolver.")
            }
            (DnsOutcome::Answer, DnsOutcome::Answer) if my_addresses != their_addresses => {
                Finding::new(Code::DnsAnswersDiffer, Severity::Warning, format!("Resolvers disagree about {name}"))
                    .because(format!(
                        "Your resolver says {name} is at {}, another resolver says {}. A recent change may still be spreading, \
                         or your network redirects DNS.",
                        my_addresses.join(", "),
                        their_addresses.join(", ")
                    ))
                    .fix("If mail fails, wait for the change to spread (up to a day), or use another DNS resolver.")
            }
            _ => continue,
        };
        let mut finding = finding.proof(my_proof).proof(their_proof);
        if finding.code == Code::DnsSystemResolverFailed || finding.severity == Severity::Error {
            let (under, keep): (Vec<Finding>, Vec<Finding>) = findings.drain(..).partition(|f| {
                matches!(f.code, Code::DnsTimeout | Code::DnsServfail | Code::DnsNxdomain)
                    && f.endpoint.as_ref().is_some_and(|e| e.host == name)
            });
            *findings = keep;
            finding.follows = under;
        }
        findings.push(finding);
    }
}

/// The address's own domain does not exist: nothing else can work.
fn domain_missing(runs: &[Run], domain: &str) -> Option<Finding> {
    let (run, t) = runs.iter().find_map(|r| match &r.job {
        Job::Lookup { name, .. } if name == domain => r
            .events
            .iter()
            .find(|(_, e)| matches!(e, Event::Dns { outcome: DnsOutcome::NxDomain, .. }))
            .map(|(t, _)| (r, *t)),
        _ => None,
    })?;
    Some(
        Finding::new(Code::DnsNxdomain, Severity::Error, format!("The domain {domain} does not exist"))
            .because(format!("DNS has no domain called {domain}, so no mail server can be found for it. Check the address for a typo."))
            .fix("Check the part of your email address after the @.")
            .proof(Evidence { op: run.id, t_ms: t, observed: format!("MX {domain}: NXDOMAIN") }),
    )
}

fn all_filtered(run: &Run) -> bool {
    let outcomes: Vec<TcpOutcome> = run
        .events
        .iter()
        .filter_map(|(_, e)| match e {
            Event::Tcp { outcome, .. } => Some(*outcome),
            _ => None,
        })
        .collect();
    !outcomes.is_empty() && outcomes.iter().all(|o| *o == TcpOutcome::TimedOut)
}

fn connected(run: &Run) -> bool {
    run.events.iter().any(|(_, e)| matches!(e, Event::Tcp { outcome: TcpOutcome::Connected, .. }))
}

/// Port 25 silently dropped while 465 or 587 connect: the network (often
/// the ISP) blocks port 25, which mail apps should not use anyway.
fn port25_blocked(runs: &[Run], findings: &mut [Finding]) {
    let others_connect = runs.iter().any(|r| r.endpoint().is_some_and(|e| matches!(e.port, 465 | 587)) && connected(r));
    if !others_connect {
        return;
    }
    for run in runs.iter().filter(|r| r.endpoint().is_some_and(|e| e.port == 25) && all_filtered(r)) {
        let Some(ep) = run.endpoint() else { continue };
        if let Some(finding) =
            findings.iter_mut().find(|f| f.code == Code::TcpFiltered && f.endpoint.as_ref() == Some(ep))
        {
            finding.code = Code::TcpPort25Blocked;
            finding.title = "Your network blocks port 25".into();
            finding.explanation =
                "Connections to port 25 vanish while ports 465 and 587 of the same provider answer. Many internet \
                providers block port 25 to stop spam; mail apps should send on 587 or 465 anyway."
                    .into();
            finding.fix = vec![
                "Set the outgoing (SMTP) port to 587 with STARTTLS, or 465 with SSL/TLS.".into(),
                "Make sure your mail app logs in to send (SMTP authentication on).".into(),
            ];
        }
    }
}

/// Every mail port of a host silently dropped while its port 443 answers: a
/// firewall on this network blocks mail. Per-port findings fold under it.
fn mail_ports_blocked(runs: &[Run], findings: &mut Vec<Finding>) -> Option<Finding> {
    let probes: Vec<&Run> = runs.iter().filter(|r| r.endpoint().is_some() && r.done).collect();
    let hosts: std::collections::BTreeSet<&str> =
        probes.iter().filter_map(|r| r.endpoint().map(|e| e.host.as_str())).collect();
    // A host whose mail ports (two or more) all vanish, whose 443 answers,
    // and where nothing connected at all.
    let blocked_host = hosts.into_iter().find(|host| {
        let on_host: Vec<&&Run> = probes.iter().filter(|r| r.endpoint().is_some_and(|e| e.host == *host)).collect();
        let ports: std::collections::BTreeSet<u16> =
            on_host.iter().filter(|r| all_filtered(r)).filter_map(|r| r.endpoint().map(|e| e.port)).collect();
        let control_ok = on_host
            .iter()
            .any(|r| r.events.iter().any(|(_, e)| matches!(e, Event::Control { outcome: TcpOutcome::Connected, .. })));
        ports.len() >= 2 && control_ok && !on_host.iter().any(|r| connected(r))
    })?;
    let dropped: Vec<&&Run> =
        probes.iter().filter(|r| r.endpoint().is_some_and(|e| e.host == blocked_host) && all_filtered(r)).collect();
    let ports: std::collections::BTreeSet<u16> = dropped.iter().filter_map(|r| r.endpoint().map(|e| e.port)).collect();
    let host = dropped[0].endpoint().map(|e| e.host.clone()).unwrap_or_default();
    let folded: Vec<Finding> = {
        let (under, keep): (Vec<Finding>, Vec<Finding>) = findings.drain(..).partition(|f| {
            matches!(f.code, Code::TcpFiltered | Code::TcpPort25Blocked)
                && f.endpoint.as_ref().is_some_and(|e| e.host == host)
        });
        *findings = keep;
        under
    };
    let mut finding = Finding::new(Code::FirewallMailPortsBlocked, Severity::Error, "Your network blocks mail")
        .because(format!(
            "Every mail port maildoctor tried on {host} ({}) goes unanswered, while its web port 443 answers at once. \
             A firewall between you and the server drops mail connections: on your computer (antivirus), your router, \
             or your network (office, school, hotel or public Wi-Fi).",
            ports.iter().map(u16::to_string).collect::<Vec<_>>().join(", ")
        ))
        .fix("Try from another network, such as your phone's mobile data. If mail works there, this network blocks it.")
        .fix("Check the firewall or antivirus software on your computer.")
        .fix("Ask the network's administrator to allow ports 993 (IMAP) and 465/587 (SMTP).");
    finding.follows = folded;
    Some(finding)
}

pub(crate) fn probe(run: &Run) -> Vec<Finding> {
    let Some(ep) = run.endpoint() else { return Vec::new() };
    let proof = |t_ms: u64, observed: String| Evidence { op: run.id, t_ms, observed };

    if let Some(refusal) = &run.refused {
        return vec![refused(ep, refusal)];
    }

    // DNS: an answer for the host's addresses, or why not.
    for (t, event) in &run.events {
        if let Event::Dns { name, record_type, outcome, resolver, .. } = event {
            let seen = proof(*t, format!("{record_type} {name} via {resolver}: {}", dns_outcome_text(outcome)));
            match outcome {
                DnsOutcome::NxDomain => {
                    return vec![Finding::new(Code::DnsNxdomain, Severity::Error, format!("The server name {} does not exist", ep.host))
                        .because(format!(
                            "DNS says there is no such name as {}. Your mail app cannot find the server, so it cannot connect. \
                             This is usually a typo in the server name, or a name the provider no longer uses.",
                            ep.host
                        ))
                        .fix(format!("Check the spelling of the server name in your mail app's account settings ({}).", ep.host))
                        .fix("Compare it with the server name your mail provider publishes in its help pages.")
                        .at(ep)
                        .proof(seen)];
                }
                DnsOutcome::ServFail => {
                    return vec![Finding::new(Code::DnsServfail, Severity::Error, format!("DNS could not answer for {}", ep.host))
                        .because("The DNS server failed while looking up the mail server's name (SERVFAIL). The domain's DNS may be broken, or your resolver may be failing.")
                        .fix("Try again in a few minutes; if it persists, tell the mail provider or domain owner that their DNS answers SERVFAIL.")
                        .at(ep)
                        .proof(seen)];
                }
                DnsOutcome::Timeout => {
                    return vec![Finding::new(
                        Code::DnsTimeout,
                        Severity::Error,
                        format!("DNS did not answer for {}", ep.host),
                    )
                    .because("No DNS answer came back in time. Your network's DNS resolver may be down or blocked.")
                    .fix("Check that other websites load; restart your router, or switch to another DNS resolver.")
                    .at(ep)
                    .proof(seen)];
                }
                DnsOutcome::Answer | DnsOutcome::NoData | DnsOutcome::Refused | DnsOutcome::Error { .. } => {}
            }
        }
    }

    let mut tcp = Vec::new();
    for (t, event) in &run.events {
        if let Event::Tcp { address, outcome, elapsed_ms } = event {
            tcp.push((*t, address.clone(), *outcome, *elapsed_ms));
        }
    }
    let dns_events: Vec<_> = run.events.iter().filter(|(_, e)| matches!(e, Event::Dns { .. })).collect();
    let denied: Vec<_> = run
        .events
        .iter()
        .filter_map(|(t, e)| match e {
            Event::AddressDenied { address, reason } => Some((*t, address, reason)),
            _ => None,
        })
        .collect();

    if run.done && tcp.is_empty() {
        if let Some((t, address, reason)) = denied.first() {
            return vec![Finding::new(
                Code::RelayDestinationNotAllowed,
                Severity::Info,
                format!("This relay may not connect to {}", ep.host),
            )
            .because(format!(
                "{} resolves only to addresses this relay never connects to ({reason}). It protects the networks it runs in. \
                 If this is a server inside your own network, run `maildoctor check` on your own computer instead.",
                ep.host
            ))
            .at(ep)
            .proof(proof(*t, format!("{address} denied: {reason}")))];
        }
        if !dns_events.is_empty() {
            let (t, _) = dns_events[0];
            return vec![Finding::new(Code::DnsNoAddress, Severity::Error, format!("{} has no address", ep.host))
                .because(format!(
                    "The name {} exists in DNS but has no IPv4 or IPv6 address, so nothing can connect to it.",
                    ep.host
                ))
                .fix("Check the server name; the provider may use another name for its mail server.")
                .at(ep)
                .proof(proof(*t, "no A or AAAA records".into()))];
        }
    }

    let control_answered =
        run.events.iter().any(|(_, e)| matches!(e, Event::Control { outcome: TcpOutcome::Connected, .. }));
    // TCP: did any address accept?
    if !tcp.is_empty() && !tcp.iter().any(|(_, _, o, _)| *o == TcpOutcome::Connected) && run.done {
        let all = |wanted: &[TcpOutcome]| tcp.iter().all(|(_, _, o, _)| wanted.contains(o));
        let evidence: Vec<_> = tcp
            .iter()
            .map(|(t, a, o, ms)| proof(*t, format!("TCP {a}: {} after {ms} ms", tcp_outcome_text(*o))))
            .collect();
        let mut finding = if all(&[TcpOutcome::Refused, TcpOutcome::Reset]) {
            Finding::new(Code::TcpRefused, Severity::Error, format!("Nothing accepts connections on port {} of {}", ep.port, ep.host))
                .because(format!(
                    "The server answered, but refused the connection to port {}: no mail service listens there, or a firewall rejects it. \
                     The port number in your settings is most likely wrong.",
                    ep.port
                ))
                .fix(format!("Check the port in your mail app: {} over {} usually uses port {}.", ep.protocol, ep.security, usual_port(ep.protocol, ep.security)))
                .fix("Compare your settings with the ones your mail provider publishes.")
        } else if all(&[TcpOutcome::TimedOut]) {
            Finding::new(Code::TcpFiltered, Severity::Error, format!("Connections to port {} of {} go unanswered", ep.port, ep.host))
                .because(if control_answered {
                    "Nothing came back at all, yet the same server's web port (443) answered at once: the server is up, and a firewall on your network or your computer silently drops mail connections."
                } else {
                    "Nothing came back at all: a firewall on your network, on your computer, or in front of the server silently drops the connection."
                })
                .fix("Try from another network (a phone's mobile data, say). If it works there, your network blocks this port.")
                .fix("Check firewall or antivirus software on your computer, and ask your network's administrator.")
        } else {
            Finding::new(Code::TcpUnreachable, Severity::Error, format!("{} cannot be reached", ep.host))
                .because("A router or firewall reported that the server cannot be reached from here.")
                .fix("Check your internet connection and any VPN; try again from another network.")
        };
        finding = finding.at(ep);
        finding.evidence = evidence;
        return vec![finding];
    }

    let mut findings = Vec::new();
    let mut failed = false;
    // Some clients try IPv6 first and give up there; say so even when IPv4 works.
    let v6_failed: Vec<_> =
        tcp.iter().filter(|(_, a, o, _)| a.starts_with('[') && *o != TcpOutcome::Connected).collect();
    let v4_ok = tcp.iter().any(|(_, a, o, _)| !a.starts_with('[') && *o == TcpOutcome::Connected);
    if v4_ok && !v6_failed.is_empty() {
        let (t, address, outcome, _) = v6_failed[0];
        findings.push(
            Finding::new(Code::DnsIpv6Broken, Severity::Warning, format!("{} has an IPv6 address that does not work", ep.host))
                .because(format!(
                    "{} publishes an IPv6 address, but connecting to it fails ({}), while IPv4 works. Mail apps that try \
                     IPv6 first may hang or fail on networks with IPv6.",
                    ep.host,
                    tcp_outcome_text(*outcome)
                ))
                .fix("If your mail app fails while others work, turn off IPv6 on this network or device, or ask your provider to fix its IPv6.")
                .fix("Tell the mail provider: its AAAA record points at an address that does not answer.")
                .at(ep)
                .proof(proof(*t, format!("TCP {address}: {}", tcp_outcome_text(*outcome)))),
        );
    }
    for (t, event) in &run.events {
        match event {
            Event::Tls { result: TlsResult::Failed { failure }, .. } => {
                findings.push(tls_failure(ep, failure).proof(proof(*t, describe(event))));
                failed = true;
                break;
            }
            Event::Tls {
                result: TlsResult::Established { verdict: CertVerdict::Invalid { problem }, chain, .. },
                ..
            } => {
                let finding = match intercepted(ep, problem, chain) {
                    Some(finding) => finding,
                    None => cert_problem(ep, problem),
                };
                findings.push(finding.proof(proof(*t, describe(event))));
                failed = true;
                break;
            }
            Event::Greeting { spoken, status, text } => {
                let seen = proof(*t, format!("greeting: {text}"));
                if *spoken != Some(ep.protocol) {
                    let finding = if spoken.is_none() && text.starts_with("HTTP/") {
                        web_answer(ep, text)
                    } else {
                        protocol_mismatch(ep, *spoken)
                    };
                    findings.push(finding.proof(seen));
                    failed = true;
                    break;
                }
                match status {
                    GreetingStatus::Unavailable => {
                        findings.push(
                            Finding::new(
                                Code::ServerUnavailable,
                                Severity::Error,
                                "The server is temporarily unavailable",
                            )
                            .because(format!(
                                "The server turned the connection away with a temporary error: \"{text}\"."
                            ))
                            .fix("Wait a few minutes and try again; if it lasts, check the provider's status page.")
                            .at(ep)
                            .proof(seen),
                        );
                        failed = true;
                        break;
                    }
                    GreetingStatus::Rejected => {
                        findings.push(Finding::new(Code::ServerClientBlocked, Severity::Error, "The server refuses connections from your network")
                            .because(format!("The server rejected the connection before any login: \"{text}\". It may block your IP address or network."))
                            .fix("Try from another network; if that works, ask the provider why your address is blocked.")
                            .at(ep)
                            .proof(seen));
                        failed = true;
                        break;
                    }
                    _ => {}
                }
            }
            Event::Capabilities { tls: false, list, .. } if list.iter().any(|c| masked_extension(c)) => {
                let finding = Finding::new(
                    Code::NetworkIntercepted,
                    if ep.security == Security::Starttls { Severity::Error } else { Severity::Warning },
                    "A firewall on your network rewrites the mail conversation",
                )
                .because(format!(
                    "The server's list of extensions arrived with parts blanked out ({}). Firewalls that \"inspect\" mail \
                     (Cisco's ESMTP inspection is the best known) do this, and in doing so hide STARTTLS, so your mail \
                     app cannot encrypt the connection.",
                    list.iter().filter(|c| masked_extension(c)).cloned().collect::<Vec<_>>().join(", ")
                ))
                .fix("Use SSL/TLS on port 465 instead: the firewall cannot see inside it, so it cannot rewrite it.")
                .fix("Ask whoever runs this network to turn off SMTP/ESMTP inspection on the firewall (Cisco ASA: \"no inspect esmtp\").")
                .at(ep)
                .proof(proof(*t, format!("capabilities: {}", list.join(" "))));
                let is_error = finding.severity == Severity::Error;
                findings.push(finding);
                if is_error {
                    failed = true;
                    break;
                }
            }
            Event::Capabilities { tls: false, list, .. }
                if ep.security == Security::Starttls && !offers_starttls(list) =>
            {
                findings.push(Finding::new(Code::StarttlsNotOffered, Severity::Error, "The server does not offer STARTTLS on this port")
                        .because("Your mail app is set to upgrade the connection with STARTTLS, but the server does not offer it here, so the app stops (or would send your password unencrypted).")
                        .fix(format!("Use SSL/TLS on port {} instead, if the provider offers it.", usual_port(ep.protocol, Security::Tls)))
                        .at(ep)
                        .proof(proof(*t, format!("capabilities: {}", list.join(" ")))));
                failed = true;
                break;
            }
            Event::Capabilities { tls: false, list, .. }
                if ep.security == Security::None
                    && ep.protocol == MailProtocol::Smtp
                    && ep.port != 25
                    && refuses_login_before_tls(ep.protocol, list) =>
            {
                findings.push(
                    Finding::new(Code::StarttlsRequired, Severity::Error, "The server requires STARTTLS before you can log in")
                        .because(
                            "With Security set to None your mail app never upgrades the connection, and this server offers \
                             login (AUTH) only after STARTTLS, so sending will fail.",
                        )
                        .fix(format!("Set Security to STARTTLS on port {}, or SSL/TLS on port 465.", ep.port))
                        .at(ep)
                        .proof(proof(*t, format!("capabilities before TLS: {}", list.join(" ")))),
                );
                failed = true;
                break;
            }
            Event::Capabilities { tls: false, list, .. }
                if ep.security == Security::None
                    && ep.protocol != MailProtocol::Smtp
                    && refuses_login_before_tls(ep.protocol, list) =>
            {
                findings.push(
                    Finding::new(
                        Code::AuthPlaintextDisallowed,
                        Severity::Error,
                        "The server refuses logins without encryption",
                    )
                    .because(
                        "With Security set to None your mail app would log in unencrypted, and this server announces \
                             that it accepts logins only after STARTTLS, so the login will fail.",
                    )
                    .fix(format!(
                        "Set Security to STARTTLS on port {}, or SSL/TLS on port {}.",
                        ep.port,
                        usual_port(ep.protocol, Security::Tls)
                    ))
                    .at(ep)
                    .proof(proof(*t, format!("capabilities before TLS: {}", list.join(" ")))),
                );
                failed = true;
                break;
            }
            Event::Starttls { accepted: false, text } => {
                findings.push(
                    Finding::new(Code::StarttlsFailed, Severity::Error, "The server refused STARTTLS")
                        .because(format!("The server advertised STARTTLS but refused it: \"{text}\"."))
                        .fix(format!("Use SSL/TLS on port {} instead.", usual_port(ep.protocol, Security::Tls)))
                        .at(ep)
                        .proof(proof(*t, text.clone())),
                );
                failed = true;
                break;
            }
            Event::Auth { outcome: AuthOutcome::Rejected, text, .. }
                if run.events.iter().any(|(later, e)| {
                    *later >= *t && matches!(e, Event::Auth { outcome: AuthOutcome::Accepted, .. })
                }) =>
            {
                // The executor retried with the full address, and that worked.
                findings.push(
                    Finding::new(Code::AuthUsernameFormat, Severity::Error, "Use your full email address as the username")
                        .because(format!(
                            "The server refused the username as you typed it (\"{text}\"), and accepted the same password with your full email address."
                        ))
                        .fix("In your mail app's account settings, set the username to your full email address, for both incoming and outgoing mail.")
                        .at(ep)
                        .proof(proof(*t, format!("refused: {text}"))),
                );
                failed = true;
                break;
            }
            Event::Auth { method, outcome, code, text } => {
                let seen = match outcome {
                    AuthOutcome::Withheld { .. } | AuthOutcome::NotOffered => proof(*t, "no login attempted".into()),
                    _ => proof(*t, format!("login ({method}): {text}")),
                };
                let plain_caps = run.events.iter().rev().find_map(|(_, e)| match e {
                    Event::Capabilities { tls: false, list, .. } => Some(list.as_slice()),
                    Event::Capabilities { tls: true, .. } => Some(&[][..]),
                    _ => None,
                });
                if let Some(finding) = auth_finding(ep, outcome, code.as_deref(), text, plain_caps.unwrap_or_default())
                {
                    let is_error = finding.severity == Severity::Error;
                    findings.push(finding.proof(seen));
                    if is_error {
                        failed = true;
                        break;
                    }
                }
            }
            Event::Failed { step, reason } => {
                findings.push(step_failure(ep, *step, reason).proof(proof(*t, describe(event))));
                failed = true;
                break;
            }
            _ => {}
        }
    }

    if !failed && run.events.iter().any(|(_, e)| matches!(e, Event::Completed { .. })) {
        let code = if ep.protocol == MailProtocol::Smtp { Code::OkOutgoing } else { Code::OkIncoming };
        let direction = if ep.protocol == MailProtocol::Smtp { "Sending" } else { "Receiving" };
        let (t, _) = run.events.last().map(|(t, e)| (*t, e)).unwrap_or((0, &Event::Unknown { kind: String::new() }));
        findings.push(
            Finding::new(code, Severity::Ok, format!("{direction} mail works with these settings"))
                .because(format!("maildoctor reached {} from here and had a normal conversation with it.", ep))
                .at(ep)
                .proof(proof(t, "dialog completed".into())),
        );
        if let Some(finding) = sign_in_to_send(run, ep) {
            findings.push(finding);
        }
        if ep.security == Security::None {
            findings.push(Finding::new(Code::SettingsPlaintextInsecure, Severity::Warning, "This connection is not encrypted")
                .because("With security set to None, your password and mail cross the network readable by anyone on the path.")
                .fix(format!("Switch to SSL/TLS on port {} (or STARTTLS on port {}).", usual_port(ep.protocol, Security::Tls), usual_port(ep.protocol, Security::Starttls)))
                .at(ep));
        }
    }
    findings
}

/// `2020-02-01` of `2020-02-01T00:00:00Z`: people read dates, not timestamps.
fn day_of(timestamp: &str) -> &str {
    timestamp.split('T').next().unwrap_or(timestamp)
}

/// A submission server that offers AUTH, checked without a password: it
/// takes mail only from signed-in users (RFC 6409), and the most common
/// "530 Authentication required" comes from a mail app set to send without
/// signing in. maildoctor cannot see that setting, so it says what to check.
/// Port 25 is left out: there, unauthenticated mail to local users is normal.
fn sign_in_to_send(run: &Run, ep: &Endpoint) -> Option<Finding> {
    if ep.protocol != MailProtocol::Smtp || ep.port == 25 {
        return None;
    }
    if run.events.iter().any(|(_, e)| matches!(e, Event::Auth { .. })) {
        return None;
    }
    let (t, mechanisms) = run.events.iter().rev().find_map(|(t, e)| match e {
        Event::Capabilities { list, .. } => list
            .iter()
            .find_map(|c| c.strip_prefix("AUTH ").or_else(|| c.strip_prefix("AUTH=")))
            .map(|m| (*t, m.to_owned())),
        _ => None,
    })?;
    Some(
        Finding::new(Code::AuthRequired, Severity::Info, "Sending needs your sign-in")
            .because(format!(
                "This server offers login ({mechanisms}) and, as submission servers do, accepts mail only from \
                 signed-in users. A mail app set to send without signing in gets \"530 Authentication required\". \
                 No password was given, so maildoctor did not test the login itself."
            ))
            .fix("In your mail app, turn on authentication for the outgoing server, with the same username and password as for incoming mail.")
            .fix("To test the login too, run the check again with your password.")
            .at(ep)
            .proof(Evidence { op: run.id, t_ms: t, observed: format!("capabilities: AUTH {mechanisms}") })
            .clients(clients::sign_in_to_send()),
    )
}

/// "HTTP/" as the hex prefix a failed TLS hello reports.
const HTTP_HEX: &str = "48 54 54 50 2f";

/// An extension blanked out by a mail-inspecting firewall: STARTTLS becomes
/// "XXXXXXXA" (Cisco PIX/ASA), other keywords runs of X.
fn masked_extension(capability: &str) -> bool {
    let word = capability.split(' ').next().unwrap_or_default();
    let body = word.strip_suffix(|c: char| c.is_ascii_uppercase() && c != 'X').unwrap_or(word);
    body.len() >= 3 && body.bytes().all(|b| b == b'X')
}

/// The server says, before TLS, that it will not take a login yet: IMAP's
/// LOGINDISABLED (RFC 3501 §6.2.3); a POP3 server offering STLS but neither
/// USER nor a SASL mechanism.
fn refuses_login_before_tls(protocol: MailProtocol, capabilities: &[String]) -> bool {
    let has = |name: &str| capabilities.iter().any(|c| c.eq_ignore_ascii_case(name));
    match protocol {
        MailProtocol::Imap => has("LOGINDISABLED"),
        MailProtocol::Pop3 => {
            has("STLS") && !has("USER") && !capabilities.iter().any(|c| c.len() > 5 && c.starts_with("SASL "))
        }
        // Submission that offers STARTTLS and no AUTH yet: a client set to
        // None can never log in (port 25 is left out: MX servers look so too).
        MailProtocol::Smtp => {
            has("STARTTLS") && !capabilities.iter().any(|c| c.starts_with("AUTH ") || c.starts_with("AUTH="))
        }
    }
}

fn offers_starttls(capabilities: &[String]) -> bool {
    capabilities.iter().any(|c| c.eq_ignore_ascii_case("STARTTLS") || c.eq_ignore_ascii_case("STLS"))
}

/// A login's outcome in words. Only codes whose meaning is fixed by an RFC
/// are interpreted here; any other refusal is shown in the server's own words.
/// `plain_capabilities`: what the server offered before TLS, when the
/// login was attempted without it (empty otherwise).
fn auth_finding(
    ep: &Endpoint,
    outcome: &AuthOutcome,
    code: Option<&str>,
    text: &str,
    plain_capabilities: &[String],
) -> Option<Finding> {
    let wants_tls_first = plain_capabilities
        .iter()
        .any(|c| ["LOGINDISABLED", "STARTTLS", "STLS"].iter().any(|name| c.eq_ignore_ascii_case(name)));
    let plaintext_refused = |said: String| {
        Finding::new(Code::AuthPlaintextDisallowed, Severity::Error, "The server refuses logins without encryption")
            .because(format!("{said} It only accepts your password over an encrypted connection."))
            .fix(format!("Set Security to SSL/TLS (port {}) or STARTTLS.", usual_port(ep.protocol, Security::Tls)))
            .fix("If your app already sent the password unencrypted, change your password.")
    };
    let finding = match outcome {
        AuthOutcome::NotOffered if wants_tls_first => plaintext_refused(
            "Before encryption the server offers no way to log in (it announces STARTTLS and no login).".into(),
        ),
        AuthOutcome::Rejected if text.to_ascii_lowercase().contains("plaintext authentication") => {
            plaintext_refused(format!("The server said: \"{text}\"."))
        }
        AuthOutcome::Rejected if messages::lookup(code, text).is_some() => {
            let known = messages::lookup(code, text)?;
            let mut finding = Finding::new(known.finding, Severity::Error, known.title)
                .because(format!("{} The server said: \"{text}\".", known.why));
            for step in known.fix {
                finding = finding.fix(*step);
            }
            finding
        }
        AuthOutcome::Accepted => return None,
        AuthOutcome::Withheld { why } => Finding::new(Code::AuthWithheld, Severity::Info, "Your password was not sent")
            .because(format!("maildoctor did not try to log in: {why}."))
            .fix("Fix the problem above first; then check again with your password."),
        AuthOutcome::NotOffered => Finding::new(Code::AuthNotOffered, Severity::Error, "The server offers no way to log in here")
            .because(format!(
                "The server on port {} does not accept logins{}. It may be a server for receiving mail from other servers, not for your mail app.",
                ep.port,
                if ep.protocol == MailProtocol::Smtp { " (it announces no AUTH)" } else { "" }
            ))
            .fix(format!("Use the provider's submission port: {} with SSL/TLS, or 587 with STARTTLS.", usual_port(ep.protocol, Security::Tls))),
        AuthOutcome::Rejected => {
            let code_word = code.unwrap_or_default();
            let smtp_class = code_word.split(' ').nth(1).unwrap_or_default();
            match (code_word, smtp_class) {
                ("PRIVACYREQUIRED", _) | (_, "5.7.11") | ("530 5.7.0", _) => plaintext_refused(format!("The server said: \"{text}\".")),
                ("EXPIRED", _) => Finding::new(Code::AuthPasswordExpired, Severity::Error, "Your password has expired")
                    .because(format!("The server said: \"{text}\"."))
                    .fix("Sign in to your provider's website, set a new password, then enter it in your mail app."),
                ("CONTACTADMIN", _) | (_, "5.7.13") => {
                    Finding::new(Code::AuthAccountLocked, Severity::Error, "Your account is locked or disabled")
                        .because(format!("The server said: \"{text}\"."))
                        .fix("Contact your provider or administrator to unlock the account.")
                }
                ("UNAVAILABLE", _) | (_, "4.7.0") => Finding::new(Code::ServerUnavailable, Severity::Error, "The login service is temporarily unavailable")
                    .because(format!("The server said: \"{text}\". This is a problem on the server's side, not your password."))
                    .fix("Try again in a few minutes."),
                ("AUTHENTICATIONFAILED" | "AUTH", _) | (_, "5.7.8") => {
                    Finding::new(Code::AuthInvalidCredentials, Severity::Error, "The server did not accept your username or password")
                        .because(format!("The server said: \"{text}\"."))
                        .fix("Type the password again, carefully; check Caps Lock.")
                        .fix("Use your full email address as the username if you typed only the part before the @.")
                        .fix("If your account has two-step verification, your provider may require an app password for mail apps.")
                }
                _ => Finding::new(Code::AuthRejected, Severity::Error, "The server refused the login")
                    .because(format!("The server said: \"{text}\"."))
                    .fix("Read the server's message above; it names the reason. If it is unclear, contact your provider with it."),
            }
        }
    };
    Some(finding.at(ep))
}

fn refused(ep: &Endpoint, refusal: &Refusal) -> Finding {
    let (code, why) = match refusal {
        Refusal::DestinationNotAllowed { address } => (
            Code::RelayDestinationNotAllowed,
            format!("{address} is a private or special-purpose address; this relay never connects to those."),
        ),
        Refusal::PortNotAllowed { port } => {
            (Code::RelayRefused, format!("port {port} is not a mail port, and this relay only connects to mail ports."))
        }
        Refusal::InvalidTarget { detail } => {
            (Code::RelayRefused, format!("the server name was not accepted: {detail}."))
        }
        Refusal::InvalidCredentials => {
            (Code::RelayRefused, "the username or password contains a line break or NUL character.".into())
        }
        Refusal::TooManyOperations => {
            (Code::RelayRefused, "too many checks are running at once; try again in a moment.".into())
        }
        Refusal::Unsupported { op } => (Code::RelayRefused, format!("this relay cannot run {op} yet.")),
    };
    Finding::new(code, Severity::Info, format!("The relay did not check {ep}"))
        .because(format!("Nothing was sent to the server: {why}"))
        .at(ep)
}

fn tls_failure(ep: &Endpoint, failure: &TlsFailure) -> Finding {
    match failure {
        TlsFailure::ProtocolTooOld { offered } => Finding::new(Code::TlsProtocolTooOld, Severity::Error, "The server only speaks an outdated TLS version")
            .because(format!(
                "The newest encryption this server speaks is {}; current mail apps require TLS 1.2 or newer and refuse to connect.",
                offered.as_deref().unwrap_or("TLS 1.0 or 1.1")
            ))
            .fix("Ask the mail provider to enable TLS 1.2 or 1.3; there is no safe setting on your side."),
        TlsFailure::NotTls { first_bytes } if first_bytes.starts_with(HTTP_HEX) => {
            return web_answer(ep, &ascii_of_hex(first_bytes));
        }
        TlsFailure::NotTls { .. } => Finding::new(Code::SettingsTlsOnPlainPort, Severity::Error, format!("Port {} does not use SSL/TLS from the start", ep.port))
            .because("Your mail app starts an encrypted (SSL/TLS) connection, but the server on this port answers in plain text: it expects STARTTLS or no encryption here.")
            .fix(format!("Either set Security to STARTTLS on port {}, or keep SSL/TLS and change the port to {}.", ep.port, usual_port(ep.protocol, Security::Tls))),
        TlsFailure::Timeout => Finding::new(Code::TlsHandshakeFailed, Severity::Error, "The encrypted connection stalled")
            .because("The server accepted the connection but never completed the TLS handshake.")
            .fix("Try again; if it persists, something on the path (a proxy or antivirus) may interfere with TLS."),
        TlsFailure::Alert { description } => Finding::new(Code::TlsHandshakeFailed, Severity::Error, "The encrypted connection failed")
            .because(format!("The TLS handshake was aborted with the alert \"{description}\"."))
            .fix("Check the Security setting, and make sure your system and mail app are up to date."),
        TlsFailure::Closed | TlsFailure::Other { .. } => Finding::new(Code::TlsHandshakeFailed, Severity::Error, "The encrypted connection failed")
            .because(format!("The TLS handshake did not complete ({failure:?})."))
            .fix("Check the Security setting in your mail app; try SSL/TLS on the provider's published port."),
    }
    .at(ep)
}

/// Products that re-sign TLS to inspect it: antivirus mail shields and
/// corporate proxies. Their names stand in the issuer of the certificate a
/// mail app is shown instead of the provider's.
const INTERCEPTORS: &[&str] = &[
    "avast",
    "avg ",
    "kaspersky",
    "eset",
    "bitdefender",
    "norton",
    "mcafee",
    "sophos",
    "fortinet",
    "fortigate",
    "zscaler",
    "palo alto",
    "blue coat",
    "bluecoat",
    "cisco umbrella",
    "netskope",
    "forcepoint",
    "websense",
    "barracuda",
    "checkpoint",
    "check point",
    "mitmproxy",
];

/// An untrusted certificate where the real one is known to be public (a
/// large provider's server), or whose issuer is an intercepting product:
/// something between the person and the server re-signs the connection.
fn intercepted(ep: &Endpoint, problem: &CertProblem, chain: &[CertSummary]) -> Option<Finding> {
    if !matches!(problem, CertProblem::UnknownIssuer | CertProblem::SelfSigned | CertProblem::ChainIncomplete) {
        return None;
    }
    let issuer = chain.first().map(|c| c.issuer.to_ascii_lowercase()).unwrap_or_default();
    let product = INTERCEPTORS.iter().find(|name| issuer.contains(*name));
    let provider_host = providers::PROVIDERS
        .iter()
        .find(|p| p.incoming.iter().chain(p.outgoing).any(|s| s.host == ep.host && s.host != "127.0.0.1"));
    let who = match (product, provider_host) {
        (Some(_), _) => {
            format!("the certificate was issued by \"{}\", a product that inspects encrypted traffic", chain[0].issuer)
        }
        (None, Some(provider)) => {
            format!("{} uses certificates from a public authority, but this one is not trusted", provider.name)
        }
        (None, None) => return None,
    };
    Some(
        Finding::new(
            Code::TlsIntercepted,
            Severity::Error,
            "Something on your side intercepts the encrypted connection",
        )
        .because(format!(
            "You are not talking to the real server directly: {who}. Antivirus \"mail shield\" features, company \
                 firewalls and some public networks do this; mail apps rightly refuse it."
        ))
        .fix("Turn off email or TLS scanning in your antivirus (or add your mail app as an exception).")
        .fix("On a company network, ask IT whether mail traffic is inspected; try another network to confirm.")
        .at(ep),
    )
}

fn cert_problem(ep: &Endpoint, problem: &CertProblem) -> Finding {
    let trust_fix = "Do not tell your mail app to trust this certificate permanently unless you know why it is wrong; an attacker could be in the middle.";
    match problem {
        CertProblem::Expired { not_after } => Finding::new(Code::TlsCertExpired, Severity::Error, "The server's certificate has expired")
            .because(format!(
                "The certificate that {} presents expired{}. Your mail app will refuse the connection or warn you, because it can no longer prove it talks to the real server.",
                ep.host,
                not_after.as_ref().map(|d| format!(" on {}", day_of(d))).unwrap_or_default()
            ))
            .fix("Tell your mail provider or server administrator: the certificate must be renewed.")
            .fix("Also check that your device's date and time are correct.")
            .fix(trust_fix),
        CertProblem::NotYetValid { not_before } => Finding::new(Code::TlsCertNotYetValid, Severity::Error, "The server's certificate is not valid yet")
            .because(format!(
                "The certificate is only valid from {}. Either your device's clock is wrong, or the server installed a certificate too early.",
                not_before.as_deref().map(day_of).unwrap_or("a later date")
            ))
            .fix("Check your device's date, time and time zone.")
            .fix("If they are right, tell the server administrator."),
        CertProblem::SelfSigned => Finding::new(Code::TlsCertSelfSigned, Severity::Error, "The server uses a self-signed certificate")
            .because("The certificate was not issued by an authority your device trusts; it signs itself. Mail apps refuse it or warn on every connection.")
            .fix("Ask the administrator to install a certificate from a public authority (for example Let's Encrypt).")
            .fix(trust_fix),
        CertProblem::UnknownIssuer => Finding::new(Code::TlsCertUntrusted, Severity::Error, "The server's certificate is not trusted")
            .because("The certificate was issued by an authority this device does not know.")
            .fix("Ask the administrator to use a certificate from a public authority.")
            .fix(trust_fix),
        CertProblem::NameMismatch { expected, presented } => Finding::new(Code::TlsCertNameMismatch, Severity::Error, "The certificate is for another server name")
            .because(format!(
                "You connect to {expected}, but the certificate is for {}. The server name in your settings may be an alias the certificate does not cover.",
                if presented.is_empty() { "other names".to_string() } else { presented.join(", ") }
            ))
            .fix(format!("Use the server name the certificate names{}.", presented.first().map(|p| format!(" ({p})")).unwrap_or_default()))
            .fix(trust_fix),
        CertProblem::ChainIncomplete => Finding::new(Code::TlsChainIncomplete, Severity::Error, "The server sends an incomplete certificate chain")
            .because("The server leaves out an intermediate certificate, so some devices cannot check its certificate.")
            .fix("Tell the administrator to install the full chain (certificate plus intermediates)."),
        CertProblem::Revoked | CertProblem::Other { .. } => Finding::new(Code::TlsCertUntrusted, Severity::Error, "The server's certificate was rejected")
            .because(format!("The certificate failed verification: {problem:?}."))
            .fix(trust_fix),
    }
    .at(ep)
}

/// A web server answering on a mail port: a captive portal or a web proxy
/// catching the connection, since no mail server answers in HTTP.
fn web_answer(ep: &Endpoint, said: &str) -> Finding {
    let said: String = said.chars().take(40).collect();
    Finding::new(
        Code::NetworkIntercepted,
        Severity::Error,
        format!("Something on your network answers for the mail server on port {}", ep.port),
    )
    .because(format!(
        "A web server answered where the mail server should (\"{said}…\"). Wi-Fi sign-in pages (captive portals) \
         and web proxies catch connections like this until you sign in or while they are in the way; a mail server \
         never answers in HTTP."
    ))
    .fix("Open any web page in your browser: if a Wi-Fi sign-in or terms page appears, accept it, then try again.")
    .fix("If you use a VPN or a proxy, turn it off (or on) and try again; otherwise try another network.")
    .at(ep)
}

fn protocol_mismatch(ep: &Endpoint, spoken: Option<MailProtocol>) -> Finding {
    match spoken {
        Some(actual) => Finding::new(Code::SettingsProtocolMismatch, Severity::Error, format!("Port {} speaks {actual}, not {}", ep.port, ep.protocol))
            .because(format!("Your mail app expects a {} server on port {}, but the server there speaks {actual}. The port belongs to another kind of mail server.", ep.protocol, ep.port))
            .fix(format!("Use port {} for {} with {}.", usual_port(ep.protocol, ep.security), ep.protocol, ep.security)),
        None => Finding::new(Code::SettingsProtocolMismatch, Severity::Error, format!("Port {} is not a {} server", ep.port, ep.protocol))
            .because("The server on this port answered with something that is not a mail protocol.")
            .fix(format!("Use port {} for {} with {}.", usual_port(ep.protocol, ep.security), ep.protocol, ep.security)),
    }
    .at(ep)
}

fn step_failure(ep: &Endpoint, step: Step, reason: &ProbeFailure) -> Finding {
    match (step, reason) {
        (Step::Greeting, ProbeFailure::TlsOnPlainPort) => Finding::new(
            Code::SettingsPlainOnTlsPort,
            Severity::Error,
            format!("Port {} expects SSL/TLS from the start", ep.port),
        )
        .because(format!(
            "Your mail app connects without encryption{}, but the server on this port starts with a TLS handshake.",
            if ep.security == Security::Starttls { " and plans to upgrade with STARTTLS" } else { "" }
        ))
        .fix(format!("Set Security to SSL/TLS for port {}.", ep.port)),
        // Silence on an implicit-TLS port from a client that did not start TLS:
        // the server is waiting for the TLS hello that never comes.
        (Step::Greeting, ProbeFailure::Timeout { .. } | ProbeFailure::Deadline { .. })
            if ep.security != Security::Tls && usual_security(ep.port) == Some(Security::Tls) =>
        {
            Finding::new(Code::SettingsPlainOnTlsPort, Severity::Error, format!("Port {} expects SSL/TLS from the start", ep.port))
                .because(format!(
                    "Port {} is the {} port for SSL/TLS: the server waits for an encrypted hello and says nothing to a client \
                     that starts without encryption.",
                    ep.port, ep.protocol
                ))
                .fix(format!("Set Security to SSL/TLS for port {}.", ep.port))
                .fix(format!("Or keep {} and use port {}.", ep.security, usual_port(ep.protocol, Security::Starttls)))
        }
        (Step::Greeting, ProbeFailure::Timeout { waited_ms } | ProbeFailure::Deadline { waited_ms }) => Finding::new(
            Code::ServerNoGreeting,
            Severity::Error,
            "The server accepted the connection but never said hello",
        )
        .because(format!(
            "After {} s the server had still not sent its greeting. It may be overloaded, or {} ",
            waited_ms / 1000,
            if ep.security == Security::Tls {
                "something on the path interferes."
            } else {
                "it waits for a TLS handshake (SSL/TLS on a port set up without it)."
            }
        ))
        .fix(format!(
            "Check the Security setting: port {} usually uses {}.",
            ep.port,
            usual_security(ep.port).map(|s| s.client_label()).unwrap_or("the provider's published setting")
        )),
        (_, ProbeFailure::Closed | ProbeFailure::Reset) => {
            Finding::new(Code::ServerUnavailable, Severity::Error, "The server closed the connection")
                .because(format!("The server hung up during the {} step without saying why.", step_name(step)))
                .fix("Try again later; if it keeps happening, the server may be refusing your network.")
        }
        _ => Finding::new(Code::ServerProtocolError, Severity::Error, "The server broke the mail protocol")
            .because(format!(
                "During the {} step the server did something a mail server must not: {reason:?}.",
                step_name(step)
            ))
            .fix("Report this to the mail provider with the transcript below."),
    }
    .at(ep)
}

fn step_name(step: Step) -> &'static str {
    match step {
        Step::Resolve => "name lookup",
        Step::Connect => "connect",
        Step::Tls => "TLS",
        Step::Greeting => "greeting",
        Step::Capabilities => "capabilities",
        Step::Starttls => "STARTTLS",
        Step::Login => "login",
        Step::Logout => "logout",
    }
}

fn usual_port(protocol: MailProtocol, security: Security) -> u16 {
    protocol.usual_port(security)
}

fn usual_security(port: u16) -> Option<Security> {
    Security::usual_for_port(port)
}

fn dns_outcome_text(outcome: &DnsOutcome) -> String {
    match outcome {
        DnsOutcome::Answer => "answer".into(),
        DnsOutcome::NoData => "no records of this type".into(),
        DnsOutcome::NxDomain => "NXDOMAIN (no such name)".into(),
        DnsOutcome::ServFail => "SERVFAIL".into(),
        DnsOutcome::Refused => "REFUSED".into(),
        DnsOutcome::Timeout => "no answer (timeout)".into(),
        DnsOutcome::Error { message } => format!("error: {message}"),
    }
}

fn tcp_outcome_text(outcome: TcpOutcome) -> &'static str {
    match outcome {
        TcpOutcome::Connected => "connected",
        TcpOutcome::Refused => "refused",
        TcpOutcome::TimedOut => "no answer (silently dropped)",
        TcpOutcome::Unreachable => "unreachable",
        TcpOutcome::Reset => "reset",
        TcpOutcome::NoRoute => "no route",
    }
}

#[cfg(test)]
#[path = "diagnose_tests.rs"]
mod tests;
