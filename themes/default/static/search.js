// rolebook search: loads /search-index.json from this site on first use and filters it
// as you type. No other host is contacted. Arrow keys move through results, Enter opens.
(function () {
  "use strict";
  var script = document.currentScript;
  var indexUrl = script && script.getAttribute("data-index");
  var basePath = (script && script.getAttribute("data-base-path")) || "/";
  // search.js sits at the site's root, so its own address says where the site is, from
  // disk (--relative-urls) as from a server.
  var root = script ? new URL(".", script.src) : new URL("/", window.location.href);
  var index = null;
  var loading = null;

  // A URL of the index (`/careers/roles/x/`) as an address from this page; a folder opens
  // at its index.html from disk, where no server does it.
  function siteUrl(u) {
    var hash = u.indexOf("#") < 0 ? "" : u.slice(u.indexOf("#"));
    var path = u.slice(0, u.length - hash.length);
    path = path.indexOf(basePath) === 0 ? path.slice(basePath.length) : path.replace(/^\//, "");
    if (window.location.protocol === "file:" && (path === "" || path.slice(-1) === "/")) path += "index.html";
    return new URL(path + hash, root).href;
  }

  // A page opened from disk may not fetch() a file, but it may load a script: a build
  // made with --relative-urls writes the index as search-index.js too, which sets `global`.
  function fetchData(url, global) {
    if (window.location.protocol !== "file:") return fetch(url).then(function (r) { return r.json(); });
    return new Promise(function (resolve, reject) {
      if (window[global]) return resolve(window[global]);
      var s = document.createElement("script");
      s.src = url.replace(/\.json$/, ".js");
      s.onload = function () { if (window[global]) resolve(window[global]); else reject(new Error("no data")); };
      s.onerror = reject;
      document.head.appendChild(s);
    });
  }

  function load() {
    if (index) return Promise.resolve(index);
    if (!loading) {
      loading = fetchData(indexUrl, "rolebookSearchIndex").then(function (data) {
        index = data.map(function (e) { e.h = (e.t + " " + e.d + " " + e.k).toLowerCase(); return e; });
        return index;
      }, function (error) {
        // Browsers refuse to fetch a file from a page opened from disk: say so instead of
        // failing silently, and let the next keystroke try again.
        loading = null;
        throw error;
      });
    }
    return loading;
  }

  function search(query) {
    var words = query.toLowerCase().split(/\s+/).filter(Boolean);
    if (!words.length) return [];
    var hits = [];
    for (var i = 0; i < index.length; i++) {
      var e = index[i];
      var score = 0;
      for (var w = 0; w < words.length; w++) {
        var at = e.h.indexOf(words[w]);
        if (at < 0) { score = -1; break; }
        score += e.t.toLowerCase().indexOf(words[w]) === 0 ? 3 : at < e.t.length ? 2 : 1;
      }
      if (score > 0) hits.push([score, e]);
    }
    hits.sort(function (a, b) { return b[0] - a[0] || a[1].t.localeCompare(b[1].t); });
    return hits.slice(0, 12).map(function (h) { return h[1]; });
  }

  function attach(input) {
    var form = input.form;
    var list = form.querySelector("[data-search-results]");
    var status = form.querySelector("[data-search-status]");
    var active = -1;
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", list.id);

    function render(results) {
      list.textContent = "";
      active = -1;
      input.removeAttribute("aria-activedescendant");
      results.forEach(function (e, i) {
        var li = document.createElement("li");
        li.id = list.id + "-" + i;
        li.setAttribute("role", "option");
        var a = document.createElement("a");
        a.href = siteUrl(e.u);
        var kind = document.createElement("span");
        kind.className = "kind";
        kind.textContent = e.k;
        a.appendChild(kind);
        a.appendChild(document.createTextNode(" " + e.t));
        if (e.d) {
          var d = document.createElement("span");
          d.className = "detail";
          d.textContent = e.d;
          a.appendChild(d);
        }
        li.appendChild(a);
        list.appendChild(li);
      });
      var open = results.length > 0;
      list.hidden = !open;
      input.setAttribute("aria-expanded", open ? "true" : "false");
      if (status) status.textContent = input.value.trim() ? results.length + (results.length === 1 ? " result" : " results") : "";
    }

    function move(step) {
      var items = list.querySelectorAll("li");
      if (!items.length) return;
      if (active >= 0) { items[active].classList.remove("active"); items[active].removeAttribute("aria-selected"); }
      active = (active + step + items.length) % items.length;
      items[active].classList.add("active");
      items[active].setAttribute("aria-selected", "true");
      items[active].scrollIntoView({ block: "nearest" });
      input.setAttribute("aria-activedescendant", items[active].id);
    }

    function unavailable() {
      list.textContent = "";
      var li = document.createElement("li");
      li.className = "search-unavailable";
      li.textContent = window.location.protocol === "file:"
        ? "Search needs the site built with --relative-urls, or served over http (run `rolebook serve`): this page, opened from disk, could not load the search index."
        : "The search index could not be loaded.";
      list.appendChild(li);
      list.hidden = false;
      if (status) status.textContent = li.textContent;
    }

    input.addEventListener("focus", function () { load().catch(function () {}); }, { once: true });
    input.addEventListener("input", function () {
      load().then(function () { render(search(input.value)); }, unavailable);
    });
    input.addEventListener("keydown", function (ev) {
      if (ev.key === "ArrowDown") { ev.preventDefault(); move(1); }
      else if (ev.key === "ArrowUp") { ev.preventDefault(); move(-1); }
      else if (ev.key === "Escape") { render([]); }
      else if (ev.key === "Enter" && active >= 0) {
        ev.preventDefault();
        window.location.href = list.querySelectorAll("li a")[active].href;
      }
    });
    // Close the list when focus leaves the search box and its results.
    form.addEventListener("focusout", function (ev) {
      if (input.hasAttribute("data-search-page") || form.contains(ev.relatedTarget)) return;
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
    });
    input.addEventListener("focus", function () {
      if (list.children.length && input.value.trim()) { list.hidden = false; input.setAttribute("aria-expanded", "true"); }
    });
    // A click on a result must not blur the box first (Safari does not focus links).
    list.addEventListener("mousedown", function (ev) { ev.preventDefault(); });
    var q = new URLSearchParams(window.location.search).get("q");
    if (q && input.hasAttribute("data-search-page")) {
      input.value = q;
      load().then(function () { render(search(q)); }, unavailable);
    }
  }

  document.querySelectorAll("[data-search-input]").forEach(attach);
})();
