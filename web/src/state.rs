//! What the page shows, as a reducer: the rules' latest report, rebuilt on
//! every relay message. The relay task and the form only dispatch actions.

use std::rc::Rc;

use maildoctor_rules::Report;
use yew::Reducible;

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Phase {
    Idle,
    Running,
    Finished,
    Failed(String),
}

impl Phase {
    /// The name tests and styles select on.
    pub(crate) fn name(&self) -> &'static str {
        match self {
            Phase::Idle => "idle",
            Phase::Running => "running",
            Phase::Finished => "finished",
            Phase::Failed(_) => "failed",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Diagnosis {
    pub(crate) phase: Phase,
    pub(crate) report: Option<Report>,
}

impl Default for Diagnosis {
    fn default() -> Self {
        Self { phase: Phase::Idle, report: None }
    }
}

#[derive(Debug)]
pub(crate) enum Action {
    Start,
    Progress(Report),
    Finished(Report),
    /// Why the check could not finish, in the person's language.
    Failed(String),
}

impl Reducible for Diagnosis {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        Rc::new(match action {
            Action::Start => Diagnosis { phase: Phase::Running, report: None },
            Action::Progress(report) => Diagnosis { phase: Phase::Running, report: Some(report) },
            Action::Finished(report) => Diagnosis { phase: Phase::Finished, report: Some(report) },
            Action::Failed(message) => Diagnosis { phase: Phase::Failed(message), report: self.report.clone() },
        })
    }
}
