// A static host for `tools/bench lighthouse` that sends every file gzipped
// (gzip -9, made once per file) to a browser that accepts it, as a CDN in
// front of the page does, and as the relay does once it sends its
// precompressed files. Used only when the relay under test sends the page
// uncompressed, to show what compression alone changes.
//
//   node serve-gzip.mjs DIR     prints "listening on http://127.0.0.1:PORT"
import { createServer } from "node:http";
import { readFileSync, statSync } from "node:fs";
import { extname, join, normalize } from "node:path";
import { gzipSync } from "node:zlib";

const root = process.argv[2];
const types = {
  ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".css": "text/css",
  ".wasm": "application/wasm", ".json": "application/json", ".svg": "image/svg+xml",
};
const gzipped = new Map();

createServer((request, response) => {
  let path = normalize(decodeURIComponent(new URL(request.url, "http://host").pathname));
  if (path.endsWith("/")) path += "index.html";
  const file = join(root, path);
  if (!file.startsWith(root) || !statSync(file, { throwIfNoEntry: false })?.isFile()) {
    response.writeHead(404).end();
    return;
  }
  const headers = { "content-type": types[extname(file)] ?? "application/octet-stream", vary: "accept-encoding" };
  let body = readFileSync(file);
  if (/\bgzip\b/.test(request.headers["accept-encoding"] ?? "")) {
    if (!gzipped.has(file)) gzipped.set(file, gzipSync(body, { level: 9 }));
    body = gzipped.get(file);
    headers["content-encoding"] = "gzip";
  }
  response.writeHead(200, headers).end(body);
}).listen(0, "127.0.0.1", function () {
  console.log(`listening on http://127.0.0.1:${this.address().port}`);
});
