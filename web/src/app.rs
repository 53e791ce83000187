//! The page: the form, then what the diagnosis shows as it comes in. Every
//! change of what is known is a step of a check (`check`); this module
//! wires the checks to the screens (`outcome`: what a check shows).

use std::cell::RefCell;
use std::rc::Rc;

use gloo_timers::callback::Interval;
use maildoctor_rules::{security, Args, Catalog, Comparison, Expected, Lang, Settings};
use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, HtmlSelectElement};
use yew::prelude::*;

use crate::check::{use_check, Check};
use crate::compare::{compare_choice, use_comparison};
use crate::export::{open_shared, open_shared_comparison, Compared};
use crate::form::{Form, FormValues};
use crate::heading;
use crate::js;
use crate::outcome::{outcome, status, OutcomeProps};
use crate::query::{query_value, shared_report, Prefill, ServerSpec};
use crate::relays::{discover, first_guess, hellos, relay_label, relay_picker, RelayOption, Relays};
use crate::state::{Action, Diagnosis, Invalid, Phase};

/// How the page is shown: the whole page, or a widget on another site's
/// page (`<maildoctor-check>`), which reads nothing from that page's
/// address and leaves its document alone.
#[derive(Properties, PartialEq, Clone, Default)]
pub(crate) struct AppProps {
    #[prop_or_default]
    pub(crate) widget: bool,
    #[prop_or_default]
    pub(crate) relay: Option<String>,
    /// The widget's `local` attribute: where to look for this computer's relay too.
    #[prop_or_default]
    pub(crate) local: Option<String>,
    #[prop_or_default]
    pub(crate) lang: Option<Lang>,
    /// The provider's mail domain, shown in the address field.
    #[prop_or_default]
    pub(crate) domain: Option<String>,
    /// What the provider says the settings are.
    #[prop_or_default]
    pub(crate) expected_incoming: Option<ServerSpec>,
    #[prop_or_default]
    pub(crate) expected_outgoing: Option<ServerSpec>,
}

impl AppProps {
    fn expected(&self) -> Expected {
        let settings = |spec: &ServerSpec| Settings {
            host: spec.host.clone(),
            port: spec.port,
            protocol: spec.protocol,
            security: spec.security,
        };
        Expected {
            incoming: self.expected_incoming.as_ref().map(settings),
            outgoing: self.expected_outgoing.as_ref().map(settings),
        }
    }

    /// The language asked for, else (on the page) `?lang=`, else the
    /// browser's languages, most preferred first.
    fn language(&self) -> Lang {
        if let Some(lang) = self.lang {
            return lang;
        }
        let Some(window) = web_sys::window() else { return Lang::default() };
        let asked = window.location().search().ok().and_then(|query| query_value(&query, "lang"));
        if let Some(lang) = asked.as_deref().and_then(Lang::from_tag).filter(|_| !self.widget) {
            return lang;
        }
        let preferred: Vec<String> =
            window.navigator().languages().iter().filter_map(|value| value.as_string()).collect();
        Lang::negotiate(preferred.iter().map(String::as_str))
    }

    /// The page's fragment (share and deep links); a widget has none.
    fn fragment(&self) -> String {
        if self.widget {
            return String::new();
        }
        web_sys::window().and_then(|w| w.location().hash().ok()).unwrap_or_default()
    }
}

/// The provider's settings as the widget shows them, one line a server.
fn expected_settings(props: &AppProps, catalog: &Catalog) -> Html {
    let line = |id: &str, spec: &ServerSpec| {
        let args = Args::new()
            .text("protocol", spec.protocol.name())
            .text("host", spec.host.clone())
            .text("port", spec.port.to_string())
            .text("security", security(catalog, spec.security));
        html! { <li data-direction={if id == "page-expected-incoming" { "incoming" } else { "outgoing" }}>{ catalog.text(id, &args) }</li> }
    };
    if props.expected_incoming.is_none() && props.expected_outgoing.is_none() {
        return html! {};
    }
    html! {
        <div id="expected" class="expected">
            <p>{ catalog.text("page-expected", &Args::new()) }</p>
            <ul>
                if let Some(spec) = &props.expected_incoming { { line("page-expected-incoming", spec) } }
                if let Some(spec) = &props.expected_outgoing { { line("page-expected-outgoing", spec) } }
            </ul>
        </div>
    }
}

