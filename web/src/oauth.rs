//! "Sign in with your provider": shown only where the site's config.json
//! sets a client up for the address's provider (`"oauth": [{"name",
//! "domains", "authorize", "token", "client_id", "scope"}]`). The grant
//! (authorization code + PKCE) runs in `js/oauth.js`; the token it returns
//! goes into the form's token, in memory, exactly as a pasted one does:
//! never into the address bar, storage or a share link.

use maildoctor_rules::signin::SignIn;
use serde_json::Value;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use yew::prelude::*;

use crate::state::Words;

#[wasm_bindgen(module = "/js/oauth.js")]
extern "C" {
    #[wasm_bindgen(js_name = oauthSignIn)]
    fn oauth_sign_in(authorize: &str, token: &str, client_id: &str, scope: &str, hint: &str) -> js_sys::Promise;
}

/// One provider the site registered a public client at.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Client {
    pub(crate) name: String,
    pub(crate) domains: Vec<String>,
    pub(crate) authorize: String,
    pub(crate) token: String,
    pub(crate) client_id: String,
    pub(crate) scope: String,
}

/// Endpoints over https only; plain http only on this machine (RFC 8252
/// §8.3 lets loopback go without TLS), for a provider's stand-in. The host
/// is read whole, not by prefix: `http://127.evil.example/` and
/// `http://localhost:@evil.example/` name other machines.
fn endpoint_ok(url: &str) -> bool {
    if url.starts_with("https://") {
        return true;
    }
    let Some(rest) = url.strip_prefix("http://") else { return false };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if authority.contains('@') {
        return false;
    }
    let (host, port) = match authority.strip_prefix('[') {
        Some(bracketed) => match bracketed.split_once(']') {
            Some((ip, port)) => (ip, port),
            None => return false,
        },
        None => match authority.split_once(':') {
            Some((host, port)) => (host, &authority[host.len()..][..port.len() + 1]),
            None => (authority, ""),
        },
    };
    let port_ok = port.is_empty() || port.strip_prefix(':').is_some_and(|p| p.parse::<u16>().is_ok());
    let octets: Vec<&str> = host.split('.').collect();
    let loopback_v4 = octets.len() == 4 && octets[0] == "127" && octets.iter().all(|o| o.parse::<u8>().is_ok());
    port_ok && (host == "localhost" || host == "::1" || loopback_v4)
}

/// The clients config.json lists; entries missing a part are left out.
pub(crate) fn clients(config: &str) -> Vec<Client> {
    let Ok(config) = serde_json::from_str::<Value>(config) else { return Vec::new() };
    let text = |entry: &Value, key: &str| entry[key].as_str().unwrap_or_default().trim().to_owned();
    config["oauth"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|entry| Client {
            name: text(entry, "name"),
            domains: entry["domains"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|d| d.as_str().map(str::to_ascii_lowercase))
                .collect(),
            authorize: text(entry, "authorize"),
            token: text(entry, "token"),
            client_id: text(entry, "client_id"),
            scope: text(entry, "scope"),
        })
        .filter(|c| !c.name.is_empty() && !c.client_id.is_empty() && endpoint_ok(&c.authorize) && endpoint_ok(&c.token))
        .collect()
}

/// The client for `address`'s domain, if the site has one.
pub(crate) fn client_for<'a>(clients: &'a [Client], address: &str) -> Option<&'a Client> {
    let domain = address.trim().rsplit_once('@')?.1.to_ascii_lowercase();
    clients.iter().find(|c| c.domains.contains(&domain))
}

#[derive(Properties, PartialEq)]
pub(crate) struct SignInProps {
    pub(crate) catalog: Words,
    pub(crate) address: String,
    pub(crate) on_token: Callback<String>,
}

