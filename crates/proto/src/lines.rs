/// Frames server output into lines, never holding more than `max_line` bytes
/// of an unfinished line. A line ends at LF; a CR before it is dropped.
#[derive(Debug)]
pub struct LineBuffer {
    buf: Vec<u8>,
    max_line: usize,
    /// Bytes of `buf` already searched for LF without finding one, so that a
    /// server dripping bytes costs linear time, not quadratic.
    scanned: usize,
}

/// Why no line came out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineError {
    /// A line longer than the cap, with no end in sight.
    TooLong {
        /// The cap, in bytes.
        limit: usize,
    },
}

impl LineBuffer {
    /// A buffer that refuses lines longer than `max_line` bytes.
    pub fn new(max_line: usize) -> Self {
        Self { buf: Vec::new(), max_line, scanned: 0 }
    }

    /// Bytes read from the server.
    pub fn extend(&mut self, bytes: &[u8]) {
        self.buf.extend_from_slice(bytes);
    }

    /// The next complete line without its line end, `Ok(None)` if more input
    /// is needed, or an error once an unfinished line passes the limit.
    pub fn next_line(&mut self) -> Result<Option<Vec<u8>>, LineError> {
        match self.buf[self.scanned..].iter().position(|&b| b == b'\n') {
            Some(offset) => {
                let end = self.scanned + offset;
                if end > self.max_line {
                    return Err(LineError::TooLong { limit: self.max_line });
                }
                let mut line: Vec<u8> = self.buf.drain(..=end).collect();
                line.pop();
                if line.last() == Some(&b'\r') {
                    line.pop();
                }
                self.scanned = 0;
                Ok(Some(line))
            }
            None if self.buf.len() > self.max_line => Err(LineError::TooLong { limit: self.max_line }),
            None => {
                self.scanned = self.buf.len();
                Ok(None)
            }
        }
    }

    /// Bytes received but not yet returned as a line (before the first line:
    /// the first bytes, for recognising what the server speaks).
    pub fn pending(&self) -> &[u8] {
        &self.buf
    }

    /// Forgets buffered bytes: after STARTTLS, nothing the server sent in
    /// plaintext may be read as if it came over TLS (RFC 3207 §4.2).
    pub fn discard(&mut self) -> usize {
        let dropped = self.buf.len();
        self.buf.clear();
        self.scanned = 0;
        dropped
    }
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    #[test]
    fn splits_crlf_and_bare_lf_lines_across_reads() {
        let mut lines = LineBuffer::new(100);
        lines.extend(b"* OK rea");
        assert_eq!(lines.next_line(), Ok(None));
        lines.extend(b"dy\r\nsecond\nthi");
        assert_eq!(lines.next_line(), Ok(Some(b"* OK ready".to_vec())));
        assert_eq!(lines.next_line(), Ok(Some(b"second".to_vec())));
        assert_eq!(lines.next_line(), Ok(None));
        assert_eq!(lines.pending(), b"thi");
    }

    #[test]
    fn an_endless_line_is_an_error_at_the_cap_not_an_allocation() {
        let mut lines = LineBuffer::new(16);
        lines.extend(&[b'x'; 10]);
        assert_eq!(lines.next_line(), Ok(None));
        lines.extend(&[b'x'; 10]);
        assert_eq!(lines.next_line(), Err(LineError::TooLong { limit: 16 }));
    }

    #[test]
    fn a_complete_line_longer_than_the_cap_is_refused() {
        let mut lines = LineBuffer::new(4);
        lines.extend(b"123456\r\n");
        assert_eq!(lines.next_line(), Err(LineError::TooLong { limit: 4 }));
    }
}
