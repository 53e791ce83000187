//! The page's side of the WebSocket: says hello, sends the planner's
//! operations, feeds every event to the rules and shows the new report.

use futures_util::{SinkExt, StreamExt};
use gloo_net::websocket::futures::WebSocket;
use gloo_net::websocket::Message;
use maildoctor_rules::Session;
use maildoctor_wire::{ClientMessage, ServerMessage, PROTOCOL_VERSION};
use yew::UseReducerDispatcher;

use crate::app::{Action, Diagnosis};

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

pub(crate) async fn run(mut session: Session, dispatch: UseReducerDispatcher<Diagnosis>) {
    let Some(url) = relay_url() else {
        dispatch.dispatch(Action::Failed("this page cannot tell where its relay is".into()));
        return;
    };
    let socket = match WebSocket::open(&url) {
        Ok(socket) => socket,
        Err(err) => {
            dispatch.dispatch(Action::Failed(format!("cannot reach the relay at {url}: {err}")));
            return;
        }
    };
    let (mut to_relay, mut from_relay) = socket.split();
    let mut outgoing = vec![ClientMessage::Hello { version: PROTOCOL_VERSION }];
    outgoing.extend(session.start());
    for message in outgoing {
        if to_relay.send(Message::Text(to_json(&message))).await.is_err() {
            dispatch.dispatch(Action::Failed(format!("the relay at {url} did not accept the connection")));
            return;
        }
    }
    dispatch.dispatch(Action::Progress(session.report()));
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
            dispatch.dispatch(Action::Failed(format!("the relay said: {message}")));
            return;
        }
        for follow_up in session.handle(&message) {
            let _ = to_relay.send(Message::Text(to_json(&follow_up))).await;
        }
        dispatch.dispatch(Action::Progress(session.report()));
    }
    let _ = to_relay.close().await;
    let complete = session.is_finished();
    session.abandon();
    if complete {
        dispatch.dispatch(Action::Finished(session.report()));
    } else {
        dispatch.dispatch(Action::Progress(session.report()));
        dispatch.dispatch(Action::Failed("the connection to the relay was lost before the checks finished".into()));
    }
}

fn to_json(message: &ClientMessage) -> String {
    maildoctor_wire::client_json(message)
}
