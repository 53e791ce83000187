// The provider sends the person back here (oauth.html) with ?code&state or
// ?error: hand them to the page that asked, take them out of this window's
// address and history, and close.
const query = new URLSearchParams(location.search);
const channel = new BroadcastChannel("maildoctor-oauth");
channel.postMessage({ code: query.get("code"), state: query.get("state"), error: query.get("error") });
channel.close();
history.replaceState(null, "", location.pathname);
window.close();
