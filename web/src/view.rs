use maildoctor_rules::{endpoint_text, Args, Catalog, Finding, Report, Severity};
use yew::prelude::*;

fn severity_class(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "finding error",
        Severity::Warning => "finding warning",
        Severity::Info => "finding info",
        Severity::Ok => "finding ok",
    }
}

fn finding(finding: &Finding, catalog: &Catalog) -> Html {
    // Server text reaches the page only as text nodes: Yew escapes it, so a
    // banner full of HTML stays inert.
    html! {
        <section class={severity_class(finding.severity)} data-code={finding.code.as_str()}>
            <h3>{ &finding.title }</h3>
            <div class="code">{ finding.code.as_str() }
                { for finding.endpoint.as_ref().map(|e| html! { <>{ " · " }{ endpoint_text(catalog, e) }</> }) }
            </div>
            <p>{ &finding.explanation }</p>
            if !finding.fix.is_empty() {
                <ol class="fix">{ for finding.fix.iter().map(|step| html! { <li>{ step }</li> }) }</ol>
            }
            if !finding.clients.is_empty() {
                <details class="clients">
                    <summary>{ catalog.text("page-clients", &Args::new()) }</summary>
                    { for finding.clients.iter().map(|c| html! {
                        <p><strong>{ &c.client }</strong>{ ": " }{ c.steps.join(" ") }</p>
                    }) }
                </details>
            }
            if !finding.evidence.is_empty() {
                <details>
                    <summary>{ catalog.text("page-evidence", &Args::new()) }</summary>
                    { for finding.evidence.iter().map(|e| html! { <div class="evidence">{ format!("{:>5} ms  {}", e.t_ms, e.observed) }</div> }) }
                </details>
            }
            if !finding.follows.is_empty() {
                <div class="follows">{ for finding.follows.iter().map(|f| self::finding(f, catalog)) }</div>
            }
        </section>
    }
}

pub(crate) fn report(report: Option<&Report>, catalog: &Catalog) -> Html {
    let Some(report) = report else {
        return html! {};
    };
    html! {
        <div id="report" data-complete={report.complete.to_string()}>
            { for report.findings.iter().map(|f| finding(f, catalog)) }
            if !report.working.is_empty() {
                <div class="working">
                    <strong>{ catalog.text("report-working", &Args::new()) }</strong>
                    <ul>{ for report.working.iter().map(|e| html! { <li>{ endpoint_text(catalog, e) }</li> }) }</ul>
                </div>
            }
        </div>
    }
}
