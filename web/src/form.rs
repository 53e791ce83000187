//! The form, laid out as mail apps lay out an account: the account, the
//! incoming server, the outgoing server. Diagnose and Cancel.

use maildoctor_rules::{security, Args, Catalog, Expected, Request, SeenCertificate, Session, SessionError, Settings};
use maildoctor_wire::{AuthMechanism, Login, MailProtocol, Secret, Security};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::query::{security_key, Prefill, ServerSpec};
use crate::secret::PageSecret;
use crate::state::{Invalid, Words};

/// One server's fields, as typed.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ServerFields {
    pub(crate) protocol: MailProtocol,
    pub(crate) host: String,
    pub(crate) port: String,
    pub(crate) security: Security,
    /// The person typed a port: it no longer follows the security choice.
    pub(crate) port_typed: bool,
}

impl ServerFields {
    fn new(protocol: MailProtocol, security: Security) -> Self {
        Self {
            protocol,
            host: String::new(),
            port: protocol.usual_port(security).to_string(),
            security,
            port_typed: false,
        }
    }

    fn from_spec(spec: Option<&ServerSpec>, protocol: MailProtocol, security: Security) -> Self {
        match spec {
            Some(spec) => Self {
                protocol: spec.protocol,
                host: spec.host.clone(),
                port: spec.port.to_string(),
                security: spec.security,
                port_typed: spec.port != spec.protocol.usual_port(spec.security),
            },
            None => Self::new(protocol, security),
        }
    }

    /// The port follows the security (993 ↔ 143, 465 ↔ 587) and the
    /// protocol until the person types one.
    pub(crate) fn with_security(self, security: Security) -> Self {
        let port = if self.port_typed { self.port } else { self.protocol.usual_port(security).to_string() };
        Self { security, port, ..self }
    }

    pub(crate) fn with_protocol(self, protocol: MailProtocol) -> Self {
        let port = if self.port_typed { self.port } else { protocol.usual_port(self.security).to_string() };
        Self { protocol, port, ..self }
    }

    pub(crate) fn with_port(self, port: String) -> Self {
        let port_typed = port.trim() != self.protocol.usual_port(self.security).to_string();
        Self { port, port_typed, ..self }
    }

    /// Settings to check, `None` when no server is typed; a bad port is
    /// said about `port_field`.
    fn settings(&self, catalog: &Catalog, port_field: &'static str) -> Result<Option<Settings>, Invalid> {
        let host = self.host.trim();
        if host.is_empty() {
            return Ok(None);
        }
        let port = match self.port.trim() {
            "" => self.protocol.usual_port(self.security),
            text => text.parse::<u16>().ok().filter(|port| *port != 0).ok_or_else(|| Invalid {
                field: Some(port_field),
                text: catalog.text("page-port-invalid", &Args::new().text("input", text.to_owned())),
            })?,
        };
        Ok(Some(Settings { host: host.to_owned(), port, protocol: self.protocol, security: self.security }))
    }
}

/// Everything the form holds. The password lives only here and in the
/// session's login: never in the address bar, a share link or storage.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct FormValues {
    pub(crate) address: String,
    pub(crate) username: String,
    /// Never printed: `PageSecret`'s `Debug` hides it.
    pub(crate) password: PageSecret,
    /// An access token (Advanced, or the provider's sign-in), hidden alike.
    pub(crate) token: PageSecret,
    /// What the person's mail app said (issue 23): read, never put in links.
    pub(crate) app_error: String,
    pub(crate) incoming: ServerFields,
    pub(crate) outgoing: ServerFields,
    /// What the provider's page says the settings are (the widget's).
    pub(crate) expected: Expected,
}

impl FormValues {
    pub(crate) fn new(prefill: Option<&Prefill>) -> Self {
        Self {
            address: prefill.map(|p| p.address.clone()).unwrap_or_default(),
            username: prefill.map(|p| p.username.clone()).unwrap_or_default(),
            password: PageSecret::default(),
            token: PageSecret::default(),
            app_error: String::new(),
            incoming: ServerFields::from_spec(
                prefill.and_then(|p| p.incoming.as_ref()),
                MailProtocol::Imap,
                Security::Tls,
            ),
            outgoing: ServerFields::from_spec(
                prefill.and_then(|p| p.outgoing.as_ref()),
                MailProtocol::Smtp,
                Security::Starttls,
            ),
            expected: Expected::default(),
        }
    }

