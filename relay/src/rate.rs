//! Rates for `governor`'s keyed limiters, and the memory bound they share.

use std::hash::Hash;
use std::num::NonZeroU32;
use std::time::Duration;

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota};

/// Keys one limiter holds before it forgets idle ones; past this after a
/// clean-up, the limited thing waits (fail closed) rather than grow memory.
const MAX_KEYS: usize = 100_000;

/// A burst of `burst`, then one more every `every`.
#[derive(Debug, Clone, Copy)]
pub struct Rate {
    pub burst: u32,
    pub every: Duration,
}

/// A keyed limiter at one [`Rate`].
pub(crate) struct Limiter<K: Hash + Eq + Clone> {
    limiter: DefaultKeyedRateLimiter<K>,
    clock: DefaultClock,
}

impl<K: Hash + Eq + Clone> std::fmt::Debug for Limiter<K> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Limiter").field("keys", &self.limiter.len()).finish()
    }
}

impl<K: Hash + Eq + Clone> Limiter<K> {
    pub(crate) fn new(rate: Rate) -> Self {
        let burst = NonZeroU32::new(rate.burst).unwrap_or(NonZeroU32::MIN);
        let quota = Quota::with_period(rate.every.max(Duration::from_millis(1))).expect("a non-zero period");
        Self { limiter: DefaultKeyedRateLimiter::keyed(quota.allow_burst(burst)), clock: DefaultClock::default() }
    }

    /// One more for `key`, or how long until it is allowed.
    pub(crate) fn check(&self, key: &K) -> Result<(), Duration> {
        if self.limiter.len() > MAX_KEYS {
            self.limiter.retain_recent();
            self.limiter.shrink_to_fit();
            if self.limiter.len() > MAX_KEYS {
                return Err(Duration::from_secs(60));
            }
        }
        self.limiter.check_key(key).map_err(|wait| wait.wait_time_from(self.clock.now()))
    }
}
