//! Fetching an autoconfig document: one GET of a fixed path, no redirects,
//! a capped response, over TLS that must verify when the URL says https.

use std::net::SocketAddr;
use std::time::Instant;

use maildoctor_proto::http::{get_request, parse_response, HttpError, MAX_RESPONSE};
use maildoctor_wire::{AutoconfigProblem, CertVerdict, Event, Refusal};
use rustls::pki_types::ServerName;

use crate::driver::{self, Conn};
use crate::link::{Emitter, Link, OldTls};
use crate::policy::{Policy, Target};
use crate::reach::Context;
use crate::tcp;
use crate::tls::FirstBytes;

/// The two places Thunderbird looks (its `fromISP` source).
const PATHS: [&str; 2] = ["/mail/config-v1.1.xml", "/.well-known/autoconfig/mail/config-v1.1.xml"];

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct AutoconfigUrl {
    https: bool,
    host: String,
    port: u16,
    path_and_query: String,
    /// The address in `?emailaddress=`, for the document's placeholders.
    address: Option<String>,
    /// The domain the document is about, for `%EMAILDOMAIN%`.
    domain: String,
}

/// Accepts only an autoconfig URL: http or https, a host that passes the
/// policy, the default port (any port with `any_port`, for tests), one
/// of the two autoconfig paths and at most an `emailaddress` query.
pub(crate) fn parse_url(url: &str, policy: &Policy) -> Result<AutoconfigUrl, Refusal> {
    let invalid = |detail: &str| Refusal::InvalidTarget { detail: detail.to_owned() };
    let (https, rest) = match url.split_once("://") {
        Some(("https", rest)) => (true, rest),
        Some(("http", rest)) => (false, rest),
        _ => return Err(invalid("an autoconfig URL starts with http:// or https://")),
    };
    let (authority, path_and_query) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    if authority.contains('@') || url.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return Err(invalid("the URL has characters an autoconfig URL never has"));
    }
    let (host, port) = match authority.rsplit_once(':') {
        Some((host, port)) => (host, port.parse::<u16>().map_err(|_| invalid("the port is not a number"))?),
        None => (authority, if https { 443 } else { 80 }),
    };
    if ![80, 443].contains(&port) && !policy.any_port {
        return Err(Refusal::PortNotAllowed { port });
    }
    let Target::Name(host) = policy.check_host(host)? else {
        return Err(invalid("an autoconfig URL names a host, not an address"));
    };
    let (path, query) = path_and_query.split_once('?').unwrap_or((path_and_query, ""));
    if !PATHS.contains(&path) {
        return Err(invalid("only the two autoconfig paths may be fetched"));
    }
    let address = match query {
        "" => None,
        query => match query.strip_prefix("emailaddress=") {
            Some(address) if !address.contains(['&', '#']) => Some(address.replace("%40", "@")),
            _ => return Err(invalid("the only query an autoconfig URL may carry is emailaddress")),
        },
    };
    let domain = host.strip_prefix("autoconfig.").unwrap_or(&host).to_owned();
    Ok(AutoconfigUrl { https, host, port, path_and_query: path_and_query.to_owned(), address, domain })
}

/// A discovery service's base URL: an ISP database's
/// (`https://autoconfig.thunderbird.net/v1.1/`, the domain is appended) or
/// an Autodiscover service's (`https://outlook.office365.com/`). Operator
/// configuration, never a client's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceBase {
    https: bool,
    host: String,
    port: u16,
    path: String,
}

impl ServiceBase {
    /// Parses `https://host[:port]/path/`; the path must end in a slash.
    pub fn parse(url: &str) -> Result<Self, String> {
        let (https, rest) = match url.split_once("://") {
            Some(("https", rest)) => (true, rest),
            Some(("http", rest)) => (false, rest),
            _ => return Err(format!("{url}: an ISP database URL starts with https:// or http://")),
        };
        let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
        let (host, port) = match authority.rsplit_once(':') {
            Some((host, port)) => (host, port.parse::<u16>().map_err(|_| format!("{url}: the port is not a number"))?),
            None => (authority, if https { 443 } else { 80 }),
        };
        if host.is_empty() || !path.ends_with('/') || url.contains(['?', '#', '@']) {
            return Err(format!("{url}: expected a base URL such as https://autoconfig.thunderbird.net/v1.1/"));
        }
        Ok(Self { https, host: host.to_ascii_lowercase(), port, path: path.to_owned() })
    }

