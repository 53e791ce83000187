// "Sign in with your provider" (issue 23): the authorization code grant
// with PKCE (RFC 7636, S256) for a public client, in the browser's own
// crypto (no hash code in the WebAssembly). The provider's page opens in a
// popup, so the form (and any password typed) never leaves this page's
// memory; the popup lands on oauth.html of this site, which hands the code
// back over a BroadcastChannel: the provider's Cross-Origin-Opener-Policy
// may cut window.opener, a same-origin channel it cannot. The verifier,
// the code and the token exist only in this closure and the Rust caller.

const CHANNEL = "maildoctor-oauth";

function random(bytes) {
  const b64 = btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(bytes))));
  return b64.replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function b64url(buffer) {
  return btoa(String.fromCharCode(...new Uint8Array(buffer))).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

// Resolves with the access token, rejects with a short reason (an OAuth
// error code, "popup", "timeout"). Called from a click: the popup must be
// opened before the first await, while the click still counts.
export function oauthSignIn(authorize, token, clientId, scope, loginHint) {
  const popup = window.open("about:blank", CHANNEL, "popup,width=520,height=680");
  const redirect = new URL("oauth.html", location.href).href;
  return (async () => {
    if (!popup) throw "popup";
    const verifier = random(32);
    const state = random(16);
    const challenge = b64url(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier)));
    const url = new URL(authorize);
    const ask = { response_type: "code", client_id: clientId, redirect_uri: redirect, scope, state,
      code_challenge: challenge, code_challenge_method: "S256", login_hint: loginHint };
    for (const [key, value] of Object.entries(ask)) url.searchParams.set(key, value);
    popup.location.href = url.href;
    const channel = new BroadcastChannel(CHANNEL);
    const reply = await new Promise((resolve) => {
      const timer = setTimeout(() => resolve({ error: "timeout" }), 10 * 60 * 1000);
      channel.onmessage = (event) => {
        if (event.data && event.data.state === state) {
          clearTimeout(timer);
          resolve(event.data);
        }
      };
    });
    channel.close();
    if (!reply.code) throw reply.error || "no code";
    const body = new URLSearchParams({ grant_type: "authorization_code", code: reply.code,
      redirect_uri: redirect, client_id: clientId, code_verifier: verifier });
    // No redirects: a 307/308 would re-send the code and the verifier to
    // wherever the endpoint points (the relay's own client follows none either).
    const answer = await fetch(token, { method: "POST", body, credentials: "omit", cache: "no-store", referrerPolicy: "no-referrer", redirect: "error" });
    const json = await answer.json().catch(() => ({}));
    if (!answer.ok || typeof json.access_token !== "string") throw json.error || "HTTP " + answer.status;
    return json.access_token;
  })();
}
