//! Two places side by side: the same check through this computer's relay
//! and through a relay on the internet, and what the difference says about
//! whose fault a failure is (the rules' `compare`).

use std::rc::Rc;

use maildoctor_rules::{compare, Args, Catalog, Comparison, Fault};
use yew::prelude::*;

use crate::findings::finding;
use crate::heading::heading;
use crate::state::{Diagnosis, Phase};

fn fault_name(fault: Fault) -> &'static str {
    match fault {
        Fault::YourNetwork => "your_network",
        Fault::YourDevice => "your_device",
        Fault::ServerOrSettings => "server_or_settings",
        Fault::Nobody => "nobody",
    }
}

/// The offer to compare, under the relay choice.
pub(crate) fn compare_choice(
    target: Option<&str>,
    on: bool,
    disabled: bool,
    catalog: &Catalog,
    on_toggle: Callback<bool>,
) -> Html {
    let Some(target) = target else { return html! {} };
    let onchange = Callback::from(move |e: Event| {
        on_toggle.emit(e.target_unchecked_into::<web_sys::HtmlInputElement>().checked());
    });
    html! {
        <p class="compare-choice">
            <input id="compare" type="checkbox" checked={on} {disabled} {onchange} />
            <label for="compare">{ catalog.text("page-compare", &Args::new().text("relay", target.to_owned())) }</label>
        </p>
    }
}

/// The comparison of two finished checks, made once per pair of checks and
/// language rather than on every render (`compare` builds the report from
/// here again); `None` until both are finished.
#[hook]
pub(crate) fn use_comparison(here: &Diagnosis, there: &Diagnosis) -> Option<Rc<Comparison>> {
    let finished = here.phase == Phase::Finished && there.phase == Phase::Finished;
    let key = finished.then(|| (here.run(), there.run(), here.lang));
    let (mine, theirs, catalog) = (here.session(), there.session(), &here.catalog);
    let compared = use_memo(key, move |key| {
        key.as_ref()?;
        Some(Rc::new(compare(mine?, theirs?, catalog)))
    });
    (*compared).clone()
}

/// The comparison once both checks are done; while the second runs, where
/// it stands.
pub(crate) fn comparison(
    here: &Phase,
    there: &Phase,
    compared: Option<&Comparison>,
    relay: &str,
    catalog: &Catalog,
) -> Html {
    let args = Args::new().text("relay", relay.to_owned());
    let body = match (here, there) {
        (_, Phase::Idle) => return html! {},
        (_, Phase::Running) | (Phase::Running, _) => {
            html! { <p id="there-status" data-phase="running">{ catalog.text("page-compare-running", &args) }</p> }
        }
        (Phase::Finished, Phase::Finished) => {
            let Some(compared) = compared else { return html! {} };
            verdict_and_findings(compared, catalog)
        }
        (_, Phase::Failed(problem)) => {
            let why = catalog.text(problem.message_id(), &problem.args(relay));
            html! { <p id="there-status" data-phase="failed">{ catalog.text("page-compare-failed", &args.text("problem", why)) }</p> }
        }
        _ => return html! {},
    };
    section(body, catalog)
}

/// A comparison a share link carried, shown with its report.
pub(crate) fn shared_comparison(compared: &Comparison, catalog: &Catalog) -> Html {
    section(verdict_and_findings(compared, catalog), catalog)
}

fn verdict_and_findings(compared: &Comparison, catalog: &Catalog) -> Html {
    html! { <>
        <p id="whose-fault" class="whose-fault" data-fault={fault_name(compared.fault)}>{ &compared.verdict }</p>
        <div id="compared">
            { for compared.findings.iter().enumerate().map(|(n, f)| finding(f, &format!("c{n}"), catalog)) }
        </div>
    </> }
}

fn section(body: Html, catalog: &Catalog) -> Html {
    html! {
        <section id="comparison" class="comparison" aria-labelledby="comparison-heading">
            { heading(1, Some("comparison-heading"), None, html! { catalog.text("page-compare-heading", &Args::new()) }) }
            { body }
        </section>
    }
}
