//! What the walk over a domain's own Autodiscover candidates reports about
//! a redirect: where it pointed and, when it was not followed, which of the
//! written-down rules (docs/autodiscover.md) refused it.

use serde::{Deserialize, Serialize};

/// A redirect an Autodiscover answer gave: an HTTP 301/302/307/308, a POX
/// `redirectUrl` or a POX `redirectAddr`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AutodiscoverRedirect {
    /// The URL or the address it pointed to.
    pub to: String,
    /// Why it was not followed; `None` when it was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refused: Option<RedirectRefusal>,
}

/// Which rule refused an Autodiscover redirect.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RedirectRefusal {
    /// Not an https:// URL (a plain-HTTP hop anyone on the path could rewrite).
    NotHttps,
    /// Not an Autodiscover URL: another path, a port, a user name in it.
    NotAutodiscover,
    /// A public suffix, or a name right under one (`autodiscover.com`):
    /// anyone can register it (the 2021 "Autodiscovering the Great Leak").
    PublicSuffix,
    /// Outside the address's own registrable domain and not the host its
    /// `_autodiscover._tcp` SRV record names.
    OtherDomain,
    /// Back to a URL (with the same address) already asked.
    Loop,
    /// More redirects than the hop limit.
    TooManyHops,
}
