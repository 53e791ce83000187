//! Rates for `governor`'s keyed limiters, and the key store with a cap
//! they share.

use std::collections::HashMap;
use std::hash::Hash;
use std::num::NonZeroU32;
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use governor::clock::{Clock, DefaultClock};
use governor::nanos::Nanos;
use governor::state::keyed::ShrinkableKeyedStateStore;
use governor::state::StateStore;
use governor::{Quota, RateLimiter};

/// Keys one limiter holds (about 4 MB for the largest key the relay uses).
/// A stranger writes a key with every new network or account it tries, so
/// the store is bounded; when it is full the keys nearest to fresh are
/// forgotten (see [`Store`]), and no key is ever refused for want of room.
pub(crate) const MAX_KEYS: usize = 100_000;

/// A burst of `burst`, then one more every `every`.
#[derive(Debug, Clone, Copy)]
pub struct Rate {
    pub burst: u32,
    pub every: Duration,
}

/// GCRA state per key: each key's theoretical arrival time (TAT), as
/// governor keeps it. When full, the tenth of the keys with the earliest
/// TAT go: those whose quota is back (expired) or nearly back, so
/// forgetting them gives away the least. A key that was hammered (an
/// account tried eight times) has the latest TAT and is kept longest, so a
/// flood of new keys cannot wash a spent account's count away before the
/// flood's own keys go.
#[derive(Debug)]
pub(crate) struct Store<K> {
    tats: Mutex<HashMap<K, Nanos>>,
    cap: usize,
}

impl<K: Hash + Eq + Clone> Store<K> {
    fn new(cap: usize) -> Self {
        Self { tats: Mutex::new(HashMap::new()), cap: cap.max(10) }
    }
}

impl<K: Hash + Eq + Clone> ShrinkableKeyedStateStore<K> for Store<K> {
    fn retain_recent(&self, drop_below: Nanos) {
        self.tats.lock().unwrap_or_else(PoisonError::into_inner).retain(|_, tat| *tat >= drop_below);
    }

    fn len(&self) -> usize {
        self.tats.lock().unwrap_or_else(PoisonError::into_inner).len()
    }

    fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Drops the `count` entries with the earliest TAT (ties may take a few more).
fn forget_earliest<K>(tats: &mut HashMap<K, Nanos>, count: usize) {
    let mut order: Vec<Nanos> = tats.values().copied().collect();
    let Some(index) = count.checked_sub(1).filter(|i| *i < order.len()) else { return };
    let (_, threshold, _) = order.select_nth_unstable(index);
    let threshold = *threshold;
    tats.retain(|_, tat| *tat > threshold);
}

impl<K: Hash + Eq + Clone> StateStore for Store<K> {
    type Key = K;

    fn measure_and_replace<T, F, E>(&self, key: &K, f: F) -> Result<T, E>
    where
        F: Fn(Option<Nanos>) -> Result<(T, Nanos), E>,
    {
        let mut tats = self.tats.lock().unwrap_or_else(PoisonError::into_inner);
        let (allowed, tat) = f(tats.get(key).copied())?;
        if tats.len() >= self.cap && !tats.contains_key(key) {
            // A tenth at a time: the O(n) selection runs once per
            // `cap / 10` new keys.
            forget_earliest(&mut tats, self.cap / 10);
        }
        tats.insert(key.clone(), tat);
        Ok(allowed)
    }
}

/// A keyed limiter at one [`Rate`].
pub(crate) struct Limiter<K: Hash + Eq + Clone> {
    limiter: RateLimiter<K, Store<K>, DefaultClock>,
    clock: DefaultClock,
}

impl<K: Hash + Eq + Clone> std::fmt::Debug for Limiter<K> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Limiter").field("keys", &self.len()).finish()
    }
}

impl<K: Hash + Eq + Clone> Limiter<K> {
    pub(crate) fn new(rate: Rate) -> Self {
        Self::with_cap(rate, MAX_KEYS)
    }

    pub(crate) fn with_cap(rate: Rate, cap: usize) -> Self {
        let burst = NonZeroU32::new(rate.burst).unwrap_or(NonZeroU32::MIN);
        let quota = Quota::with_period(rate.every.max(Duration::from_millis(1))).expect("a non-zero period");
        let clock = DefaultClock::default();
        Self { limiter: RateLimiter::new(quota.allow_burst(burst), Store::new(cap), clock.clone()), clock }
    }

    /// Keys held now.
    pub(crate) fn len(&self) -> usize {
        self.limiter.len()
    }

    /// One more for `key`, or how long until it is allowed.
    pub(crate) fn check(&self, key: &K) -> Result<(), Duration> {
        self.limiter.check_key(key).map_err(|wait| wait.wait_time_from(self.clock.now()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_store_forgets_the_freshest_keys_not_the_spent_ones() {
        let limiter = Limiter::with_cap(Rate { burst: 2, every: Duration::from_secs(600) }, 100);
        // A spent key: its TAT is 20 minutes out.
        for _ in 0..3 {
            let _ = limiter.check(&u64::MAX);
        }
        for key in 0..1_000u64 {
            limiter.check(&key).expect("a new key always gets its burst");
            assert!(limiter.len() <= 100, "{} keys", limiter.len());
        }
        assert!(limiter.check(&u64::MAX).is_err(), "the spent key was kept");
    }
}
