//! One HTTPS POST of a form to an operator's OAuth endpoint, and its capped
//! answer. The certificate must verify (public roots and any --ca-file); no
//! redirect is followed (a token endpoint that redirects is misconfigured,
//! and following would hand a device code to another host). The request
//! and the raw answer are wiped after use: both may hold a secret.

use std::sync::Arc;
use std::time::Duration;

use maildoctor_probe::Trust;
use maildoctor_proto::http::{parse_response, HttpError, MAX_RESPONSE};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use zeroize::Zeroize;

/// Microsoft answers within a second; a minute-long hang is a dead endpoint.
const DEADLINE: Duration = Duration::from_secs(20);

/// An `https://host[:port]/path` the operator gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Endpoint {
    host: String,
    port: u16,
    path: String,
}

impl Endpoint {
    /// `host:port` (`[v6]:port`), how a provider without a name is called.
    pub(super) fn authority(&self) -> String {
        if self.host.contains(':') {
            format!("[{}]:{}", self.host, self.port)
        } else {
            format!("{}:{}", self.host, self.port)
        }
    }

    pub(super) fn parse(url: &str) -> Result<Self, String> {
        let rest = url.strip_prefix("https://").ok_or_else(|| format!("{url}: an OAuth endpoint is https://"))?;
        let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
        if authority.is_empty() || authority.contains('@') || url.contains('#') || url.chars().any(char::is_control) {
            return Err(format!("{url}: not an endpoint address"));
        }
        // An IPv6 literal is bracketed (RFC 3986 §3.2.2): its colons are
        // not the port's.
        let (host, port) = match authority.strip_prefix('[') {
            Some(bracketed) => match bracketed.split_once(']') {
                Some((host, "")) => (host, None),
                Some((host, port)) if port.starts_with(':') => (host, Some(&port[1..])),
                _ => return Err(format!("{url}: not an endpoint address")),
            },
            None => match authority.rsplit_once(':') {
                Some((host, port)) => (host, Some(port)),
                None => (authority, None),
            },
        };
        let port = match port {
            Some(port) => port.parse().map_err(|_| format!("{url}: the port is not a number"))?,
            None => 443,
        };
        if host.is_empty() {
            return Err(format!("{url}: not an endpoint address"));
        }
        let path = if path.is_empty() { "/".to_owned() } else { path.to_owned() };
        Ok(Self { host: host.to_owned(), port, path })
    }
}

/// `application/x-www-form-urlencoded` (WHATWG URL, as RFC 6749 §B asks).
pub(super) fn form(fields: &[(&str, &str)]) -> String {
    let mut out = String::new();
    for (name, value) in fields {
        if !out.is_empty() {
            out.push('&');
        }
        for (i, part) in [name, value].into_iter().enumerate() {
            if i == 1 {
                out.push('=');
            }
            for byte in part.bytes() {
                match byte {
                    b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'*' => out.push(byte as char),
                    b' ' => out.push('+'),
                    _ => out.push_str(&format!("%{byte:02X}")),
                }
            }
        }
    }
    out
}

/// POSTs `body` (a form) and returns the status and body of the answer.
/// Errors are in words and never hold the body sent or received.
pub(super) async fn post_form(trust: &Trust, endpoint: &Endpoint, body: &str) -> Result<(u16, Vec<u8>), String> {
    let where_ = format!("{}:{}", endpoint.host, endpoint.port);
    let mut request = format!(
        "POST {} HTTP/1.1\r\nHost: {}\r\nUser-Agent: maildoctor\r\nAccept: application/json\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        endpoint.path,
        endpoint.host,
        body.len()
    )
    .into_bytes();
    let exchange = async {
        let tcp = tokio::net::TcpStream::connect((endpoint.host.as_str(), endpoint.port))
            .await
            .map_err(|err| format!("cannot reach {where_}: {}", err.kind()))?;
        let name = rustls::pki_types::ServerName::try_from(endpoint.host.clone())
            .map_err(|_| format!("{}: not a server name", endpoint.host))?;
        let connector = tokio_rustls::TlsConnector::from(Arc::new(trust.verified_client_config()));
        let mut tls = connector.connect(name, tcp).await.map_err(|err| format!("TLS to {where_}: {err}"))?;
        tls.write_all(&request).await.map_err(|err| format!("{where_}: {}", err.kind()))?;
        let mut received = Vec::new();
        let mut buf = [0u8; 4096];
        let result = loop {
            let n = match tls.read(&mut buf).await {
                Ok(n) => n,
                // Servers often close without close_notify after
                // Connection: close; what arrived is judged as it is.
                Err(err) if err.kind() == std::io::ErrorKind::UnexpectedEof => 0,
                Err(err) => break Err(format!("{where_}: {}", err.kind())),
            };
            received.extend_from_slice(&buf[..n]);
            match parse_response(&received, n == 0) {
                Err(HttpError::Incomplete) if n > 0 && received.len() <= MAX_RESPONSE => continue,
                Err(HttpError::TooLarge) => {
                    break Err(format!("{where_} answered with more than {MAX_RESPONSE} bytes"))
                }
                Err(err) => break Err(format!("{where_} answered with something that is not HTTP ({err:?})")),
                Ok(response) => break Ok((response.status, response.body)),
            }
        };
        buf.zeroize();
        received.zeroize();
        result
    };
    let result = match tokio::time::timeout(DEADLINE, exchange).await {
        Ok(result) => result,
        Err(_) => Err(format!("{where_} did not answer within {} s", DEADLINE.as_secs())),
    };
    request.zeroize();
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_are_encoded_as_browsers_do() {
        assert_eq!(
            form(&[("scope", "https://outlook.office.com/IMAP.AccessAsUser.All offline_access"), ("a&b", "ü")]),
            "scope=https%3A%2F%2Foutlook.office.com%2FIMAP.AccessAsUser.All+offline_access&a%26b=%C3%BC"
        );
    }

    #[test]
    fn only_https_endpoints_are_used() {
        let ok = Endpoint::parse("https://127.0.0.62:8443/token").expect("ok");
        assert_eq!((ok.host.as_str(), ok.port, ok.path.as_str()), ("127.0.0.62", 8443, "/token"));
        for bad in [
            "http://idp.example/token",
            "https://user@idp.example/t",
            "https://idp.example/t#x",
            "https:///t",
            "https://[::1/t",
            "https://[::1]x/t",
            "https://:443/t",
        ] {
            assert!(Endpoint::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn an_ipv6_endpoint_keeps_its_address_with_or_without_a_port() {
        let bare = Endpoint::parse("https://[::1]/token").expect("no port");
        assert_eq!((bare.host.as_str(), bare.port, bare.authority()), ("::1", 443, "[::1]:443".to_owned()));
        let ported = Endpoint::parse("https://[2001:db8::5]:8443").expect("a port");
        assert_eq!((ported.host.as_str(), ported.port, ported.path.as_str()), ("2001:db8::5", 8443, "/"));
    }
}
