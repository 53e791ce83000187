//! The few browser calls that go through `js/glue.js` (see there why), as
//! Rust functions: their promises become futures here.

use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen(module = "/js/glue.js")]
extern "C" {
    #[wasm_bindgen(js_name = copyText)]
    fn copy_text_js(text: &str) -> js_sys::Promise;
    /// Offers `text` as a file download named `name`.
    pub(crate) fn download(name: &str, mime: &str, text: &str);
    #[wasm_bindgen(js_name = deflate)]
    fn deflate_js(text: &str) -> js_sys::Promise;
    #[wasm_bindgen(js_name = inflate)]
    fn inflate_js(packed: &str) -> js_sys::Promise;
    #[wasm_bindgen(js_name = relayStatus)]
    fn relay_status_js(url: &str) -> js_sys::Promise;
    #[wasm_bindgen(js_name = fetchText)]
    fn fetch_text_js(url: &str, timeout_ms: u32) -> js_sys::Promise;
    #[wasm_bindgen(js_name = pair)]
    fn pair_js(url: &str, on_code: &Closure<dyn FnMut(String)>) -> js_sys::Promise;
    #[wasm_bindgen(js_name = roundTrip)]
    fn round_trip_js(url: &str, hello: &str, timeout_ms: u32) -> js_sys::Promise;
    /// Milliseconds on the page's monotonic clock.
    pub(crate) fn now() -> f64;
    /// What this browser keeps under `key`, if anything.
    pub(crate) fn remembered(key: &str) -> Option<String>;
    /// Keeps `value` under `key` in this browser; `None` forgets it.
    pub(crate) fn remember(key: &str, value: Option<String>);
    /// Records a moment once (`maildoctor-interactive`, `maildoctor-report`).
    #[wasm_bindgen(js_name = markOnce)]
    pub(crate) fn mark_once(name: &str);
}

async fn text_of(promise: js_sys::Promise) -> Option<String> {
    JsFuture::from(promise).await.ok().and_then(|value| value.as_string())
}

/// Puts `text` on the clipboard; false when the browser refused.
pub(crate) async fn copy_text(text: &str) -> bool {
    JsFuture::from(copy_text_js(text)).await.ok().and_then(|value| value.as_bool()).unwrap_or(false)
}

/// `text` deflated and base64url-encoded, for a URL fragment.
pub(crate) async fn deflate(text: &str) -> Option<String> {
    text_of(deflate_js(text)).await
}

/// The text `deflate` packed, or `None` when `packed` is not such a text.
pub(crate) async fn inflate(packed: &str) -> Option<String> {
    text_of(inflate_js(packed)).await
}

/// The body of the relay's status answer, or `None` when nothing answered.
pub(crate) async fn relay_status(url: &str) -> Option<String> {
    text_of(relay_status_js(url)).await
}

/// The body at `url` (relative to the page) when it answers OK in time.
pub(crate) async fn fetch_text(url: &str, timeout_ms: u32) -> Option<String> {
    text_of(fetch_text_js(url, timeout_ms)).await
}

/// The milliseconds a relay at `url` takes to answer `hello`, and what it
/// answered, if it does.
pub(crate) async fn round_trip(url: &str, hello: &str, timeout_ms: u32) -> Option<(f64, String)> {
    let answer: js_sys::Array = JsFuture::from(round_trip_js(url, hello, timeout_ms)).await.ok()?.dyn_into().ok()?;
    Some((answer.get(0).as_f64()?, answer.get(1).as_string()?))
}

/// Pairs with this computer's relay at `url` (its `/v1/pair`): `on_code`
/// gets the code its terminal shows; true once the person said yes there.
pub(crate) async fn pair(url: &str, on_code: impl FnMut(String) + 'static) -> bool {
    let on_code = Closure::<dyn FnMut(String)>::new(on_code);
    JsFuture::from(pair_js(url, &on_code)).await.ok().and_then(|yes| yes.as_bool()).unwrap_or(false)
}
