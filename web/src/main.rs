//! maildoctor's page. The planner and the rules (`maildoctor-rules`) run
//! here in WebAssembly; the relay only executes operations and streams back
//! what it observed, so the page and `maildoctor check` reach the same
//! diagnosis from the same events.
//!
//! Modules, each using only those before it: `js` (browser calls),
//! `query` (the page's address) and `secret` (the form's password and
//! token), `heading` → `state` (the pure step) → `relay` (the
//! socket pump) → `check` (runs the step's effects) → `relays` (which
//! relay) → the components: `oauth` → `form`, `timeline`, `pictures`,
//! `findings`, `working`, `export`, `compare` → `outcome` → `app` → `widget`.

mod app;
mod check;
mod compare;
mod export;
mod findings;
mod form;
mod handoff;
mod heading;
mod ispdb;
mod js;
mod oauth;
mod outcome;
mod pictures;
mod query;
mod relay;
mod relays;
mod secret;
mod state;
mod timeline;
mod widget;
mod working;

#[cfg(test)]
mod tests;

/// The page's own index.html says it is the page; a help centre's page
/// that loads the widget's script does not, and gets only its
/// `<maildoctor-check>` elements ([`widget::mount_widget`]).
fn main() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    if document.query_selector("meta[name=maildoctor-page]").ok().flatten().is_none() {
        return;
    }
    // index.html paints the first screen before this runs, every field
    // disabled: nothing can be typed there, so nothing is carried over.
    // It goes in the same task as the app's first render (Yew renders on
    // this task's microtasks), so no frame shows both or neither, and the
    // app's screen stands exactly where it stood.
    if let Some(painted) = document.get_element_by_id("first-paint") {
        painted.remove();
    }
    yew::Renderer::<app::App>::new().render();
}
