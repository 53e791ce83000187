//! Just enough HTTP/1.1 to fetch one small document: a GET request and a
//! capped response reader (status, headers, body by Content-Length, chunks,
//! or until close). No redirects are followed; the caller reports them.

/// The largest response accepted, headers and body together.
pub const MAX_RESPONSE: usize = 64 * 1024;

/// A `GET` for `path_and_query` on `host`, closing after the answer.
pub fn get_request(host: &str, path_and_query: &str) -> Vec<u8> {
    format!(
        "GET {path_and_query} HTTP/1.1\r\nHost: {host}\r\nUser-Agent: maildoctor\r\n\
         Accept: application/xml, text/xml\r\nConnection: close\r\n\r\n"
    )
    .into_bytes()
}

/// A complete response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response {
    /// The status code.
    pub status: u16,
    /// `Location`, for redirects.
    pub location: Option<String>,
    /// The body, de-chunked.
    pub body: Vec<u8>,
}

/// Why no response came out of the bytes so far.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HttpError {
    /// More bytes are needed.
    Incomplete,
    /// Past [`MAX_RESPONSE`].
    TooLarge,
    /// Not HTTP/1.1, and how.
    Malformed(&'static str),
}

/// Parses a whole response, given everything read until the server closed
/// (`closed`) or until now. `Incomplete` means: read more.
pub fn parse_response(bytes: &[u8], closed: bool) -> Result<Response, HttpError> {
    if bytes.len() > MAX_RESPONSE {
        return Err(HttpError::TooLarge);
    }
    let Some(head_end) = bytes.windows(4).position(|w| w == b"\r\n\r\n") else {
        return Err(if closed { HttpError::Malformed("no end of headers") } else { HttpError::Incomplete });
    };
    let head = std::str::from_utf8(&bytes[..head_end]).map_err(|_| HttpError::Malformed("headers are not text"))?;
    let mut lines = head.split("\r\n");
    let status_line = lines.next().unwrap_or_default();
    let mut parts = status_line.splitn(3, ' ');
    if !parts.next().unwrap_or_default().starts_with("HTTP/1.") {
        return Err(HttpError::Malformed("not an HTTP/1 status line"));
    }
    let status = parts.next().and_then(|s| s.parse::<u16>().ok()).ok_or(HttpError::Malformed("no status code"))?;
    let mut length = None;
    let mut chunked = false;
    let mut location = None;
    for line in lines {
        let Some((name, value)) = line.split_once(':') else { continue };
        let value = value.trim();
        match name.trim().to_ascii_lowercase().as_str() {
            "content-length" => length = value.parse::<usize>().ok(),
            "transfer-encoding" => chunked = value.to_ascii_lowercase().contains("chunked"),
            "location" => location = Some(value.to_owned()),
            _ => {}
        }
    }
    let rest = &bytes[head_end + 4..];
    let body = if chunked {
        dechunk(rest)?.ok_or(if closed {
            HttpError::Malformed("chunked body cut short")
        } else {
            HttpError::Incomplete
        })?
    } else if let Some(length) = length {
        if rest.len() < length {
            return Err(if closed {
                HttpError::Malformed("body shorter than Content-Length")
            } else {
                HttpError::Incomplete
            });
        }
        rest[..length].to_vec()
    } else if closed {
        rest.to_vec()
    } else {
        return Err(HttpError::Incomplete);
    };
    Ok(Response { status, location, body })
}

/// The body of a chunked transfer, or `None` if the last chunk has not arrived.
fn dechunk(mut rest: &[u8]) -> Result<Option<Vec<u8>>, HttpError> {
    let mut body = Vec::new();
    loop {
        let Some(line_end) = rest.windows(2).position(|w| w == b"\r\n") else { return Ok(None) };
        let size_text = std::str::from_utf8(&rest[..line_end]).map_err(|_| HttpError::Malformed("chunk size"))?;
        let size_text = size_text.split(';').next().unwrap_or_default().trim();
        let size = usize::from_str_radix(size_text, 16).map_err(|_| HttpError::Malformed("chunk size"))?;
        rest = &rest[line_end + 2..];
        if size == 0 {
            return Ok(Some(body));
        }
        if rest.len() < size + 2 {
            return Ok(None);
        }
        body.extend_from_slice(&rest[..size]);
        rest = &rest[size + 2..];
    }
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    #[test]
    fn content_length_chunked_and_close_delimited_bodies() {
        let fixed = b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello";
        assert_eq!(parse_response(fixed, false).map(|r| r.body), Ok(b"hello".to_vec()));
        assert_eq!(parse_response(&fixed[..fixed.len() - 1], false), Err(HttpError::Incomplete));

        let chunked = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nhel\r\n2;x=y\r\nlo\r\n0\r\n\r\n";
        assert_eq!(parse_response(chunked, false).map(|r| r.body), Ok(b"hello".to_vec()));

        let until_close = b"HTTP/1.0 200 OK\r\n\r\nhello";
        assert_eq!(parse_response(until_close, false), Err(HttpError::Incomplete));
        assert_eq!(parse_response(until_close, true).map(|r| r.body), Ok(b"hello".to_vec()));
    }

    #[test]
    fn redirects_and_garbage() {
        let moved = b"HTTP/1.1 301 Moved\r\nLocation: https://elsewhere.example/x\r\nContent-Length: 0\r\n\r\n";
        let response = parse_response(moved, false).expect("parses");
        assert_eq!((response.status, response.location.as_deref()), (301, Some("https://elsewhere.example/x")));
        assert_eq!(parse_response(b"* OK IMAP\r\n\r\n", true), Err(HttpError::Malformed("not an HTTP/1 status line")));
        assert_eq!(parse_response(&vec![b'a'; MAX_RESPONSE + 1], false), Err(HttpError::TooLarge));
    }
}
