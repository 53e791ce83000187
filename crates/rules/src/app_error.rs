//! Issue 23 (APPERR): the app's own message, held against what the check
//! found. The message names a step and a side (`app_said`); the finding
//! says which checks answer it and whether they found its cause: the
//! cause by name, another problem, or nothing, and then only what was
//! proven. A verdict needs proof: "the app is to blame" is said only when
//! the step the message is about passed here (with a login, for a login or
//! a refused message).

use crate::app_said::{Reading, ServerSide, Trouble};
use crate::cause::app_error::{AppErrorRead, Outcome};
use crate::cause::Cause;
use crate::item::Item;
use crate::runs::Run;
use crate::suspect::given;
use crate::{Code, Severity, Side};

/// The codes that answer each kind of message, by prefix: the steps that
/// break the way the app says. A login failure is only a login failure; a
/// connection that fails can fail at any step before the login.
fn answers(trouble: Trouble, code: Code) -> bool {
    let code = code.as_str();
    let prefixes: &[&str] = match trouble {
        Trouble::Connect => &[
            "dns.",
            "tcp.",
            "firewall.",
            "network.",
            "vantage.",
            "server.unavailable",
            "server.no_greeting",
            "server.ban",
            "server.client_blocked",
            "settings.",
            "tls.handshake",
            "starttls.",
        ],
        Trouble::Timeout => &[
            "dns.timeout",
            "dns.servfail",
            "tcp.filtered",
            "tcp.port25",
            "firewall.",
            "network.",
            "vantage.",
            "server.no_greeting",
            "server.slow",
            "server.ban",
            "settings.plain_on_tls_port",
            "settings.tls_on_plain_port",
        ],
        Trouble::Interrupted => &[
            "tls.",
            "network.",
            "vantage.",
            "settings.tls_on_plain_port",
            "settings.plain_on_tls_port",
            "server.unavailable",
            "server.in_use",
            "server.ban",
            "server.protocol_error",
            "starttls.",
            "tcp.",
        ],
        Trouble::Login => &["auth.", "server.login_delay", "server.in_use", "server.ban", "server.over_quota"],
        Trouble::SendRefused => &[
            "tcp.port25",
            "firewall.",
            "auth.",
            "server.client_blocked",
            "server.unavailable",
            "network.intercepted",
            "vantage.",
        ],
        Trouble::ServerUnknown => &["dns.", "settings.host_typo", "settings.host_mismatch"],
        Trouble::Certificate => &["tls.", "device.clock_wrong", "vantage.intercepted_here", "network.intercepted"],
        Trouble::Security => &[
            "settings.tls_on_plain_port",
            "settings.plain_on_tls_port",
            "settings.protocol_mismatch",
            "tls.",
            "starttls.",
            "auth.plaintext_disallowed",
        ],
        Trouble::AppData => &[],
    };
    code != "auth.withheld" && prefixes.iter().any(|p| code.starts_with(p))
}

/// Whether `item` is about the side the message names; a cause with no
/// server (a blocked port 25, a wrong clock) is about either.
fn on_side(item: &Item, side: ServerSide) -> bool {
    match (side, &item.endpoint) {
        (ServerSide::Either, _) | (_, None) => true,
        (ServerSide::Outgoing, Some(e)) => Side::of(e.protocol) == Side::Outgoing,
        (ServerSide::Incoming, Some(e)) => Side::of(e.protocol) == Side::Incoming,
    }
}

/// The side's servers answered (and, with `login`, accepted the login),
/// with the settings the person gave: a discovered server working says
/// nothing about what the app has saved. A message that names no side is
/// answered by every side the person gave settings for.
fn proven(items: &[Item], side: ServerSide, login: bool, given: [bool; 2]) -> bool {
    let works = |side: Side| {
        items
            .iter()
            .any(|i| matches!(i.cause, Cause::Works { side: s, signed_in } if s == side && (signed_in || !login)))
    };
    match side {
        ServerSide::Incoming => given[0] && works(Side::Incoming),
        ServerSide::Outgoing => given[1] && works(Side::Outgoing),
        ServerSide::Either => {
            given.iter().any(|g| *g) && (!given[0] || works(Side::Incoming)) && (!given[1] || works(Side::Outgoing))
        }
    }
}

fn outcome(said: crate::app_said::AppSaid, items: &[Item], complete: bool, given: [bool; 2]) -> Outcome {
    if said.trouble == Trouble::AppData {
        return Outcome::AppOnly;
    }
    // Roots only: a cause folded under another is explained by it. A
    // discovery candidate is about other settings than the app's.
    let failures = || items.iter().filter(|i| !matches!(i.cause, Cause::Candidate { .. } | Cause::AppErrorRead(_)));
    let found = |severity: Severity| {
        failures().find(|i| i.severity() == severity && on_side(i, said.side) && answers(said.trouble, i.code()))
    };
    let boxed = |i: &Item| (Box::new(i.cause.clone()), i.endpoint.clone());
    if let Some((cause, at)) = found(Severity::Error).or_else(|| found(Severity::Warning)).map(boxed) {
        return Outcome::Found { cause, at };
    }
    if let Some((cause, at)) = failures().find(|i| i.is_error()).map(boxed) {
        return Outcome::Other { cause, at };
    }
    if !complete {
        return Outcome::Checking;
    }
    let login = matches!(said.trouble, Trouble::Login | Trouble::SendRefused);
    if proven(items, said.side, login, given) {
        Outcome::Passed
    } else {
        Outcome::Unproven
    }
}

/// Adds the finding about the app's message, first, since it is what the
/// person came with.
pub(crate) fn fold(reading: Option<Reading>, runs: &[Run], complete: bool, items: &mut Vec<Item>) {
    let given = Side::BOTH.map(|side| given(runs, side).is_some());
    let item = match reading {
        None => return,
        Some(Reading::Unknown) => Item::new(Cause::AppErrorUnknown),
        Some(Reading::Known(said)) => {
            Item::new(Cause::AppErrorRead(AppErrorRead { said, outcome: outcome(said, items, complete, given) }))
        }
    };
    items.insert(0, item);
}

/// The sides to search for other settings up front, beside the person's
/// own: an outgoing server that refuses or does not answer is often port
/// 25 blocked by the network (Outlook's 0x800CCC67 is the 421 an
/// antivirus's proxy says for it), which only the submission ports 587 and
/// 465 tell apart from a broken server. Returned as (incoming, outgoing).
pub(crate) fn side_to_discover(reading: Option<Reading>) -> (bool, bool) {
    let Some(Reading::Known(said)) = reading else { return (false, false) };
    let blocked_kind =
        matches!(said.trouble, Trouble::SendRefused | Trouble::Timeout | Trouble::Connect | Trouble::Interrupted);
    (false, said.side == ServerSide::Outgoing && blocked_kind)
}
