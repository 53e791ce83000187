//! The page: the form, then what the diagnosis shows as it comes in. Every
//! change of what is known goes through the reducer in `state`.

use gloo_timers::callback::Interval;
use maildoctor_rules::{security, Args, Catalog, Expected, Lang, Report, Settings, Severity, Verdict};
use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, HtmlSelectElement};
use yew::prelude::*;

use crate::compare::{compare_choice, comparison, shared_comparison, use_comparison};
use crate::export::{open_shared, open_shared_comparison, Compared, Export};
use crate::findings::findings;
use crate::form::{Form, FormValues};
use crate::heading;
use crate::pictures::{path_picture, port_matrix};
use crate::query::{query_value, shared_report, Prefill, ServerSpec};
use crate::relays::{discover, first_guess, hellos, relay_label, relay_picker, Relays};
use crate::state::{Action, Announcement, Diagnosis, Invalid, Outbox, Phase, RelayProblem};
use crate::timeline::timeline;
use crate::working::Working;
use crate::{js, relay};

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

/// The relay's trouble in words, with what to do about it.
fn relay_problem(problem: &RelayProblem, url: &str, catalog: &Catalog) -> Html {
    let args = problem.args(url);
    let id = problem.message_id();
    html! {
        <div id="relay-problem" class="relay-problem" data-problem={problem.name()}>
            <p class="what">{ catalog.text(id, &args) }</p>
            <p class="fix">{ catalog.attribute(id, "fix", &args).unwrap_or_default() }</p>
        </div>
    }
}

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

