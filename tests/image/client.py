#!/usr/bin/env python3
"""What the image test asks of a running relay, with Python's standard
library only (no websockets package on a fresh machine):

  client.py healthz PORT           GET /healthz answers 200 "ok"
  client.py page PORT              GET / answers the page, and every file it loads is there
  client.py hello PORT VERSION     a WebSocket at /v1/ws answers our hello with its own
  client.py metrics PORT           GET /metrics answers Prometheus text

Each prints what it saw and exits 1 when the relay did not answer as it should.
Only 127.0.0.1 is ever dialled.
"""
import base64
import hashlib
import http.client
import json
import os
import re
import socket
import struct
import sys

HOST = "127.0.0.1"
# RFC 6455, section 1.3: the key the server must hash with the client's.
WS_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"


def get(port, path):
    conn = http.client.HTTPConnection(HOST, port, timeout=10)
    conn.request("GET", path)
    response = conn.getresponse()
    return response.status, response.read()


def fail(why):
    print(f"image test: {why}", file=sys.stderr)
    sys.exit(1)


def read_exact(sock, n):
    data = b""
    while len(data) < n:
        chunk = sock.recv(n - len(data))
        if not chunk:
            fail(f"the relay closed the socket after {len(data)} of {n} bytes")
        data += chunk
    return data


def send_text(sock, text):
    # A client's frames are masked (RFC 6455, 5.3); ours are short.
    payload = text.encode()
    assert len(payload) < 126
    mask = os.urandom(4)
    masked = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
    sock.sendall(bytes([0x81, 0x80 | len(payload)]) + mask + masked)


def read_frame(sock):
    first, second = read_exact(sock, 2)
    length = second & 0x7F
    if length == 126:
        length = struct.unpack(">H", read_exact(sock, 2))[0]
    elif length == 127:
        length = struct.unpack(">Q", read_exact(sock, 8))[0]
    if second & 0x80:
        fail("the relay masked its frame, which a server must not do")
    return first & 0x0F, read_exact(sock, length)


def hello(port, version):
    key = base64.b64encode(os.urandom(16)).decode()
    sock = socket.create_connection((HOST, port), timeout=10)
    # No Origin header: a client that is not a browser sends none.
    sock.sendall(
        (
            f"GET /v1/ws HTTP/1.1\r\nHost: {HOST}:{port}\r\nUpgrade: websocket\r\n"
            f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n"
        ).encode()
    )
    head = b""
    while b"\r\n\r\n" not in head:
        head += read_exact(sock, 1)
    lines = head.decode("latin-1").split("\r\n")
    if " 101 " not in lines[0]:
        fail(f"the WebSocket upgrade was answered {lines[0]!r}")
    headers = {k.strip().lower(): v.strip() for k, v in (l.split(":", 1) for l in lines[1:] if ":" in l)}
    accept = base64.b64encode(hashlib.sha1((key + WS_GUID).encode()).digest()).decode()
    if headers.get("sec-websocket-accept") != accept:
        fail("the relay's Sec-WebSocket-Accept does not match our key")
    send_text(sock, json.dumps({"type": "hello", "version": version}))
    opcode, payload = read_frame(sock)
    if opcode != 1:
        fail(f"the relay's first frame has opcode {opcode}, not text")
    message = json.loads(payload)
    if message.get("type") != "hello" or message.get("version") != version:
        fail(f"the relay's first frame is not its hello at version {version}: {payload[:200]!r}")
    # Close as a page does (1000), masked, and leave.
    sock.sendall(bytes([0x88, 0x82]) + b"\0\0\0\0" + struct.pack(">H", 1000))
    sock.close()
    print(f"image test: hello from relay {message.get('relay')!r}, protocol {version}")


def page(port):
    # The page is compared by what it loads, not with dist/ byte for byte:
    # dist/ may be rebuilt after the image was.
    status, index = get(port, "/")
    if status != 200 or b"<html" not in index:
        fail(f"/ answered {status} {index[:80]!r}, not the page")
    pending = [name.decode() for name in re.findall(rb'"\./([\w.-]+\.(?:js|css))"', index)]
    if not any(name.startswith("boot-") for name in pending):
        fail("the page's index.html names no boot script")
    seen = set()
    while pending:
        name = pending.pop()
        if name in seen:
            continue
        seen.add(name)
        status, body = get(port, "/" + name)
        if status != 200:
            fail(f"/{name}, which the page loads, answered {status}")
        if name.endswith(".wasm") and not body.startswith(b"\0asm"):
            fail(f"/{name} is not WebAssembly")
        if name.endswith(".js"):
            # What a browser fetches: static imports, and the wasm by URL.
            pending += [n.decode() for n in re.findall(rb'(?:from|import)\s*"\./([\w./-]+\.js)"', body)]
            pending += [n.decode() for n in re.findall(rb'new URL\("\./([\w.-]+\.wasm)"', body)]
    if not any(name.endswith(".wasm") for name in seen):
        fail("the page's scripts load no WebAssembly")
    print(f"image test: the page and the {len(seen)} files it loads ({', '.join(sorted(seen))})")


def main():
    what, port = sys.argv[1], int(sys.argv[2])
    if what == "healthz":
        status, body = get(port, "/healthz")
        if status != 200 or body != b"ok\n":
            fail(f"/healthz answered {status} {body[:80]!r}")
        print("image test: /healthz ok")
    elif what == "page":
        page(port)
    elif what == "hello":
        hello(port, int(sys.argv[3]))
    elif what == "metrics":
        status, body = get(port, "/metrics")
        if status != 200 or b"maildoctor_" not in body:
            fail(f"/metrics answered {status} {body[:80]!r}")
        print("image test: /metrics ok")
    else:
        fail(f"unknown check {what!r}")


if __name__ == "__main__":
    main()