    fn for_domain(&self, domain: &str) -> AutoconfigUrl {
        AutoconfigUrl {
            https: self.https,
            host: self.host.clone(),
            port: self.port,
            path_and_query: format!("{}{domain}", self.path),
            address: None,
            domain: domain.to_owned(),
        }
    }

    fn url(&self, domain: &str) -> String {
        let scheme = if self.https { "https" } else { "http" };
        format!("{scheme}://{}:{}{}{domain}", self.host, self.port, self.path)
    }
}

/// The ISP database's document for `domain` (already admitted).
pub(crate) async fn fetch_ispdb(context: Context<'_>, base: &ServiceBase, domain: &str, emit: &Emitter<'_>) {
    fetch_parsed(context, base.for_domain(domain), &base.url(domain), emit).await;
}

/// Fetches the document at `url` (already admitted) and reports what it names.
pub(crate) async fn fetch(context: Context<'_>, url: &str, emit: &Emitter<'_>) {
    let Ok(parsed) = parse_url(url, context.policy) else { return };
    fetch_parsed(context, parsed, url, emit).await;
}

async fn fetch_parsed(context: Context<'_>, parsed: AutoconfigUrl, url: &str, emit: &Emitter<'_>) {
    let report = |status: Option<u16>, servers, problem: Option<AutoconfigProblem>| Event::Autoconfig {
        url: url.to_owned(),
        status,
        servers,
        problem,
        snapshot: None,
    };
    let event = match get(context, &parsed, emit).await {
        Err(None) => return,
        Err(Some(problem)) => report(None, vec![], Some(problem)),
        // Redirects are not followed (a redirect to another host could
        // steer discovery anywhere); the status says one was offered.
        Ok(response) if response.status != 200 => {
            report(Some(response.status), vec![], Some(AutoconfigProblem::Status))
        }
        Ok(response) => {
            let address =
                parsed.address.clone().filter(|a| a.contains('@')).unwrap_or_else(|| format!("@{}", parsed.domain));
            match maildoctor_proto::autoconfig::parse(&String::from_utf8_lossy(&response.body), &address) {
                Ok(servers) => report(Some(200), servers, None),
                Err(detail) => report(Some(200), vec![], Some(AutoconfigProblem::NotAutoconfig { detail })),
            }
        }
    };
    emit.send(event).await;
}

/// Where the Autodiscover service at `base` says `address`'s mailbox is
/// served (already admitted).
pub(crate) async fn fetch_autodiscover(context: Context<'_>, base: &ServiceBase, address: &str, emit: &Emitter<'_>) {
    let Some(path) = maildoctor_proto::autodiscover::path_for(address) else { return };
    let parsed = AutoconfigUrl {
        https: base.https,
        host: base.host.clone(),
        port: base.port,
        path_and_query: format!("{}{}", base.path.trim_end_matches('/'), path),
        address: None,
        domain: String::new(),
    };
    let scheme = if base.https { "https" } else { "http" };
    let url = format!("{scheme}://{}:{}{}", parsed.host, parsed.port, parsed.path_and_query);
    let report = |status: Option<u16>, host: Option<String>, problem: Option<AutoconfigProblem>| Event::Autodiscover {
        url: url.clone(),
        status,
        host,
        servers: Vec::new(),
        redirect: None,
        problem,
    };
    let event = match get(context, &parsed, emit).await {
        Err(None) => return,
        Err(Some(problem)) => report(None, None, Some(problem)),
        Ok(response) if response.status != 200 => report(Some(response.status), None, Some(AutoconfigProblem::Status)),
        Ok(response) => match maildoctor_proto::autodiscover::endpoint_host(&response.body) {
            Ok(host) => report(Some(200), Some(host), None),
            Err(detail) => report(Some(200), None, Some(AutoconfigProblem::NotAutoconfig { detail })),
        },
    };
    emit.send(event).await;
}

