//! Is the device's clock wrong? A mail app checks a certificate's dates
//! against the clock of the device it runs on, so a clock hours behind
//! makes a fresh certificate "not valid yet" and one a year ahead makes it
//! "expired": the usual reason for those verdicts, and one no server can
//! fix. The device's time (the page's browser, `check`'s computer) comes
//! in with the request; the right time from the relay's hello (a relay
//! elsewhere) and from the dates servers write into their greetings.
//!
//! Servers that date their greeting by default (each with its source):
//! - Exim: `smtp_banner = $smtp_active_hostname ESMTP Exim $version_number
//!   $tod_full`, `$tod_full` being "Wed, 16 Oct 1995 09:51:40 +0100"
//!   (Exim specification, chapter "Main configuration", `smtp_banner`;
//!   doc/doc-docbook/spec.xfpt in git.exim.org).
//! - Sendmail: `confSMTP_LOGIN_MSG` defaults to `$j Sendmail $v/$Z; $b`,
//!   `$b` the current date in RFC 822 form (cf/m4/proto.m4), so
//!   "220 host ESMTP Sendmail 8.17.1/8.17.1; Sun, 6 Dec 2026 19:00:00 +0100".
//! - Microsoft Exchange: a receive connector without a banner answers
//!   "220 <Servername> Microsoft ESMTP MAIL service ready at
//!   <RegionalDay-Date-24HourTimeFormat> <RegionalTimeZoneOffset>"
//!   (Microsoft Learn, "Modify the SMTP banner on Receive connectors").
//!   Postfix and Dovecot write no date; a date in another shape, or in a
//!   language other than English, is skipped, never guessed at.

use maildoctor_wire::{CertSummary, Event, TlsResult};

use crate::cause::clock::{AppSees, ClockOff, TimeSource};
use crate::cause::Cause;
use crate::item::{Item, Proof};
use crate::runs::Run;

/// A clock further off than this is named. Five minutes is the skew
/// Kerberos tolerates by default before it refuses a sign-in (MIT and
/// Heimdal `krb5.conf` `clockskew`, 300 s; Windows' "Maximum tolerance for
/// computer clock synchronization", 5 minutes), the tolerance people meet
/// as "clock skew too great". It is also well above what this comparison
/// can measure: dates are to the second, and the device's time is taken
/// when the check starts, seconds to a minute before a server greets.
const MAX_SKEW_S: i64 = 300;

/// The times the request and the relay brought, in milliseconds since the
/// Unix epoch.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Clocks {
    /// The device's clock when the check started.
    pub(crate) device_ms: Option<u64>,
    /// The relay's clock at its hello; none when the relay runs on this
    /// same computer (its clock would only agree with the device's).
    pub(crate) relay_ms: Option<u64>,
}

/// One clock the device's is held against.
struct Reference {
    source: TimeSource,
    /// Its time minus the device's, in seconds.
    ahead_s: i64,
    proof: Option<Proof>,
}

/// Names a wrong device clock first, and folds under it the certificate
/// verdicts it explains (a verifier on this device uses the same clock).
/// Nothing is said without the device's time and a reference, nor when
/// the references disagree among themselves by more than the tolerance
/// (then one of them is wrong, and which one cannot be told).
pub(crate) fn fold(runs: &[Run], clocks: Clocks, items: &mut Vec<Item>) {
    let Some(device_s) = clocks.device_ms.map(|ms| (ms / 1000) as i64) else { return };
    let mut references: Vec<Reference> = Vec::new();
    if let Some(relay_ms) = clocks.relay_ms {
        references.push(Reference {
            source: TimeSource::Relay,
            ahead_s: (relay_ms / 1000) as i64 - device_s,
            proof: None,
        });
    }
    for run in runs {
        let Some(endpoint) = run.endpoint() else { continue };
        for (t_ms, event) in &run.events {
            let Event::Greeting { text, .. } = event else { continue };
            let Some(said) = date_in(text) else { continue };
            references.push(Reference {
                source: TimeSource::Server { host: endpoint.host.clone() },
                ahead_s: said - device_s,
                proof: Some(Proof { op: run.id, t_ms: *t_ms, event: event.clone() }),
            });
        }
    }
    let (Some(low), Some(high)) =
        (references.iter().map(|r| r.ahead_s).min(), references.iter().map(|r| r.ahead_s).max())
    else {
        return;
    };
    if high - low > MAX_SKEW_S {
        return;
    }
    // The relay's clock when there is one (it is kept right for every
    // page); otherwise the middle server.
    references.sort_by_key(|r| r.ahead_s);
    let middle = references.len() / 2;
    let chosen = match references.iter().position(|r| r.source == TimeSource::Relay) {
        Some(relay) => references.swap_remove(relay),
        None => references.swap_remove(middle),
    };
    if chosen.ahead_s.abs() <= MAX_SKEW_S {
        return;
    }
    let right_s = device_s + chosen.ahead_s;
    let seen = certificate_seen(runs, device_s, right_s);
    let (app_sees, tls_proof) = match seen {
        Some((sees, proof)) => (Some(sees), Some(proof)),
        None => (None, None),
    };
    let mut explained = crate::fold::take(items, |item| explains(item, device_s, right_s));
    // Another server would not help: the fix is the clock, not the settings.
    explained.iter_mut().for_each(|item| item.apps = None);
    let cause = Cause::ClockWrong(ClockOff {
        behind_s: chosen.ahead_s,
        device: minute_of(device_s),
        right: minute_of(right_s),
        source: chosen.source,
        app_sees,
    });
    let mut item = Item::new(cause);
    item.proof.extend(chosen.proof.into_iter().chain(tls_proof));
    item.follows = explained;
    items.insert(0, item);
    items.sort_by_key(Item::severity);
}

