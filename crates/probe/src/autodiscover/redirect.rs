//! The rules an Autodiscover redirect must pass to be followed; the same
//! words are in docs/autodiscover.md.
//!
//! 1. At most [`MAX_HOPS`] redirects in one walk, URL and address
//!    redirects together (Outlook and the EWS Managed API stop at 10:
//!    learn.microsoft.com, "Implementing an Autodiscover Client in
//!    Microsoft Exchange", "Redirections and When to Stop Following Them").
//! 2. A URL (HTTP 301, 302, 307, 308 `Location`, or POX `redirectUrl`) is
//!    followed only to `https://`, on port 443, without a user name, to
//!    the path `/autodiscover/autodiscover.xml`: Autodiscover and nothing else.
//! 3. Never to a public suffix or `autodiscover.<public suffix>`
//!    (`autodiscover.com`, `autodiscover.co.uk`): checked against the Public
//!    Suffix List before any DNS question (Guardicore 2021).
//! 4. Only inside the registrable domain of the person's address
//!    (`autodiscover.example.co.uk` for `dora@mail.example.co.uk`), or to
//!    the host the domain's own `_autodiscover._tcp` SRV record names. A
//!    hosting company's or Microsoft's host elsewhere is named in the
//!    report, not asked: that would hand the address to a party the domain
//!    did not name in its own DNS.
//! 5. POX `redirectAddr` starts over with the new address only when its
//!    domain has the same registrable domain (rule 4), and is not one
//!    already asked about.
//! 6. A URL already asked with the same address is a loop, and the walk stops.
//! 7. No credentials are ever sent, to any host (pox::post_request).
//! 8. Every host still passes the relay's policy, and every address it
//!    resolves to the egress rules, as for any other connection.

use maildoctor_wire::RedirectRefusal;

use super::suffix::{is_open_to_anyone, registrable_domain};

/// Redirects followed in one walk at most (rule 1).
pub(crate) const MAX_HOPS: usize = 10;

/// The one path Autodiscover is asked at (rule 2).
pub(crate) const PATH: &str = "/autodiscover/autodiscover.xml";

/// One place to ask.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Hop {
    pub(crate) https: bool,
    pub(crate) host: String,
    pub(crate) port: u16,
}

impl Hop {
    pub(crate) fn url(&self) -> String {
        let scheme = if self.https { "https" } else { "http" };
        let default = if self.https { 443 } else { 80 };
        match self.port {
            port if port == default => format!("{scheme}://{}{PATH}", self.host),
            port => format!("{scheme}://{}:{port}{PATH}", self.host),
        }
    }
}

/// The walk's state the rules look at.
#[derive(Debug)]
pub(crate) struct Rules {
    /// The registrable domain of the person's address.
    origin: String,
    /// The host the domain's `_autodiscover._tcp` SRV record names.
    pub(crate) srv_host: Option<String>,
    /// Any port (tests, and `check` on the person's own machine).
    any_port: bool,
    /// Redirects followed so far.
    hops: usize,
    /// (address, URL) pairs asked so far.
    asked: Vec<(String, String)>,
}

impl Rules {
    /// `None` when the address's domain is itself a public suffix: nothing
    /// is asked then (`autodiscover.co.uk` for `x@co.uk` is rule 3's case).
    pub(crate) fn new(address: &str, any_port: bool) -> Option<Self> {
        let domain = address.rsplit_once('@')?.1;
        let origin = registrable_domain(domain)?;
        Some(Self { origin, srv_host: None, any_port, hops: 0, asked: Vec::new() })
    }

    /// Notes that `url` is asked with `address`.
    pub(crate) fn asking(&mut self, address: &str, url: &str) {
        self.asked.push((address.to_owned(), url.to_ascii_lowercase()));
    }

    fn inside(&self, host: &str) -> bool {
        registrable_domain(host).is_some_and(|r| r == self.origin)
            || self.srv_host.as_deref().is_some_and(|srv| srv.eq_ignore_ascii_case(host.trim_end_matches('.')))
    }

    /// Whether a redirect to `to` (absolute, or a path on `from`'s host)
    /// may be followed with `address`; counts the hop when it may.
    pub(crate) fn url(&mut self, from: &Hop, to: &str, address: &str) -> Result<Hop, RedirectRefusal> {
        if self.hops >= MAX_HOPS {
            return Err(RedirectRefusal::TooManyHops);
        }
        let hop = if to.starts_with('/') {
            Hop { https: from.https, host: from.host.clone(), port: from.port }.with_path(to)?
        } else {
            parse(to, self.any_port)?
        };
        if is_open_to_anyone(&hop.host) {
            return Err(RedirectRefusal::PublicSuffix);
        }
        if !self.inside(&hop.host) {
            return Err(RedirectRefusal::OtherDomain);
        }
        let url = hop.url().to_ascii_lowercase();
        if self.asked.iter().any(|(a, u)| a.eq_ignore_ascii_case(address) && *u == url) {
            return Err(RedirectRefusal::Loop);
        }
        self.hops += 1;
        Ok(hop)
    }

    /// Whether a POX `redirectAddr` to `to` may restart the walk.
    pub(crate) fn address(&mut self, to: &str) -> Result<(), RedirectRefusal> {
        if self.hops >= MAX_HOPS {
            return Err(RedirectRefusal::TooManyHops);
        }
        let Some((_, domain)) = to.rsplit_once('@').filter(|_| maildoctor_proto::autodiscover::path_for(to).is_some())
        else {
            return Err(RedirectRefusal::NotAutodiscover);
        };
        if is_open_to_anyone(domain) {
            return Err(RedirectRefusal::PublicSuffix);
        }
        if registrable_domain(domain).is_none_or(|r| r != self.origin) {
            return Err(RedirectRefusal::OtherDomain);
        }
        if self.asked.iter().any(|(a, _)| a.eq_ignore_ascii_case(to)) {
            return Err(RedirectRefusal::Loop);
        }
        self.hops += 1;
        Ok(())
    }
}

impl Hop {
    /// The same host with a redirect's absolute path, which must be Autodiscover's.
    fn with_path(self, path: &str) -> Result<Hop, RedirectRefusal> {
        if !self.https {
            return Err(RedirectRefusal::NotHttps);
        }
        if !path.eq_ignore_ascii_case(PATH) {
            return Err(RedirectRefusal::NotAutodiscover);
        }
        Ok(self)
    }
}

/// Rule 2: an https Autodiscover URL and nothing else.
fn parse(url: &str, any_port: bool) -> Result<Hop, RedirectRefusal> {
    let Some((scheme, rest)) = url.split_once("://") else { return Err(RedirectRefusal::NotAutodiscover) };
    if !scheme.eq_ignore_ascii_case("https") {
        return Err(RedirectRefusal::NotHttps);
    }
    let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    if authority.contains('@') || url.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return Err(RedirectRefusal::NotAutodiscover);
    }
    let (host, port) = match authority.rsplit_once(':') {
        Some((host, port)) => (host, port.parse::<u16>().map_err(|_| RedirectRefusal::NotAutodiscover)?),
        None => (authority, 443),
    };
    if (port != 443 && !any_port) || host.is_empty() || host.parse::<std::net::IpAddr>().is_ok() {
        return Err(RedirectRefusal::NotAutodiscover);
    }
    Hop { https: true, host: host.trim_end_matches('.').to_ascii_lowercase(), port }.with_path(path)
}

#[cfg(test)]
#[path = "redirect_tests.rs"]
mod tests;
