//! The live steps: one row per server setting tried, filling in as the
//! relay's events arrive. A step that waits shows how long it has waited,
//! so a silently dropped port is visibly waiting, then called.

use maildoctor_rules::{endpoint_text, step_name, Args, Catalog, ProbeSteps, Report, StepLine, StepState};
use maildoctor_wire::Step;
use yew::prelude::*;

use crate::state::Diagnosis;

/// A state as a mark and a word: never colour alone.
pub(crate) fn state_mark(catalog: &Catalog, state: StepState) -> (&'static str, &'static str, String) {
    let (class, mark) = look(Some(state));
    let id = match state {
        StepState::Passed => "page-step-passed",
        StepState::Failed => "page-step-failed",
        StepState::Waiting => "page-step-waiting",
        StepState::Skipped => "page-step-skipped",
    };
    (class, mark, catalog.text(id, &Args::new()))
}

/// A state's class (what styles and tests select on) and its mark, for the
/// timeline and the pictures alike; `None` is a step not reached.
pub(crate) fn look(state: Option<StepState>) -> (&'static str, &'static str) {
    match state {
        Some(StepState::Passed) => ("passed", "✓"),
        Some(StepState::Failed) => ("failed", "✕"),
        Some(StepState::Waiting) => ("waiting", "…"),
        Some(StepState::Skipped) => ("skipped", "–"),
        None => ("unknown", "·"),
    }
}

/// Seconds to one decimal, from whole tenths: formatting the float itself
/// would link core's float printing into the page.
fn seconds(ms: f64) -> String {
    let tenths = (ms / 100.0).round().max(0.0) as u64;
    format!("{}.{}", tenths / 10, tenths % 10)
}

fn step_line(line: &StepLine, waited_ms: Option<f64>, catalog: &Catalog) -> Html {
    let (class, mark, word) = state_mark(catalog, line.state);
    let time = match (line.state, line.took_ms, line.at_ms, waited_ms) {
        (StepState::Waiting, _, _, Some(waited)) => {
            catalog.text("page-step-waited", &Args::new().text("seconds", seconds(waited)))
        }
        (_, Some(took), _, _) => catalog.text("page-step-took", &Args::new().number("ms", took)),
        (_, None, Some(at), _) => catalog.text("page-step-at", &Args::new().number("ms", at)),
        _ => String::new(),
    };
    html! {
        <li class={classes!("step", class)} data-step={step_key(line.step)} data-state={class}>
            <span class="mark" aria-hidden="true">{ mark }</span>
            <span class="name">{ step_name(catalog, line.step) }</span>
            if let Some(address) = line.address {
                <span class="address">{ address.to_string() }</span>
            }
            <span class="word">{ word }</span>
            <span class="time">{ time }</span>
        </li>
    }
}

pub(crate) fn step_key(step: Step) -> &'static str {
    match step {
        Step::Resolve => "resolve",
        Step::Connect => "connect",
        Step::Tls => "tls",
        Step::Greeting => "greeting",
        Step::Capabilities => "capabilities",
        Step::Starttls => "starttls",
        Step::Login => "login",
        Step::Logout => "logout",
    }
}

fn probe_row(probe: &ProbeSteps, diagnosis: &Diagnosis) -> Html {
    let catalog = &diagnosis.catalog;
    let waited = if diagnosis.running() { diagnosis.waited_ms(probe.op) } else { None };
    let state = if !probe.done && diagnosis.running() {
        "running"
    } else if !probe.done {
        // The check stopped before this probe ended.
        "stopped"
    } else if probe.passed() {
        "passed"
    } else {
        "failed"
    };
    html! {
        <li class={classes!("probe", state)} data-op={probe.op.to_string()} data-state={state}>
            <span class="server">{ endpoint_text(catalog, &probe.endpoint) }</span>
            <ol class="steps">{ for probe.steps.iter().map(|line| step_line(line, waited, catalog)) }</ol>
        </li>
    }
}

pub(crate) fn timeline(report: &Report, diagnosis: &Diagnosis) -> Html {
    if report.probes.is_empty() {
        return html! {};
    }
    let catalog = &diagnosis.catalog;
    let done = report.probes.iter().filter(|p| p.done).count();
    let summary = catalog.text(
        "page-steps-summary",
        &Args::new().number("done", done as u64).number("total", report.probes.len() as u64),
    );
    // Open while checking; folded once done, when the findings say it all.
    html! {
        <details id="timeline" class="timeline" open={diagnosis.running()}>
            <summary>{ catalog.text("page-steps", &Args::new()) }{ " — " }{ summary }</summary>
            <ol class="probes">{ for report.probes.iter().map(|probe| probe_row(probe, diagnosis)) }</ol>
        </details>
    }
}
