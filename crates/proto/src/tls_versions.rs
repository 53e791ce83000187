//! Asking a server whether it still accepts an older TLS version: a hello
//! that offers nothing newer than that version, and the ServerHello's (or
//! the alert's) answer. The handshake goes no further, so nothing secret is
//! negotiated and the hello's random need not be random. rustls speaks only
//! TLS 1.2 and 1.3, and cannot be told to offer TLS 1.2 alone in a way that
//! shows which suite the server picks for old clients, so the hellos are
//! built by hand, as the legacy-TLS hello is (which is this one, asked about 1.1).

use maildoctor_wire::TlsVersion;

/// Suites of TLS 1.2 hellos: AEAD first, as current clients order them,
/// then the CBC suites that TLS 1.2 clients of the Windows 7 era fall back to.
const TLS12_SUITES: &[u16] = &[
    0xc02b, 0xc02f, 0xc02c, 0xc030, 0xcca9, 0xcca8, 0x009e, 0x009f, 0xc009, 0xc013, 0xc00a, 0xc014, 0x009c, 0x009d,
    0x002f, 0x0035, 0x000a,
];

/// Suites of TLS 1.0 and 1.1 hellos: those versions have no AEAD suites.
const OLD_SUITES: &[u16] = &[0xc009, 0xc013, 0xc00a, 0xc014, 0x0033, 0x0039, 0x002f, 0x0035, 0x000a];