#[function_component]
pub(crate) fn ProviderSignIn(props: &SignInProps) -> Html {
    let known = use_state(Vec::<Client>::new);
    let status = use_state(|| None::<String>);
    {
        let known = known.clone();
        use_effect_with((), move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                if let Some(text) = crate::js::fetch_text("config.json", 3000).await {
                    known.set(clients(&text));
                }
            });
        });
    }
    let Some(client) = client_for(&known, &props.address).cloned() else { return html! {} };
    let onclick = {
        let (catalog, status, on_token, hint) =
            (props.catalog.clone(), status.clone(), props.on_token.clone(), props.address.trim().to_owned());
        let client = client.clone();
        Callback::from(move |_: MouseEvent| {
            let promise = oauth_sign_in(&client.authorize, &client.token, &client.client_id, &client.scope, &hint);
            let (catalog, status, on_token, name) =
                (catalog.clone(), status.clone(), on_token.clone(), client.name.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let provider = name.as_str();
                let said = match JsFuture::from(promise).await.map(|token| token.as_string()) {
                    Ok(Some(token)) => {
                        on_token.emit(token);
                        SignIn::PageSignedIn { provider }.words(&catalog)
                    }
                    Ok(None) => SignIn::PageFailed { provider, detail: "?" }.words(&catalog),
                    Err(why) => {
                        let detail = why.as_string().unwrap_or_else(|| "?".into());
                        SignIn::PageFailed { provider, detail: &detail }.words(&catalog)
                    }
                };
                status.set(Some(said));
            });
        })
    };
    html! {
        <div class="oauth">
            <button type="button" id="oauth-sign-in" class="secondary" {onclick}>
                { SignIn::Button { provider: &client.name }.words(&props.catalog) }
            </button>
            if let Some(said) = &*status {
                <p class="note" id="oauth-status" role="status">{ said.clone() }</p>
            }
        </div>
    }
}

#[cfg(test)]
mod tests {
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    #[test]
    fn only_complete_clients_with_safe_endpoints_get_a_button() {
        let config = r#"{"relays": [], "oauth": [
            {"name": "Microsoft", "domains": ["Outlook.com"], "client_id": "id", "scope": "s",
             "authorize": "https://login.microsoftonline.com/common/oauth2/v2.0/authorize",
             "token": "https://login.microsoftonline.com/common/oauth2/v2.0/token"},
            {"name": "Stand-in", "domains": ["example.test"], "client_id": "id", "scope": "s",
             "authorize": "http://127.0.0.62:1/authorize", "token": "http://127.0.0.62:1/token"},
            {"name": "Plain", "domains": ["plain.example"], "client_id": "id",
             "authorize": "http://idp.example/authorize", "token": "http://idp.example/token"},
            {"name": "No id", "domains": ["x.example"], "authorize": "https://a", "token": "https://t"}
        ]}"#;
        let known = clients(config);
        assert_eq!(known.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(), ["Microsoft", "Stand-in"]);
        assert_eq!(client_for(&known, " bob@outlook.COM ").map(|c| c.name.as_str()), Some("Microsoft"));
        assert!(client_for(&known, "bob@plain.example").is_none());
        assert!(client_for(&known, "not an address").is_none());
        assert!(clients("{}").is_empty() && clients("not json").is_empty());
    }

    #[test]
    fn plain_http_is_taken_only_for_this_machine_read_as_a_whole_host() {
        for fine in ["https://idp.example/t", "http://127.0.0.62:1/t", "http://localhost/t", "http://[::1]:8/t"] {
            assert!(endpoint_ok(fine), "{fine}");
        }
        for elsewhere in [
            "http://127.evil.example/t",
            "http://localhost:@evil.example/t",
            "http://127.0.0.1@evil.example/t",
            "http://localhost.evil.example/t",
            "http://[::1].evil.example/t",
            "http://127.0.0.1:99999/t",
            "ftp://127.0.0.1/t",
        ] {
            assert!(!endpoint_ok(elsewhere), "{elsewhere}");
        }
    }
}
