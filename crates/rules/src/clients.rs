//! Where each popular mail app keeps the setting a fix changes. Menus
//! differ enough that "change the port" is not an instruction people can
//! follow; this is.

use serde::{Deserialize, Serialize};

use crate::Endpoint;

/// The steps for one mail app.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientSteps {
    pub client: String,
    pub steps: Vec<String>,
}

/// How to set `target` (the server, port and security that work) in each app.
pub(crate) fn set_server(target: &Endpoint, incoming: bool) -> Vec<ClientSteps> {
    let security = target.security.client_label();
    let (host, port) = (&target.host, target.port);
    let direction = if incoming { "Incoming" } else { "Outgoing" };
    let tls_on = target.security != maildoctor_wire::Security::None;
    vec![
        ClientSteps {
            client: "Outlook (Windows)".into(),
            steps: vec![
                "File › Account Settings › Account Settings, select the account, Change (or Repair › Advanced options).".into(),
                format!("{direction} mail server: {host}."),
                format!(
                    "More Settings › Advanced: {direction} server port {port}, encrypted connection {}.",
                    security
                ),
            ],
        },
        ClientSteps {
            client: "Apple Mail (Mac)".into(),
            steps: vec![
                "Mail › Settings › Accounts, select the account, Server Settings.".into(),
                format!(
                    "{} Mail Server: {host}; untick \"Automatically manage connection settings\"; Port {port}; {} \"Use TLS/SSL\".",
                    if incoming { "Incoming" } else { "Outgoing" },
                    if tls_on { "tick" } else { "untick" }
                ),
            ],
        },
        ClientSteps {
            client: "Thunderbird".into(),
            steps: vec![
                if incoming {
                    "Account Settings › Server Settings.".into()
                } else {
                    "Account Settings › Outgoing Server (SMTP), select the server, Edit.".into()
                },
                format!("Server Name {host}, Port {port}, Connection security {}.", security),
            ],
        },
        ClientSteps {
            client: "iPhone and iPad Mail".into(),
            steps: vec![
                if incoming {
                    "Settings › Apps › Mail › Mail Accounts, the account, Account: Incoming Mail Server Host Name, then Advanced.".into()
                } else {
                    "Settings › Apps › Mail › Mail Accounts, the account, Account › SMTP › Primary Server.".into()
                },
                format!("Host Name {host}; Use SSL {}; Server Port {port}.", if tls_on { "on" } else { "off" }),
            ],
        },
        ClientSteps {
            client: "Gmail app (Android)".into(),
            steps: vec![
                format!("Settings, the account, {} settings.", if incoming { "Incoming" } else { "Outgoing" }),
                format!("Server {host}, Port {port}, Security type {}.", security),
            ],
        },
    ]
}

/// How to make each app sign in to the outgoing server.
pub(crate) fn sign_in_to_send() -> Vec<ClientSteps> {
    let app = |client: &str, steps: [&str; 2]| ClientSteps {
        client: client.into(),
        steps: steps.iter().map(|s| (*s).to_owned()).collect(),
    };
    vec![
        app(
            "Outlook (Windows)",
            [
                "File › Account Settings › Account Settings, select the account, Change › More Settings › Outgoing Server.",
                "Tick \"My outgoing server (SMTP) requires authentication\" and choose \"Use same settings as my incoming mail server\".",
            ],
        ),
        app(
            "Apple Mail (Mac)",
            [
                "Mail › Settings › Accounts, select the account, Server Settings.",
                "Under Outgoing Mail Account, set Authentication to Password and enter your username and password.",
            ],
        ),
        app(
            "Thunderbird",
            [
                "Account Settings › Outgoing Server (SMTP), select the server, Edit.",
                "Authentication method: Normal password (Encrypted password if the server asks for it); User Name: your username.",
            ],
        ),
        app(
            "iPhone and iPad Mail",
            [
                "Settings › Apps › Mail › Mail Accounts, the account, Account › SMTP › Primary Server.",
                "Authentication: Password; fill in User Name and Password.",
            ],
        ),
        app(
            "Gmail app (Android)",
            [
                "Settings, the account, Outgoing settings.",
                "Turn on \"Require sign-in\" and enter your username and password.",
            ],
        ),
    ]
}