/// IANA names (RFC 8446 B.4, RFC 5289, RFC 7905, RFC 4492, RFC 5246) of
/// every suite a hello here offers: a server can only choose one of those.
const NAMES: &[(u16, &str)] = &[
    (0xc02b, "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"),
    (0xc02f, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"),
    (0xc02c, "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384"),
    (0xc030, "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"),
    (0xcca9, "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256"),
    (0xcca8, "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256"),
    (0x009e, "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256"),
    (0x009f, "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384"),
    (0xc009, "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA"),
    (0xc013, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA"),
    (0xc00a, "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA"),
    (0xc014, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA"),
    (0x0033, "TLS_DHE_RSA_WITH_AES_128_CBC_SHA"),
    (0x0039, "TLS_DHE_RSA_WITH_AES_256_CBC_SHA"),
    (0x009c, "TLS_RSA_WITH_AES_128_GCM_SHA256"),
    (0x009d, "TLS_RSA_WITH_AES_256_GCM_SHA384"),
    (0x002f, "TLS_RSA_WITH_AES_128_CBC_SHA"),
    (0x0035, "TLS_RSA_WITH_AES_256_CBC_SHA"),
    (0x000a, "TLS_RSA_WITH_3DES_EDE_CBC_SHA"),
];

/// The IANA name of `suite`, or its number in hex.
pub fn suite_name(suite: u16) -> String {
    NAMES.iter().find(|(code, _)| *code == suite).map_or_else(|| format!("0x{suite:04x}"), |(_, n)| (*n).to_owned())
}

/// The wire bytes (major, minor) of `version`.
fn wire(version: TlsVersion) -> [u8; 2] {
    match version {
        TlsVersion::Ssl3 => [3, 0],
        TlsVersion::Tls10 => [3, 1],
        TlsVersion::Tls11 => [3, 2],
        TlsVersion::Tls12 => [3, 3],
        // A TLS 1.3 hello needs supported_versions and key shares; never asked here.
        TlsVersion::Tls13 => [3, 3],
    }
}

/// A ClientHello record offering at most `newest` (TLS 1.0, 1.1 or 1.2),
/// without the supported_versions extension, so a server that speaks only
/// newer versions must refuse it.
pub fn client_hello(newest: TlsVersion, server_name: Option<&str>) -> Vec<u8> {
    let mut extensions = Vec::new();
    if let Some(name) = server_name.filter(|n| !n.is_empty() && n.len() < 256) {
        let name = name.as_bytes();
        let list_len = name.len() + 3;
        push_u16(&mut extensions, 0x0000); // server_name
        push_u16(&mut extensions, (list_len + 2) as u16);
        push_u16(&mut extensions, list_len as u16);
        extensions.push(0); // host_name
        push_u16(&mut extensions, name.len() as u16);
        extensions.extend_from_slice(name);
    }
    // supported_groups: x25519, secp256r1, secp384r1
    extensions.extend_from_slice(&[0x00, 0x0a, 0x00, 0x08, 0x00, 0x06, 0x00, 0x1d, 0x00, 0x17, 0x00, 0x18]);
    // ec_point_formats: uncompressed
    extensions.extend_from_slice(&[0x00, 0x0b, 0x00, 0x02, 0x01, 0x00]);
    let suites = if newest >= TlsVersion::Tls12 {
        // signature_algorithms (TLS 1.2 only, RFC 5246 7.4.1.4.1): without
        // it a server assumes SHA-1, which OpenSSL 3 refuses at its default level.
        let schemes: [u16; 10] = [0x0403, 0x0804, 0x0401, 0x0503, 0x0805, 0x0501, 0x0806, 0x0601, 0x0203, 0x0201];
        push_u16(&mut extensions, 0x000d);
        push_u16(&mut extensions, (schemes.len() * 2 + 2) as u16);
        push_u16(&mut extensions, (schemes.len() * 2) as u16);
        schemes.iter().for_each(|s| push_u16(&mut extensions, *s));
        TLS12_SUITES
    } else {
        OLD_SUITES
    };

    let mut hello = Vec::new();
    hello.extend_from_slice(&wire(newest)); // client_version
    hello.extend_from_slice(&[0x4d; 32]);
    hello.push(0); // session_id
    push_u16(&mut hello, (suites.len() * 2) as u16);
    suites.iter().for_each(|s| push_u16(&mut hello, *s));
    hello.extend_from_slice(&[0x01, 0x00]); // compression: null
    push_u16(&mut hello, extensions.len() as u16);
    hello.extend_from_slice(&extensions);

    let mut handshake = vec![0x01]; // client_hello
    handshake.extend_from_slice(&(hello.len() as u32).to_be_bytes()[1..]);
    handshake.extend_from_slice(&hello);
    // The record layer says TLS 1.0, as clients do for compatibility (RFC 8446 5.1).
    let mut record = vec![0x16, 0x03, 0x01];
    push_u16(&mut record, handshake.len() as u16);
    record.extend_from_slice(&handshake);
    record
}

fn push_u16(out: &mut Vec<u8>, value: u16) {
    out.extend_from_slice(&value.to_be_bytes());
}

/// What the server answered to [`client_hello`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HelloAnswer {
    /// More bytes are needed.
    Incomplete,
    /// A ServerHello choosing this version and suite.
    Chose(TlsVersion, u16),
    /// The server refused the hello: an alert, or something that is not a
    /// ServerHello.
    Refused,
}

/// Reads the server's first record, as far as the ServerHello's cipher suite.
pub fn server_answer(bytes: &[u8]) -> HelloAnswer {
    let Some(header) = bytes.get(..5) else {
        return HelloAnswer::Incomplete;
    };
    if header[1] != 0x03 {
        return HelloAnswer::Refused;
    }
    match header[0] {
        0x15 => HelloAnswer::Refused,
        0x16 => {
            // handshake type (1), length (3), version (2), random (32), session id
            let Some(&kind) = bytes.get(5) else { return HelloAnswer::Incomplete };
            if kind != 0x02 {
                return HelloAnswer::Refused;
            }
            let Some(&[major, minor]) = bytes.get(9..11) else { return HelloAnswer::Incomplete };
            let Some(&id_len) = bytes.get(43) else { return HelloAnswer::Incomplete };
            let at = 44 + usize::from(id_len);
            let Some(&[high, low]) = bytes.get(at..at + 2) else { return HelloAnswer::Incomplete };
            match TlsVersion::from_wire(major, minor) {
                Some(version) => HelloAnswer::Chose(version, u16::from_be_bytes([high, low])),
                None => HelloAnswer::Refused,
            }
        }
        _ => HelloAnswer::Refused,
    }
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    fn server_hello(version: [u8; 2], suite: u16) -> Vec<u8> {
        let mut body = vec![0x02, 0x00, 0x00, 0x46];
        body.extend_from_slice(&version);
        body.extend_from_slice(&[0x11; 32]);
        body.push(32);
        body.extend_from_slice(&[0x22; 32]);
        body.extend_from_slice(&suite.to_be_bytes());
        body.push(0);
        let mut record = vec![0x16, 0x03, version[1].min(3)];
        record.extend_from_slice(&(body.len() as u16).to_be_bytes());
        record.extend_from_slice(&body);
        record
    }

    #[test]
    fn each_hello_is_a_well_formed_record_offering_its_version() {
        for (newest, minor) in [(TlsVersion::Tls10, 1), (TlsVersion::Tls11, 2), (TlsVersion::Tls12, 3)] {
            let hello = client_hello(newest, Some("mail.example.test"));
            let record_len = u16::from_be_bytes([hello[3], hello[4]]) as usize;
            assert_eq!(record_len, hello.len() - 5);
            let handshake_len = u32::from_be_bytes([0, hello[6], hello[7], hello[8]]) as usize;
            assert_eq!(handshake_len, hello.len() - 9);
            assert_eq!(&hello[9..11], &[3, minor]);
            // signature_algorithms only where it exists.
            let has_sigalgs = hello.windows(4).any(|w| w == [0x00, 0x0d, 0x00, 0x16]);
            assert_eq!(has_sigalgs, newest == TlsVersion::Tls12);
        }
    }

    #[test]
    fn answers_are_read_up_to_the_suite() {
        let hello = server_hello([3, 1], 0xc014);
        for cut in 0..hello.len() - 3 {
            assert_eq!(server_answer(&hello[..cut]), HelloAnswer::Incomplete, "{cut}");
        }
        assert_eq!(server_answer(&hello), HelloAnswer::Chose(TlsVersion::Tls10, 0xc014));
        assert_eq!(server_answer(&server_hello([3, 3], 0xc02f)), HelloAnswer::Chose(TlsVersion::Tls12, 0xc02f));
        // protocol_version (70), as OpenSSL answers a version it will not speak.
        assert_eq!(server_answer(&[0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x46]), HelloAnswer::Refused);
        assert_eq!(server_answer(b"* OK hello\r\n"), HelloAnswer::Refused);
        assert_eq!(suite_name(0xc014), "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA");
        assert_eq!(suite_name(0x1301), "0x1301");
    }
}
