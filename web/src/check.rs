//! A check as the page runs it: the state [`Diagnosis::step`] moves on, and
//! the effects each step asks for, run in order before the next action is
//! taken, so the relay hears hello before the runs and each follow-up
//! right after the event that caused it.

use std::cell::{Ref, RefCell};
use std::rc::Rc;

use futures_channel::mpsc::{unbounded, UnboundedSender};
use maildoctor_wire::ClientMessage;
use yew::prelude::*;

use crate::relay;
use crate::state::{Action, Diagnosis, Effect};

/// What a check keeps between steps.
struct Kept {
    state: Diagnosis,
    /// Where the current run's messages go; the socket pump holds the other end.
    socket: Option<UnboundedSender<ClientMessage>>,
}

/// A handle on one check: cheap to clone into callbacks and tasks, and
/// every clone steps the same state.
#[derive(Clone)]
pub(crate) struct Check {
    /// Written only by [`Check::dispatch`], between renders: a render's
    /// borrow has ended before any callback, tick or socket task runs.
    kept: Rc<RefCell<Kept>>,
    render: UseForceUpdateHandle,
}

/// A check in a component, starting from `init`'s state.
#[hook]
pub(crate) fn use_check<F>(init: F) -> Check
where
    F: FnOnce() -> Diagnosis,
{
    let render = use_force_update();
    let kept = use_mut_ref(|| Kept { state: init(), socket: None });
    Check { kept, render }
}

impl Check {
    /// The state after the last step.
    pub(crate) fn state(&self) -> Ref<'_, Diagnosis> {
        Ref::map(self.kept.borrow(), |kept| &kept.state)
    }

    /// Steps the state, runs what the step asks for, and renders.
    pub(crate) fn dispatch(&self, action: Action) {
        let effects = self.kept.borrow_mut().state.step(action);
        for effect in effects {
            self.run(effect);
        }
        self.render.force_update();
    }

    fn run(&self, effect: Effect) {
        let socket = &mut self.kept.borrow_mut().socket;
        match effect {
            Effect::Connect { run, url } => {
                let (sender, receiver) = unbounded();
                if let Some(earlier) = socket.replace(sender) {
                    earlier.close_channel();
                }
                let check = self.clone();
                let dispatch = Callback::from(move |action| check.dispatch(action));
                wasm_bindgen_futures::spawn_local(relay::pump(run, url, receiver, dispatch));
            }
            // A closed channel means the socket is gone; the step hears
            // that as its own action.
            Effect::Send(message) => {
                if let Some(socket) = socket {
                    let _ = socket.unbounded_send(message);
                }
            }
            Effect::HangUp => {
                if let Some(socket) = socket.take() {
                    socket.close_channel();
                }
            }
        }
    }
}
