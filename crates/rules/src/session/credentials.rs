//! Who gets the person's password, and how often: the person's own
//! servers and what their domain publishes, never more than
//! [`LOGINS_PER_SERVER`] logins a server, one retry with the full address,
//! and consent for the rest.

use maildoctor_wire::{AuthOutcome, Event};

use super::Session;
use crate::runs::{Job, Run, Source};
use crate::{assess, messages, untested, Endpoint, Side};

/// Logins one server gets per diagnosis, retries included: enough to try
/// the address as typed and in full, few enough never to trip fail2ban or
/// lock an account. A server is a host's incoming service (IMAP and POP3
/// share one account database) or its outgoing one.
const LOGINS_PER_SERVER: usize = 2;

impl Session {
    /// The typed username was refused as wrong: the full address, once,
    /// on a fresh connection (people often type only the part before the @).
    /// With the first attempt that makes two logins per server at most, so
    /// maildoctor never trips a lockout.
    pub(super) fn login_retries(&self) -> Vec<Job> {
        if self.login.as_ref().is_none_or(|l| l.username.contains('@')) {
            return Vec::new();
        }
        self.runs
            .iter()
            .filter(|run| run.done && run.carries_login() && crate::runs::retry_of(&self.runs, run).is_none())
            .filter(|run| run.endpoint().is_some_and(|e| self.logins_left(e, &[]) > 0))
            .filter(|run| {
                run.has(|e| {
                    matches!(e, Event::Auth { outcome: AuthOutcome::Rejected, code, .. }
                        if messages::says_wrong_credentials(code.as_ref()))
                })
            })
            .filter_map(|run| match &run.job {
                Job::Probe { endpoint, source, side, .. } => Some(Job::Probe {
                    endpoint: endpoint.clone(),
                    source: *source,
                    side: *side,
                    retry_of: Some(run.id),
                    login: true,
                }),
                _ => None,
            })
            .collect()
    }

    /// Working discovered servers the password did not go to for want of
    /// consent (and would have, with it), for a direction no login proved yet.
    pub(super) fn consent_would_help(&self) -> bool {
        self.login.is_some()
            && self.runs.iter().any(|r| {
                self.waits_for_consent(r)
                    && assess::works(r, &self.runs)
                    && r.probe().is_some_and(|(_, _, side)| !untested::proven(&self.runs, side))
            })
    }

    /// A probe without the password because its server is not the person's
    /// own: the one reason a yes changes. Own servers left without it (the
    /// two-logins budget was spent) are not, or the page would ask for a
    /// yes about servers it calls the person's or their provider's.
    pub(crate) fn waits_for_consent(&self, run: &Run) -> bool {
        !self.login_discovered
            && !run.carries_login()
            && run.probe().is_some_and(|(endpoint, source, _)| !self.is_own(endpoint, source))
    }

    /// Logins the server at `endpoint` may still get: the budget less what
    /// ran or is planned.
    pub(super) fn logins_left(&self, endpoint: &Endpoint, planned: &[Job]) -> usize {
        let side = Side::of(endpoint.protocol);
        let on_host = |job: &Job| {
            matches!(job, Job::Probe { endpoint: e, login: true, .. }
                if e.host == endpoint.host && Side::of(e.protocol) == side)
        };
        let used = self.runs.iter().filter(|r| on_host(&r.job)).count() + planned.iter().filter(|j| on_host(j)).count();
        LOGINS_PER_SERVER.saturating_sub(used)
    }

    /// Whether the person's credentials may go to a discovered server
    /// without asking. What the address's own domain publishes is the
    /// person's own, as a mail app takes it: SRV records in its zone, and
    /// its autoconfig document fetched over verified HTTPS, whatever host
    /// they name. Consent stays for guesses, providers found through the MX
    /// records, what a third party says (an ISP database, Autodiscover) and
    /// a document fetched over plain HTTP, which anyone on the path can
    /// rewrite, unless the host is inside the domain itself. The
    /// Autodiscover leak lost 372,072 credentials to hosts outside their domain.
    pub(super) fn may_log_in(&self, endpoint: &Endpoint, source: Source) -> bool {
        self.login.is_some() && (self.is_own(endpoint, source) || self.login_discovered)
    }

    /// Settings the person (or their provider's page) chose, or that the
    /// address's own domain publishes ([`Session::may_log_in`]).
    fn is_own(&self, endpoint: &Endpoint, source: Source) -> bool {
        let in_domain = endpoint.host == self.domain || endpoint.host.ends_with(&format!(".{}", self.domain));
        match source {
            // The provider's own page gave them, and holds the password field.
            Source::Given | Source::SameHost | Source::Expected => true,
            Source::Provider => crate::providers::by_domain(&self.domain).is_some(),
            Source::Srv => true,
            Source::Autoconfig => in_domain || self.published_over_https(endpoint),
            Source::Ispdb | Source::Autodiscover => in_domain,
            Source::ProviderByMx | Source::Mx | Source::Guess => false,
        }
    }

    /// An autoconfig document fetched over HTTPS names `endpoint`. The
    /// executor fetches https only over a certificate that verifies.
    fn published_over_https(&self, endpoint: &Endpoint) -> bool {
        self.runs.iter().filter(|r| matches!(&r.job, Job::Autoconfig { url } if url.starts_with("https://"))).any(|r| {
            r.has(|e| {
                matches!(e, Event::Autoconfig { servers, .. } if servers.iter().any(|s| {
                    s.host.trim_end_matches('.').eq_ignore_ascii_case(&endpoint.host)
                        && s.port == endpoint.port
                        && s.protocol == endpoint.protocol
                        && s.security == endpoint.security
                }))
            })
        })
    }
}