/// What the live region says: a check starting, its progress now and then
/// (the reducer decides when), and at the end the verdict in one sentence.
fn status_text(diagnosis: &Diagnosis, report: Option<&Report>) -> String {
    let catalog = &diagnosis.catalog;
    match (diagnosis.announcement, &diagnosis.phase) {
        (Announcement::Quiet, _) => String::new(),
        (Announcement::Started, _) => {
            let address = diagnosis.session().map(|s| s.borrow().address().to_owned()).unwrap_or_default();
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
        (Announcement::Ended, _) => report.map(|r| verdict_sentence(r, catalog)).unwrap_or_default(),
    }
}

/// The clock, while `checking` runs: waiting steps count up, a silent relay is called.
#[hook]
fn use_clock(checking: &UseReducerHandle<Diagnosis>) {
    let dispatcher = checking.dispatcher();
    use_effect_with(checking.running(), move |running| {
        let ticker =
            running.then(|| Interval::new(250, move || dispatcher.dispatch(Action::Tick { now_ms: js::now() })));
        move || drop(ticker)
    });
}

#[function_component]
pub(crate) fn App(props: &AppProps) -> Html {
    let diagnosis = use_reducer(|| Diagnosis::new(props.language()));
    // The same check through a second relay, to compare the two places.
    let there = use_reducer(|| Diagnosis::new(props.language()));
    let compare_off = use_state(|| false);
    let relays = use_state(|| match props.widget {
        true => Relays::widget(props.relay.clone(), props.local.clone()),
        false => first_guess(),
    });
    let values = use_state(|| FormValues {
        expected: props.expected(),
        ..FormValues::new(Prefill::from_fragment(&props.fragment()).as_ref())
    });
    let fragment = props.fragment();
    let verdict = use_node_ref();
    let runs = use_mut_ref(|| 0u64);
    let catalog = diagnosis.catalog.clone();
    let t = |id: &str| catalog.text(id, &Args::new());

    // A share link: show its report, read-only, and the comparison it
    // carries beside it (if any).
    let shared_compared = use_state(|| None);
    {
        let dispatcher = diagnosis.dispatcher();
        let catalog = catalog.clone();
        let shared_compared = shared_compared.clone();
        use_effect_with((), move |_| {
            js::mark_once("maildoctor-interactive");
            if let Some(packed) = shared_report(&fragment) {
                let compared = query_value(&fragment, "compared");
                wasm_bindgen_futures::spawn_local(async move {
                    if let Some(compared) = compared {
                        shared_compared.set(open_shared_comparison(&compared).await);
                    }
                    match open_shared(&packed).await {
                        Some(report) => dispatcher.dispatch(Action::Shared(report)),
                        None => dispatcher.dispatch(Action::Invalid(Invalid {
                            field: None,
                            text: catalog.text("page-share-broken", &Args::new()),
                        })),
                    }
                });
            }
        });
    }
    // Which relays there are, how near each is, and which to use; then
    // what the ones not measured for the choice call themselves.
    let heard = use_state(Vec::new);
    {
        let (relays, heard) = (relays.clone(), heard.clone());
        use_effect_with((), move |_| {
            let start = (*relays).clone();
            wasm_bindgen_futures::spawn_local(async move {
                let found = discover(start).await;
                relays.set(found.clone());
                heard.set(hellos(&found).await);
            });
        });
    }
    use_clock(&diagnosis);
    use_clock(&there);
    let compare_with: Option<(String, String)> = match &relays.compare {
        Some(url) => Some((url.clone(), url.clone())),
        None => {
            let named = relays.with_names(&heard);
            named.compare_target().map(|o| (o.url.clone(), relay_label(o, &named.options, &catalog)))
        }
    };
    let comparing = compare_with.clone().filter(|_| !*compare_off);
    let compared = use_comparison(&diagnosis, &there);
    let exported_comparison = match (&compared, &there.report, &comparing) {
        (Some(comparison), Some(there), Some((relay, _))) => {
            Some(Compared { relay: relay.clone(), there: there.clone(), comparison: comparison.clone() })
        }
        _ => None,
    };
    // Focus moves to the verdict when a check ends, so a screen reader reads
    // it, and to the field in error when Diagnose was refused (each press).
    let form = use_node_ref();
    {
        let (verdict, form) = (verdict.clone(), form.clone());
        let field = match &diagnosis.phase {
            Phase::Invalid(invalid) => invalid.field,
            _ => None,
        };
        use_effect_with((diagnosis.phase.name(), field, *runs.borrow()), move |(phase, field, _)| {
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
    {
        let (lang, widget) = (diagnosis.lang, props.widget);
        use_effect_with(lang, move |lang| {
            if !widget {
                set_document_language(*lang);
            }
        });
    }

    let start = {
        let (diagnosis, values, catalog, runs) = (diagnosis.clone(), values.clone(), catalog.clone(), runs.clone());
        let (relays, there, comparing) = (relays.clone(), there.clone(), comparing.clone());
        Callback::from(move |consent: bool| {
            // Every press is a new run number, a refused one too: the form
            // says the same error again for a second press.
            let run = {
                let mut runs = runs.borrow_mut();
                *runs += 1;
                *runs
            };
            match values.plan(&catalog, consent, diagnosis.last_certificates()) {
                Ok(session) => {
                    let (sender, receiver) = futures_channel::mpsc::unbounded();
                    let url = relays.chosen().map(|relay| relay.url.clone()).unwrap_or_default();
                    let relay_url = url.clone();
                    diagnosis.dispatch(Action::Start {
                        run,
                        session,
                        outbox: Outbox(sender),
                        relay_url,
                        now_ms: js::now(),
                    });
                    if url.is_empty() {
                        return diagnosis.dispatch(Action::Closed { run, problem: RelayProblem::Unknown });
                    }
                    wasm_bindgen_futures::spawn_local(relay::pump(run, url, receiver, diagnosis.dispatcher()));
                    match (&comparing, values.plan(&catalog, consent, diagnosis.last_certificates())) {
                        (Some((url, _)), Ok(session)) => {
                            let (sender, receiver) = futures_channel::mpsc::unbounded();
                            let outbox = Outbox(sender);
                            there.dispatch(Action::Start {
                                run,
                                session,
                                outbox,
                                relay_url: url.clone(),
                                now_ms: js::now(),
                            });
                            wasm_bindgen_futures::spawn_local(relay::pump(
                                run,
                                url.clone(),
                                receiver,
                                there.dispatcher(),
                            ));
                        }
                        _ => there.dispatch(Action::Reset),
                    }
                }
                Err(why) => diagnosis.dispatch(Action::Invalid(why)),
            }
        })
    };
    let on_change = {
        let values = values.clone();
        Callback::from(move |next: FormValues| values.set(next))
    };
    let on_relay = {
        let relays = relays.clone();
        Callback::from(move |chosen: usize| relays.set(relays.with_choice(chosen)))
    };
    let on_cancel = {
        let dispatchers = [diagnosis.dispatcher(), there.dispatcher()];
        Callback::from(move |()| dispatchers.iter().for_each(|d| d.dispatch(Action::Cancel)))
    };
    let on_language = {
        let dispatchers = [diagnosis.dispatcher(), there.dispatcher()];
        Callback::from(move |e: Event| {
            let tag = e.target_unchecked_into::<HtmlSelectElement>().value();
            let lang = Lang::from_tag(&tag).unwrap_or_default();
            dispatchers.iter().for_each(|d| d.dispatch(Action::Language(lang)));
        })
    };
    let on_compare = {
        let compare_off = compare_off.clone();
        Callback::from(move |on: bool| compare_off.set(!on))
    };
    let check_again = {
        let (values, diagnosis, there) = (values.clone(), diagnosis.clone(), there.clone());
        Callback::from(move |_: MouseEvent| {
            if let Some(report) = &diagnosis.report {
                let prefill = Prefill { address: report.address.clone(), ..Prefill::default() };
                values.set(FormValues { expected: values.expected.clone(), ..FormValues::new(Some(&prefill)) });
            }
            if let Some(window) = web_sys::window() {
                let _ = window.location().set_hash("");
            }
            diagnosis.dispatch(Action::Reset);
            there.dispatch(Action::Reset);
        })
    };

    let report = diagnosis.report.clone();
    let phase = &diagnosis.phase;
    let shared = *phase == Phase::Shared;
    let relay_failed = matches!(phase, Phase::Failed(_));
    let ask_consent = *phase == Phase::Finished && report.as_ref().is_some_and(|r| r.ask_consent);
    let heading = match phase {
        Phase::Idle | Phase::Invalid(_) => None,
        Phase::Running => Some(t("page-checking")),
        Phase::Failed(_) => Some(t("page-status-failed")),
        Phase::Cancelled => Some(t("page-status-cancelled")),
        Phase::Finished | Phase::Shared => report.as_ref().map(|r| r.verdict(&catalog)),
    };
    let lang = diagnosis.lang;
    let field_error = match phase {
        Phase::Invalid(invalid) if invalid.field.is_some() => Some(invalid),
        _ => None,
    };

    html! {
        // A widget is a region of the help page, named by its heading: no main of its own.
        <@{if props.widget { "section" } else { "main" }} class={classes!("maildoctor", props.widget.then_some("widget"))}
            lang={lang.tag()} aria-labelledby={props.widget.then_some("maildoctor-title")}>
            <header>
                { heading::heading(0, Some("maildoctor-title"), None, html! { "maildoctor" }) }
                <label class="language">{ t("page-language") }
                    <select id="lang" onchange={on_language}>
                        <option value="en" lang="en" selected={lang == Lang::En}>{ "English" }</option>
                        <option value="de" lang="de" selected={lang == Lang::De}>{ "Deutsch" }</option>
                    </select>
                </label>
            </header>
            <p class="lede">{ t("page-lede") }</p>
            if shared {
                <div id="shared" class="shared">
                    <p>{ t("page-shared") }</p>
                    <button type="button" id="check-again" onclick={check_again}>{ t("page-check-again") }</button>
                </div>
            } else {
                { relay_picker(&relays, &heard, &catalog, diagnosis.running(), on_relay) }
                { compare_choice(compare_with.as_ref().map(|(_, name)| name.as_str()), comparing.is_some(), diagnosis.running(), &catalog, on_compare) }
                { expected_settings(props, &catalog) }
                <Form catalog={catalog.clone()} values={(*values).clone()} running={diagnosis.running()}
                    {on_change} on_submit={start.reform(|()| false)} {on_cancel} domain={props.domain.clone()}
                    invalid={field_error.cloned()} {form} />
            }
            <p id="status" class="visually-hidden" role="status" aria-live="polite" data-phase={phase.name()}>
                { status_text(&diagnosis, report.as_deref()) }
            </p>
            if let Phase::Invalid(Invalid { field: None, text }) = phase {
                <p id="invalid" class="invalid" role="alert">{ text }</p>
            }
            <div id="result" aria-busy={diagnosis.running().to_string()}>
                if let Some(heading) = heading {
                    <@{heading::tag(1)} id="verdict" tabindex="-1" ref={verdict}
                        data-verdict={report.as_ref().map(|r| r.state().key())}>{ heading }</@>
                }
                if let Some(line) = report.as_ref().and_then(|r| r.checked_from_line(&catalog)) {
                    <p id="checked-from" class="note">{ line }</p>
                }
                if let Some(report) = report.as_ref().filter(|r| r.complete && !r.untested.is_empty() && !r.has_errors()) {
                    <ul id="untested" class="untested">
                        { for report.untested.iter().map(|u| html! { <li data-reason={u.reason_key()}>{ &u.title }</li> }) }
                    </ul>
                    { for untested_hows(report, &catalog).into_iter().map(|how| html! { <p class="how">{ how }</p> }) }
                }
                if let Phase::Failed(problem) = phase {
                    { relay_problem(problem, &diagnosis.relay_url, &catalog) }
                }
                if ask_consent {
                    <div id="consent" class="consent">
                        <p>{ t("page-consent-why") }</p>
                        <button id="login-discovered" type="button" onclick={start.reform(|_: MouseEvent| true)}>{ t("page-consent") }</button>
                    </div>
                }
                { comparison(&diagnosis, &there, compared.as_deref(), comparing.as_ref().map_or("", |(url, _)| url.as_str()), &catalog) }
                if let Some(compared) = shared_compared.as_ref().filter(|_| shared) {
                    { shared_comparison(compared, &catalog) }
                }
                if let Some(report) = report.clone() {
                    <div id="report" data-complete={report.complete.to_string()}>
                        { findings(&report.findings, &catalog) }
                        <Working report={report.clone()} catalog={catalog.clone()} />
                        <div class="pictures">
                            { path_picture(&report, relay_failed, &catalog) }
                            { port_matrix(&report, &catalog) }
                        </div>
                        { timeline(&report, &diagnosis) }
                        if report.complete {
                            <Export report={report.clone()} catalog={catalog.clone()}
                                prefill={(!shared).then(|| values.prefill(&catalog))}
                                compared={exported_comparison.clone()} />
                        }
                    </div>
                }
            </div>
        </@>
    }
}