fn set_document_language(lang: Lang) {
    if let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
        let _ = root.set_attribute("lang", lang.tag());
    }
}

/// The clock, while `check` runs: waiting steps count up, a silent relay is called.
#[hook]
fn use_clock(check: &Check) {
    let (running, check) = (check.state().running(), check.clone());
    use_effect_with(running, move |running| {
        let ticker = running.then(|| Interval::new(250, move || check.dispatch(Action::Tick { now_ms: js::now() })));
        move || drop(ticker)
    });
}

/// A share link: its report, read-only, into `check`, and the comparison
/// it carries beside it (if any).
#[hook]
fn use_shared_link(check: &Check, fragment: String) -> UseStateHandle<Option<Rc<Comparison>>> {
    let shared_compared = use_state(|| None);
    let (check, compared) = (check.clone(), shared_compared.clone());
    use_effect_with((), move |_| {
        js::mark_once("maildoctor-interactive");
        let Some(packed) = shared_report(&fragment) else { return };
        let catalog = check.state().catalog.clone();
        let carried = query_value(&fragment, "compared");
        wasm_bindgen_futures::spawn_local(async move {
            if let Some(carried) = carried {
                compared.set(open_shared_comparison(&carried).await);
            }
            match open_shared(&packed).await {
                Some(report) => check.dispatch(Action::Shared(report)),
                None => check.dispatch(Action::Invalid(Invalid {
                    field: None,
                    text: catalog.text("page-share-broken", &Args::new()),
                })),
            }
        });
    });
    shared_compared
}

/// Which relays there are, how near each is, and which to use; then what
/// the ones not measured for the choice call themselves.
#[hook]
fn use_relays(props: &AppProps) -> (UseStateHandle<Relays>, UseStateHandle<Vec<RelayOption>>) {
    let relays = use_state(|| match props.widget {
        true => Relays::widget(props.relay.clone(), props.local.clone()),
        false => first_guess(),
    });
    let heard = use_state(Vec::new);
    let (found, named) = (relays.clone(), heard.clone());
    use_effect_with((), move |_| {
        let start = (*found).clone();
        wasm_bindgen_futures::spawn_local(async move {
            let discovered = discover(start).await;
            found.set(discovered.clone());
            named.set(hellos(&discovered).await);
        });
    });
    (relays, heard)
}

/// Focus moves to the verdict when a check ends, so a screen reader reads
/// it, and to the field in error when Diagnose was refused (each press).
#[hook]
fn use_focus(phase: &Phase, runs: u64, verdict: &NodeRef, form: &NodeRef) {
    let (verdict, form) = (verdict.clone(), form.clone());
    let field = match phase {
        Phase::Invalid(invalid) => invalid.field,
        _ => None,
    };
    use_effect_with((phase.name(), field, runs), move |(phase, field, _)| {
        if matches!(*phase, "finished" | "shared") {
            js::mark_once("maildoctor-report");
        }
        let target = match field {
            Some(id) => form.cast::<HtmlElement>().and_then(|f| f.query_selector(&format!("#{id}")).ok().flatten()),
            None if !matches!(*phase, "idle" | "running") => verdict.cast::<web_sys::Element>(),
            None => None,
        };
        if let Some(target) = target.and_then(|t| t.dyn_into::<HtmlElement>().ok()) {
            let _ = target.focus();
        }
    });
}

/// The page's language on the document too (never a widget's host page's).
#[hook]
fn use_document_language(lang: Lang, widget: bool) {
    use_effect_with(lang, move |lang| {
        if !widget {
            set_document_language(*lang);
        }
    });
}

/// The relay to compare with, and its name: the one a link names, else
/// the nearest that is not on this computer (named by its hello).
fn compare_target(relays: &Relays, heard: &[RelayOption], catalog: &Catalog) -> Option<(String, String)> {
    match &relays.compare {
        Some(url) => Some((url.clone(), url.clone())),
        None => {
            let named = relays.with_names(heard);
            named.compare_target().map(|o| (o.url.clone(), relay_label(o, &named.options, catalog)))
        }
    }
}

/// The two checks: this computer's view, and the same check through a
/// second relay, to compare the two places.
type Checks = [Check; 2];

