//! Each probe as a row of steps (name lookup, each address's connect, TLS,
//! greeting, capabilities, STARTTLS, login), for the page's live timeline,
//! its path picture and its port matrix. It only sorts what the events
//! showed; which step is the *cause* is `diagnose`'s job.

use core::net::SocketAddr;

use maildoctor_wire::{AuthOutcome, CertVerdict, DnsOutcome, Event, GreetingStatus, OpId, Security, Step, TlsResult};
use serde::{Deserialize, Serialize};

use crate::runs::{Job, Run, Source};
use crate::Endpoint;

/// Where one step of one probe stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StepState {
    /// The events show the step went through.
    Passed,
    /// The events show the step broke.
    Failed,
    /// The probe is at this step now.
    Waiting,
    /// maildoctor chose not to do it (credentials withheld).
    Skipped,
}

/// One step of a probe.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepLine {
    /// Which step of the dialog this row is.
    pub step: Step,
    /// Whether it passed, failed, is under way or was skipped.
    pub state: StepState,
    /// The address, for connects and handshakes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<SocketAddr>,
    /// Milliseconds from the probe's start to this step's last event.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_ms: Option<u64>,
    /// How long the step itself took, when the relay measured it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub took_ms: Option<u64>,
}

/// One probe of one server setting, step by step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProbeSteps {
    /// The operation that ran this probe.
    pub op: OpId,
    /// The server setting it probed.
    pub endpoint: Endpoint,
    /// Where the setting came from; `None` for a probe pinned to the zone's
    /// own address of another probe's server.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Source>,
    /// The relay said the operation ended: no more steps will come.
    pub done: bool,
    /// The steps seen so far, in the order the dialog takes them.
    pub steps: Vec<StepLine>,
}

impl ProbeSteps {
    /// The step where this probe broke, if it did.
    pub fn failed_step(&self) -> Option<Step> {
        self.steps.iter().find(|s| s.state == StepState::Failed && s.step != Step::Connect).map(|s| s.step).or_else(
            // One refused address of several is no failure while another connected.
            || {
                let connects = self.steps.iter().filter(|s| s.step == Step::Connect);
                let mut connects = connects.peekable();
                (connects.peek().is_some() && connects.all(|s| s.state == StepState::Failed)).then_some(Step::Connect)
            },
        )
    }

    /// Every step that ran passed, and the probe ended.
    pub fn passed(&self) -> bool {
        self.done && !self.steps.is_empty() && self.failed_step().is_none()
    }
}

/// The steps a probe with `security` takes, in order.
fn planned(security: Security) -> &'static [Step] {
    match security {
        Security::Tls => &[Step::Resolve, Step::Connect, Step::Tls, Step::Greeting, Step::Capabilities, Step::Login],
        Security::Starttls => {
            &[Step::Resolve, Step::Connect, Step::Greeting, Step::Capabilities, Step::Starttls, Step::Tls, Step::Login]
        }
        Security::None => &[Step::Resolve, Step::Connect, Step::Greeting, Step::Capabilities, Step::Login],
    }
}

fn passed_if(ok: bool) -> StepState {
    if ok {
        StepState::Passed
    } else {
        StepState::Failed
    }
}

fn line(step: Step, state: StepState, address: Option<SocketAddr>, at_ms: u64, took_ms: Option<u64>) -> StepLine {
    StepLine { step, state, address, at_ms: Some(at_ms), took_ms }
}

/// Records `new`, replacing the line for the same step (and address) so a
/// step seen twice (capabilities after STARTTLS, a wait that then failed)
/// shows its latest state once. A name lookup passed when any of its
/// questions (A, AAAA) gave addresses.
fn record(steps: &mut Vec<StepLine>, new: StepLine) {
    match steps.iter_mut().find(|s| s.step == new.step && (s.address == new.address || s.address.is_none())) {
        Some(existing) if existing.step == Step::Resolve && existing.state == StepState::Passed => {}
        Some(existing) if existing.state != StepState::Failed || new.state == StepState::Failed => *existing = new,
        Some(_) => {}
        None => steps.push(new),
    }
}

