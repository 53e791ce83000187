// maildoctor as a widget: one script tag and one element on a provider's
// help page.
//
//   <script type="module" src="https://check.example.net/widget.js"></script>
//   <maildoctor-check relay="wss://relay.example.net/v1/ws" domain="example.com"
//     incoming="imap:imap.example.com:993:tls" outgoing="smtp.example.com:587:starttls"
//     lang="de" theme="light" heading-level="3" local></maildoctor-check>
//
// `local` (optional) makes the widget look for maildoctor on the person's own
// computer (`maildoctor serve --local`) and check from there when it answers.
// `heading-level` (1 to 6, default 2) is the level of the widget's own
// heading, so it fits the help page's outline; it adds no landmark of its
// own but a region named by that heading.
//
// This file is the loader, a few KB: the app (its JavaScript, WebAssembly and
// style sheet, about 300 KB gzipped) is fetched only when an element comes
// near the screen or a person points at it or focuses it, so article views
// that never reach the widget cost only this file.
//
// The element renders into a shadow root with its own stylesheet, so the
// host page's CSS does not reach in and the widget's does not leak out.
// tools/build-ui fills in the content-hashed file names.
const here = new URL(".", import.meta.url);
let app = null;
const loadApp = () =>
  (app ??= import("./@JS@").then(async (glue) => {
    await glue.default({ module_or_path: new URL("@WASM@", here) });
    return glue;
  }));

// Starts loading this far before the element scrolls into view, so it is
// usually there by the time a reader reaches it.
const AHEAD = "300px";
const TRIGGERS = ["pointerenter", "pointerdown", "touchstart", "focusin"];

class MaildoctorCheck extends HTMLElement {
  connectedCallback() {
    if (this.shadowRoot) return;
    const shadow = this.attachShadow({ mode: "open" });
    const root = document.createElement("div");
    root.className = "maildoctor-widget";
    root.dataset.theme = this.getAttribute("theme") === "dark" ? "dark" : "light";
    // Room for the form while the app is on its way (CSSOM, so a host's
    // Content-Security-Policy without 'unsafe-inline' allows it).
    root.style.minHeight = "24rem";
    root.setAttribute("aria-busy", "true");
    shadow.append(root);
    const start = () => {
      observer?.disconnect();
      TRIGGERS.forEach((name) => this.removeEventListener(name, start));
      this.start(shadow, root);
    };
    const observer = "IntersectionObserver" in window
      ? new IntersectionObserver((seen) => seen.some((e) => e.isIntersecting) && start(), { rootMargin: AHEAD })
      : null;
    if (!observer) return start();
    // The box inside, not the element: the element is inline until the
    // app's style sheet comes, and an inline box around a block has no height.
    observer.observe(root);
    TRIGGERS.forEach((name) => this.addEventListener(name, start, { once: true, passive: true }));
  }

  start(shadow, root) {
    if (this.started) return;
    this.started = true;
    const style = document.createElement("link");
    style.rel = "stylesheet";
    style.href = new URL("@STYLE@", here).href;
    // The style sheet first, so the form never shows unstyled.
    const styled = new Promise((done) => (style.onload = style.onerror = done));
    shadow.prepend(style);
    const attribute = (name) => this.getAttribute(name) ?? undefined;
    Promise.all([loadApp(), styled]).then(([glue]) => {
      root.style.minHeight = "";
      root.removeAttribute("aria-busy");
      glue.mount_widget(root, attribute("relay"), attribute("lang"), attribute("domain"),
        attribute("incoming"), attribute("outgoing"), here.href, attribute("local"),
        Number(attribute("heading-level")) || undefined);
    });
  }
}

if (!customElements.get("maildoctor-check")) {
  customElements.define("maildoctor-check", MaildoctorCheck);
}
