// Runs Lighthouse (mobile and desktop) on each page `tools/bench lighthouse`
// serves, side by side in one run, and writes section 8 of
// docs/benchmarks.md (replacing the one there).
//
//   node run.mjs --lighthouse BIN --runs N --out FILE --commit TEXT \
//     --browser TEXT "page|served by|http://127.0.0.1:PORT/" ...
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const args = process.argv.slice(2);
const option = (name) => {
  const at = args.indexOf(name);
  return at < 0 ? undefined : args.splice(at, 2)[1];
};
const lighthouse = option("--lighthouse");
const runs = Number(option("--runs") ?? 3);
const out = option("--out");
const commit = option("--commit") ?? "";
const browser = option("--browser") ?? "Chromium";
const targets = args.map((arg) => {
  const [page, served, url] = arg.split("|");
  return { page, served, url };
});

const work = mkdtempSync(join(tmpdir(), "lighthouse-"));
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

function measure(url, preset) {
  const file = join(work, "report.json");
  execFileSync(lighthouse, [
    url, "--output=json", `--output-path=${file}`, "--quiet",
    "--only-categories=performance,accessibility",
    // Debian's Chromium as root in a container (shared/TOOLCHAIN.md).
    "--chrome-flags=--headless=new --no-sandbox",
    ...(preset === "desktop" ? ["--preset=desktop"] : []),
  ], { stdio: ["ignore", "ignore", "inherit"] });
  const report = JSON.parse(readFileSync(file, "utf8"));
  const audit = (id) => report.audits[id].numericValue;
  return {
    performance: report.categories.performance.score * 100,
    fcp: audit("first-contentful-paint"),
    lcp: audit("largest-contentful-paint"),
    tbt: audit("total-blocking-time"),
    cls: audit("cumulative-layout-shift"),
    accessibility: report.categories.accessibility.score * 100,
    bytes: audit("total-byte-weight"),
    wasm: report.audits["network-requests"].details.items.find((r) => r.url.endsWith(".wasm"))?.transferSize ?? 0,
  };
}

const rows = [];
const goal = { met: [], missed: [] };
for (const preset of ["mobile", "desktop"]) {
  for (const target of targets) {
    const samples = [];
    for (let run = 0; run < runs; run++) {
      process.stderr.write(`lighthouse: ${preset}, ${target.page} (${target.served}), run ${run + 1} of ${runs}\n`);
      samples.push(measure(target.url, preset));
    }
    const figure = (key) => median(samples.map((s) => s[key]));
    // The spread of a figure the machine's load moves (TBT, and the score with it).
    const spread = (key, format) => {
      const values = samples.map((s) => s[key]);
      return runs < 2 ? "" : ` (${format(Math.min(...values))}–${format(Math.max(...values))})`;
    };
    const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
    const tbt = (ms) => `${Math.round(ms)}`;
    rows.push(`| ${preset} | ${target.page} | ${target.served} | **${figure("performance")}**${spread("performance", String)} ` +
      `| ${seconds(figure("fcp"))} | **${seconds(figure("lcp"))}** | ${tbt(figure("tbt"))} ms${spread("tbt", tbt)} ` +
      `| ${figure("cls").toFixed(3)} | ${figure("accessibility")} ` +
      `| ${Math.round(figure("bytes") / 1024)} KiB (wasm ${Math.round(figure("wasm") / 1024)}) |`);
    if (preset === "mobile") {
      const met = figure("performance") >= 95 && figure("lcp") < 2500;
      (met ? goal.met : goal.missed).push(`${target.page} (${target.served})`);
    }
  }
}
rmSync(work, { recursive: true, force: true });

const when = new Date().toISOString().replace("T", " ").slice(0, 16);
const section = `## 8. Lighthouse

Written by \`tools/bench lighthouse\` on ${when} UTC, ${commit}. Lighthouse 12.2.3 in headless ${browser}, the page served on loopback; every figure is the median of ${runs} run${runs == 1 ? "" : "s"} (each figure on its own), every row measured in this run. Mobile is Lighthouse's default: a moto g power's screen and its simulated throttling (150 ms round trip, 1.6 Mbit/s down, the CPU 4 times slower); desktop is its desktop preset (40 ms, 10 Mbit/s, no CPU slowdown). Simulated throttling replays the loopback load on that model, so a file that arrives before the first paint is counted as needed for it. Goal: mobile performance 95 or more and LCP under 2.5 s. "sent" is every byte the page loaded, as sent (compressed where the server compressed).

| preset | page | served by | performance | FCP | LCP | TBT | CLS | accessibility | sent |
|---|---|---|---|---|---|---|---|---|---|
${rows.join("\n")}

Goal met on mobile (median): ${goal.met.join("; ") || "none"}. Missed: ${goal.missed.join("; ") || "none"}. In brackets: the lowest and highest of the runs; TBT (the WebAssembly's start: compiling it, the first render) moves with the machine's load, and the score with it.
`;

const old = readFileSync(out, "utf8");
const start = old.indexOf("\n## 8. Lighthouse");
const rest = start < 0 ? "" : old.slice(start + 1).indexOf("\n## ");
const after = start < 0 || rest < 0 ? "" : old.slice(start + 1 + rest);
writeFileSync(out, (start < 0 ? old.trimEnd() : old.slice(0, start).trimEnd()) + "\n\n" + section + after);
process.stderr.write(`lighthouse: wrote section 8 of ${out}\n`);
process.stdout.write(section);
