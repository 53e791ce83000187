//! What a check shows as it comes in and when it ends: the live region's
//! words, the verdict, what was not tested, the relay's trouble, and the
//! report itself: views of a check's state, drawn as the page renders.

use std::rc::Rc;

use maildoctor_rules::{Args, Catalog, Comparison, Report, Severity, Verdict};
use yew::prelude::*;

use crate::compare::{comparison, shared_comparison};
use crate::export::{Compared, Export};
use crate::findings::findings;
use crate::heading;
use crate::pictures::{path_picture, port_matrix};
use crate::query::Prefill;
use crate::state::{Announcement, Diagnosis, Phase, RelayProblem};
use crate::timeline::timeline;
use crate::working::Working;

/// How to test what was not, each said once.
fn untested_hows(report: &Report, catalog: &Catalog) -> Vec<String> {
    let mut hows: Vec<String> = Vec::new();
    for how in report.untested.iter().map(|u| u.how(catalog)) {
        if !hows.contains(&how) {
            hows.push(how);
        }
    }
    hows
}

/// The verdict and what it rests on, in one sentence: the root cause's
/// title, the first warning's, what was not tested, or what works.
fn verdict_sentence(report: &Report, catalog: &Catalog) -> String {
    let title_of =
        |severity: Severity| report.findings.iter().find(|f| f.severity == severity).map(|f| f.title.clone());
    let verdict = report.state();
    let cause = match verdict {
        Verdict::Problems => title_of(Severity::Error),
        Verdict::Warnings => title_of(Severity::Warning),
        Verdict::NotVerified => report.untested.first().map(|u| u.title.clone()),
        Verdict::Fine => title_of(Severity::Ok),
        Verdict::Checking => None,
    };
    match cause {
        Some(cause) => catalog.text("page-said-end", &Args::new().text("verdict", verdict.key()).text("cause", cause)),
        None => report.verdict(catalog),
    }
}

/// The live region: a check starting, its progress now and then (the step
/// decides when), and at the end the verdict in one sentence.
pub(crate) fn status(diagnosis: &Diagnosis) -> Html {
    let catalog = &diagnosis.catalog;
    let text = match (diagnosis.announcement, &diagnosis.phase) {
        (Announcement::Quiet, _) => String::new(),
        (Announcement::Started, _) => {
            let address = diagnosis.session().map(|s| s.address().to_owned()).unwrap_or_default();
            catalog.text("page-said-started", &Args::new().text("address", address))
        }
        (Announcement::Progress { tried }, _) => {
            catalog.text("page-said-progress", &Args::new().number("tried", tried))
        }
        (Announcement::Ended, Phase::Cancelled) => catalog.text("page-status-cancelled", &Args::new()),
        (Announcement::Ended, Phase::Failed(problem)) => {
            let why = catalog.text(problem.message_id(), &problem.args(&diagnosis.relay_url));
            catalog.text("page-said-failed", &Args::new().text("why", why))
        }
        (Announcement::Ended, _) => diagnosis.report.as_ref().map(|r| verdict_sentence(r, catalog)).unwrap_or_default(),
    };
    html! {
        <p id="status" class="visually-hidden" role="status" aria-live="polite" data-phase={diagnosis.phase.name()}>
            { text }
        </p>
    }
}

pub(crate) struct OutcomeProps<'a> {
    pub(crate) here: &'a Diagnosis,
    /// The verdict's heading, which the page focuses when a check ends.
    pub(crate) verdict: NodeRef,
    /// Runs the check again; `true`: with the consent the report asks for.
    pub(crate) start: Callback<bool>,
    /// The same check through a second relay (`compare`), and that relay.
    pub(crate) there: &'a Phase,
    pub(crate) compared: Option<&'a Comparison>,
    pub(crate) compare_relay: &'a str,
    /// A comparison a share link carried.
    pub(crate) shared_compared: Option<&'a Comparison>,
    /// The form as a deep link, for the report's export (not a shared one's).
    pub(crate) prefill: Option<Prefill>,
    pub(crate) exported: Option<Compared>,
}

