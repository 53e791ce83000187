//! Just enough HTTP/1.1 to fetch one small document: a GET request and a
//! capped response reader (status, headers, body by Content-Length, chunks,
//! or until close). No redirects are followed; the caller reports them.

/// The largest response accepted, headers and body together.
pub const MAX_RESPONSE: usize = 64 * 1024;
/// More header lines than a mail-settings document ever comes with.
const MAX_HEADERS: usize = 64;

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
    let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut head = httparse::Response::new(&mut headers);
    // Lenient where servers in the field are sloppy and the meaning is clear.
    let config = httparse::ParserConfig::default()
        .allow_spaces_after_header_name_in_responses(true)
        .allow_obsolete_multiline_headers_in_responses(true)
        .allow_multiple_spaces_in_response_status_delimiters(true)
        .clone();
    let head_len = match config.parse_response(&mut head, bytes) {
        Ok(httparse::Status::Complete(len)) => len,
        Ok(httparse::Status::Partial) if closed => return Err(HttpError::Malformed("no end of headers")),
        Ok(httparse::Status::Partial) => return Err(HttpError::Incomplete),
        Err(httparse::Error::Version) => return Err(HttpError::Malformed("not an HTTP/1 status line")),
        Err(httparse::Error::Status) => return Err(HttpError::Malformed("no status code")),
        Err(httparse::Error::TooManyHeaders) => return Err(HttpError::Malformed("too many headers")),
        Err(_) => return Err(HttpError::Malformed("headers are not HTTP")),
    };
    let status = head.code.ok_or(HttpError::Malformed("no status code"))?;
    let mut length = None;
    let mut chunked = false;
    let mut location = None;
    for header in head.headers.iter() {
        let Ok(value) = std::str::from_utf8(header.value) else { continue };
        let value = value.trim();
        if header.name.eq_ignore_ascii_case("content-length") {
            length = value.parse::<usize>().ok();
        } else if header.name.eq_ignore_ascii_case("transfer-encoding") {
            chunked = value.to_ascii_lowercase().contains("chunked");
        } else if header.name.eq_ignore_ascii_case("location") {
            location = Some(value.to_owned());
        }
    }
    let rest = &bytes[head_len..];
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

/// The body of a chunked transfer, or `None` if the last chunk has not
/// arrived. By hand, because httparse reads chunk sizes but not bodies.
fn dechunk(mut rest: &[u8]) -> Result<Option<Vec<u8>>, HttpError> {
    let mut body = Vec::new();
    loop {
        let Some(line_end) = rest.windows(2).position(|w| w == b"\r\n") else { return Ok(None) };
        let size_text = std::str::from_utf8(&rest[..line_end]).map_err(|_| HttpError::Malformed("chunk size"))?;
        let size_text = size_text.split(';').next().unwrap_or_default().trim();
        // u64, not usize: the same answer on 32-bit WASM as on the relay.
        let size = u64::from_str_radix(size_text, 16).map_err(|_| HttpError::Malformed("chunk size"))?;
        rest = &rest[line_end + 2..];
        if size == 0 {
            return Ok(Some(body));
        }
        // A hostile server may name any size up to `u64::MAX`: no chunk
        // can be larger than the whole response may be, so compare first.
        let size = match usize::try_from(size) {
            Ok(size) if size <= MAX_RESPONSE => size,
            _ => return Err(HttpError::TooLarge),
        };
        let Some(chunk) = rest.get(..size) else { return Ok(None) };
        match rest.get(size..size + 2) {
            None => return Ok(None),
            Some(b"\r\n") => {}
            Some(_) => return Err(HttpError::Malformed("chunk longer than its size")),
        }
        body.extend_from_slice(chunk);
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
        let moved = b"HTTP/1.1 301 Moved\r\nLocation : https://elsewhere.example/x\r\nContent-Length: 0\r\n\r\n";
        let response = parse_response(moved, false).expect("parses");
        assert_eq!((response.status, response.location.as_deref()), (301, Some("https://elsewhere.example/x")));
        assert_eq!(parse_response(b"* OK IMAP\r\n\r\n", true), Err(HttpError::Malformed("not an HTTP/1 status line")));
        assert_eq!(parse_response(&vec![b'a'; MAX_RESPONSE + 1], false), Err(HttpError::TooLarge));
    }

    /// Issue 11: `ffffffffffffffff` overflowed `size + 2` and killed the
    /// operation's task, so it never said `done`.
    #[test]
    fn hostile_chunk_sizes_are_errors_not_panics() {
        let head = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";
        for size in ["ffffffffffffffff", "fffffffffffffffe", "10001"] {
            for closed in [false, true] {
                let response = format!("{head}{size}\r\nabc\r\n0\r\n\r\n");
                assert_eq!(parse_response(response.as_bytes(), closed), Err(HttpError::TooLarge), "{size}");
            }
        }
        let too_long = format!("{head}2\r\nabc\r\n0\r\n\r\n");
        assert_eq!(parse_response(too_long.as_bytes(), true), Err(HttpError::Malformed("chunk longer than its size")));
        let beyond_usize = format!("{head}1ffffffffffffffff\r\nabc\r\n");
        assert_eq!(parse_response(beyond_usize.as_bytes(), true), Err(HttpError::Malformed("chunk size")));
        let cut = format!("{head}5\r\nabc");
        assert_eq!(parse_response(cut.as_bytes(), false), Err(HttpError::Incomplete));
        assert_eq!(parse_response(cut.as_bytes(), true), Err(HttpError::Malformed("chunked body cut short")));
    }
}
