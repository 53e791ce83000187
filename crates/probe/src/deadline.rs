//! Every wait in a probe is its own limit or what is left of the
//! operation's deadline, whichever is shorter.

use std::time::{Duration, Instant};

/// `limit`, cut to what is left before `deadline` (zero once it has passed).
pub(crate) fn capped(limit: Duration, deadline: Instant) -> Duration {
    limit.min(deadline.saturating_duration_since(Instant::now()))
}
