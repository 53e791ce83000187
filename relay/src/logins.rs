//! How often the relay may try a password. Per account on one server, so
//! that maildoctor never gets a person's account locked (servers lock after
//! about ten failures); per client network, so that a script cannot use the
//! relay to try many accounts. Both by `governor`'s GCRA (`crate::rate`).

use std::hash::{BuildHasher, RandomState};
use std::time::Duration;

use crate::clients::ClientKey;
use crate::rate::{Limiter, Rate};

/// The two rates.
#[derive(Debug, Clone, Copy)]
pub struct LoginQuotas {
    /// One account on one server: a check logs in up to about four times.
    pub per_account: Rate,
    /// Everything from one client network.
    pub per_client: Rate,
}

impl Default for LoginQuotas {
    fn default() -> Self {
        Self {
            per_account: Rate { burst: 8, every: Duration::from_secs(120) },
            per_client: Rate { burst: 24, every: Duration::from_secs(30) },
        }
    }
}

#[derive(Debug)]
pub(crate) struct LoginLimits {
    per_account: Limiter<u64>,
    per_client: Limiter<ClientKey>,
    // Accounts are kept as keyed hashes: the relay's memory holds no list
    // of who was checked.
    hasher: RandomState,
}

impl LoginLimits {
    pub(crate) fn new(quotas: LoginQuotas) -> Self {
        Self {
            per_account: Limiter::new(quotas.per_account),
            per_client: Limiter::new(quotas.per_client),
            hasher: RandomState::new(),
        }
    }

    /// One login by `client` as `username` on `host`, or how long to wait.
    pub(crate) fn admit(&self, client: ClientKey, username: &str, host: &str) -> Result<(), Duration> {
        let account = self.hasher.hash_one((username.to_lowercase(), host.trim_end_matches('.').to_lowercase()));
        // The client's rate first: a script's tries on new accounts then
        // spend its own budget, not the accounts'.
        self.per_client.check(&client)?;
        self.per_account.check(&account)
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
        let slow = Rate { burst: 3, every: Duration::from_secs(600) };
        let limits = LoginLimits::new(LoginQuotas { per_account: slow, per_client: Rate { burst: 100, ..slow } });
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
            per_account: Rate { burst: 100, every: Duration::from_secs(1) },
            per_client: Rate { burst: 5, every: Duration::from_secs(60) },
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
