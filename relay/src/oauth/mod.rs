//! `check --oauth`: gets an access token by the device authorization grant
//! (RFC 8628) from the provider the operator set a client up at, then the
//! check signs in with it exactly as with `--oauth-token-stdin`. The token
//! lives in a `Secret` in memory only.
//! Imports point one way: `mod` → `device` (no IO), `http`, `providers`.

mod device;
mod http;
pub mod providers;

use clap::Args;
use maildoctor_probe::Trust;
use maildoctor_rules::signin::SignIn;
use maildoctor_rules::Catalog;
use maildoctor_wire::Secret;

use self::device::{Failure, Poller, Step};
use self::http::{form, post_form, Endpoint};

/// The operator's client, and where it signs in. Environment variables let
/// a deployment set them once; flags override them.
#[derive(Debug, Args)]
pub struct OauthArgs {
    /// Sign in at your provider in a browser (on this or any other device)
    /// and check with the token it gives, instead of a password.
    #[arg(long, conflicts_with_all = ["oauth_token_stdin", "password_stdin"])]
    pub oauth: bool,
    /// The provider to sign in at (microsoft, google, yahoo, aol, fastmail);
    /// by default the one of the address's domain.
    #[arg(long, value_name = "NAME", env = "MAILDOCTOR_OAUTH_PROVIDER")]
    pub oauth_provider: Option<String>,
    /// The OAuth client id the operator registered at the provider (a
    /// public client: there is no secret).
    #[arg(long, value_name = "ID", env = "MAILDOCTOR_OAUTH_CLIENT_ID")]
    pub oauth_client_id: Option<String>,
    /// Microsoft: the tenant (organizations, consumers, a tenant id).
    #[arg(long, value_name = "TENANT", env = "MAILDOCTOR_OAUTH_TENANT", default_value = "common")]
    pub oauth_tenant: String,
    /// The device authorization endpoint, instead of the provider's.
    #[arg(long, value_name = "URL", env = "MAILDOCTOR_OAUTH_DEVICE_URL")]
    pub oauth_device_url: Option<String>,
    /// The token endpoint, instead of the provider's.
    #[arg(long, value_name = "URL", env = "MAILDOCTOR_OAUTH_TOKEN_URL")]
    pub oauth_token_url: Option<String>,
    /// The scopes to ask for, instead of the provider's mail scopes.
    #[arg(long, value_name = "SCOPES", env = "MAILDOCTOR_OAUTH_SCOPE")]
    pub oauth_scope: Option<String>,
}

/// Where the device grant runs, resolved from the flags and the table.
struct Plan {
    name: String,
    client_id: String,
    device: Endpoint,
    token: Endpoint,
    scope: String,
}

fn plan(args: &OauthArgs, address: &str, catalog: &Catalog) -> Result<Plan, String> {
    let provider = providers::find(args.oauth_provider.as_deref(), address);
    let custom = args.oauth_device_url.is_some() && args.oauth_token_url.is_some();
    let name = match (provider, &args.oauth_device_url) {
        (Some(p), _) => p.name.to_owned(),
        (None, Some(url)) if custom => Endpoint::parse(url)?.authority(),
        _ => {
            let domain = address.rsplit_once('@').map_or(address, |(_, d)| d);
            return Err(SignIn::UnknownProvider { domain }.words(catalog));
        }
    };
    let tenant = |url: &str| url.replace("{tenant}", &args.oauth_tenant);
    let device_url = match (&args.oauth_device_url, provider.and_then(|p| p.device_url)) {
        (Some(url), _) => url.clone(),
        (None, Some(url)) => tenant(url),
        (None, None) => return Err(SignIn::NoDeviceGrant { provider: &name }.words(catalog)),
    };
    let token_url = args.oauth_token_url.clone().or_else(|| provider.map(|p| tenant(p.token_url))).unwrap_or_default();
    let Some(client_id) = args.oauth_client_id.clone().filter(|id| !id.trim().is_empty()) else {
        return Err(SignIn::NoClient { provider: &name }.words(catalog));
    };
    let scope = args.oauth_scope.clone().or_else(|| provider.map(|p| p.scopes.to_owned())).unwrap_or_default();
    Ok(Plan { name, client_id, device: Endpoint::parse(&device_url)?, token: Endpoint::parse(&token_url)?, scope })
}

/// Runs the device grant to its end: prints where to sign in (on standard
/// error: standard output is the report's), polls, and returns the token,
/// or the reason in the person's language.
pub async fn sign_in(args: &OauthArgs, address: &str, trust: &Trust, catalog: &Catalog) -> Result<Secret, String> {
    let plan = plan(args, address, catalog)?;
    let provider = plan.name.as_str();
    let failed = |detail: String| SignIn::Failed { provider, detail: &detail }.words(catalog);
    let request = form(&[("client_id", &plan.client_id), ("scope", &plan.scope)]);
    let (status, mut body) = post_form(trust, &plan.device, &request).await.map_err(failed)?;
    let grant = device::parse_grant(status, &body);
    // The answer holds the device code, which redeems the token: wiped
    // like the polling answers.
    zeroize::Zeroize::zeroize(&mut body);
    let grant = grant.map_err(|f| failed(describe(f)))?;
    let minutes = grant.lifetime.as_secs().div_ceil(60);
    eprintln!("{}", SignIn::DeviceOpen { url: &grant.verification_uri, code: &grant.user_code }.words(catalog));
    if let Some(url) = &grant.verification_uri_complete {
        eprintln!("{}", SignIn::DeviceOpenDirect { url }.words(catalog));
    }
    eprintln!("{}", SignIn::Waiting { minutes }.words(catalog));
    let mut poller = Poller::new(&grant);
    let mut step = poller.start();
    loop {
        match step {
            Step::Wait(pause) => tokio::time::sleep(pause).await,
            Step::Token(token) => {
                eprintln!("{}", SignIn::SignedIn { provider }.words(catalog));
                return Ok(token);
            }
            Step::Stop(Failure::Denied) => return Err(SignIn::Denied { provider }.words(catalog)),
            Step::Stop(Failure::Expired) => return Err(SignIn::Expired { provider, minutes }.words(catalog)),
            Step::Stop(Failure::Other(detail)) => return Err(failed(detail)),
        }
        let request = form(&[
            ("grant_type", "urn:ietf:params:oauth:grant-type:device_code"),
            ("client_id", &plan.client_id),
            ("device_code", grant.device_code.expose()),
        ]);
        let answer = post_form(trust, &plan.token, &request).await;
        zeroize::Zeroize::zeroize(&mut request.into_bytes());
        step = match answer {
            Ok((status, mut body)) => {
                let next = poller.answer(status, &body);
                zeroize::Zeroize::zeroize(&mut body);
                next
            }
            Err(detail) => Step::Stop(Failure::Other(detail)),
        };
    }
}

fn describe(failure: Failure) -> String {
    match failure {
        Failure::Other(detail) => detail,
        Failure::Denied => "access_denied".into(),
        Failure::Expired => "expired_token".into(),
    }
}
