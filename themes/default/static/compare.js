// rolebook comparison picker: compares any two roles without a server. When the site has
// a page for the pair it goes there; otherwise it loads /api/compare.json and lists, per
// competency area and per section of the site's own, what the second role adds and drops,
// then the skills that change.
(function () {
  "use strict";
  var form = document.querySelector("[data-compare-picker]");
  if (!form) return;
  var out = document.querySelector("[data-compare-result]");
  var data = null;
  form.hidden = false;
  var basePath = form.getAttribute("data-base-path") || "/";
  var script = document.currentScript;
  // compare.js sits at the site's root: its address says where the site is, from disk
  // (--relative-urls) as from a server.
  var root = script ? new URL(".", script.src) : new URL("/", window.location.href);
  // A page opened from disk may not fetch() a file, but it may load a script: a build
  // made with --relative-urls writes the data as api/compare.js too, which sets
  // window.rolebookCompare.
  function fetchData(url) {
    if (window.location.protocol !== "file:") return fetch(url).then(function (r) { return r.json(); });
    return new Promise(function (resolve, reject) {
      if (window.rolebookCompare) return resolve(window.rolebookCompare);
      var s = document.createElement("script");
      s.src = url.replace(/\.json$/, ".js");
      s.onload = function () { if (window.rolebookCompare) resolve(window.rolebookCompare); else reject(new Error("no data")); };
      s.onerror = reject;
      document.head.appendChild(s);
    });
  }
  function siteUrl(u) {
    var path = u.indexOf(basePath) === 0 ? u.slice(basePath.length) : u.replace(/^\//, "");
    if (window.location.protocol === "file:" && (path === "" || path.slice(-1) === "/")) path += "index.html";
    return new URL(path, root).href;
  }

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text) e.textContent = text;
    if (cls) e.className = cls;
    return e;
  }
  function list(items, cls) {
    var ul = el("ul", "", "items " + cls);
    items.forEach(function (t) { ul.appendChild(el("li", t)); });
    return ul;
  }
  function texts(cell) {
    if (!cell) return [];
    return cell.behaviours.concat(cell.examples.map(function (e) { return "Example: " + e; }));
  }
  // A prose section's text, one paragraph per blank-line-separated block of the JSON.
  function prose(label, text, cls) {
    var d = el("div", "", "section-text " + cls);
    if (label) d.appendChild(el("p", label, "change-label"));
    text.split("\n\n").forEach(function (p) { d.appendChild(el("p", p)); });
    return d;
  }
  // The site's own sections, in its order: a list by item, prose as before and after.
  function renderSections(a, b) {
    var byKey = function (r) { var m = {}; r.sections.forEach(function (x) { m[x.key] = x; }); return m; };
    var xa = byKey(a), xb = byKey(b);
    data.sections.forEach(function (section) {
      var x = xa[section.key], y = xb[section.key];
      if (!x && !y) return;
      var sec = el("section", "", "area-change section-change");
      var h = el("h3", section.heading + " ");
      var badge = el("span", "", "change-badge");
      h.appendChild(badge);
      sec.appendChild(h);
      var same = null, changed;
      if (section.kind === "list") {
        var before = x ? x.items : [], after = y ? y.items : [];
        var added = after.filter(function (t) { return before.indexOf(t) < 0; });
        var removed = before.filter(function (t) { return after.indexOf(t) < 0; });
        var shared = after.filter(function (t) { return before.indexOf(t) >= 0; });
        changed = added.length || removed.length;
        if (added.length) { sec.appendChild(el("p", "New at " + b.title, "change-label")); sec.appendChild(list(added, "added")); }
        if (removed.length) { sec.appendChild(el("p", "Only at " + a.title, "change-label")); sec.appendChild(list(removed, "removed")); }
        if (shared.length) { same = el("details", "", "shared"); same.appendChild(el("summary", "Same in both (" + shared.length + ")")); same.appendChild(list(shared, "")); }
      } else {
        var was = x ? x.text : null, now = y ? y.text : null;
        changed = was !== now;
        if (changed && was !== null) sec.appendChild(prose(now !== null ? "Was" : "", was, "removed"));
        if (changed && now !== null) sec.appendChild(prose(was !== null ? "Now" : "", now, "added"));
        if (!changed) { same = el("details", "", "shared"); same.appendChild(el("summary", "Same in both")); same.appendChild(prose("", now, "")); }
      }
      badge.textContent = !x ? "new at " + b.title : !y ? "only at " + a.title : changed ? "changes" : "same in both";
      if (same) sec.appendChild(same);
      out.appendChild(sec);
    });
  }
  function render(a, b) {
    out.textContent = "";
    out.appendChild(el("h2", "From " + a.title + " to " + b.title));
    var byArea = function (r) { var m = {}; r.expectations.forEach(function (c) { m[c.area] = c; }); return m; };
    var ca = byArea(a), cb = byArea(b);
    data.areas.forEach(function (area) {
      var x = ca[area.id], y = cb[area.id];
      if (!x && !y) return;
      var before = texts(x), after = texts(y);
      var added = after.filter(function (t) { return before.indexOf(t) < 0; });
      var removed = before.filter(function (t) { return after.indexOf(t) < 0; });
      var same = after.filter(function (t) { return before.indexOf(t) >= 0; });
      var sec = el("section", "", "area-change");
      var status = !x ? "new at " + b.title : !y ? "only at " + a.title
        : (added.length || removed.length || (x.summary !== y.summary)) ? "changes" : "same in both";
      var h = el("h3", area.name + " ");
      h.appendChild(el("span", status, "change-badge"));
      sec.appendChild(h);
      if (y && y.summary && (!x || x.summary !== y.summary)) sec.appendChild(el("p", "Now: " + y.summary, "added"));
      if (x && x.summary && (!y || x.summary !== y.summary)) sec.appendChild(el("p", "Was: " + x.summary, "removed"));
      if (added.length) { sec.appendChild(el("p", "New at " + b.title, "change-label")); sec.appendChild(list(added, "added")); }
      if (removed.length) { sec.appendChild(el("p", "Only at " + a.title, "change-label")); sec.appendChild(list(removed, "removed")); }
      if (same.length) {
        var d = el("details", "", "shared");
        d.appendChild(el("summary", "Same in both (" + same.length + ")"));
        d.appendChild(list(same, ""));
        sec.appendChild(d);
      }
      out.appendChild(sec);
    });
    renderSections(a, b);
    var sa = {};
    a.skills.forEach(function (s) { sa[s.id] = s; });
    var changes = [];
    b.skills.forEach(function (s) {
      var was = sa[s.id];
      if (!was) changes.push("New: " + s.name + (s.importance ? " (" + s.importance + ")" : ""));
      else if (was.importance !== s.importance) changes.push(s.name + ": " + (was.importance || "Listed") + " → " + (s.importance || "Listed"));
      delete sa[s.id];
    });
    Object.keys(sa).forEach(function (id) { changes.push("No longer listed: " + sa[id].name); });
    if (changes.length) {
      out.appendChild(el("h3", "Skills"));
      out.appendChild(list(changes, ""));
    }
  }

  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    var from = form.elements.from.value, to = form.elements.to.value;
    if (from === to) { out.textContent = "Pick two different roles."; return; }
    var go = function () {
      var find = function (id) { return data.roles.filter(function (r) { return r.id === id; })[0]; };
      var a = find(from), b = find(to);
      if (a.pages[to]) { window.location.href = siteUrl(a.pages[to]); return; }
      render(a, b);
    };
    if (data) return go();
    fetchData(form.getAttribute("data-compare-json")).then(function (d) { data = d; go(); })
      .catch(function () {
        out.textContent = window.location.protocol === "file:"
          ? "Comparing in the browser needs the site built with --relative-urls, or served over http (run `rolebook serve`): this page, opened from disk, could not load the comparison data. The comparison pages listed below work from disk."
          : "The comparison data could not be loaded.";
      });
  });
})();
