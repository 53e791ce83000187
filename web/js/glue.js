// Browser APIs the page needs that web-sys offers only as unstable
// bindings (the clipboard) or as many small calls (streams, downloads).
// Each function is small and has no state; the Rust side decides everything.

export function copyText(text) {
  return navigator.clipboard.writeText(text).then(() => true, () => false);
}

export function download(name, mime, text) {
  // The WebAssembly writes compact JSON (one JSON writer fewer in it);
  // the file a person opens is indented.
  if (mime === "application/json") text = JSON.stringify(JSON.parse(text), null, 2);
  const url = URL.createObjectURL(new Blob([text], { type: mime }));
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
}

function toBase64Url(bytes) {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64Url(text) {
  const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

// The browser's own deflate: no compressor in the WebAssembly.
export async function deflate(text) {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream("deflate-raw"));
  return toBase64Url(new Uint8Array(await new Response(stream).arrayBuffer()));
}

// Resolves to the text, or to null when `packed` is not what deflate made.
export async function inflate(packed) {
  try {
    const stream = new Blob([fromBase64Url(packed)]).stream().pipeThrough(new DecompressionStream("deflate-raw"));
    return await new Response(stream).text();
  } catch (_) {
    return null;
  }
}

// The relay's /v1/status as text, or null when it cannot be reached.
export async function relayStatus(url) {
  try {
    const response = await fetch(url, { cache: "no-store", credentials: "omit" });
    return await response.text();
  } catch (_) {
    return null;
  }
}

export function now() {
  return performance.now();
}

// Marks a moment once, for the benchmarks (performance.getEntriesByName):
// "maildoctor-interactive" when the form takes input, "maildoctor-report"
// when a finished or shared report is on the screen.
export function markOnce(name) {
  if (performance.getEntriesByName(name).length === 0) {
    performance.mark(name);
  }
}

// A body fetched within `timeoutMs`, or null (not there, not OK, too slow).
export async function fetchText(url, timeoutMs) {
  try {
    const response = await fetch(url, { cache: "no-store", credentials: "omit", signal: AbortSignal.timeout(timeoutMs) });
    return response.ok ? await response.text() : null;
  } catch (_) {
    return null;
  }
}

// [milliseconds from sending `hello` on a new WebSocket to the first answer,
// that answer's text], or null when none comes within `timeoutMs`: the
// relay's round trip, and its hello (which names it).
export function roundTrip(url, hello, timeoutMs) {
  return new Promise((resolve) => {
    let socket = null;
    let sent = 0;
    const finish = (value) => {
      clearTimeout(timer);
      if (socket) {
        socket.onopen = socket.onmessage = socket.onerror = socket.onclose = null;
        try { socket.close(); } catch (_) { /* already closed */ }
      }
      resolve(value);
    };
    const timer = setTimeout(() => finish(null), timeoutMs);
    try {
      socket = new WebSocket(url);
    } catch (_) {
      finish(null);
      return;
    }
    socket.onopen = () => {
      sent = performance.now();
      socket.send(hello);
    };
    socket.onmessage = (event) => finish([performance.now() - sent, String(event.data)]);
    socket.onerror = () => finish(null);
    socket.onclose = () => finish(null);
  });
}

// What this browser keeps for the page (where it found this computer's
// relay): null when nothing is kept, or storage is refused (a sandboxed frame).
export function remembered(key) {
  try { return localStorage.getItem(key); } catch (_) { return null; }
}

// Keeps `value` under `key`, or forgets it (undefined); refused storage keeps nothing.
export function remember(key, value) {
  try {
    if (value === undefined) localStorage.removeItem(key); else localStorage.setItem(key, value);
  } catch (_) { /* not kept */ }
}

// Asks this computer's relay to pair with the page's origin at `url` (its
// /v1/pair, relay/src/pairing.rs): calls onCode with the code its terminal
// shows, then resolves to true once the person answered yes there; false
// for a no, no answer within about two minutes, or no relay.
export async function pair(url, onCode) {
  const ask = async (method) => (await fetch(url, { method, cache: "no-store", credentials: "omit" })).json();
  try {
    let answer = await ask("POST");
    for (let i = 0; i < 130 && answer.state === "asked"; i++) {
      onCode(answer.code);
      await new Promise((resolve) => setTimeout(resolve, 1000));
      answer = await ask("GET");
    }
    return answer.state === "allowed";
  } catch (_) {
    return false;
  }
}
