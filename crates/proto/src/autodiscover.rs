//! Microsoft Autodiscover v2 (the JSON endpoint Outlook uses):
//! `GET /autodiscover/autodiscover.json/v1.0/{address}?Protocol=Ews` answers
//! `{"Protocol":"Ews","Url":"https://.../EWS/Exchange.asmx"}`: where the
//! address's mailbox is served. Only that URL is read; no credentials are
//! ever sent to the service.

pub mod pox;

use serde::Deserialize;

/// The path and query asking about `address`; `None` for an address with
/// characters that do not belong in one (it is never percent-encoded, so
/// nothing can be smuggled into the request line).
pub fn path_for(address: &str) -> Option<String> {
    let (local, domain) = address.split_once('@')?;
    let local_ok = !local.is_empty() && local.bytes().all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b));
    let domain_ok = domain.contains('.') && domain.bytes().all(|b| b.is_ascii_alphanumeric() || b".-".contains(&b));
    (local_ok && domain_ok).then(|| format!("/autodiscover/autodiscover.json/v1.0/{local}@{domain}?Protocol=Ews"))
}

#[derive(Deserialize)]
struct Answer {
    #[serde(rename = "Url")]
    url: String,
}

/// The mailbox endpoint's host, from the service's JSON answer.
pub fn endpoint_host(body: &[u8]) -> Result<String, String> {
    let answer: Answer = serde_json::from_slice(body).map_err(|err| format!("not an Autodiscover answer: {err}"))?;
    let rest = answer.url.strip_prefix("https://").ok_or_else(|| "the endpoint is not an https:// URL".to_owned())?;
    let host = rest.split(['/', ':', '?']).next().unwrap_or_default().to_ascii_lowercase();
    if host.is_empty() || !host.contains('.') {
        return Err("the endpoint names no host".into());
    }
    Ok(host)
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    #[test]
    fn an_answer_names_the_mailbox_host() {
        let body = br#"{"Protocol":"Ews","Url":"https://outlook.office365.com/EWS/Exchange.asmx"}"#;
        assert_eq!(endpoint_host(body), Ok("outlook.office365.com".into()));
        assert!(endpoint_host(br#"{"Protocol":"Ews","Url":"http://x.example/"}"#).is_err());
        assert!(endpoint_host(b"<html>").is_err());
    }

    #[test]
    fn only_plain_addresses_are_asked_about() {
        assert_eq!(
            path_for("dora@m365.example.test").as_deref(),
            Some("/autodiscover/autodiscover.json/v1.0/dora@m365.example.test?Protocol=Ews")
        );
        for bad in ["a b@x.test", "a@b", "a%0d@x.test", "@x.test", "a@x.test/../y"] {
            assert_eq!(path_for(bad), None, "{bad}");
        }
    }
}
