//! How often the relay may try a password. Per account on one server, so
//! that maildoctor never gets a person's account locked (servers lock after
//! about ten failures); per client network, so that a script cannot use the
//! relay to try many accounts. GCRA either way: `governor` in this relay's
//! memory (`crate::rate`), or the fleet's store (`crate::fleet`).
//!
//! A login is counted once the executor knows the address it goes to
//! (`maildoctor_probe::Gate`): the account is counted on that address and
//! on the canonical server name, and either count being spent refuses it,
//! so no spelling, alias or bare address of one server buys more tries, and
//! no round-robin name spreads one account over many counts.

use std::hash::{BuildHasher, RandomState};
use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

use maildoctor_wire::Refusal;

use crate::canonical;
use crate::clients::ClientKey;
use crate::fleet::Fleet;
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

/// What one login spends: the client network's count, and the account's
/// on the server by name and by address (canonical, in clear: each store
/// hashes them with its own key).
fn counts(client: ClientKey, username: &str, host: &str, address: IpAddr) -> [(Vec<u8>, Which); 3] {
    let account = canonical::account(username);
    let by = |kind: &str, server: String| format!("{kind}\0{account}\0{server}").into_bytes();
    [
        (format!("client\0{client:?}").into_bytes(), Which::Client),
        (by("name", canonical::host(host)), Which::Account),
        (by("address", address.to_canonical().to_string()), Which::Account),
    ]
}

#[derive(Debug, Clone, Copy)]
enum Which {
    Client,
    Account,
}

#[derive(Debug)]
enum Counts {
    Here {
        per_account: Limiter<u64>,
        per_client: Limiter<u64>,
        // Accounts are kept as keyed hashes: the relay's memory holds no
        // list of who was checked.
        hasher: RandomState,
    },
    Fleet(Arc<Fleet>),
}

#[derive(Debug)]
pub(crate) struct LoginLimits {
    quotas: LoginQuotas,
    counts: Counts,
}

impl LoginLimits {
    /// Limits in this relay's memory, or in `fleet`'s store when given.
    pub(crate) fn new(quotas: LoginQuotas, fleet: Option<Arc<Fleet>>) -> Self {
        let counts = match fleet {
            Some(fleet) => Counts::Fleet(fleet),
            None => Counts::Here {
                per_account: Limiter::new(quotas.per_account),
                per_client: Limiter::new(quotas.per_client),
                hasher: RandomState::new(),
            },
        };
        Self { quotas, counts }
    }

