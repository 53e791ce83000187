//! What the walk over the domain's own Autodiscover candidates did
//! (the relay's `autodiscover` module; its rules in docs/autodiscover.md),
//! in plain words: which candidate gave the settings discovery used, what
//! each one did when none gave any, and every redirect not followed.

use maildoctor_wire::Event;

use crate::cause::autodiscover_said::AutodiscoverSaid;
use crate::cause::Cause;
use crate::item::Item;
use crate::runs::{Job, Run, Source};

/// The walk's events: POX asks, never the JSON service's.
fn walk_events(runs: &[Run]) -> Vec<&Event> {
    runs.iter()
        .filter(|r| matches!(r.job, Job::Autodiscover { .. }))
        .flat_map(|r| r.events.iter().map(|(_, e)| e))
        .filter(|e| matches!(e, Event::Autodiscover { url, .. } if url.to_ascii_lowercase().ends_with("/autodiscover/autodiscover.xml")))
        .collect()
}

/// Adds the walk's findings to `items` (after discovery's own).
pub(crate) fn report(runs: &[Run], domain: &str, items: &mut Vec<Item>) {
    let events = walk_events(runs);
    if events.is_empty() {
        return;
    }
    for event in &events {
        if let Event::Autodiscover { url, redirect: Some(redirect), .. } = event {
            if let Some(why) = redirect.refused {
                let said = AutodiscoverSaid::RedirectRefused { url: url.clone(), to: redirect.to.clone(), why };
                items.push(Item::new(Cause::Autodiscover(said)));
            }
        }
    }
    let found_by = |wanted: &dyn Fn(Source) -> bool| {
        items
            .iter()
            .any(|i| matches!(&i.cause, Cause::DiscoveryFound { found, .. } if found.iter().any(|(_, s)| wanted(*s))))
    };
    let answered = events.iter().find_map(|e| match e {
        Event::Autodiscover { url, servers, host, .. } if !servers.is_empty() || host.is_some() => Some(url.clone()),
        _ => None,
    });
    match answered {
        Some(url) if found_by(&|s| s == Source::Autodiscover) => {
            items.push(Item::new(Cause::Autodiscover(AutodiscoverSaid::Answered { url })));
        }
        Some(_) => {}
        // Said only where Autodiscover would have been used: when the domain
        // publishes settings elsewhere (SRV, autoconfig), its silence is no news.
        None if !found_by(&|s| matches!(s, Source::Provider | Source::Srv | Source::Autoconfig | Source::Ispdb)) => {
            let steps = events.into_iter().cloned().collect();
            items
                .push(Item::new(Cause::Autodiscover(AutodiscoverSaid::Fruitless { domain: domain.to_owned(), steps })));
        }
        None => {}
    }
}
