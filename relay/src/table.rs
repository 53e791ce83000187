//! One session's running operations. The client chooses the ids, and may
//! reuse one as soon as it is free, so an id alone cannot say which run a
//! late message belongs to. Each run therefore gets a generation of its own,
//! and a message counts only for the run that sent it.

use std::collections::HashMap;

use maildoctor_wire::OpId;
use tokio::task::{AbortHandle, Id as TaskId};

/// Which run of an id sent a message: counts up per session, never reused.
pub(crate) type Generation = u64;

/// Why a `run` cannot start.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Busy {
    /// That id is still running.
    DuplicateId,
    /// The session runs as many operations as it may.
    Full,
}

#[derive(Debug)]
pub(crate) struct OperationTable {
    limit: usize,
    next: Generation,
    running: HashMap<OpId, (Generation, AbortHandle)>,
    tasks: HashMap<TaskId, (OpId, Generation)>,
}

impl OperationTable {
    pub(crate) fn new(limit: usize) -> Self {
        Self { limit, next: 0, running: HashMap::new(), tasks: HashMap::new() }
    }

    /// Starts a run of `id` with `spawn`, which gets the run's generation
    /// to tag its messages with and returns the task's handle.
    pub(crate) fn start(
        &mut self,
        id: OpId,
        spawn: impl FnOnce(Generation) -> AbortHandle,
    ) -> Result<Generation, Busy> {
        if self.running.contains_key(&id) {
            return Err(Busy::DuplicateId);
        }
        if self.running.len() >= self.limit {
            return Err(Busy::Full);
        }
        self.next += 1;
        let handle = spawn(self.next);
        self.tasks.insert(handle.id(), (id, self.next));
        self.running.insert(id, (self.next, handle));
        Ok(self.next)
    }

    /// The run a task was, once it has ended without its last word (it
    /// panicked): its slot is freed, and `None` if it had been cancelled.
    pub(crate) fn ended_abruptly(&mut self, task: TaskId) -> Option<OpId> {
        let (id, generation) = self.tasks.remove(&task)?;
        self.finished(id, generation).then_some(id)
    }

    /// Forgets a task that ended; its run said its last word itself.
    pub(crate) fn ended(&mut self, task: TaskId) {
        self.tasks.remove(&task);
    }

    /// Stops the current run of `id`; `false` if none is running.
    pub(crate) fn cancel(&mut self, id: OpId) -> bool {
        let Some((_, handle)) = self.running.remove(&id) else { return false };
        handle.abort();
        true
    }

    /// Whether a message from run `generation` of `id` still belongs to the
    /// client: not when that run was cancelled, or its id reused since.
    pub(crate) fn is_current(&self, id: OpId, generation: Generation) -> bool {
        self.running.get(&id).is_some_and(|(current, _)| *current == generation)
    }

    /// Frees the slot when run `generation` of `id` has said its last word.
    /// A late word from an older run of the same id frees nothing.
    pub(crate) fn finished(&mut self, id: OpId, generation: Generation) -> bool {
        let current = self.is_current(id, generation);
        if current {
            self.running.remove(&id);
        }
        current
    }

    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.running.len()
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.running.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn idle() -> AbortHandle {
        tokio::spawn(std::future::pending::<()>()).abort_handle()
    }

    /// Issue 11's bypass: run(1) is refused late, after cancel(1) and a new
    /// run(1). The late refusal must neither free nor end the new run.
    #[tokio::test]
    async fn a_late_word_from_an_old_run_frees_nothing() {
        let mut table = OperationTable::new(24);
        let first = table.start(1, |_| idle()).expect("free");
        assert!(table.cancel(1));
        let second = table.start(1, |_| idle()).expect("free again after cancel");
        assert_ne!(first, second);
        assert!(!table.is_current(1, first), "events of the cancelled run are not forwarded");
        assert!(!table.finished(1, first), "its late refusal frees nothing");
        assert_eq!(table.len(), 1, "the new run is still counted");
        assert_eq!(table.start(1, |_| idle()), Err(Busy::DuplicateId), "and still holds its id");
        assert!(table.finished(1, second));
        assert!(table.is_empty());
    }

    #[tokio::test]
    async fn the_limit_counts_every_run_whatever_its_history() {
        let mut table = OperationTable::new(3);
        for round in 0..100 {
            let old = table.start(1, |_| idle()).unwrap_or_else(|_| panic!("round {round}"));
            table.cancel(1);
            table.start(1, |_| idle()).expect("reused");
            table.finished(1, old);
            table.cancel(1);
        }
        for id in 0..3 {
            table.start(id, |_| idle()).expect("under the limit");
        }
        assert_eq!(table.start(9, |_| idle()), Err(Busy::Full));
        assert!(!table.cancel(9));
    }

    #[tokio::test]
    async fn cancel_stops_the_task_and_a_panic_frees_only_its_own_run() {
        let mut table = OperationTable::new(4);
        let task = tokio::spawn(std::future::pending::<()>());
        let handle = task.abort_handle();
        table.start(7, |_| handle).expect("free");
        assert!(table.cancel(7));
        let joined = task.await.expect_err("aborted");
        assert!(joined.is_cancelled());
        assert_eq!(table.ended_abruptly(joined.id()), None, "a cancelled run has had its last word");

        let panicking = tokio::spawn(async { panic!("a bug in a probe") });
        let handle = panicking.abort_handle();
        table.start(7, |_| handle).expect("free");
        let joined = panicking.await.expect_err("panicked");
        assert_eq!(table.ended_abruptly(joined.id()), Some(7));
        assert!(table.is_empty());
    }
}
