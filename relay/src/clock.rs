//! This computer's wall clock, the one input the pure crates never read:
//! the relay's hello carries it to the page, and `check` hands it to the
//! rules as the device's time, so they can tell a wrong clock from a
//! wrong certificate (`maildoctor_rules::Request::device_time_ms`).

use std::time::{SystemTime, UNIX_EPOCH};

/// Milliseconds since the Unix epoch; 0 for a clock set before 1970, which
/// the rules then see as wildly wrong rather than as missing.
pub(crate) fn now_ms() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |since| since.as_millis() as u64)
}
