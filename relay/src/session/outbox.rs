//! The operations' messages on their way to the page, and which of them
//! still go there.

use maildoctor_wire::ServerMessage;
use tokio::sync::mpsc;

use super::SessionContext;
use crate::budget::{opened, Budget};
use crate::table::{Generation, OperationTable};

/// An operation's message on its way to the page, with the run it is of.
type Tagged = Box<(Generation, ServerMessage)>;

/// The operations' messages on their way to the page. The channel is made
/// at the session's first operation: tokio allocates a channel's first
/// block of 32 slots when it is made, which an idle session would hold for
/// nothing (0.8 KiB). Its messages are boxed: 32 slots of unboxed ones
/// (184 B each) cost every session 4.9 KiB more (12.7 KiB a session
/// against 7.8, 15,000 held).
#[derive(Default)]
pub(super) struct Outbox {
    channel: Option<(mpsc::Sender<Tagged>, mpsc::Receiver<Tagged>)>,
}

impl Outbox {
    pub(super) fn sender(&mut self) -> &mpsc::Sender<Tagged> {
        &self.channel.get_or_insert_with(|| mpsc::channel(64)).0
    }

    /// The next message; never, before the first operation (the outbox
    /// holds a sender itself, so the channel never closes).
    pub(super) async fn recv(&mut self) -> Option<Tagged> {
        match &mut self.channel {
            Some((_, receiver)) => receiver.recv().await,
            None => std::future::pending().await,
        }
    }

    pub(super) fn try_recv(&mut self) -> Option<Tagged> {
        self.channel.as_mut()?.1.try_recv().ok()
    }
}

/// An operation's message, as the page gets it, or `None` when it goes
/// nowhere: a cancelled run's last events and late word (the client was
/// told `done`, and may have reused the id). Counts it against the budget
/// and in the metrics.
pub(super) fn outgoing(
    generation: Generation,
    message: ServerMessage,
    running: &mut OperationTable,
    budget: &mut Budget,
    state: &SessionContext,
) -> Option<ServerMessage> {
    let (ServerMessage::Event { id, .. } | ServerMessage::Done { id } | ServerMessage::Refused { id, .. }) = &message
    else {
        unreachable!("operations send only events, done and refused")
    };
    let current = match &message {
        ServerMessage::Event { .. } => running.is_current(*id, generation),
        _ => running.finished(*id, generation),
    };
    if !current {
        return None;
    }
    match &message {
        ServerMessage::Event { event, .. } => {
            budget.saw(*id, opened(event));
            state.relay.metrics.events.inc();
        }
        ServerMessage::Refused { id, reason } => {
            budget.end(*id);
            state.relay.metrics.refused(reason);
        }
        _ => budget.end(*id),
    }
    Some(message)
}
