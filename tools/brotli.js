#!/usr/bin/env node
// Writes FILE.br beside each FILE named, at brotli's highest quality, where
// that is smaller than FILE: tools/build-ui's precompression. Node's own
// zlib has brotli, so the build needs no other tool or package.
"use strict";
const fs = require("fs");
const zlib = require("zlib");
const { constants } = zlib;

for (const file of process.argv.slice(2)) {
  const data = fs.readFileSync(file);
  const compressed = zlib.brotliCompressSync(data, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
      [constants.BROTLI_PARAM_MODE]: file.endsWith(".wasm") ? constants.BROTLI_MODE_GENERIC : constants.BROTLI_MODE_TEXT,
      [constants.BROTLI_PARAM_SIZE_HINT]: data.length,
    },
  });
  if (compressed.length < data.length) {
    fs.writeFileSync(`${file}.br`, compressed);
  } else {
    fs.rmSync(`${file}.br`, { force: true });
  }
}