    /// One login by `client` as `username` on `host` at `address`.
    pub(crate) async fn admit(
        &self,
        client: ClientKey,
        username: &str,
        host: &str,
        address: IpAddr,
    ) -> Result<(), Refusal> {
        let counts = counts(client, username, host, address);
        let waited = match &self.counts {
            Counts::Here { per_account, per_client, hasher } => {
                // The client's rate first: a script's tries on new accounts
                // then spend its own budget, not the accounts'.
                counts.iter().try_for_each(|(what, which)| match which {
                    Which::Client => per_client.check(&hasher.hash_one(what)),
                    Which::Account => per_account.check(&hasher.hash_one(what)),
                })
            }
            Counts::Fleet(fleet) => {
                let rate = |which: &Which| match which {
                    Which::Client => self.quotas.per_client,
                    Which::Account => self.quotas.per_account,
                };
                let limits: Vec<(Vec<u8>, Rate)> =
                    counts.iter().map(|(what, which)| (what.clone(), rate(which))).collect();
                fleet.spend(&limits).await.map_err(|_| Refusal::LimitsUnavailable)?
            }
        };
        waited.map_err(|wait| Refusal::LoginLimit { retry_after_s: wait.as_secs().max(1) })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn client(ip: &str) -> ClientKey {
        ClientKey::of(ip.parse().expect("ip"))
    }

    const SERVER: IpAddr = IpAddr::V4(std::net::Ipv4Addr::new(192, 0, 2, 10));

    fn admit(limits: &LoginLimits, client: ClientKey, username: &str, host: &str) -> Result<(), Refusal> {
        admit_at(limits, client, username, host, SERVER)
    }

    fn admit_at(limits: &LoginLimits, client: ClientKey, user: &str, host: &str, at: IpAddr) -> Result<(), Refusal> {
        futures_util::FutureExt::now_or_never(limits.admit(client, user, host, at)).expect("memory answers at once")
    }

    #[test]
    fn an_account_is_tried_a_few_times_then_waits() {
        let slow = Rate { burst: 3, every: Duration::from_secs(600) };
        let limits = LoginLimits::new(LoginQuotas { per_account: slow, per_client: Rate { burst: 100, ..slow } }, None);
        let me = client("192.0.2.1");
        for _ in 0..3 {
            admit(&limits, me, "Alice@Example.com", "imap.example.com").expect("within the burst");
        }
        let refused = admit(&limits, me, "alice@example.com", "IMAP.example.com.").expect_err("same account, any case");
        let Refusal::LoginLimit { retry_after_s: wait } = refused else { panic!("{refused:?}") };
        assert!(wait > 500 && wait <= 600, "{wait}");
        let elsewhere: IpAddr = [192, 0, 2, 11].into();
        admit_at(&limits, me, "alice@example.com", "smtp.example.com", elsewhere).expect("another server");
        let alias = admit_at(&limits, me, "alice@example.com", "alias.example.com", SERVER);
        assert!(alias.is_err(), "another name for the same address is the same count");
        let round_robin = admit_at(&limits, me, "alice@example.com", "imap.example.com", [192, 0, 2, 12].into());
        assert!(round_robin.is_err(), "another address of the same name is the same count");
        admit(&limits, client("192.0.2.2"), "bob@example.com", "imap.example.com").expect("another account");
    }

    #[test]
    fn one_network_trying_many_accounts_is_stopped() {
        let limits = LoginLimits::new(
            LoginQuotas {
                per_account: Rate { burst: 100, every: Duration::from_secs(1) },
                per_client: Rate { burst: 5, every: Duration::from_secs(60) },
            },
            None,
        );
        let script = client("2001:db8:5::1");
        for n in 0..5 {
            admit(&limits, script, &format!("user{n}@example.com"), "imap.example.com").expect("within the burst");
        }
        let same_prefix = client("2001:db8:5::ffff");
        assert!(admit(&limits, same_prefix, "user9@example.com", "imap.example.com").is_err(), "the /64 is one client");
        admit(&limits, client("2001:db8:6::1"), "user9@example.com", "imap.example.com").expect("others go on");
    }

    #[test]
    fn a_full_login_limiter_still_admits_a_new_person() {
        let limits = LoginLimits::new(LoginQuotas::default(), None);
        // Every /64 of one /48 (each is a client), trying new accounts.
        let mut refused = 0;
        for n in 0..=100_000u128 {
            let ip = std::net::Ipv6Addr::from((0x2001_0db8_0048u128 << 80) | ((n % 65_536) << 64) | 1);
            let account = format!("user{n}@example.com");
            refused += usize::from(admit(&limits, ClientKey::of(ip.into()), &account, "imap.example.com").is_err());
        }
        assert_eq!(refused, 0, "the filling itself was within every rate");
        let someone = ClientKey::of("192.0.2.77".parse().expect("ip"));
        let new_person = admit_at(&limits, someone, "alice@example.org", "imap.example.org", [192, 0, 2, 99].into());
        assert!(new_person.is_ok(), "a new person is turned away: {new_person:?}");
        let Counts::Here { per_account, per_client, .. } = &limits.counts else { unreachable!() };
        assert!(per_account.len() <= crate::rate::MAX_KEYS && per_client.len() <= crate::rate::MAX_KEYS);
    }
}