/// The first certificate a server presented that the device's clock puts
/// outside its dates while the right time puts it inside: what the mail
/// app will say about it, and the handshake that showed it.
fn certificate_seen(runs: &[Run], device_s: i64, right_s: i64) -> Option<(AppSees, Proof)> {
    // The person's own servers first: theirs is the app's view.
    let mut ordered: Vec<&Run> = runs.iter().filter(|r| r.is_given()).collect();
    ordered.extend(runs.iter().filter(|r| !r.is_given()));
    ordered.into_iter().find_map(|run| {
        let host = run.endpoint()?.host.as_str();
        run.events.iter().find_map(|(t_ms, event)| {
            let chain = chain_of(event)?;
            if !valid_at(chain, right_s) {
                return None;
            }
            let proof = || Proof { op: run.id, t_ms: *t_ms, event: event.clone() };
            let early = chain.iter().find(|c| seconds_of(&c.not_before).is_some_and(|from| from > device_s));
            if let Some(cert) = early {
                return Some((AppSees::NotYetValid { host: host.to_owned(), from: day_of(&cert.not_before) }, proof()));
            }
            let late = chain.iter().find(|c| seconds_of(&c.not_after).is_some_and(|until| until < device_s))?;
            Some((AppSees::Expired { host: host.to_owned(), until: day_of(&late.not_after) }, proof()))
        })
    })
}

/// A certificate verdict this clock explains: "not valid yet" with the
/// clock behind, "expired" with it ahead, for a chain that is valid at the
/// right time.
fn explains(item: &Item, device_s: i64, right_s: i64) -> bool {
    let dated = match item.cause {
        Cause::CertNotYetValid { .. } => right_s > device_s,
        Cause::CertExpired { .. } => right_s < device_s,
        _ => false,
    };
    dated && item.proof.iter().any(|p| chain_of(&p.event).is_some_and(|chain| valid_at(chain, right_s)))
}

fn chain_of(event: &Event) -> Option<&[CertSummary]> {
    match event {
        Event::Tls { result: TlsResult::Established { chain, .. }, .. }
        | Event::TlsProbe { result: TlsResult::Established { chain, .. }, .. } => {
            Some(chain).filter(|c| !c.is_empty()).map(Vec::as_slice)
        }
        _ => None,
    }
}

/// Every certificate of `chain` is within its dates at `at_s`.
fn valid_at(chain: &[CertSummary], at_s: i64) -> bool {
    chain.iter().all(|cert| match (seconds_of(&cert.not_before), seconds_of(&cert.not_after)) {
        (Some(from), Some(until)) => from <= at_s && at_s <= until,
        _ => false,
    })
}

/// `2026-12-06` of `2026-12-06T19:00:00Z`: people read dates, not timestamps.
fn day_of(timestamp: &str) -> String {
    timestamp.split('T').next().unwrap_or(timestamp).to_owned()
}

/// Seconds since the epoch of an RFC 3339 timestamp in UTC as the executor
/// writes certificate dates (`2026-12-06T19:00:00Z`).
pub(crate) fn seconds_of(timestamp: &str) -> Option<i64> {
    let bytes = timestamp.as_bytes();
    if bytes.len() != 20 || bytes[4] != b'-' || bytes[7] != b'-' || bytes[10] != b'T' || bytes[19] != b'Z' {
        return None;
    }
    let number = |from: usize, to: usize| int(timestamp.get(from..to)?);
    let (year, month, day) = (number(0, 4)?, number(5, 7)?, number(8, 10)?);
    let time = time_of(timestamp.get(11..19)?)?;
    Some(days_from_civil(year, month, day)? * 86_400 + time)
}

