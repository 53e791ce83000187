//! How often the relay may try a password. Per account on one server, so
//! that maildoctor never gets a person's account locked (servers lock after
//! about ten failures); per client network, so that a script cannot use the
//! relay to try many accounts. Both by `governor`'s GCRA, memory bounded.

use std::hash::{BuildHasher, RandomState};
use std::num::NonZeroU32;
use std::time::Duration;

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota};

use crate::clients::ClientKey;

/// Keys each limiter holds before it forgets idle ones; past this after a
/// clean-up, logins wait (fail closed) rather than grow memory.
const MAX_KEYS: usize = 100_000;

/// A burst of `burst` tries, then one more every `every`.
#[derive(Debug, Clone, Copy)]
pub struct LoginQuota {
    pub burst: u32,
    pub every: Duration,
}

impl LoginQuota {
    fn quota(self) -> Quota {
        let burst = NonZeroU32::new(self.burst).unwrap_or(NonZeroU32::MIN);
        Quota::with_period(self.every.max(Duration::from_millis(1))).expect("a non-zero period").allow_burst(burst)
    }
}

/// The two quotas.
#[derive(Debug, Clone, Copy)]
pub struct LoginQuotas {
    /// One account on one server: a check logs in up to about four times.
    pub per_account: LoginQuota,
    /// Everything from one client network.
    pub per_client: LoginQuota,
}

impl Default for LoginQuotas {
    fn default() -> Self {
        Self {
            per_account: LoginQuota { burst: 8, every: Duration::from_secs(120) },
            per_client: LoginQuota { burst: 24, every: Duration::from_secs(30) },
        }
    }
}

pub(crate) struct LoginLimits {
    per_account: DefaultKeyedRateLimiter<u64>,
    per_client: DefaultKeyedRateLimiter<ClientKey>,
    // Accounts are kept as keyed hashes: the relay's memory holds no list
    // of who was checked.
    hasher: RandomState,
    clock: DefaultClock,
}

impl std::fmt::Debug for LoginLimits {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LoginLimits").field("accounts", &self.per_account.len()).finish_non_exhaustive()
    }
}

impl LoginLimits {
    pub(crate) fn new(quotas: LoginQuotas) -> Self {
        Self {
            per_account: DefaultKeyedRateLimiter::keyed(quotas.per_account.quota()),
            per_client: DefaultKeyedRateLimiter::keyed(quotas.per_client.quota()),
            hasher: RandomState::new(),
            clock: DefaultClock::default(),
        }
    }

    /// One login by `client` as `username` on `host`, or how long to wait.
    pub(crate) fn admit(&self, client: ClientKey, username: &str, host: &str) -> Result<(), Duration> {
        if self.per_account.len().max(self.per_client.len()) > MAX_KEYS {
            self.per_account.retain_recent();
            self.per_client.retain_recent();
            self.per_account.shrink_to_fit();
            self.per_client.shrink_to_fit();
            if self.per_account.len().max(self.per_client.len()) > MAX_KEYS {
                return Err(Duration::from_secs(60));
            }
        }
        let account = self.hasher.hash_one((username.to_lowercase(), host.trim_end_matches('.').to_lowercase()));
        let now = self.clock.now();
        // The client's quota first: a script's tries on new accounts then
        // spend its own budget, not the accounts'.
        self.per_client.check_key(&client).map_err(|wait| wait.wait_time_from(now))?;
        self.per_account.check_key(&account).map_err(|wait| wait.wait_time_from(now))?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn client(ip: &str) -> ClientKey {
        ClientKey::of(ip.parse().expect("ip"))
    }

    #[test]
    fn an_account_is_tried_a_few_times_then_waits() {
        let slow = LoginQuota { burst: 3, every: Duration::from_secs(600) };
        let limits = LoginLimits::new(LoginQuotas { per_account: slow, per_client: LoginQuota { burst: 100, ..slow } });
        let me = client("192.0.2.1");
        for _ in 0..3 {
            limits.admit(me, "Alice@Example.com", "imap.example.com").expect("within the burst");
        }
        let wait = limits.admit(me, "alice@example.com", "IMAP.example.com.").expect_err("same account, any case");
        assert!(wait > Duration::from_secs(500) && wait <= Duration::from_secs(600), "{wait:?}");
        limits.admit(me, "alice@example.com", "smtp.example.com").expect("another server is another count");
        limits.admit(client("192.0.2.2"), "bob@example.com", "imap.example.com").expect("another account");
    }

    #[test]
    fn one_network_trying_many_accounts_is_stopped() {
        let limits = LoginLimits::new(LoginQuotas {
            per_account: LoginQuota { burst: 100, every: Duration::from_secs(1) },
            per_client: LoginQuota { burst: 5, every: Duration::from_secs(60) },
        });
        let script = client("2001:db8:5::1");
        for n in 0..5 {
            limits.admit(script, &format!("user{n}@example.com"), "imap.example.com").expect("within the burst");
        }
        let same_prefix = client("2001:db8:5::ffff");
        assert!(limits.admit(same_prefix, "user9@example.com", "imap.example.com").is_err(), "the /64 is one client");
        limits.admit(client("2001:db8:6::1"), "user9@example.com", "imap.example.com").expect("others go on");
    }
}
