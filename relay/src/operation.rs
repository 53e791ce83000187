//! One operation's task, the same for the relay's WebSocket and for the
//! terminal: run it, forward its events in order, then say `done` (or why not).

use maildoctor_probe::{Executor, TimedEvent};
use maildoctor_wire::{OpId, Operation, ServerMessage};
use tokio::sync::mpsc;

/// Runs one operation and sends its events, then `done` (or `refused`), to
/// `out`, each message wrapped by `tag` (the relay marks which run sent it).
pub async fn execute<T: Send>(
    executor: Executor,
    id: OpId,
    op: Operation,
    out: mpsc::Sender<T>,
    tag: impl Fn(ServerMessage) -> T + Sync,
) {
    let tag = &tag;
    let (events_tx, mut events_rx) = mpsc::channel::<TimedEvent>(32);
    let forward = {
        let out = out.clone();
        async move {
            while let Some(TimedEvent { t_ms, event }) = events_rx.recv().await {
                if out.send(tag(ServerMessage::Event { id, t_ms, event })).await.is_err() {
                    break;
                }
            }
        }
    };
    let run = async move {
        let result = executor.run(&op, &events_tx).await;
        drop(events_tx);
        result
    };
    let (result, ()) = tokio::join!(run, forward);
    let last = match result {
        Ok(()) => ServerMessage::Done { id },
        Err(reason) => ServerMessage::Refused { id, reason },
    };
    let _ = out.send(tag(last)).await;
}
