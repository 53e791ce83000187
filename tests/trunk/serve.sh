#!/usr/bin/env bash
# `trunk serve`, the development loop of Trunk.toml, as a contributor runs
# it: a development build of the page served on loopback, its start-up
# file and WebAssembly served, and a relay's hello through trunk's proxy of
# /v1/ws. Run by tools/test after the suite (it needs the relay binary).
#
#   tests/trunk/serve.sh RELAY_BINARY
#
# Trunk.toml proxies /v1/ws to 127.0.0.1:8080, so the relay listens there;
# the test fails, saying so, when something else already does.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
relay=${1:?usage: tests/trunk/serve.sh RELAY_BINARY}
export MAILDOCTOR_CACHE=${MAILDOCTOR_CACHE:-/var/cache/maildoctor}
export PATH="$MAILDOCTOR_CACHE/tools/bin:$HOME/.cargo/bin:$PATH"
# shellcheck disable=SC1091
[ -f "$MAILDOCTOR_CACHE/wasm-env.sh" ] && . "$MAILDOCTOR_CACHE/wasm-env.sh"

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for port in 8080 8081; do
  port_free "$port" || { echo "trunk serve test: 127.0.0.1:$port is in use (Trunk.toml's ports); stop what listens there" >&2; exit 1; }
done

work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -- "-$pid" 2>/dev/null || kill "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

setsid "$relay" serve --listen 127.0.0.1:8080 --allow-origin http://127.0.0.1:8081 >"$work/relay.log" 2>&1 &
pids+=($!)
# A development build in its own target dir: its debug artifacts would
# only evict the shipped page's from the cache tools/build-ui uses.
CARGO_TARGET_DIR=$MAILDOCTOR_CACHE/target-page-dev setsid trunk serve --dist "$work/dist" >"$work/trunk.log" 2>&1 &
pids+=($!)

# The first development build compiles every crate of the page: minutes
# on 2 cores, seconds once cached.
deadline=$(( $(date +%s) + 900 ))
until curl -sf -o "$work/index.html" http://127.0.0.1:8081/; do
  if [ "$(date +%s)" -gt "$deadline" ] || ! kill -0 "${pids[1]}" 2>/dev/null; then
    echo "trunk serve test: no page on 127.0.0.1:8081; trunk said:" >&2
    tail -30 "$work/trunk.log" >&2
    exit 1
  fi
  sleep 2
done

fail() { echo "trunk serve test: $*" >&2; exit 1; }
boot=$(grep -o 'boot-[0-9a-f]\{16\}\.js' "$work/index.html" | head -1)
[ -n "$boot" ] || fail "index.html names no boot-<hash>.js"
grep -q data-trunk "$work/index.html" && fail "trunk's own link is left in index.html"
# The development build alone lets trunk's inline live-reload script run.
grep -q "script-src 'self' 'unsafe-inline'" "$work/index.html" || fail "the development CSP does not allow trunk's reload script"
curl -sf "http://127.0.0.1:8081/$boot" -o "$work/boot.js" || fail "$boot is not served"
wasm=$(grep -o 'maildoctor-[0-9a-f]\{16\}\.wasm' "$work/boot.js" | head -1)
[ -n "$wasm" ] || fail "$boot names no wasm"
type=$(curl -sf -o /dev/null -w '%{content_type}' "http://127.0.0.1:8081/$wasm") || fail "$wasm is not served"
[ "$type" = application/wasm ] || fail "$wasm served as $type"

# The relay's hello through trunk's WebSocket proxy, from the page's origin.
python3 - <<'PY' || fail "no hello from the relay through trunk's /v1/ws proxy"
import base64, json, os, socket
s = socket.create_connection(("127.0.0.1", 8081), timeout=10)
key = base64.b64encode(os.urandom(16)).decode()
s.sendall((f"GET /v1/ws HTTP/1.1\r\nHost: 127.0.0.1:8081\r\nUpgrade: websocket\r\n"
           f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n"
           f"Origin: http://127.0.0.1:8081\r\n\r\n").encode())
head = b""
while b"\r\n\r\n" not in head:
    chunk = s.recv(1)
    if not chunk:
        raise SystemExit("closed during the handshake")
    head += chunk
assert head.startswith(b"HTTP/1.1 101"), head
payload = json.dumps({"type": "hello", "version": 2}).encode()
mask = os.urandom(4)
s.sendall(bytes([0x81, 0x80 | len(payload)]) + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload)))
frame = s.recv(4096)
assert frame[0] == 0x81, frame
length = frame[1] & 0x7F
body = frame[4:4 + int.from_bytes(frame[2:4], "big")] if length == 126 else frame[2:2 + length]
hello = json.loads(body)
assert hello["type"] == "hello", hello
print(f"trunk serve test: the relay's hello through the proxy: {hello['relay']}")
PY
echo "trunk serve test: passed (page, $boot, $wasm, /v1/ws)"
