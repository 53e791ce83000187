//! Items become findings in the person's language: each cause names its
//! catalog message and exactly the arguments that message uses. Server text
//! is passed through verbatim as `$said`; it is evidence.

use maildoctor_wire::{MailProtocol, Security, TcpOutcome, WithheldReason};

use crate::catalog::{Args, Catalog};
use crate::cause::{Cause, Interceptor, Scanner};
use crate::describe::{self, step_name};
use crate::item::{AppSteps, Item};
use crate::words::{endpoint, security_label};
use crate::{apps, suspect, unseen, Endpoint, Evidence, Finding};

mod place;
pub(crate) use place::{checked_from, relay_from, NETWORK_PATH};

/// The catalog's key for a security setting.
fn security_key(security: Security) -> &'static str {
    match security {
        Security::Tls => "tls",
        Security::Starttls => "starttls",
        Security::None => "none",
    }
}

fn list(items: impl IntoIterator<Item = impl ToString>) -> String {
    items.into_iter().map(|i| i.to_string()).collect::<Vec<_>>().join(", ")
}

fn tcp_outcome(catalog: &Catalog, outcome: TcpOutcome) -> String {
    catalog.text(describe::tcp_outcome_id(outcome), &Args::new())
}

fn withheld(catalog: &Catalog, why: &WithheldReason) -> String {
    let (id, args) = match why {
        WithheldReason::UnsendableCharacters => ("withheld-unsendable", Args::new()),
        WithheldReason::NotEncrypted => ("withheld-not-encrypted", Args::new()),
        WithheldReason::CertificateNotVerified => ("withheld-certificate", Args::new()),
        WithheldReason::NeedsLiteral => ("withheld-literal", Args::new()),
        WithheldReason::MechanismsUnsupported { offered } | WithheldReason::MechanismNotOffered { offered, .. } => {
            ("withheld-mechanisms", Args::new().text("offered", list(offered)))
        }
    };
    catalog.text(id, &args)
}

/// The title of the first finding a cause explains, which its sentence quotes.
fn quoted(follows: &[Finding]) -> String {
    follows.first().map(|f| f.title.clone()).unwrap_or_default()
}

