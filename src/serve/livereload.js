(function () {
  "use strict";
  // rolebook serve: reload when a rebuild finishes, swap stylesheets on CSS-only changes,
  // and show build errors over the page until they are fixed.
  var overlay = null;
  function showError(text) {
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.id = "rolebook-error-overlay";
      overlay.setAttribute("role", "alert");
      overlay.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(20,20,20,.94);color:#fff;padding:2rem;font:14px/1.5 ui-monospace,Menlo,Consolas,monospace";
      var title = document.createElement("p");
      title.style.cssText = "font:600 18px system-ui,sans-serif;margin:0 0 1rem;color:#ff8a80";
      title.textContent = "rolebook: the site has errors; showing the last good build underneath";
      overlay.appendChild(title);
      var pre = document.createElement("pre");
      pre.style.cssText = "white-space:pre-wrap;margin:0";
      overlay.appendChild(pre);
      document.body.appendChild(overlay);
    }
    overlay.querySelector("pre").textContent = text;
  }
  function clearError() {
    if (overlay) { overlay.remove(); overlay = null; }
  }
  function swapCss() {
    document.querySelectorAll('link[rel="stylesheet"]').forEach(function (link) {
      var url = new URL(link.href);
      url.searchParams.set("rolebook", Date.now());
      var fresh = link.cloneNode();
      fresh.href = url.href;
      fresh.onload = function () { link.remove(); };
      link.after(fresh);
    });
  }
  var version = null;
  function connect() {
    var events = new EventSource(new URL("/__rolebook/events", location.href));
    events.addEventListener("hello", function (e) {
      var v = JSON.parse(e.data).version;
      if (version !== null && v !== version) location.reload();
      version = v;
    });
    events.addEventListener("reload", function () { location.reload(); });
    events.addEventListener("css", function (e) { version = JSON.parse(e.data).version; clearError(); swapCss(); });
    events.addEventListener("build-error", function (e) { showError(JSON.parse(e.data).text); });
    events.addEventListener("build-ok", function () { clearError(); });
  }
  connect();
})();
