//! The device's clock against a clock known to be right: the evidence of
//! `device.clock_wrong`, and its words. The rule that finds it is the
//! top-level `clock` module.

use crate::catalog::Args;

/// Whose clock the device's was compared with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum TimeSource {
    /// The relay's, from its hello (a relay elsewhere, never this computer).
    Relay,
    /// A mail server's, from the date in its greeting.
    Server { host: String },
}

/// What the person's mail app makes of a server's certificate by the
/// device's clock, while the certificate is valid by the right time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum AppSees {
    NotYetValid { host: String, from: String },
    Expired { host: String, until: String },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ClockOff {
    /// Seconds the device's clock is behind the right time (negative:
    /// ahead of it).
    pub(crate) behind_s: i64,
    /// The device's time and the right one, to the minute, in UTC: the
    /// person can hold them against any clock they trust.
    pub(crate) device: String,
    pub(crate) right: String,
    pub(crate) source: TimeSource,
    pub(crate) app_sees: Option<AppSees>,
}

impl ClockOff {
    /// The message and its arguments.
    pub(crate) fn words(&self) -> (&'static str, Args<'static>) {
        let off = self.behind_s.unsigned_abs();
        // Whole units a person reads at a glance; days once hours would
        // run past three days (a clock a year off is "365 days").
        let (n, unit) = match off {
            0..7_200 => ((off + 30) / 60, "minutes"),
            7_200..259_200 => ((off + 1_800) / 3_600, "hours"),
            _ => ((off + 43_200) / 86_400, "days"),
        };
        let (by, server) = match &self.source {
            TimeSource::Relay => ("relay", String::new()),
            TimeSource::Server { host } => ("server", host.clone()),
        };
        let args = Args::new()
            .number("n", n)
            .text("unit", unit)
            .text("way", if self.behind_s > 0 { "behind" } else { "ahead" })
            .text("device", self.device.clone())
            .text("right", self.right.clone())
            .text("by", by)
            .text("server", server);
        match &self.app_sees {
            None => ("f-clock-wrong", args),
            Some(AppSees::NotYetValid { host, from }) => (
                "f-clock-wrong-cert",
                args.text("host", host.clone()).text("problem", "early").text("date", from.clone()),
            ),
            Some(AppSees::Expired { host, until }) => (
                "f-clock-wrong-cert",
                args.text("host", host.clone()).text("problem", "expired").text("date", until.clone()),
            ),
        }
    }
}