/// The message and its arguments for `item`. `follows` is rendered first,
/// for a cause whose sentence quotes the failure it explains.
fn message(item: &Item, follows: &[Finding], catalog: &Catalog) -> (&'static str, Args<'static>) {
    let ep = item.endpoint.as_ref();
    let host = || ep.map(|e| e.host.clone()).unwrap_or_default();
    let port = || ep.map(|e| e.port.to_string()).unwrap_or_default();
    let protocol = ep.map_or(MailProtocol::Imap, |e| e.protocol);
    let usual = |security: Security| protocol.usual_port(security).to_string();
    let label = |security: Security| security_label(catalog, security);
    let server = || ep.map(|e| endpoint(catalog, e)).unwrap_or_default();
    let said = |text: &str| Args::new().text("said", text.to_owned());
    let a = Args::new;
    match &item.cause {
        Cause::DestinationNotAllowed { reason: Some(reason), .. } => {
            ("f-relay-address-denied", a().text("host", host()).text("reason", reason.clone()))
        }
        Cause::DestinationNotAllowed { address, reason: None } => (
            "f-relay-address-refused",
            a().text("server", server()).text("address", address.map(|x| x.to_string()).unwrap_or_default()),
        ),
        Cause::RelayRefused { refusal } => {
            ("f-relay-refused", a().text("server", server()).text("why", describe::refusal(catalog, refusal)))
        }
        Cause::NxDomain => ("f-dns-nxdomain", a().text("host", host())),
        // A name maildoctor guessed never gets "check the spelling".
        Cause::Candidate { cause } if matches!(**cause, Cause::NxDomain) => {
            ("f-candidate-missing", a().text("host", host()))
        }
        Cause::Candidate { cause } => {
            let inner = Item { cause: (**cause).clone(), ..item.clone() };
            message(&inner, follows, catalog)
        }
        Cause::BrokenAlias { chain } => (
            "f-dns-broken-alias",
            a().text("host", host())
                .text("chain", chain.join(" → "))
                .text("target", chain.last().cloned().unwrap_or_default()),
        ),
        Cause::ServFail => ("f-dns-servfail", a().text("host", host())),
        Cause::DnsTimeout => ("f-dns-timeout", a().text("host", host())),
        Cause::NoAddress => ("f-dns-no-address", a().text("host", host())),
        Cause::TcpRefused => (
            "f-tcp-refused",
            a().text("host", host())
                .text("port", port())
                .text("protocol", protocol.name())
                .text("security", label(ep.map_or(Security::Tls, |e| e.security)))
                .text("usual", usual(ep.map_or(Security::Tls, |e| e.security))),
        ),
        Cause::TcpFiltered { control_answered: true } => {
            ("f-tcp-filtered-server-up", a().text("host", host()).text("port", port()))
        }
        Cause::TcpFiltered { control_answered: false } => {
            ("f-tcp-filtered", a().text("host", host()).text("port", port()))
        }
        Cause::TcpUnreachable => ("f-tcp-unreachable", a().text("host", host())),
        Cause::Ipv4Broken { outcome } => {
            ("f-ipv4-broken", a().text("host", host()).text("outcome", tcp_outcome(catalog, *outcome)))
        }
        Cause::Ipv6Broken { outcome } => {
            ("f-ipv6-broken", a().text("host", host()).text("outcome", tcp_outcome(catalog, *outcome)))
        }
        Cause::TlsTooOld { offered: Some(version) } => ("f-tls-too-old", a().text("version", version.name())),
        Cause::TlsTooOld { offered: None } => ("f-tls-too-old-unknown", a()),
        Cause::TlsOnPlainPort => {
            ("f-tls-on-plain-port", a().text("port", port()).text("tls_port", usual(Security::Tls)))
        }
        Cause::HandshakeStalled => ("f-tls-stalled", a()),
        Cause::MtuBlackhole { mss } => ("f-mtu-blackhole", a().text("mss", mss.to_string())),
        Cause::HandshakeAlert { description } => ("f-tls-alert", a().text("alert", description.clone())),
        Cause::HandshakeClosed => ("f-tls-closed", a()),
        Cause::HandshakeFailed { detail } => ("f-tls-failed", a().text("detail", detail.clone())),
        Cause::WebAnswer { said: text } => ("f-web-answer", said(text).text("port", port())),
        Cause::CertExpired { not_after: Some(date) } => {
            ("f-cert-expired-on", a().text("host", host()).text("date", date.clone()))
        }
        Cause::CertExpired { not_after: None } => ("f-cert-expired", a().text("host", host())),
        Cause::CertNotYetValid { not_before: Some(date) } => ("f-cert-not-yet-valid", a().text("date", date.clone())),
        Cause::CertNotYetValid { not_before: None } => ("f-cert-not-yet-valid-undated", a()),
        Cause::CertSelfSigned => ("f-cert-self-signed", a()),
        Cause::CertUntrusted => ("f-cert-untrusted", a()),
        Cause::CertNameMismatch { expected, presented } if !presented.is_empty() => (
            "f-cert-name-mismatch",
            a().text("expected", expected.clone())
                .text("presented", list(presented))
                .text("first", presented[0].clone()),
        ),
        Cause::CertNameMismatch { expected, .. } => {
            ("f-cert-name-mismatch-unnamed", a().text("expected", expected.clone()))
        }
        Cause::ChainIncomplete => ("f-chain-incomplete", a()),
        Cause::CertRevoked => ("f-cert-revoked", a()),
        Cause::CertRejected { detail } => ("f-cert-rejected", a().text("detail", detail.clone())),
        Cause::Intercepted { by: Interceptor::Product { issuer } } => {
            ("f-intercepted-product", a().text("issuer", issuer.clone()))
        }
        Cause::ScannerInTheMiddle { product, issuer } => {
            let id = match product {
                Scanner::Avast => "f-scanner-avast",
                Scanner::Kaspersky => "f-scanner-kaspersky",
                Scanner::Eset => "f-scanner-eset",
                Scanner::Bitdefender => "f-scanner-bitdefender",
                Scanner::Norton => "f-scanner-norton",
                Scanner::Antivirus => "f-scanner-antivirus",
                Scanner::Proxy => "f-scanner-proxy",
            };
            (id, a().text("issuer", issuer.clone()))
        }
        Cause::Intercepted { by: Interceptor::Provider { name } } => {
            ("f-intercepted-provider", a().text("provider", *name))
        }
        Cause::ProtocolMismatch { spoken } => {
            let security = ep.map_or(Security::Tls, |e| e.security);
            let args = a()
                .text("port", port())
                .text("expected", protocol.name())
                .text("usual", usual(security))
                .text("security", label(security));
            match spoken {
                Some(actual) => ("f-protocol-mismatch", args.text("actual", actual.name())),
                None => ("f-not-mail", args),
            }
        }
        Cause::ServerUnavailable { said: text } => ("f-server-unavailable", said(text)),
        Cause::ClientBlocked { said: text } => ("f-client-blocked", said(text)),
        Cause::PlainOnTlsPort { planned_starttls: true } => ("f-plain-on-tls-port-starttls", a().text("port", port())),
        Cause::PlainOnTlsPort { planned_starttls: false } => ("f-plain-on-tls-port", a().text("port", port())),
        Cause::SilentTlsPort => {
            let security = ep.map_or(Security::Starttls, |e| e.security);
            (
                "f-silent-tls-port",
                a().text("port", port())
                    .text("protocol", protocol.name())
                    .text("security", label(security))
                    .text("starttls_port", usual(Security::Starttls)),
            )
        }
        Cause::NoGreeting { waited_ms } => {
            let id =
                if ep.is_some_and(|e| e.security == Security::Tls) { "f-no-greeting-tls" } else { "f-no-greeting" };
            let usual_security = ep
                .and_then(|e| Security::usual_for_port(e.port))
                .map(&label)
                .unwrap_or_else(|| catalog.text("security-published", &Args::new()));
            (id, a().text("seconds", (waited_ms / 1000).to_string()).text("port", port()).text("usual", usual_security))
        }
        Cause::ServerClosed { step } => ("f-server-closed", a().text("step", step_name(catalog, *step))),
        Cause::ServerMisbehaved { step, reason } => (
            "f-server-misbehaved",
            a().text("step", step_name(catalog, *step)).text("what", describe::failure(catalog, reason)),
        ),
        Cause::ProtocolViolation { step, violation } => (
            "f-protocol-violation",
            a().text("step", step_name(catalog, *step)).text("what", describe::violation(catalog, violation)),
        ),
        Cause::LocalFailure { step, detail } => {
            ("f-local-failure", a().text("step", step_name(catalog, *step)).text("detail", detail.clone()))
        }
        Cause::EsmtpInspection { masked, hides_starttls: true } => {
            ("f-esmtp-inspection", a().text("masked", list(masked)))
        }
        Cause::EsmtpInspection { masked, hides_starttls: false } => {
            ("f-esmtp-inspection-harmless", a().text("masked", list(masked)))
        }
        Cause::StarttlsHidden { said: text } => ("f-starttls-hidden", said(text).text("port", port())),
        Cause::StarttlsBlocked { said: text, demand } => {
            ("f-starttls-blocked", said(text).text("demand", demand.clone()).text("tls_port", usual(Security::Tls)))
        }
        Cause::StarttlsNotOffered => ("f-starttls-not-offered", a().text("tls_port", usual(Security::Tls))),
        Cause::StarttlsRequiredForLogin => ("f-starttls-required", a().text("port", port())),
        Cause::LoginNeedsTls => (
            "f-login-needs-tls",
            a().text("port", port()).text("tls_port", usual(Security::Tls)).text("protocol", protocol.name()),
        ),
        Cause::PlaintextLoginRefused { said: None } => {
            ("f-plaintext-refused-no-login", a().text("tls_port", usual(Security::Tls)))
        }
        Cause::PlaintextLoginRefused { said: Some(text) } => {
            ("f-plaintext-refused", said(text).text("tls_port", usual(Security::Tls)))
        }
        Cause::StarttlsRefused { said: text } => {
            ("f-starttls-refused", said(text).text("tls_port", usual(Security::Tls)))
        }
        Cause::UsernameFormat { said: text } => ("f-username-format", said(text)),
        Cause::Known { refusal, said: text } if refusal.code == crate::Code::AuthProtocolDisabled => {
            (refusal.message, said(text).text("protocol", protocol.name()))
        }
        Cause::Known { refusal, said: text } => (refusal.message, said(text)),
        Cause::PasswordExpired { said: text } => ("f-password-expired", said(text)),
        Cause::AccountLocked { said: text } => ("f-account-locked", said(text)),
        Cause::LoginUnavailable { said: text } => ("f-login-unavailable", said(text)),
        Cause::InvalidCredentials { said: text } => ("f-invalid-credentials", said(text)),
        Cause::TokenRefused { said: text } => ("f-token-refused", said(text)),
        Cause::LoginRejected { said: text } => ("f-login-rejected", said(text)),
        Cause::Withheld { why } => ("f-withheld", a().text("why", withheld(catalog, why))),
        Cause::MechanismsUnsupported { offered } => {
            ("f-mechanisms-unsupported", a().text("offered", list(offered)).text("protocol", protocol.name()))
        }
        // APOP is POP3's own command: its words never name SMTP or IMAP.
        Cause::ChallengeLoginOnly { method } if method == "APOP" => ("f-apop-only", a()),
        Cause::ChallengeLoginOnly { .. } => ("f-cram-md5-only", a().text("protocol", protocol.name())),
        Cause::UserPassOff => ("f-user-pass-off", a()),
        Cause::MechanismNotOffered { wanted, offered } => (
            "f-mechanism-not-offered",
            a().text("wanted", wanted.clone())
                .text("offered", if offered.is_empty() { "-".into() } else { list(offered) }),
        ),
        Cause::AuthNotOffered if protocol == MailProtocol::Smtp => {
            ("f-auth-not-offered-smtp", a().text("port", port()).text("tls_port", usual(Security::Tls)))
        }
        Cause::AuthNotOffered => {
            ("f-auth-not-offered", a().text("port", port()).text("tls_port", usual(Security::Tls)))
        }
        Cause::Works { side, signed_in } => (
            "f-works",
            a().text("direction", side.key())
                .text("server", server())
                .text("login", if *signed_in { "yes" } else { "no" }),
        ),
        Cause::SignInToSend { mechanisms } => ("f-sign-in-to-send", a().text("mechanisms", mechanisms.join(" "))),
        Cause::PlaintextInsecure => (
            "f-plaintext-insecure",
            a().text("tls_port", usual(Security::Tls)).text("starttls_port", usual(Security::Starttls)),
        ),
        Cause::PacketLoss { attempts, failed, retried } => (
            "f-packet-loss",
            a().text("host", host())
                .number("attempts", u64::from(*attempts))
                .number("failed", u64::from(*failed))
                .number("retried", *retried as u64),
        ),
        Cause::SlowReply(slow) => slow.words(catalog),
        Cause::HighLatency { median_ms } => {
            ("f-high-latency", a().text("host", host()).text("median", median_ms.to_string()))
        }
        Cause::ResolverSilent => ("f-resolver-silent", a()),
        Cause::StaleResolver { name, resolver_said, zone_says, zone_server } => (
            "f-stale-resolver",
            a().text("name", name.clone())
                .text("stale", list(resolver_said))
                .text("fresh", zone_says.to_string())
                .text("zone_server", zone_server.clone()),
        ),
        Cause::ResolverFailed { name, elsewhere } => {
            ("f-resolver-failed", a().text("name", name.clone()).text("addresses", list(elsewhere)))
        }
        Cause::ResolverMissingName { name, elsewhere } => {
            ("f-resolver-missing-name", a().text("name", name.clone()).text("addresses", list(elsewhere)))
        }
        Cause::ResolversDisagree { name, mine, theirs } => (
            "f-resolvers-disagree",
            a().text("name", name.clone()).text("mine", list(mine)).text("theirs", list(theirs)),
        ),
        Cause::ResolverDenies { names, root } => (
            if *root { "f-resolver-denies-everything" } else { "f-resolver-denies" },
            a().text("names", names.join(", ")).number("count", names.len() as u64),
        ),
        Cause::ResolverSinkhole { name, sink, elsewhere } => (
            "f-resolver-sinkhole",
            a().text("name", name.clone()).text("sink", list(sink)).text("addresses", list(elsewhere)),
        ),
        Cause::NxDomainDenied => ("f-dns-nxdomain-denied", a().text("host", host())),
        Cause::ResolverSlow { name, elapsed_ms } => {
            ("f-resolver-slow", a().text("name", name.clone()).text("ms", elapsed_ms.to_string()))
        }
        Cause::Port25Blocked => ("f-port25-blocked", a()),
        Cause::MailPortsBlocked { host, ports } => {
            ("f-mail-ports-blocked", a().text("host", host.clone()).text("ports", list(ports)))
        }
        Cause::DomainMissing { domain } => ("f-domain-missing", a().text("domain", domain.clone())),
        Cause::DiscoveryFound { side, found, .. } => {
            let entries = found.iter().map(|(e, source)| {
                let args = Args::new()
                    .text("server", endpoint(catalog, e))
                    .text("source", describe::source_after_preposition(catalog, *source));
                catalog.text("found-entry", &args)
            });
            let first = found.first().map(|(e, _)| endpoint(catalog, e)).unwrap_or_default();
            (
                "f-discovery-found",
                a().text("direction", side.key())
                    .text("found", entries.collect::<Vec<_>>().join("; "))
                    .text("server", first),
            )
        }
        Cause::DiscoveryNone { side, domain, tried, sources, .. } => (
            "f-discovery-none",
            a().text("direction", side.key())
                .text("domain", domain.clone())
                .number("tried", *tried as u64)
                .text("sources", sources.iter().map(|s| describe::source(catalog, *s)).collect::<Vec<_>>().join("; ")),
        ),
        Cause::HostTypo { typed, meant } => {
            ("f-host-typo", a().text("typed", typed.clone()).text("meant", meant.clone()))
        }
        Cause::ProviderSays { side, expected, given_works, given_unencrypted } => {
            // Only what differs is named: the port and security when the
            // name is the same, the whole server when it is not.
            let same_host = ep.is_some_and(|e| e.host == expected.host);
            let setting = |e: &Endpoint| {
                let security = catalog.text(&format!("setting-security-{}", security_key(e.security)), &Args::new());
                let shape = Args::new().text("port", e.port.to_string()).text("security", security);
                match same_host {
                    true => catalog.text("setting-shape", &shape),
                    false => catalog.text("setting-server", &shape.text("host", e.host.clone())),
                }
            };
            // A password held back is not a failure: the words say which it was.
            let works = match (*given_works, *given_unencrypted) {
                (true, _) => "yes",
                (false, true) => "unencrypted",
                (false, false) => "no",
            };
            (
                "f-provider-says",
                a().text("direction", side.key())
                    .text("expected", setting(expected))
                    .text("given", ep.map(setting).unwrap_or_default())
                    .text("works", works)
                    .text("server", endpoint(catalog, expected))
                    .text("failure", follows.first().map(|f| f.title.clone()).unwrap_or_default()),
            )
        }
        Cause::HostMismatch { side, domain, target, source } => {
            let shape = Args::new().text("port", target.port.to_string()).text("security", label(target.security));
            let same = ep.is_some_and(|e| e.port == target.port && e.security == target.security);
            let keep = catalog.text(if same { "keep-shape" } else { "set-shape" }, &shape);
            (
                "f-host-mismatch",
                a().text("direction", side.key())
                    .text("given", host())
                    .text("target", target.host.clone())
                    .text("domain", domain.clone())
                    .text("server", endpoint(catalog, target))
                    .text("source", describe::source_after_preposition(catalog, *source))
                    .text("failure", follows.first().map(|f| f.title.clone()).unwrap_or_default())
                    .text("keep", keep),
            )
        }
        // Part B: the relay cannot reach the port at all; it cannot tell.
        Cause::RelayCannotReach { port } => {
            ("f-relay-cannot-reach", a().text("host", host()).number("port", u64::from(*port)))
        }
        // Part D: two places compared. A shared or lone failure is quoted
        // by the title of the finding from here that it explains.
        Cause::AnswersDifferHere { here, there } => {
            let addresses = |found: &[core::net::IpAddr]| match found {
                [] => catalog.text("vantage-no-address", &Args::new()),
                found => list(found),
            };
            (
                "vantage-dns-differs",
                a().text("host", host()).text("here", addresses(here)).text("there", addresses(there)),
            )
        }
        Cause::BlockedHere { how } => (
            "vantage-blocked-here",
            a().text("server", server()).text("port", port()).text("how", tcp_outcome(catalog, *how)),
        ),
        Cause::InterceptedHere { here, there } => (
            "vantage-intercepted-here",
            a().text("server", server()).text("here", here.clone()).text("there", there.clone()),
        ),
        Cause::StrippedHere { what } => ("vantage-stripped-here", a().text("server", server()).text("what", *what)),
        Cause::FailsOnlyHere => ("vantage-only-here", a().text("server", server()).text("failure", quoted(follows))),
        Cause::FailsInBoth => ("vantage-same-failure", a().text("server", server()).text("failure", quoted(follows))),
        Cause::AppSuspect { incoming, outgoing, differs } => {
            ("f-app-suspect", suspect::suspect_args(catalog, *incoming, *outgoing, differs))
        }
        Cause::AppUnproven { incoming, outgoing } => ("f-app-unproven", suspect::unproven_args(*incoming, *outgoing)),
        Cause::Unseen { size } => ("f-unseen", unseen::unseen_args(*size)),
        Cause::ServerBan { host, ports, said, other } => crate::ban::words(host, ports, said, other),
        Cause::BanOrFirewall { host } => ("f-ban-or-firewall", a().text("host", host.clone())),
        Cause::ClockWrong(off) => off.words(),
        Cause::AppErrorRead(read) => read.words(|cause, at| {
            let item = Item { endpoint: at.cloned(), ..Item::new(cause.clone()) };
            finding_from(&item, catalog, None).title
        }),
        Cause::AppErrorUnknown => ("f-app-error-unknown", a()),
        Cause::Autodiscover(said) => said.words(catalog),
        Cause::CertChanged(changed) => changed.words(),
        Cause::Ispdb(note) => note.words(catalog),
        Cause::TlsFloor { lowest, newest, cipher, oldest_cipher } => {
            crate::diagnose::old_clients::words(host(), *lowest, *newest, cipher, oldest_cipher)
        }
    }
}

