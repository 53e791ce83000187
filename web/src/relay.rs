//! The socket pump: carries a check's messages to the relay and every
//! relay message back as an action. It decides nothing; when the socket
//! closes early it asks the relay's `/v1/status` why, because a browser
//! hides the refused upgrade's status code from scripts.

use futures_channel::mpsc::UnboundedReceiver;
use futures_util::future::{select, Either};
use futures_util::{SinkExt, StreamExt};
use gloo_net::websocket::futures::WebSocket;
use gloo_net::websocket::{Message, WebSocketError};
use maildoctor_wire::{ClientMessage, ServerMessage, PROTOCOL_VERSION};
use yew::Callback;

use crate::js;
use crate::state::{Action, RelayProblem};

/// `wss://relay.example.net/v1/ws` → `https://relay.example.net/v1/status`.
pub(crate) fn status_url(ws_url: &str) -> String {
    let http = if let Some(rest) = ws_url.strip_prefix("wss://") {
        format!("https://{rest}")
    } else {
        format!("http://{}", ws_url.strip_prefix("ws://").unwrap_or(ws_url))
    };
    match http.strip_suffix("/ws") {
        Some(base) => format!("{base}/status"),
        None => format!("{}/v1/status", http.trim_end_matches('/')),
    }
}

/// What the relay's status answer says about a socket that closed before
/// the relay said hello.
pub(crate) fn problem_from_status(status: Option<&str>) -> RelayProblem {
    let Some(status) = status else { return RelayProblem::Unreachable };
    let Ok(status) = serde_json::from_str::<serde_json::Value>(status) else { return RelayProblem::Lost };
    let version = status["version"].as_u64().and_then(|v| u32::try_from(v).ok());
    if version.is_some_and(|v| v != PROTOCOL_VERSION) {
        return RelayProblem::Version { relay: version };
    }
    if status["origin"] == "refused" {
        return RelayProblem::OriginRefused;
    }
    match status["admission"].as_str() {
        Some("ready") | None => RelayProblem::Lost,
        Some(_) => RelayProblem::Busy,
    }
}

/// What a socket that closed after the relay had spoken, with close code
/// `code` (none when it just broke), says about the relay.
pub(crate) fn problem_after_hello(code: Option<u16>) -> RelayProblem {
    // RFC 6455 §7.4.1's "going away", which the relay sends when it stops.
    const GOING_AWAY: u16 = 1001;
    match code {
        Some(GOING_AWAY) => RelayProblem::Restarting,
        _ => RelayProblem::Lost,
    }
}

/// Carries check `run`'s frames; every action it dispatches names the run.
pub(crate) async fn pump(
    run: u64,
    url: String,
    mut outbox: UnboundedReceiver<ClientMessage>,
    dispatch: Callback<Action>,
) {
    let Ok(socket) = WebSocket::open(&url) else {
        dispatch.emit(Action::Closed { run, problem: RelayProblem::Unreachable });
        return;
    };
    let (mut to_relay, mut from_relay) = socket.split();
    // True when the run is over and everything queued is sent (a cancel
    // too); false when the socket would not take more.
    let writer = async move {
        while let Some(message) = outbox.next().await {
            if to_relay.send(Message::Text(maildoctor_wire::client_json(&message))).await.is_err() {
                return false;
            }
        }
        true
    };
    let reader = {
        let dispatch = dispatch.clone();
        async move {
            let mut heard = false;
            let mut close_code = None;
            while let Some(frame) = from_relay.next().await {
                let text = match frame {
                    Ok(Message::Text(text)) => text,
                    Ok(_) => continue,
                    Err(WebSocketError::ConnectionClose(close)) => {
                        close_code = Some(close.code);
                        break;
                    }
                    Err(_) => break,
                };
                heard = true;
                // A frame this build cannot read is skipped, not fatal: the
                // rules end the operation when its `done` arrives.
                if let Ok(message) = ServerMessage::from_json(&text) {
                    dispatch.emit(Action::Relay { run, message, now_ms: js::now() });
                }
            }
            (heard, close_code)
        }
    };
    let (heard, close_code) = match select(Box::pin(writer), Box::pin(reader)).await {
        // The run ended: dropping both halves closes the socket (gloo's sink
        // closes nothing), and the relay frees this tab's place at once
        // instead of when its idle timer runs out.
        Either::Left((true, _reader)) => return,
        Either::Left((false, reader)) => reader.await,
        Either::Right((heard, _)) => heard,
    };
    let problem = if heard {
        problem_after_hello(close_code)
    } else {
        problem_from_status(js::relay_status(&status_url(&url)).await.as_deref())
    };
    // Ignored by the step when the run already ended.
    dispatch.emit(Action::Closed { run, problem });
}