/// The result: the verdict, what it rests on, and the report.
// Inlined into App's render, as `app::intake` (why there).
#[inline(always)]
pub(crate) fn outcome(props: OutcomeProps) -> Html {
    let OutcomeProps { here, .. } = props;
    let (phase, report, catalog) = (&here.phase, here.report.as_ref(), &here.catalog);
    let t = |id: &str| catalog.text(id, &Args::new());
    let heading = match phase {
        Phase::Idle | Phase::Invalid(_) => None,
        Phase::Running => Some(t("page-checking")),
        Phase::Failed(_) => Some(t("page-status-failed")),
        Phase::Cancelled => Some(t("page-status-cancelled")),
        Phase::Finished | Phase::Shared => report.map(|r| r.verdict(catalog)),
    };
    let ask_consent = *phase == Phase::Finished && report.is_some_and(|r| r.ask_consent);
    html! {
        <div id="result" aria-busy={here.running().to_string()}>
            if let Some(heading) = heading {
                <@{heading::tag(1)} id="verdict" tabindex="-1" ref={props.verdict}
                    data-verdict={report.map(|r| r.state().key())}>{ heading }</@>
            }
            if let Some(line) = report.and_then(|r| r.checked_from_line(catalog)) {
                <p id="checked-from" class="note">{ line }</p>
            }
            if let Some(report) = report.filter(|r| r.complete && !r.untested.is_empty() && !r.has_errors()) {
                { untested(report, catalog) }
            }
            if let Phase::Failed(problem) = phase {
                { relay_trouble(problem, &here.relay_url, catalog) }
            }
            if ask_consent {
                <div id="consent" class="consent">
                    <p>{ t("page-consent-why") }</p>
                    <button id="login-discovered" type="button" onclick={props.start.reform(|_: MouseEvent| true)}>{ t("page-consent") }</button>
                </div>
            }
            { comparison(phase, props.there, props.compared, props.compare_relay, catalog) }
            if let Some(compared) = props.shared_compared.filter(|_| *phase == Phase::Shared) {
                { shared_comparison(compared, catalog) }
            }
            if let Some(report) = report {
                { report_card(report, here, props.prefill, props.exported) }
            }
        </div>
    }
}

/// What a complete check without errors could not test, and how to.
fn untested(report: &Report, catalog: &Catalog) -> Html {
    html! { <>
        <ul id="untested" class="untested">
            { for report.untested.iter().map(|u| html! { <li data-reason={u.reason_key()}>{ &u.title }</li> }) }
        </ul>
        { for untested_hows(report, catalog).into_iter().map(|how| html! { <p class="how">{ how }</p> }) }
    </> }
}

/// The relay's trouble in words, with what to do about it.
fn relay_trouble(problem: &RelayProblem, url: &str, catalog: &Catalog) -> Html {
    let args = problem.args(url);
    let id = problem.message_id();
    html! {
        <div id="relay-problem" class="relay-problem" data-problem={problem.name()}>
            <p class="what">{ catalog.text(id, &args) }</p>
            <p class="fix">{ catalog.attribute(id, "fix", &args).unwrap_or_default() }</p>
        </div>
    }
}

/// The report: findings, what works, the pictures, the steps, and (once
/// complete) the ways to take it along.
// Inlined, as `app::intake` (why there).
#[inline(always)]
fn report_card(report: &Rc<Report>, here: &Diagnosis, prefill: Option<Prefill>, compared: Option<Compared>) -> Html {
    let catalog = &here.catalog;
    html! {
        <div id="report" data-complete={report.complete.to_string()}>
            { findings(&report.findings, catalog) }
            <Working report={report.clone()} catalog={catalog.clone()} />
            <div class="pictures">
                { path_picture(report, matches!(here.phase, Phase::Failed(_)), catalog) }
                { port_matrix(report, catalog) }
            </div>
            { timeline(report, here) }
            if report.complete {
                <Export report={report.clone()} catalog={catalog.clone()} {prefill} {compared} />
            }
        </div>
    }
}