/// One GET of `parsed` over a checked address, TLS that must verify when
/// asked for, a capped response. `Err(None)`: what went wrong was already
/// reported (no address may be dialed); `Err(Some(problem))`: say it.
async fn get(
    context: Context<'_>,
    parsed: &AutoconfigUrl,
    emit: &Emitter<'_>,
) -> Result<maildoctor_proto::http::Response, Option<AutoconfigProblem>> {
    let request = get_request(&parsed.host, &parsed.path_and_query);
    exchange(context, parsed.https, &parsed.host, parsed.port, &request, emit).await
}

/// One `request` to `host` (already admitted by the policy) and its capped
/// response: [`get`]'s, and the Autodiscover walk's POSTs.
pub(crate) async fn exchange(
    context: Context<'_>,
    https: bool,
    host: &str,
    port: u16,
    request: &[u8],
    emit: &Emitter<'_>,
) -> Result<maildoctor_proto::http::Response, Option<AutoconfigProblem>> {
    let target = Target::Name(host.to_owned());
    let Some(addresses) = context.addresses(&target, emit).await else { return Err(None) };
    let timeouts = context.timeouts;
    let deadline = Instant::now() + timeouts.operation;
    let mut stream = None;
    // The relay's per-destination limit counts these sockets too.
    for ip in addresses.into_iter().filter(|ip| emit.gate.connect(*ip).is_ok()) {
        let address = SocketAddr::new(ip, port);
        let (outcome, connected, elapsed_ms) = tcp::connect(address, timeouts.connect).await;
        emit.send(Event::Tcp { address, outcome, elapsed_ms }).await;
        if let Some(connected) = connected {
            stream = Some((address, connected));
            break;
        }
    }
    let Some((address, stream)) = stream else { return Err(Some(AutoconfigProblem::Unreachable)) };
    let Ok(server_name) = ServerName::try_from(host.to_owned()) else { return Err(None) };
    let link = Link { address, server_name, trust: context.trust, timeouts, deadline, tls_hint: false };
    let mut conn = if https {
        match driver::handshake(&link, FirstBytes::new(stream), OldTls::NotAsked, emit).await {
            Some((tls, CertVerdict::Valid)) => Conn::Tls(Box::new(tls)),
            // What a server that cannot prove who it is says is not read.
            Some(_) => return Err(Some(AutoconfigProblem::Certificate)),
            None => return Err(Some(AutoconfigProblem::Tls)),
        }
    } else {
        Conn::Plain(FirstBytes::new(stream))
    };
    let response = tokio::time::timeout(crate::deadline::capped(timeouts.step, deadline), async {
        conn.write_all(request).await?;
        let mut received = Vec::new();
        let mut buf = [0u8; 4096];
        loop {
            let n = conn.read(&mut buf).await?;
            received.extend_from_slice(&buf[..n]);
            match parse_response(&received, n == 0) {
                Err(HttpError::Incomplete) if n > 0 && received.len() <= MAX_RESPONSE => continue,
                result => return Ok::<_, std::io::Error>(result),
            }
        }
    })
    .await;
    match response {
        Err(_) => Err(Some(AutoconfigProblem::Timeout)),
        Ok(Err(err)) => Err(Some(AutoconfigProblem::BadResponse { detail: err.to_string() })),
        Ok(Ok(Err(err))) => Err(Some(AutoconfigProblem::BadResponse { detail: format!("{err:?}") })),
        Ok(Ok(Ok(response))) => Ok(response),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_autoconfig_urls_are_fetched() {
        let policy = Policy::default();
        let ok = parse_url("https://autoconfig.example.com/mail/config-v1.1.xml?emailaddress=a%40example.com", &policy)
            .expect("the standard URL");
        assert_eq!((ok.https, ok.port, ok.address.as_deref()), (true, 443, Some("a@example.com")));
        assert!(parse_url("http://example.com/.well-known/autoconfig/mail/config-v1.1.xml", &policy).is_ok());
        for bad in [
            "ftp://example.com/mail/config-v1.1.xml",
            "https://example.com/admin",
            "https://user@example.com/mail/config-v1.1.xml",
            "https://example.com:8443/mail/config-v1.1.xml",
            "https://127.0.0.1/mail/config-v1.1.xml",
            "https://localhost/mail/config-v1.1.xml",
            "https://example.com/mail/config-v1.1.xml?x=1",
            "https://example.com/mail/config-v1.1.xml\r\nHost: evil",
        ] {
            assert!(parse_url(bad, &policy).is_err(), "{bad}");
        }
    }
}
