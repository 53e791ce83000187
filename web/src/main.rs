//! maildoctor's page. The planner and the rules (`maildoctor-rules`) run
//! here in WebAssembly; the relay only executes operations and streams back
//! what it observed, so the page and `maildoctor check` reach the same
//! diagnosis from the same events.
//!
//! Modules, each using only those before it: `js` (browser calls) and
//! `query` (the page's address) → `state` (the reducer) → `relay` (the
//! socket pump) → `relays` (which relay) → the components: `form`, `timeline`, `pictures`,
//! `findings`, `working`, `export` → `app`.

mod app;
mod export;
mod findings;
mod form;
mod js;
mod pictures;
mod query;
mod relay;
mod relays;
mod state;
mod timeline;
mod working;

#[cfg(test)]
mod tests;

fn main() {
    yew::Renderer::<app::App>::new().render();
}
