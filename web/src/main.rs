//! maildoctor's page. The planner and the rules (`maildoctor-rules`) run
//! here in WebAssembly; the relay only executes operations and streams back
//! what it observed, so the page and `maildoctor check` reach the same
//! diagnosis from the same events. Modules: `state` (the reducer) ←
//! `relay` (the WebSocket) and `view` (the report) ← `app` (the form).

mod app;
mod relay;
mod state;
mod view;

fn main() {
    yew::Renderer::<app::App>::new().render();
}
