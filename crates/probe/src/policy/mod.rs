//! What the relay may dial. The relay connects where strangers ask, so it
//! validates the name before any DNS query, and checks every resolved address
//! before dialing exactly that address (no second lookup: no DNS rebinding).

use std::net::IpAddr;

pub use ipnet::IpNet;
use maildoctor_wire::Refusal;

/// The ports mail clients use. Anything else is refused unless configured.
pub const MAIL_PORTS: [u16; 8] = [25, 110, 143, 465, 587, 993, 995, 2525];

#[derive(Debug, Clone, Default)]
pub struct Policy {
    /// Dial loopback, private and other special-purpose addresses. For
    /// `maildoctor check` on a person's own machine, and for tests.
    pub allow_private: bool,
    /// Ports allowed besides [`MAIL_PORTS`].
    pub extra_ports: Vec<u16>,
    /// Any port at all: for `check` and `probe` on a person's own machine,
    /// and tests with fake servers on free ports. Never from `serve`, where
    /// `--allow-private` opens private addresses, not every service on them.
    pub any_port: bool,
    /// Let a client send a password without TLS when it asks to. Off for a
    /// relay unless its operator allows it: a relay's address should not be
    /// where cleartext passwords cross the internet from.
    pub plaintext_logins: bool,
    /// Networks never dialed, whatever else allows them: the relay's own
    /// addresses, its load balancer's, a provider's internal ranges.
    pub deny: Vec<IpNet>,
    /// Special-purpose networks that may be dialed all the same (a relay
    /// inside a provider's network that checks its private servers), each
    /// one named by the operator instead of `allow_private` opening them all.
    pub allow: Vec<IpNet>,
    /// A lookup may name its own resolver only when that is the executor's
    /// configured one or a server authoritative for the name asked (the
    /// rules ask a zone's own name servers): otherwise a page could aim the
    /// relay's queries at any server on port 53. On for `serve`.
    pub authoritative_resolvers_only: bool,
    /// Addresses the relay will not dial are written as the unspecified
    /// address (0.0.0.0, ::) in what it reports, so a remote page learns
    /// that a name points inside a private network, never where. On for
    /// `serve`.
    pub redact_refused_addresses: bool,
}

/// A checked target: an address literal, or a name still to resolve.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Address(IpAddr),
    Name(String),
}

impl Policy {
    pub fn permissive() -> Self {
        Self { allow_private: true, any_port: true, plaintext_logins: true, ..Self::default() }
    }

    pub fn check_port(&self, port: u16) -> Result<(), Refusal> {
        if MAIL_PORTS.contains(&port) || self.extra_ports.contains(&port) || (self.any_port && port != 0) {
            Ok(())
        } else {
            Err(Refusal::PortNotAllowed { port })
        }
    }

    /// Validates what a person typed as a server name, without any DNS.
    pub fn check_host(&self, host: &str) -> Result<Target, Refusal> {
        let invalid = |detail: &str| Err(Refusal::InvalidTarget { detail: detail.to_owned() });
        // An international name is asked for, and checked, in its DNS form
        // (UTS 46, strict: what a mail app sends as well).
        let converted;
        let host = if host.is_ascii() {
            host
        } else {
            match idna::domain_to_ascii_strict(host) {
                Ok(ascii) => {
                    converted = ascii;
                    &converted
                }
                Err(_) => return invalid("not a valid international server name"),
            }
        };
        let bare = host.strip_prefix('[').and_then(|h| h.strip_suffix(']')).unwrap_or(host);
        if bare.contains('%') {
            return invalid("addresses with a zone index are not accepted");
        }
        if let Ok(ip) = bare.parse::<IpAddr>() {
            // One spelling per address (RFC 5952 for IPv6, case aside), so
            // lists and logs can never be dodged by writing it another way.
            if ip.to_string() != bare.to_ascii_lowercase() {
                return Err(Refusal::InvalidTarget { detail: format!("write the address as {ip}") });
            }
            self.check_address(ip).map_err(|_| Refusal::DestinationNotAllowed { address: ip })?;
            return Ok(Target::Address(ip));
        }
        let name = host.strip_suffix('.').unwrap_or(host).to_ascii_lowercase();
        if name.is_empty() || name.len() > 253 {
            return invalid("a server name has 1 to 253 characters");
        }
        let labels: Vec<&str> = name.split('.').collect();
        for label in &labels {
            let ok_chars = label.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
            if label.is_empty() || label.len() > 63 || !ok_chars || label.starts_with('-') || label.ends_with('-') {
                return invalid("a server name is made of letters, digits and hyphens, separated by dots");
            }
        }
        let numeric = |label: &str| {
            let hex = label.strip_prefix("0x").is_some_and(|rest| rest.bytes().all(|b| b.is_ascii_hexdigit()));
            hex || label.bytes().all(|b| b.is_ascii_digit())
        };
        if labels.last().is_some_and(|last| numeric(last)) {
            // 127.1, 0x7f.1, 2130706433 and friends: forms some resolvers and
            // libraries turn into addresses. No top-level domain is numeric.
            return invalid("an address must be written as four numbers, like 203.0.113.7");
        }
        if !self.allow_private {
            if labels.len() < 2 {
                return invalid("a server name needs a domain, like mail.example.com");
            }
            let last = labels[labels.len() - 1];
            if matches!(last, "localhost" | "local" | "internal" | "localdomain" | "home" | "lan" | "corp" | "intranet")
                || name == "metadata.google.internal"
                // RFC 8375: home networks' own names, answered by the
                // person's router, never by the internet's DNS.
                || name == "home.arpa"
                || name.ends_with(".home.arpa")
            {
                return invalid("names of local networks are not reachable from this relay");
            }
        }
        Ok(Target::Name(name))
    }

    /// `Err(reason)` when the relay must not dial `ip`.
    pub fn check_address(&self, ip: IpAddr) -> Result<(), &'static str> {
        // An IPv4-mapped IPv6 address is the IPv4 address for the lists.
        let canonical = ip.to_canonical();
        if self.deny.iter().any(|net| net.contains(&ip) || net.contains(&canonical)) {
            return Err("an address this relay's operator does not allow");
        }
        let listed = self.allow.iter().any(|net| net.contains(&ip) || net.contains(&canonical));
        if listed || self.allow_private {
            // Opened ranges still hold no multicast or "any" address.
            let not_a_host = match canonical {
                IpAddr::V4(v4) => v4.is_unspecified() || v4.is_broadcast() || v4.is_multicast(),
                IpAddr::V6(v6) => v6.is_unspecified() || v6.is_multicast(),
            };
            return if not_a_host { Err("not a host address") } else { Ok(()) };
        }
        match special_purpose(ip) {
            Some(reason) => Err(reason),
            None => Ok(()),
        }
    }
}

mod special;
#[cfg(test)]
mod tests;

pub use special::special_purpose;
