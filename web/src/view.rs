use maildoctor_rules::{Finding, Report, Severity};
use yew::prelude::*;

fn severity_class(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "finding error",
        Severity::Warning => "finding warning",
        Severity::Info => "finding info",
        Severity::Ok => "finding ok",
    }
}

fn finding(finding: &Finding) -> Html {
    // Server text reaches the page only as text nodes: Yew escapes it, so a
    // banner full of HTML stays inert.
    html! {
        <section class={severity_class(finding.severity)} data-code={finding.code.as_str()}>
            <h3>{ &finding.title }</h3>
            <div class="code">{ finding.code.as_str() }
                { for finding.endpoint.as_ref().map(|e| html! { <>{ " · " }{ e.to_string() }</> }) }
            </div>
            <p>{ &finding.explanation }</p>
            if !finding.fix.is_empty() {
                <ol class="fix">{ for finding.fix.iter().map(|step| html! { <li>{ step }</li> }) }</ol>
            }
            if !finding.clients.is_empty() {
                <details class="clients">
                    <summary>{ "Where to change it in your mail app" }</summary>
                    { for finding.clients.iter().map(|c| html! {
                        <p><strong>{ &c.client }</strong>{ ": " }{ c.steps.join(" ") }</p>
                    }) }
                </details>
            }
            if !finding.evidence.is_empty() {
                <details>
                    <summary>{ "What maildoctor saw" }</summary>
                    { for finding.evidence.iter().map(|e| html! { <div class="evidence">{ format!("{:>5} ms  {}", e.t_ms, e.observed) }</div> }) }
                </details>
            }
            if !finding.follows.is_empty() {
                <div class="follows">{ for finding.follows.iter().map(self::finding) }</div>
            }
        </section>
    }
}

pub(crate) fn report(report: Option<&Report>) -> Html {
    let Some(report) = report else {
        return html! {};
    };
    html! {
        <div id="report" data-complete={report.complete.to_string()}>
            { for report.findings.iter().map(finding) }
            if !report.working.is_empty() {
                <div class="working">
                    <strong>{ "Settings that work:" }</strong>
                    <ul>{ for report.working.iter().map(|e| html! { <li>{ e.to_string() }</li> }) }</ul>
                </div>
            }
        </div>
    }
}
