//! Where each popular mail app keeps the setting a fix changes. Menus
//! differ enough that "change the port" is not an instruction people can
//! follow; this is. The menu paths are in the catalogs, per app.

use crate::catalog::{Args, Catalog};
use crate::words::security_label;
use crate::{ClientSteps, Endpoint, Side};
use maildoctor_wire::Security;

/// The apps, and whether their menus name the security (SSL/TLS, STARTTLS)
/// or only a TLS switch.
const APPS: [(&str, bool); 5] =
    [("outlook", true), ("apple-mail", false), ("thunderbird", true), ("ios-mail", false), ("gmail-app", true)];

fn steps(catalog: &Catalog, app: &str, prefix: &str, args: &Args<'_>) -> ClientSteps {
    let id = format!("app-{app}");
    ClientSteps {
        app: app.to_owned(),
        client: catalog.text(&id, &Args::new()),
        steps: catalog.numbered(&id, prefix, args),
    }
}

/// How to set `target` (the server, port and security that work) in each app.
pub(crate) fn set_server(catalog: &Catalog, target: &Endpoint, side: Side) -> Vec<ClientSteps> {
    APPS.iter()
        .map(|(app, names_security)| {
            let args = Args::new()
                .text("direction", side.key())
                .text("host", target.host.clone())
                .text("port", target.port.to_string());
            let args = if *names_security {
                args.text("security", security_label(catalog, target.security))
            } else {
                args.text("tls", if target.security == Security::None { "off" } else { "on" })
            };
            steps(catalog, app, "server-", &args)
        })
        .collect()
}

/// How to make each app sign in to the outgoing server.
pub(crate) fn sign_in_to_send(catalog: &Catalog) -> Vec<ClientSteps> {
    APPS.iter().map(|(app, _)| steps(catalog, app, "auth-", &Args::new())).collect()
}

/// The apps whose saved state (password, account, add-ins, profile) the
/// person can clear, each with its own menus: the five above, and where
/// their menus differ, new Outlook (beside classic "Outlook (Windows)")
/// and Samsung Email (beside the Gmail app). Sources of the menu paths:
/// Microsoft Support "Open Outlook in safe mode" (`outlook.exe /safe`) and
/// "Create an Outlook profile" (Control Panel › Mail › Show Profiles);
/// Microsoft Support "Add, remove, or manage accounts in new Outlook for
/// Windows" (Settings › Accounts › Email accounts › Manage › Remove);
/// Mozilla Support "Troubleshoot Mode" (Help › Troubleshoot Mode, or Shift
/// while starting) and "Using the Profile Manager" (`thunderbird -P`);
/// Apple Support "Add or remove email accounts in Mail on Mac" and "Add
/// an email account to your iPhone"; Google Gmail Help "Fix problems
/// syncing Gmail" (update the app, clear its storage); Samsung Support
/// "How do I remove an account from my Samsung Galaxy phone or tablet"
/// (Settings › Accounts and backup › Manage accounts › Remove account,
/// <https://www.samsung.com/sa_en/support/mobile-devices/remove-accounts-from-your-galaxy-phone-or-tablet/>).
const RESET_APPS: [&str; 7] =
    ["outlook", "outlook-new", "thunderbird", "apple-mail", "ios-mail", "gmail-app", "samsung-email"];

/// How to clear what each app keeps, from the lightest step to a new profile.
pub(crate) fn clear_state(catalog: &Catalog) -> Vec<ClientSteps> {
    RESET_APPS
        .iter()
        .map(|app| ClientSteps {
            app: (*app).to_owned(),
            client: catalog.text(&format!("app-{app}"), &Args::new()),
            steps: catalog.numbered(&format!("reset-{app}"), "step-", &Args::new()),
        })
        .collect()
}
