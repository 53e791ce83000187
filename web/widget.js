// maildoctor as a widget: one script tag and one element on a provider's
// help page.
//
//   <script type="module" src="https://check.example.net/widget.js"></script>
//   <maildoctor-check relay="wss://relay.example.net/v1/ws" domain="example.com"
//     incoming="imap:imap.example.com:993:tls" outgoing="smtp.example.com:587:starttls"
//     lang="de" theme="light" local></maildoctor-check>
//
// `local` (optional) makes the widget look for maildoctor on the person's own
// computer (`maildoctor serve --local`) and check from there when it answers.
//
// The element renders into a shadow root with its own stylesheet, so the
// host page's CSS does not reach in and the widget's does not leak out.
// tools/build-ui fills in the content-hashed file names.
import init, { mount_widget } from "./@JS@";

const here = new URL(".", import.meta.url);
let loading = null;
const ready = () => (loading ??= init({ module_or_path: new URL("@WASM@", here) }));

class MaildoctorCheck extends HTMLElement {
  connectedCallback() {
    if (this.shadowRoot) return;
    const shadow = this.attachShadow({ mode: "open" });
    const style = document.createElement("link");
    style.rel = "stylesheet";
    style.href = new URL("@STYLE@", here).href;
    const root = document.createElement("div");
    root.className = "maildoctor-widget";
    root.dataset.theme = this.getAttribute("theme") === "dark" ? "dark" : "light";
    shadow.append(style, root);
    const attribute = (name) => this.getAttribute(name) ?? undefined;
    ready().then(() =>
      mount_widget(root, attribute("relay"), attribute("lang"), attribute("domain"),
        attribute("incoming"), attribute("outgoing"), here.href, attribute("local")));
  }
}

if (!customElements.get("maildoctor-check")) {
  customElements.define("maildoctor-check", MaildoctorCheck);
}