fn steps_of(run: &Run, security: Security) -> Vec<StepLine> {
    let mut steps = Vec::new();
    for (t_ms, event) in &run.events {
        let at = *t_ms;
        let new = match event {
            Event::Dns { outcome, records, elapsed_ms, .. } => line(
                Step::Resolve,
                passed_if(*outcome == DnsOutcome::Answer && !records.is_empty()),
                None,
                at,
                Some(*elapsed_ms),
            ),
            Event::AddressDenied { .. } => line(Step::Connect, StepState::Failed, None, at, None),
            Event::Tcp { address, outcome, elapsed_ms } => line(
                Step::Connect,
                passed_if(*outcome == maildoctor_wire::TcpOutcome::Connected),
                Some(*address),
                at,
                Some(*elapsed_ms),
            ),
            Event::Tls { address, result, elapsed_ms } => {
                let ok = matches!(result, TlsResult::Established { verdict: CertVerdict::Valid, .. });
                line(Step::Tls, passed_if(ok), Some(*address), at, Some(*elapsed_ms))
            }
            Event::Greeting { status, .. } => line(
                Step::Greeting,
                passed_if(matches!(status, GreetingStatus::Ready | GreetingStatus::PreAuthenticated)),
                None,
                at,
                None,
            ),
            Event::Capabilities { .. } => line(Step::Capabilities, StepState::Passed, None, at, None),
            Event::Starttls { accepted, .. } => line(Step::Starttls, passed_if(*accepted), None, at, None),
            Event::Auth { outcome, .. } => {
                let state = match outcome {
                    AuthOutcome::Accepted => StepState::Passed,
                    AuthOutcome::Withheld { .. } => StepState::Skipped,
                    AuthOutcome::Rejected | AuthOutcome::NotOffered => StepState::Failed,
                };
                line(Step::Login, state, None, at, None)
            }
            Event::Waiting { step, waited_ms } if !run.done => {
                line(*step, StepState::Waiting, None, at, Some(*waited_ms))
            }
            Event::Failed { step, .. } => line(*step, StepState::Failed, None, at, None),
            _ => continue,
        };
        // A connect's failure names no address: it belongs to the last one tried.
        let new = match (&new, steps.last()) {
            (
                StepLine { step: Step::Connect, address: None, .. },
                Some(StepLine { step: Step::Connect, address, .. }),
            ) => StepLine { address: *address, ..new },
            _ => new,
        };
        record(&mut steps, new);
    }
    if !run.done && !steps.iter().any(|s| s.state == StepState::Waiting) {
        let reached = steps.iter().filter_map(|s| planned(security).iter().position(|p| *p == s.step)).max();
        let next = reached.map_or(0, |at| at + 1);
        let connected = steps.iter().any(|s| s.step == Step::Connect && s.state == StepState::Passed);
        let next = if reached.is_some_and(|at| planned(security)[at] == Step::Connect) && !connected {
            // Still dialing: the next address, not the next step.
            next - 1
        } else {
            next
        };
        if let Some(step) = planned(security).get(next) {
            steps.push(StepLine { step: *step, state: StepState::Waiting, address: None, at_ms: None, took_ms: None });
        }
    }
    steps
}

/// The probes of a session, in the order they were planned.
pub(crate) fn probes<'a>(runs: impl Iterator<Item = &'a Run>) -> Vec<ProbeSteps> {
    let mut probes: Vec<ProbeSteps> = runs
        .filter_map(|run| {
            let (endpoint, source) = match &run.job {
                Job::Probe { endpoint, source, .. } => (endpoint, Some(*source)),
                Job::Pinned { endpoint, .. } => (endpoint, None),
                _ => return None,
            };
            // A refused probe sent nothing anywhere: no steps to draw.
            if run.refused.is_some() {
                return None;
            }
            Some(ProbeSteps {
                op: run.id,
                endpoint: endpoint.clone(),
                source,
                // A run the check cut short never ended; it only stopped.
                done: run.done && !run.cut,
                steps: steps_of(run, endpoint.security),
            })
        })
        .collect();
    // Ids are given in the order planned; the cut ones come last here.
    probes.sort_by_key(|p| p.op);
    probes
}