/// What Diagnose (and the consent's button) does: plans the form's check,
/// and runs it here and, when comparing, through the second relay too.
fn start(
    checks: &Checks,
    values: &UseStateHandle<FormValues>,
    runs: &Rc<RefCell<u64>>,
    relays: &Relays,
    comparing: Option<String>,
) -> Callback<bool> {
    let ([here, there], values, runs) = (checks.clone(), values.clone(), runs.clone());
    let url = relays.chosen().map(|relay| relay.url.clone()).unwrap_or_default();
    Callback::from(move |consent: bool| {
        // Every press is a new run number, a refused one too: the form
        // says the same error again for a second press.
        let run = {
            let mut runs = runs.borrow_mut();
            *runs += 1;
            *runs
        };
        let (catalog, previous) = {
            let state = here.state();
            (state.catalog.clone(), state.last_certificates())
        };
        let plan = |previous| values.plan(&catalog, consent, previous);
        match plan(previous.clone()) {
            Ok(session) => {
                here.dispatch(Action::Start { run, session, relay_url: url.clone(), now_ms: js::now() });
                if url.is_empty() {
                    return;
                }
                match (comparing.clone(), plan(previous)) {
                    (Some(relay_url), Ok(session)) => {
                        there.dispatch(Action::Start { run, session, relay_url, now_ms: js::now() });
                    }
                    _ => there.dispatch(Action::Reset),
                }
            }
            Err(why) => here.dispatch(Action::Invalid(why)),
        }
    })
}

/// The page's name, and the choice of its language.
fn header(lang: Lang, catalog: &Catalog, checks: &Checks) -> Html {
    let checks = checks.clone();
    let onchange = Callback::from(move |e: Event| {
        let tag = e.target_unchecked_into::<HtmlSelectElement>().value();
        let lang = Lang::from_tag(&tag).unwrap_or_default();
        checks.iter().for_each(|check| check.dispatch(Action::Language(lang)));
    });
    html! {
        <header>
            { heading::heading(0, Some("maildoctor-title"), None, html! { "maildoctor" }) }
            <label class="language">{ catalog.text("page-language", &Args::new()) }
                <select id="lang" {onchange}>
                    <option value="en" lang="en" selected={lang == Lang::En}>{ "English" }</option>
                    <option value="de" lang="de" selected={lang == Lang::De}>{ "Deutsch" }</option>
                </select>
            </label>
        </header>
    }
}

struct IntakeProps<'a> {
    app: &'a AppProps,
    here: &'a Diagnosis,
    checks: &'a Checks,
    relays: &'a UseStateHandle<Relays>,
    heard: &'a [RelayOption],
    /// The second relay's name, when there is one to compare with.
    compare_with: Option<String>,
    compare_off: &'a UseStateHandle<bool>,
    values: &'a UseStateHandle<FormValues>,
    start: &'a Callback<bool>,
    form: NodeRef,
}

/// The form screen: which relay, whether to compare, what the provider
/// says, and the form.
// Inlined into App's render, as it was before the split: out of line,
// `intake`, `outcome` and `report_card` cost about 600 B of the gzipped
// page (tools/build-ui, measured), the budget's whole margin.
#[inline(always)]
fn intake(props: IntakeProps) -> Html {
    let IntakeProps { app, here, relays, values, compare_off, .. } = props;
    let (catalog, running) = (&here.catalog, here.running());
    let on_relay = {
        let relays = relays.clone();
        Callback::from(move |chosen: usize| relays.set(relays.with_choice(chosen)))
    };
    let on_compare = {
        let compare_off = compare_off.clone();
        Callback::from(move |on: bool| compare_off.set(!on))
    };
    let on_change = {
        let values = values.clone();
        Callback::from(move |next: FormValues| values.set(next))
    };
    let on_cancel = {
        let checks = props.checks.clone();
        Callback::from(move |()| checks.iter().for_each(|check| check.dispatch(Action::Cancel)))
    };
    let comparing = props.compare_with.is_some() && !**compare_off;
    let invalid = match &here.phase {
        Phase::Invalid(invalid) if invalid.field.is_some() => Some(invalid.clone()),
        _ => None,
    };
    html! { <>
        { relay_picker(relays, props.heard, catalog, running, on_relay) }
        { compare_choice(props.compare_with.as_deref(), comparing, running, catalog, on_compare) }
        { expected_settings(app, catalog) }
        <Form catalog={catalog.clone()} values={(**values).clone()} {running}
            {on_change} on_submit={props.start.reform(|()| false)} {on_cancel} domain={app.domain.clone()}
            {invalid} form={props.form} />
    </> }
}