/// `2026-12-06 19:00` (UTC) of seconds since the epoch.
pub(crate) fn minute_of(seconds: i64) -> String {
    let (days, rest) = (seconds.div_euclid(86_400), seconds.rem_euclid(86_400));
    let (year, month, day) = civil_from_days(days);
    format!("{year:04}-{month:02}-{day:02} {:02}:{:02}", rest / 3600, rest % 3600 / 60)
}

const MONTHS: [&str; 12] = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

/// The first RFC 5322 date-time in a server's text ("Sun, 06 Dec 2026
/// 19:00:00 +0000", the day name optional), in seconds since the epoch.
pub(crate) fn date_in(text: &str) -> Option<i64> {
    let words: Vec<&str> =
        text.split(|c: char| c.is_whitespace() || c == ',' || c == ';').filter(|w| !w.is_empty()).collect();
    words.windows(5).find_map(|w| {
        let day = int(w[0]).filter(|d| (1..=31).contains(d) && w[0].len() <= 2)?;
        let month = MONTHS.iter().position(|m| m.eq_ignore_ascii_case(w[1]))? as i64 + 1;
        let year = int(w[2]).filter(|_| w[2].len() == 4)?;
        let time = time_of(w[3])?;
        let zone = zone_of(w[4].trim_end_matches(['.', ')', ']']))?;
        Some(days_from_civil(year, month, day)? * 86_400 + time - zone)
    })
}

/// `text` as `str::parse::<i64>` reads it (an optional sign, then at least
/// one ASCII digit), in one small function: the generic parse, inlined
/// at each caller, was larger.
#[inline(never)]
pub(crate) fn int(text: &str) -> Option<i64> {
    let (negative, digits) = match text.as_bytes() {
        [b'-', rest @ ..] => (true, rest),
        [b'+', rest @ ..] => (false, rest),
        all => (false, all),
    };
    if digits.is_empty() {
        return None;
    }
    digits.iter().try_fold(0i64, |n, &b| {
        let digit = i64::from(b.wrapping_sub(b'0'));
        if digit > 9 {
            return None;
        }
        let n = n.checked_mul(10)?;
        if negative {
            n.checked_sub(digit)
        } else {
            n.checked_add(digit)
        }
    })
}

/// Seconds into the day of `HH:MM:SS` or `HH:MM`.
fn time_of(text: &str) -> Option<i64> {
    let mut parts = text.split(':');
    let mut next = |max: i64| int(parts.next()?).filter(|n| (0..=max).contains(n));
    let (hours, minutes) = (next(23)?, next(59)?);
    // A leap second reads as 60 (RFC 5322 section 3.3).
    let seconds = if text.len() > 5 { next(60)? } else { 0 };
    (text.len() == 5 || text.len() == 8).then_some(hours * 3600 + minutes * 60 + seconds)
}

/// A zone's offset east of UTC in seconds: `+0100`, or one of RFC 5322's
/// obsolete names (section 4.3).
fn zone_of(text: &str) -> Option<i64> {
    let named = [
        ("UT", 0),
        ("UTC", 0),
        ("GMT", 0),
        ("Z", 0),
        ("EST", -5),
        ("EDT", -4),
        ("CST", -6),
        ("CDT", -5),
        ("MST", -7),
        ("MDT", -6),
        ("PST", -8),
        ("PDT", -7),
    ];
    if let Some((_, hours)) = named.iter().find(|(name, _)| name.eq_ignore_ascii_case(text)) {
        return Some(hours * 3600);
    }
    let sign = match text.as_bytes().first()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let digits = text.get(1..).filter(|d| d.len() == 4 && d.bytes().all(|b| b.is_ascii_digit()))?;
    let (hours, minutes) = (int(&digits[..2])?, int(&digits[2..])?);
    (minutes < 60).then_some(sign * (hours * 3600 + minutes * 60))
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
/// algorithm), or none for a day the month does not have.
fn days_from_civil(year: i64, month: i64, day: i64) -> Option<i64> {
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    // 31 February becomes 3 March: such a date was not a date.
    (civil_from_days(days) == (year, month, day)).then_some(days)
}

fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(month <= 2), month, day)
}