    /// The form with a preset's servers in the server fields (a side the
    /// preset has no server for keeps what was typed).
    pub(crate) fn with_servers(
        self,
        incoming: Option<maildoctor_wire::DiscoveredServer>,
        outgoing: Option<maildoctor_wire::DiscoveredServer>,
    ) -> Self {
        let fields = |s: maildoctor_wire::DiscoveredServer| ServerFields {
            protocol: s.protocol,
            host: s.host,
            port: s.port.to_string(),
            security: s.security,
            port_typed: s.port != s.protocol.usual_port(s.security),
        };
        Self {
            incoming: incoming.map(fields).unwrap_or_else(|| self.incoming.clone()),
            outgoing: outgoing.map(fields).unwrap_or_else(|| self.outgoing.clone()),
            ..self
        }
    }

    /// The form as a deep link's contents (no password, no token).
    pub(crate) fn prefill(&self, catalog: &Catalog) -> Prefill {
        let spec = |fields: &ServerFields| {
            fields.settings(catalog, "port").ok().flatten().map(|s| ServerSpec {
                protocol: s.protocol,
                host: s.host,
                port: s.port,
                security: s.security,
            })
        };
        Prefill {
            address: self.address.trim().to_owned(),
            username: self.username.trim().to_owned(),
            incoming: spec(&self.incoming),
            outgoing: spec(&self.outgoing),
        }
    }

    /// Plans the check the form describes; `consent`: the password may also
    /// go to discovered servers that are not the domain's own.
    /// `previous`: the servers' certificates an earlier report saw.
    pub(crate) fn plan(
        &self,
        catalog: &Catalog,
        consent: bool,
        previous: Vec<SeenCertificate>,
    ) -> Result<Session, Invalid> {
        let address = self.address.trim();
        let mut request = Request::new(address);
        request.previous_certificates = previous;
        request.login_discovered = consent;
        // The relay's own reference resolvers, asked only about suspect
        // answers (a relay with none refuses, and nothing changes).
        request.reference_resolver = maildoctor_rules::Reference::WhenSuspect;
        // The browser's wall clock: the mail apps on this device check
        // certificates against the same one (`device.clock_wrong`).
        request.device_time_ms = Some(js_sys::Date::now() as u64);
        request.app_error = Some(self.app_error.clone());
        // An access token (Advanced) signs in by a bearer mechanism; else the password.
        let (secret, mechanism) = match self.token.expose().trim() {
            "" => (self.password.expose(), None),
            token => (token, Some(AuthMechanism::Oauthbearer)),
        };
        if !secret.is_empty() {
            let username = match self.username.trim() {
                "" => address,
                username => username,
            };
            request.login = Some(Login {
                username: username.to_owned(),
                secret: Secret::new(secret),
                mechanism,
                allow_plaintext: false,
            });
        }
        request.incoming = self.incoming.settings(catalog, "port")?;
        request.outgoing = self.outgoing.settings(catalog, "out-port")?;
        request.expected = self.expected.clone();
        Session::plan(request).map_err(|err| {
            let field = match &err {
                SessionError::BadHost(host) if host.trim() == self.outgoing.host.trim() => "out-host",
                SessionError::BadHost(_) => "host",
                SessionError::BadPort => "port",
                SessionError::BadAddress(_) | SessionError::NothingToCheck => "address",
            };
            Invalid { field: Some(field), text: err.render(catalog) }
        })
    }
}

#[derive(Properties, PartialEq)]
pub(crate) struct FormProps {
    pub(crate) catalog: Words,
    pub(crate) values: FormValues,
    pub(crate) running: bool,
    pub(crate) on_change: Callback<FormValues>,
    pub(crate) on_submit: Callback<()>,
    pub(crate) on_cancel: Callback<()>,
    /// The provider's mail domain (the widget's), for the address's example.
    #[prop_or_default]
    pub(crate) domain: Option<String>,
    /// What the last Diagnose found wrong with the input, if anything.
    #[prop_or_default]
    pub(crate) invalid: Option<Invalid>,
    /// The form, for the page to focus a field in error.
    #[prop_or_default]
    pub(crate) form: NodeRef,
}

/// Whether the input `id` is the one in error: its `aria-invalid`, its
/// `aria-describedby` and the error itself, shown under it. The error is
/// said once: when the page moves the focus to the field, as its
/// description, never also by a live region.
fn marks(invalid: Option<&Invalid>, id: &str) -> (Option<&'static str>, Option<String>, Html) {
    match invalid.filter(|i| i.field == Some(id)) {
        Some(invalid) => {
            let error = format!("{id}-error");
            let shown = html! { <p class="field-error" id={error.clone()}>{ invalid.text.clone() }</p> };
            (Some("true"), Some(error), shown)
        }
        None => (None, None, html! {}),
    }
}