/// `item` in `catalog`'s language, as checked on the person's computer.
#[cfg(test)]
pub(crate) fn finding(item: &Item, catalog: &Catalog) -> Finding {
    finding_from(item, catalog, None)
}

/// `item` in `catalog`'s language; `relay` names a relay elsewhere that
/// ran the checks ([`relay_from`]), none when they ran on this computer.
pub(crate) fn finding_from(item: &Item, catalog: &Catalog, relay: Option<&str>) -> Finding {
    let follows: Vec<Finding> = item.follows.iter().map(|f| finding_from(f, catalog, relay)).collect();
    let (id, mut args) = message(item, &follows, catalog);
    let relay = relay.filter(|_| NETWORK_PATH.split_whitespace().any(|path| path == id));
    if let Some(from) = relay {
        args = args.text("from", from);
    }
    let twin = |attribute: &str| relay.and_then(|_| catalog.attribute(id, attribute, &args));
    // What to do about a candidate is what to do about the search it
    // belongs to, said once there.
    let candidate = matches!(item.cause, Cause::Candidate { .. });
    let mut fix = match (candidate, relay) {
        (true, _) => Vec::new(),
        (false, None) => catalog.numbered(id, "fix-", &args),
        // From a relay elsewhere the first step is always the same: find
        // out from the person's own computer.
        (false, Some(_)) => core::iter::once(catalog.text("relay-check-own", &Args::new()))
            .chain(catalog.numbered(id, "relay-fix-", &args))
            .collect(),
    };
    if let Cause::DiscoveryFound { provider: Some(provider), .. } = &item.cause {
        let note = Args::new().text("provider", provider.name);
        fix.push(catalog.text(provider.note, &note));
    }
    Finding {
        code: item.code(),
        severity: item.severity(),
        title: twin("relay").unwrap_or_else(|| catalog.text(id, &args)),
        explanation: twin("relay-why").or_else(|| catalog.attribute(id, "why", &args)).unwrap_or_default(),
        fix,
        endpoint: item.endpoint.clone(),
        evidence: item
            .proof
            .iter()
            .map(|p| Evidence { op: p.op, t_ms: p.t_ms, observed: describe::describe(&p.event, catalog) })
            .collect(),
        clients: match &item.apps {
            Some(AppSteps::SetServer { target, side }) => apps::set_server(catalog, target, *side),
            Some(AppSteps::SignInToSend) => apps::sign_in_to_send(catalog),
            Some(AppSteps::ClearState) => apps::clear_state(catalog),
            None => Vec::new(),
        },
        follows,
    }
}
