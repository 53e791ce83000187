// The widget in a real help-centre theme, in Firefox ESR: the checks of
// tests/tests/suite/page/help_center.rs, which serves the three origins and
// runs this script with them:
//
//   node widget.mjs ARTICLE_URL CDN_ORIGIN
//
// with FIREFOX (the browser), AXE (axe-core's axe.min.js), LANDMARK_RULES
// (axe rule ids, as a JavaScript array) and SCREENSHOT (where to save one)
// in the environment. Prints what it checked; exits 1 on the first failure.
import { readFileSync } from "node:fs";
import puppeteer from "puppeteer-core";

const [article, cdn] = process.argv.slice(2);
const { FIREFOX, AXE, LANDMARK_RULES, SCREENSHOT } = process.env;

const check = (ok, what, seen) => {
  if (!ok) throw new Error(`${what}: ${JSON.stringify(seen)}`);
  console.log(`ok: ${what}`);
};
const served = async () => (await (await fetch(`${cdn}/served`)).json()).map(([path]) => path);

const browser = await puppeteer.launch({
  browser: "firefox",
  executablePath: FIREFOX,
  headless: true,
  // A profile that never reaches the internet by itself: background
  // services off, and anything else sent to a proxy that is not there
  // (Firefox never proxies loopback, where the test's servers are).
  extraPrefsFirefox: {
    "network.proxy.type": 1,
    "network.proxy.http": "127.0.0.1",
    "network.proxy.http_port": 9,
    "network.proxy.share_proxy_settings": true,
    "network.dns.disablePrefetch": true,
    "network.prefetch-next": false,
    "app.update.enabled": false,
    "browser.shell.checkDefaultBrowser": false,
    "datareporting.policy.dataSubmissionEnabled": false,
    "network.captive-portal-service.enabled": false,
    "network.connectivity-service.enabled": false,
    "browser.safebrowsing.malware.enabled": false,
    "browser.safebrowsing.phishing.enabled": false,
    "extensions.getAddons.cache.enabled": false,
    "toolkit.telemetry.enabled": false,
  },
});
try {
  const page = await browser.newPage();
  await page.setViewport({ width: 1100, height: 800 });
  await page.goto(article, { waitUntil: "load" });
  // Defined, and its IntersectionObserver has reported where it is.
  await page.evaluate(() => customElements.whenDefined("maildoctor-check")
    .then(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(done))))));

  const below = await page.evaluate(() =>
    document.querySelector("maildoctor-check").getBoundingClientRect().top - innerHeight);
  check(below > 300, "the widget starts below the fold and its margin", below);
  const before = await served();
  check(before.length === 1 && before[0] === "/widget.js", "before it is reached, only the loader came", before);

  await page.evaluate(() => document.querySelector("maildoctor-check").scrollIntoView());
  await page.waitForFunction(
    () => document.querySelector("maildoctor-check").shadowRoot.querySelector("#diagnose"), { timeout: 30000 });
  const after = await served();
  check([".wasm", ".css", "/glue.js"].every((kind) => after.some((p) => p.endsWith(kind))),
    "once reached, the app came from the CDN", after);

  const own = await page.evaluate(() => {
    const r = document.querySelector("maildoctor-check").shadowRoot;
    return [r.querySelectorAll("main, h1, [role=main], [role=banner], [role=contentinfo], footer").length,
      r.querySelector("section.maildoctor[aria-labelledby=maildoctor-title] h3#maildoctor-title") !== null];
  });
  check(own[0] === 0 && own[1], "one region named by its h3, no landmark of its own", own);

  await page.evaluate(readFileSync(AXE, "utf8"));
  // axe's context: the whole document, or only what `include` selects.
  const axe = (include, options) => page.evaluate((include, options) =>
    window.axe.run(include ? { include } : document, options).then((r) =>
      r.violations.map((v) => v.id + ": " + v.nodes.map((n) => n.target.join(" ")).join(", "))), include, options);
  const landmarks = { runOnly: { type: "rule", values: JSON.parse(LANDMARK_RULES.replaceAll("'", '"')) } };
  const wcag = { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] } };
  const widget = [["maildoctor-check"]];
  let found = await axe(null, landmarks);
  check(found.length === 0, "no landmark violations with the form", found);
  found = await axe(widget, wcag);
  check(found.length === 0, "no WCAG violations in the widget's form", found);

  // The app uses 143 without encryption; the help centre's page says 993 with SSL/TLS.
  const field = async (css, text) => {
    const input = await page.$(`maildoctor-check >>> ${css}`);
    await input.click({ count: 3 });
    await input.press("Backspace");
    await input.type(text);
  };
  await field("#address", "alice@example.test");
  await field("#host", "mail.example.test");
  await (await page.$("maildoctor-check >>> #security")).select("none");
  await field("#port", "143");
  await field("#out-host", "mail.example.test");
  await (await page.$("maildoctor-check >>> #diagnose")).click();
  await page.waitForFunction(() => {
    const phase = document.querySelector("maildoctor-check").shadowRoot.querySelector("#status").dataset.phase;
    return phase === "finished" || phase === "failed";
  }, { timeout: 45000 });
  const report = await page.evaluate(() => {
    const r = document.querySelector("maildoctor-check").shadowRoot;
    const finding = r.querySelector("#findings > section[data-code='settings.not_as_provider_says']");
    return [r.querySelector("#status").dataset.phase, finding?.textContent ?? "", r.getElementById("verdict").tagName];
  });
  check(report[0] === "finished", "the check finished", report[0]);
  check(report[1].includes("Your provider says 993 with SSL/TLS; your app uses 143 without encryption"),
    "the finding compares the app's settings with the provider's", report[1]);
  check(report[2] === "H4", "the verdict is one level below the widget's heading", report[2]);

  await page.evaluate(() =>
    document.querySelector("maildoctor-check").shadowRoot.querySelectorAll("details").forEach((d) => (d.open = true)));
  found = await axe(null, landmarks);
  check(found.length === 0, "no landmark violations with the report", found);
  found = await axe(widget, wcag);
  check(found.length === 0, "no WCAG violations in the widget's report", found);
  if (SCREENSHOT) await page.screenshot({ path: SCREENSHOT });
} catch (error) {
  console.log(`FAILED: ${error.message}`);
  process.exitCode = 1;
} finally {
  await browser.close();
}