fn security_of(value: &str) -> Security {
    match value {
        "starttls" => Security::Starttls,
        "none" => Security::None,
        _ => Security::Tls,
    }
}

#[function_component]
pub(crate) fn Form(props: &FormProps) -> Html {
    let t = |id: &str| props.catalog.text(id, &Args::new());
    let values = &props.values;
    // The provider's token arrives after a popup the person may have
    // typed beside: it joins the form as it is then, not as at the click.
    let latest = use_mut_ref(|| values.clone());
    *latest.borrow_mut() = values.clone();
    // Each field's handler builds the next values from the current ones.
    let edit = |change: fn(FormValues, String) -> FormValues| {
        let (values, on_change) = (values.clone(), props.on_change.clone());
        Callback::from(move |e: InputEvent| {
            on_change.emit(change(values.clone(), e.target_unchecked_into::<HtmlInputElement>().value()))
        })
    };
    let choose = |change: fn(FormValues, String) -> FormValues| {
        let (values, on_change) = (values.clone(), props.on_change.clone());
        Callback::from(move |e: Event| {
            on_change.emit(change(values.clone(), e.target_unchecked_into::<HtmlSelectElement>().value()))
        })
    };
    let onsubmit = {
        let on_submit = props.on_submit.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            on_submit.emit(());
        })
    };
    // An option's `selected` decides a select's choice only until the choice
    // was ever changed (HTML's "dirtiness"), and Firefox then keeps the old
    // one when the form is filled from elsewhere (the ISP database's preset).
    // So after each render the selects are also told the form's values.
    {
        let chosen = [
            ("protocol", if values.incoming.protocol == MailProtocol::Pop3 { "pop3" } else { "imap" }),
            ("security", security_key(values.incoming.security)),
            ("out-security", security_key(values.outgoing.security)),
        ];
        use_effect(move || {
            let document = web_sys::window().and_then(|w| w.document());
            for (id, value) in chosen {
                let select = document.as_ref().and_then(|d| d.get_element_by_id(id));
                if let Some(select) = select.and_then(|e| wasm_bindgen::JsCast::dyn_into::<HtmlSelectElement>(e).ok()) {
                    if select.value() != value {
                        select.set_value(value);
                    }
                }
            }
        });
    }
    let on_cancel = props.on_cancel.reform(|_: MouseEvent| ());
    let invalid = props.invalid.as_ref();
    let (address_invalid, address_described, address_error) = marks(invalid, "address");
    let (host_invalid, host_described, host_error) = marks(invalid, "host");
    let (port_invalid, port_described, port_error) = marks(invalid, "port");
    let (out_host_invalid, out_host_described, out_host_error) = marks(invalid, "out-host");
    let (out_port_invalid, out_port_described, out_port_error) = marks(invalid, "out-port");
    let security_options = |chosen: Security| {
        html! { <>
            { for [Security::Tls, Security::Starttls, Security::None].into_iter().map(|option| html! {
                <option value={security_key(option)} selected={chosen == option}>{ security(&props.catalog, option) }</option>
            }) }
        </> }
    };
    html! {
        <form id="diagnose-form" ref={props.form.clone()} {onsubmit} aria-describedby="form-note">
            <fieldset class="account">
                <legend>{ t("page-account") }</legend>
                <label for="address">{ t("page-address") }</label>
                <input id="address" type="email" required=true autocomplete="email" placeholder={format!("you@{}", props.domain.as_deref().unwrap_or("example.com"))}
                    aria-invalid={address_invalid} aria-describedby={address_described}
                    value={values.address.clone()} oninput={edit(|v, s| FormValues { address: s, ..v })} />
                { address_error }
                <label for="username">{ t("page-username") }</label>
                <input id="username" autocomplete="username" aria-describedby="username-note"
                    value={values.username.clone()} oninput={edit(|v, s| FormValues { username: s, ..v })} />
                <p class="note" id="username-note">{ t("page-username-note") }</p>
                <label for="password">{ t("page-password") }</label>
                <input id="password" type="password" autocomplete="current-password" aria-describedby="password-note"
                    value={values.password.expose().to_owned()} oninput={edit(|v, s| FormValues { password: PageSecret::new(s), ..v })} />
                <p class="note" id="password-note">{ t("page-password-note") }</p>
                <crate::oauth::ProviderSignIn catalog={props.catalog.clone()} address={values.address.clone()}
                    on_token={let (latest, on_change) = (latest.clone(), props.on_change.clone());
                        Callback::from(move |token: String| on_change.emit(FormValues { token: PageSecret::new(token), ..latest.borrow().clone() }))} />
            </fieldset>
            <crate::ispdb::Presets catalog={props.catalog.clone()} address={values.address.clone()}
                on_fill={let (values, on_change) = (values.clone(), props.on_change.clone());
                    Callback::from(move |(i, o)| on_change.emit(values.clone().with_servers(i, o)))} />
            <fieldset class="server">
                <legend>{ t("page-incoming") }</legend>
                <label for="protocol">{ t("page-protocol") }</label>
                <select id="protocol" onchange={choose(|v, s| {
                    let protocol = if s == "pop3" { MailProtocol::Pop3 } else { MailProtocol::Imap };
                    FormValues { incoming: v.incoming.clone().with_protocol(protocol), ..v }
                })}>
                    <option value="imap" selected={values.incoming.protocol == MailProtocol::Imap}>{ "IMAP" }</option>
                    <option value="pop3" selected={values.incoming.protocol == MailProtocol::Pop3}>{ "POP3" }</option>
                </select>
                <label for="host">{ t("page-server") }</label>
                <input id="host" placeholder="imap.example.com" autocapitalize="off" spellcheck="false"
                    aria-invalid={host_invalid} aria-describedby={host_described} value={values.incoming.host.clone()}
                    oninput={edit(|v, s| FormValues { incoming: ServerFields { host: s, ..v.incoming.clone() }, ..v })} />
                { host_error }
                <label for="port">{ t("page-port") }</label>
                <input id="port" inputmode="numeric" value={values.incoming.port.clone()}
                    aria-invalid={port_invalid} aria-describedby={port_described}
                    oninput={edit(|v, s| FormValues { incoming: v.incoming.clone().with_port(s), ..v })} />
                { port_error }
                <label for="security">{ t("page-security") }</label>
                <select id="security" data-value={security_key(values.incoming.security)} onchange={choose(|v, s| {
                    FormValues { incoming: v.incoming.clone().with_security(security_of(&s)), ..v }
                })}>{ security_options(values.incoming.security) }</select>
            </fieldset>
            <fieldset class="server">
                <legend>{ t("page-outgoing") }</legend>
                <label for="out-host">{ t("page-server") }</label>
                <input id="out-host" placeholder="smtp.example.com" autocapitalize="off" spellcheck="false"
                    aria-invalid={out_host_invalid} aria-describedby={out_host_described} value={values.outgoing.host.clone()}
                    oninput={edit(|v, s| FormValues { outgoing: ServerFields { host: s, ..v.outgoing.clone() }, ..v })} />
                { out_host_error }
                <label for="out-port">{ t("page-port") }</label>
                <input id="out-port" inputmode="numeric" value={values.outgoing.port.clone()}
                    aria-invalid={out_port_invalid} aria-describedby={out_port_described}
                    oninput={edit(|v, s| FormValues { outgoing: v.outgoing.clone().with_port(s), ..v })} />
                { out_port_error }
                <label for="out-security">{ t("page-security") }</label>
                <select id="out-security" onchange={choose(|v, s| {
                    FormValues { outgoing: v.outgoing.clone().with_security(security_of(&s)), ..v }
                })}>{ security_options(values.outgoing.security) }</select>
            </fieldset>
            <label for="app-error">{ t("page-app-error") }</label>
            <input id="app-error" autocomplete="off" spellcheck="false" aria-describedby="app-error-note"
                value={values.app_error.clone()} oninput={edit(|v, s| FormValues { app_error: s, ..v })} />
            <p class="note" id="app-error-note">{ t("page-app-error-note") }</p>
            <details id="advanced">
                <summary>{ t("page-advanced") }</summary>
                <label for="token">{ t("page-token") }</label>
                <input id="token" type="password" autocomplete="off" aria-describedby="token-note"
                    value={values.token.expose().to_owned()} oninput={edit(|v, s| FormValues { token: PageSecret::new(s), ..v })} />
                <p class="note" id="token-note">{ t("page-token-note") }</p>
            </details>
            <p class="note" id="form-note">{ t("page-status-idle") }</p>
            <div class="actions">
                <button id="diagnose" type="submit" disabled={props.running}>
                    { if props.running { t("page-checking") } else { t("page-diagnose") } }
                </button>
                if props.running {
                    <button id="cancel" type="button" class="secondary" onclick={on_cancel}>{ t("page-cancel") }</button>
                }
            </div>
        </form>
    }
}
