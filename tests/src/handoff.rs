//! Issue 23 item 5's validators, shared by the `check --handoff` and the
//! page's tests: the Apple profile read by a real plist parser and held to
//! Apple's required keys and types (what `plutil -lint` and the device's
//! installer check), the autoconfig read back by the project's parser, and
//! the QR code decoded from the page's drawing.

use plist::{Dictionary, Value};

/// A UUID as Apple writes `PayloadUUID`: 8-4-4-4-12 hexadecimal digits.
fn is_uuid(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    parts.iter().map(|p| p.len()).eq([8, 4, 4, 4, 12]) && parts.iter().all(|p| p.chars().all(|c| c.is_ascii_hexdigit()))
}

fn string<'a>(dict: &'a Dictionary, key: &str) -> &'a str {
    dict.get(key).and_then(Value::as_string).unwrap_or_else(|| panic!("{key} is a string: {dict:?}"))
}

fn integer(dict: &Dictionary, key: &str) -> u64 {
    dict.get(key).and_then(Value::as_unsigned_integer).unwrap_or_else(|| panic!("{key} is an integer: {dict:?}"))
}

fn boolean(dict: &Dictionary, key: &str) -> bool {
    dict.get(key).and_then(Value::as_boolean).unwrap_or_else(|| panic!("{key} is a boolean: {dict:?}"))
}

/// The profile's Mail payload, after checking the profile as Apple's
/// "Device Management" reference defines it (TopLevel: PayloadContent,
/// PayloadDisplayName, PayloadIdentifier, PayloadType "Configuration",
/// PayloadUUID, PayloadVersion 1; Mail: the keys marked Required, the
/// ports as integers, the SSL switches as booleans). No password key.
pub fn check_profile(text: &str) -> Dictionary {
    let value = Value::from_reader_xml(text.as_bytes()).unwrap_or_else(|err| panic!("a property list ({err}): {text}"));
    let top = value.into_dictionary().expect("a dictionary at the top");
    assert_eq!(string(&top, "PayloadType"), "Configuration");
    assert_eq!(integer(&top, "PayloadVersion"), 1);
    assert!(!string(&top, "PayloadIdentifier").is_empty());
    assert!(!string(&top, "PayloadDisplayName").is_empty());
    let top_uuid = string(&top, "PayloadUUID").to_owned();
    assert!(is_uuid(&top_uuid), "{top_uuid}");
    let content = top.get("PayloadContent").and_then(Value::as_array).expect("PayloadContent is an array");
    assert_eq!(content.len(), 1, "one payload");
    let mail = content[0].as_dictionary().expect("the payload is a dictionary").clone();
    assert_eq!(string(&mail, "PayloadType"), "com.apple.mail.managed");
    assert_eq!(integer(&mail, "PayloadVersion"), 1);
    let uuid = string(&mail, "PayloadUUID");
    assert!(is_uuid(uuid) && uuid != top_uuid, "{uuid}");
    assert!(string(&mail, "PayloadIdentifier").starts_with(string(&top, "PayloadIdentifier")));
    assert!(["EmailTypeIMAP", "EmailTypePOP"].contains(&string(&mail, "EmailAccountType")));
    assert!(string(&mail, "EmailAddress").contains('@'));
    for side in ["Incoming", "Outgoing"] {
        assert_eq!(string(&mail, &format!("{side}MailServerAuthentication")), "EmailAuthPassword");
        assert!(!string(&mail, &format!("{side}MailServerHostName")).is_empty());
        let port = integer(&mail, &format!("{side}MailServerPortNumber"));
        assert!((1..=65535).contains(&port));
        let _ = boolean(&mail, &format!("{side}MailServerUseSSL"));
        assert!(!string(&mail, &format!("{side}MailServerUsername")).is_empty());
    }
    let _ = boolean(&mail, "OutgoingPasswordSameAsIncomingPassword");
    for key in ["IncomingPassword", "OutgoingPassword"] {
        assert!(!mail.contains_key(key), "{key} is never in the profile");
    }
    mail
}

/// The text of a QR code the page drew as one SVG path of unit squares
/// (`M{x},{y}h1v1h-1z`) on a field `width + 8` modules wide, rendered to
/// a bitmap and read by `rqrr`, a decoder that shares nothing with the
/// encoder.
pub fn decode_qr(width: usize, path: &str) -> String {
    const SCALE: usize = 6;
    let size = width + 8;
    let mut dark = vec![false; size * size];
    for square in path.split('M').filter(|s| !s.is_empty()) {
        let corner = square.trim_end_matches("h1v1h-1z");
        let (x, y) = corner.split_once(',').unwrap_or_else(|| panic!("a square: {square}"));
        let (x, y): (usize, usize) = (x.parse().expect("x"), y.parse().expect("y"));
        dark[y * size + x] = true;
    }
    let pixels = size * SCALE;
    let mut image = rqrr::PreparedImage::prepare_from_greyscale(pixels, pixels, |x, y| {
        if dark[(y / SCALE) * size + x / SCALE] {
            0
        } else {
            255
        }
    });
    let grids = image.detect_grids();
    assert_eq!(grids.len(), 1, "one QR code in the drawing");
    let (_, text) = grids[0].decode().expect("the QR code decodes");
    text
}
