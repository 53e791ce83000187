//! Issue 22 (app-suspect): what no check of maildoctor's can see. It
//! connects and signs in; it sends no message. So filters on message
//! content (spam, malware), rules keyed on the app's identity (the name it
//! sends, a blocked client) and size limits act where it cannot look. It
//! says so, and says what the server told about one of them: the largest
//! message the sending server takes, from its EHLO `SIZE` (RFC 1870).
//!
//! Real numbers, as their EHLO replies show them: smtp.gmail.com says
//! `SIZE 35882577` (Google's "Gmail sending limits": 25 MB of attachments,
//! which base64 makes about 34 MB); Outlook.com and Exchange Online say
//! `SIZE 37748736` / `36700160`, 36 and 35 MiB (Microsoft's "Exchange
//! Online limits": 36 MB received, 35 MB sent by default, and "a 33%
//! encoding increase" on attachments);
//! Postfix's default `message_size_limit` is 10240000 (postconf(5)).

use maildoctor_wire::{Event, MailProtocol};

use crate::catalog::Args;
use crate::cause::{Cause, SizeSaid};
use crate::item::{Item, Proof};
use crate::runs::Run;
use crate::suspect::given;
use crate::Side;

/// Bytes in the megabyte the words use (decimal, as providers state them).
const MB: u64 = 1_000_000;

/// Said beside "your app is the suspect": the other causes a passing check
/// leaves open, with the sending server's size limit where it stated one.
pub(crate) fn unseen(runs: &[Run], items: &mut Vec<Item>) {
    if !items.iter().any(|i| matches!(i.cause, Cause::AppSuspect { .. })) {
        return;
    }
    let sending = given(runs, Side::Outgoing);
    // The capabilities after STARTTLS, where it ran, are the ones that count.
    let said = sending.and_then(|run| {
        run.events.iter().rev().find_map(|(t_ms, event)| match event {
            Event::Capabilities { protocol: MailProtocol::Smtp, offered, .. } => {
                Some((offered.size(), Proof { op: run.id, t_ms: *t_ms, event: event.clone() }))
            }
            _ => None,
        })
    });
    let size = match &said {
        None => SizeSaid::NotChecked,
        Some((None, _)) => SizeSaid::Unstated,
        Some((Some(0), _)) => SizeSaid::NoLimit,
        Some((Some(bytes), _)) => SizeSaid::Limit(*bytes),
    };
    let mut item = Item::new(Cause::Unseen { size });
    if let (Some(run), Some((_, proof))) = (sending, said) {
        item.endpoint = run.endpoint().cloned();
        item.proof.push(proof);
    }
    items.push(item);
}

/// The arguments of `f-unseen`: what the server said about size, in whole
/// megabytes (bytes below one), and the attachments that fit once base64
/// has made them a third larger (RFC 2045 §6.8: 3 bytes become 4).
pub(crate) fn unseen_args(size: SizeSaid) -> Args<'static> {
    let (said, bytes) = match size {
        SizeSaid::NotChecked => ("unchecked", 0),
        SizeSaid::Unstated => ("unstated", 0),
        SizeSaid::NoLimit => ("none", 0),
        SizeSaid::Limit(bytes) if bytes < MB => ("bytes", bytes),
        SizeSaid::Limit(bytes) => ("limit", bytes),
    };
    Args::new().text("size", said).number("bytes", bytes).number("mb", bytes / MB).number("attach", bytes / 4 * 3 / MB)
}
