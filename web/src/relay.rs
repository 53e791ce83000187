//! The page's side of the WebSocket: says hello, sends the planner's
//! operations, feeds every event to the rules and shows the new report.

use futures_util::{SinkExt, StreamExt};
use gloo_net::websocket::futures::WebSocket;
use gloo_net::websocket::Message;
use maildoctor_rules::{Args, Catalog, Lang, Session};
use maildoctor_wire::{ClientMessage, ServerMessage, PROTOCOL_VERSION};
use yew::UseReducerDispatcher;

use crate::state::{Action, Diagnosis};

/// The relay to use: the page's `maildoctor-relay` meta tag, or the relay
/// that served the page.
fn relay_url() -> Option<String> {
    let window = web_sys::window()?;
    let configured = window
        .document()
        .and_then(|doc| doc.query_selector("meta[name=maildoctor-relay]").ok().flatten())
        .and_then(|meta| meta.get_attribute("content"))
        .filter(|url| !url.trim().is_empty());
    if configured.is_some() {
        return configured;
    }
    let location = window.location();
    let scheme = if location.protocol().ok()? == "https:" { "wss" } else { "ws" };
    Some(format!("{scheme}://{}/v1/ws", location.host().ok()?))
}

pub(crate) async fn run(mut session: Session, lang: Lang, dispatch: UseReducerDispatcher<Diagnosis>) {
    let catalog = Catalog::new(lang);
    let failed = |id: &str, args: Args<'_>| Action::Failed(catalog.text(id, &args));
    let Some(url) = relay_url() else {
        dispatch.dispatch(failed("page-relay-unknown", Args::new()));
        return;
    };
    let Ok(socket) = WebSocket::open(&url) else {
        dispatch.dispatch(failed("page-relay-unreachable", Args::new().text("url", url.clone())));
        return;
    };
    let (mut to_relay, mut from_relay) = socket.split();
    let mut outgoing = vec![ClientMessage::Hello { version: PROTOCOL_VERSION }];
    outgoing.extend(session.start());
    for message in outgoing {
        if to_relay.send(Message::Text(to_json(&message))).await.is_err() {
            dispatch.dispatch(failed("page-relay-refused-connection", Args::new().text("url", url.clone())));
            return;
        }
    }
    dispatch.dispatch(Action::Progress(session.report(&catalog)));
    while !session.is_finished() {
        let Some(frame) = from_relay.next().await else {
            break;
        };
        let text = match frame {
            Ok(Message::Text(text)) => text,
            Ok(Message::Bytes(_)) => continue,
            Err(_) => break,
        };
        let Ok(message) = ServerMessage::from_json(&text) else {
            continue;
        };
        if let ServerMessage::Error { message, .. } = &message {
            dispatch.dispatch(failed("page-relay-said", Args::new().text("message", message.clone())));
            return;
        }
        for follow_up in session.handle(&message) {
            let _ = to_relay.send(Message::Text(to_json(&follow_up))).await;
        }
        dispatch.dispatch(Action::Progress(session.report(&catalog)));
    }
    let _ = to_relay.close().await;
    let complete = session.is_finished();
    session.abandon();
    if complete {
        dispatch.dispatch(Action::Finished(session.report(&catalog)));
    } else {
        dispatch.dispatch(Action::Progress(session.report(&catalog)));
        dispatch.dispatch(failed("page-relay-lost", Args::new()));
    }
}

fn to_json(message: &ClientMessage) -> String {
    maildoctor_wire::client_json(message)
}