/// A shared report says so, and offers to check the address again.
fn shared_note(catalog: &Catalog, checks: &Checks, values: &UseStateHandle<FormValues>) -> Html {
    let check_again = {
        let (checks, values) = (checks.clone(), values.clone());
        Callback::from(move |_: MouseEvent| {
            if let Some(report) = &checks[0].state().report {
                let prefill = Prefill { address: report.address.clone(), ..Prefill::default() };
                values.set(FormValues { expected: values.expected.clone(), ..FormValues::new(Some(&prefill)) });
            }
            if let Some(window) = web_sys::window() {
                let _ = window.location().set_hash("");
            }
            checks.iter().for_each(|check| check.dispatch(Action::Reset));
        })
    };
    let t = |id: &str| catalog.text(id, &Args::new());
    html! {
        <div id="shared" class="shared">
            <p>{ t("page-shared") }</p>
            <button type="button" id="check-again" onclick={check_again}>{ t("page-check-again") }</button>
        </div>
    }
}

#[function_component]
pub(crate) fn App(props: &AppProps) -> Html {
    let checks: Checks =
        [use_check(|| Diagnosis::new(props.language())), use_check(|| Diagnosis::new(props.language()))];
    let (relays, heard) = use_relays(props);
    let values = use_state(|| FormValues {
        expected: props.expected(),
        ..FormValues::new(Prefill::from_fragment(&props.fragment()).as_ref())
    });
    let (compare_off, runs, verdict, form) =
        (use_state(|| false), use_mut_ref(|| 0u64), use_node_ref(), use_node_ref());
    let shared_compared = use_shared_link(&checks[0], props.fragment());
    use_clock(&checks[0]);
    use_clock(&checks[1]);
    let (here, there) = (checks[0].state(), checks[1].state());
    let catalog = &here.catalog;
    let compare_with = compare_target(&relays, &heard, catalog);
    let comparing = compare_with.as_ref().map(|(url, _)| url.clone()).filter(|_| !*compare_off);
    let compared = use_comparison(&here, &there);
    use_focus(&here.phase, *runs.borrow(), &verdict, &form);
    use_document_language(here.lang, props.widget);
    let exported = match (&compared, &there.report, &comparing) {
        (Some(comparison), Some(there), Some(relay)) => {
            Some(Compared { relay: relay.clone(), there: there.clone(), comparison: comparison.clone() })
        }
        _ => None,
    };
    let start = start(&checks, &values, &runs, &relays, comparing.clone());
    let (lang, shared) = (here.lang, here.phase == Phase::Shared);
    html! {
        // A widget is a region of the help page, named by its heading: no main of its own.
        <@{if props.widget { "section" } else { "main" }} class={classes!("maildoctor", props.widget.then_some("widget"))}
            lang={lang.tag()} aria-labelledby={props.widget.then_some("maildoctor-title")}>
            { header(lang, catalog, &checks) }
            <p class="lede">{ catalog.text("page-lede", &Args::new()) }</p>
            if shared {
                { shared_note(catalog, &checks, &values) }
            } else {
                { intake(IntakeProps { app: props, here: &here, checks: &checks, relays: &relays, heard: &heard,
                    compare_with: compare_with.map(|(_, name)| name), compare_off: &compare_off, values: &values,
                    start: &start, form }) }
            }
            { status(&here) }
            if let Phase::Invalid(Invalid { field: None, text }) = &here.phase {
                <p id="invalid" class="invalid" role="alert">{ text }</p>
            }
            { outcome(OutcomeProps { here: &here, verdict, start: start.clone(), there: &there.phase,
                compared: compared.as_deref(), compare_relay: comparing.as_deref().unwrap_or_default(),
                shared_compared: shared_compared.as_deref(), prefill: (!shared).then(|| values.prefill(catalog)),
                exported }) }
        </@>
    }
}
