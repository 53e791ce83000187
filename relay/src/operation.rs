//! One operation's task, the same for the relay's WebSocket and for the
//! terminal: run it, forward its events in order, then say `done` (or why not).

use std::future::Future;
use std::panic::AssertUnwindSafe;

use futures_util::FutureExt;
use std::sync::Arc;

use maildoctor_probe::{Executor, Gate, TimedEvent};
use maildoctor_wire::{Event, OpId, Operation, ProbeFailure, Refusal, ServerMessage, Step};
use tokio::sync::mpsc;

/// What the page reads when the relay itself broke during an operation.
const RELAY_BUG: &str = "the relay failed while running this check (a bug in maildoctor, logged for its operator)";

/// How an operation's task ended, for the relay's metrics.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ended {
    Normally,
    /// The relay's policy or limits refused it; nothing was dialed.
    Refused,
    /// The operation panicked; the page was told it failed on the relay.
    Panicked,
}

/// Runs one operation and sends its events, then `done` (or `refused`), to
/// `out`, each message wrapped by `tag` (the relay marks which run sent it);
/// `gate` holds the limits on its connections and logins.
pub async fn execute<T: Send>(
    executor: Executor,
    id: OpId,
    op: Operation,
    gate: Arc<dyn Gate>,
    out: mpsc::Sender<T>,
    tag: impl Fn(ServerMessage) -> T + Sync,
) -> Ended {
    let (events_tx, events_rx) = mpsc::channel::<TimedEvent>(32);
    let run = async move { executor.run_gated(&op, &events_tx, gate.as_ref()).await };
    report(id, run, events_rx, out, tag).await
}

/// The step an event shows the probe at, for placing a failure after it.
fn step_of(event: &Event) -> Option<Step> {
    Some(match event {
        Event::Dns { .. } | Event::AddressDenied { .. } => Step::Resolve,
        Event::Tcp { .. } => Step::Connect,
        Event::Tls { .. } => Step::Tls,
        Event::Greeting { .. } => Step::Greeting,
        Event::Capabilities { .. } => Step::Capabilities,
        Event::Starttls { .. } => Step::Starttls,
        Event::Auth { .. } => Step::Login,
        Event::Waiting { step, .. } | Event::Failed { step, .. } => *step,
        _ => return None,
    })
}

/// Forwards `run`'s events, then its end. A panic inside `run` (a bug, not
/// a verdict on the server) becomes a local failure of that operation at
/// the step it had reached, then `done`: the page can say so, the slot is
/// freed, and the session goes on.
async fn report<T: Send>(
    id: OpId,
    run: impl Future<Output = Result<(), Refusal>>,
    mut events_rx: mpsc::Receiver<TimedEvent>,
    out: mpsc::Sender<T>,
    tag: impl Fn(ServerMessage) -> T + Sync,
) -> Ended {
    let tag = &tag;
    let forward = {
        let out = out.clone();
        async move {
            let mut reached = (0, Step::Resolve);
            while let Some(TimedEvent { t_ms, event }) = events_rx.recv().await {
                if let Some(step) = step_of(&event) {
                    reached = (t_ms, step);
                }
                if out.send(tag(ServerMessage::Event { id, t_ms, event })).await.is_err() {
                    break;
                }
            }
            reached
        }
    };
    let (result, (t_ms, step)) = tokio::join!(AssertUnwindSafe(run).catch_unwind(), forward);
    if result.is_err() {
        tracing::error!(id, ?step, "an operation panicked");
        let failed = Event::Failed { step, reason: ProbeFailure::Local { detail: RELAY_BUG.to_owned() } };
        let _ = out.send(tag(ServerMessage::Event { id, t_ms, event: failed })).await;
    }
    let (last, ended) = match result {
        Ok(Err(reason)) => (ServerMessage::Refused { id, reason }, Ended::Refused),
        Ok(Ok(())) => (ServerMessage::Done { id }, Ended::Normally),
        Err(_) => (ServerMessage::Done { id }, Ended::Panicked),
    };
    let _ = out.send(tag(last)).await;
    ended
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_panic_in_an_operation_is_that_operations_local_failure_then_done() {
        let (events_tx, events_rx) = mpsc::channel(8);
        let (out, mut received) = mpsc::channel(8);
        let run = async move {
            let waiting = Event::Waiting { step: Step::Connect, waited_ms: 1000 };
            events_tx.send(TimedEvent { t_ms: 7, event: waiting }).await.expect("send");
            if events_tx.capacity() > 0 {
                panic!("a bug in a probe");
            }
            Ok(())
        };
        assert_eq!(report(3, run, events_rx, out, |m| m).await, Ended::Panicked);
        let mut messages = Vec::new();
        while let Ok(message) = received.try_recv() {
            messages.push(message);
        }
        assert_eq!(messages.len(), 3, "{messages:?}");
        assert!(matches!(messages[0], ServerMessage::Event { id: 3, t_ms: 7, .. }));
        let ServerMessage::Event { event: Event::Failed { step, reason: ProbeFailure::Local { detail } }, .. } =
            &messages[1]
        else {
            panic!("a local failure: {messages:?}");
        };
        assert_eq!(*step, Step::Connect, "at the step it had reached");
        assert!(detail.contains("bug in maildoctor"), "{detail}");
        assert_eq!(messages[2], ServerMessage::Done { id: 3 });
    }

    #[tokio::test]
    async fn a_refusal_still_ends_as_refused() {
        let (_events_tx, events_rx) = mpsc::channel::<TimedEvent>(8);
        drop(_events_tx);
        let (out, mut received) = mpsc::channel(8);
        let ended = report(4, async { Err(Refusal::TooManyOperations) }, events_rx, out, |m| m).await;
        assert_eq!(ended, Ended::Refused);
        assert_eq!(
            received.try_recv().ok(),
            Some(ServerMessage::Refused { id: 4, reason: Refusal::TooManyOperations })
        );
    }
}
