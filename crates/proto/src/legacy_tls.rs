//! Recognising servers that only speak TLS 1.0 or 1.1. rustls cannot
//! negotiate those versions, so after rustls is refused the driver sends
//! this minimal legacy ClientHello on a fresh connection and reads which
//! version the server picks. The handshake goes no further.

use maildoctor_wire::TlsVersion;
/// A TLS 1.0 record carrying a ClientHello that offers up to TLS 1.1, with
/// the ECDHE, DHE and RSA CBC suites such servers use: the same hello the
/// TLS versions question sends (`tls_versions`), asked about 1.1.
pub fn client_hello(server_name: Option<&str>) -> Vec<u8> {
    crate::tls_versions::client_hello(TlsVersion::Tls11, server_name)
}

/// What the server answered to [`client_hello`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LegacyAnswer {
    /// More bytes are needed.
    Incomplete,
    /// A ServerHello choosing this version (`TLS 1.0`, `TLS 1.1`, ...).
    Chose(TlsVersion),
    /// An alert: the server refused even this.
    Alert(u8),
    /// Not TLS at all.
    NotTls,
}

/// Reads the server's first record.
pub fn server_answer(bytes: &[u8]) -> LegacyAnswer {
    let Some(header) = bytes.get(..5) else {
        return LegacyAnswer::Incomplete;
    };
    if header[1] != 0x03 {
        return LegacyAnswer::NotTls;
    }
    match header[0] {
        0x15 => bytes.get(6).map_or(LegacyAnswer::Incomplete, |&d| LegacyAnswer::Alert(d)),
        // handshake: type (1) + length (3) + server_version (2)
        0x16 => match bytes.get(5..11) {
            None => LegacyAnswer::Incomplete,
            Some([0x02, _, _, _, major, minor]) => match TlsVersion::from_wire(*major, *minor) {
                Some(version) => LegacyAnswer::Chose(version),
                None => LegacyAnswer::NotTls,
            },
            Some(_) => LegacyAnswer::NotTls,
        },
        _ => LegacyAnswer::NotTls,
    }
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    #[test]
    fn the_hello_is_a_well_formed_record() {
        let hello = client_hello(Some("legacy.example.test"));
        assert_eq!(&hello[..3], &[0x16, 0x03, 0x01]);
        let record_len = u16::from_be_bytes([hello[3], hello[4]]) as usize;
        assert_eq!(record_len, hello.len() - 5);
        assert_eq!(hello[5], 0x01, "a ClientHello");
        let handshake_len = u32::from_be_bytes([0, hello[6], hello[7], hello[8]]) as usize;
        assert_eq!(handshake_len, hello.len() - 9);
        assert!(hello.windows(19).any(|w| w == b"legacy.example.test"));
    }

    #[test]
    fn server_answers() {
        assert_eq!(server_answer(&[0x16, 0x03]), LegacyAnswer::Incomplete);
        assert_eq!(
            server_answer(&[0x16, 0x03, 0x02, 0x00, 0x51, 0x02, 0x00, 0x00, 0x4d, 0x03, 0x02]),
            LegacyAnswer::Chose(TlsVersion::Tls11)
        );
        assert_eq!(
            server_answer(&[0x16, 0x03, 0x01, 0x00, 0x51, 0x02, 0x00, 0x00, 0x4d, 0x03, 0x01]),
            LegacyAnswer::Chose(TlsVersion::Tls10)
        );
        assert_eq!(server_answer(&[0x15, 0x03, 0x01, 0x00, 0x02, 0x02, 0x46]), LegacyAnswer::Alert(0x46));
        assert_eq!(server_answer(b"* OK hello\r\n"), LegacyAnswer::NotTls);
    }
}
