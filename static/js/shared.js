// Side-by-side editing: keeps an open shared record up to date with other people's changes.
// Polls every 2 seconds; the server answers 304 while nothing has changed.
(function () {
  "use strict";
  var POLL_MS = 2000;

  function currentField(root) {
    var editor = root.querySelector("[data-field-editing]");
    return editor ? editor.getAttribute("data-field-editing") : "";
  }

  function showPresence(root, editing) {
    var byField = {};
    editing.forEach(function (entry) {
      (byField[entry.field] = byField[entry.field] || []).push(entry.name);
    });
    root.querySelectorAll("[data-field-presence]").forEach(function (el) {
      var names = byField[el.getAttribute("data-field-presence")] || [];
      el.textContent = names.length ? names.join(" and ") + (names.length > 1 ? " are" : " is") + " editing this now." : "";
    });
    var summary = root.querySelector("[data-presence]");
    if (summary) {
      summary.textContent = editing.length
        ? "Also here: " + editing.map(function (e) { return e.name; }).join(", ") + "."
        : "";
    }
  }

  function apply(root, state) {
    var mine = currentField(root);
    Object.keys(state.fields).forEach(function (name) {
      var display = root.querySelector('[data-field-display="' + name + '"]');
      if (display && name !== mine && display.getAttribute("data-value") !== state.fields[name]) {
        display.setAttribute("data-value", state.fields[name]);
        display.textContent = (state.shown || {})[name] || state.fields[name] || "Nothing yet.";
        display.classList.add("shared-field__value--changed");
      }
      var notice = root.querySelector('[data-field-notice="' + name + '"]');
      if (notice && name === mine && String(root.getAttribute("data-version")) !== String(state.version)) {
        notice.textContent = "Someone else has just changed this. When you save, you can compare both versions.";
      }
    });
    if (!mine) {
      root.setAttribute("data-version", state.version);
    }
    showPresence(root, state.editing || []);
  }

  function start(root) {
    var etag = null;
    var url = root.getAttribute("data-shared-poll");
    function tick() {
      var editing = currentField(root);
      var headers = etag ? { "If-None-Match": etag } : {};
      fetch(url + "?editing=" + encodeURIComponent(editing), { headers: headers, cache: "no-store", credentials: "same-origin" })
        .then(function (response) {
          if (response.status === 200) {
            etag = response.headers.get("ETag");
            return response.json().then(function (state) { apply(root, state); });
          }
          return null;
        })
        .catch(function () { /* offline for a moment: try again next time */ })
        .then(function () { window.setTimeout(tick, POLL_MS); });
    }
    tick();
  }

  document.querySelectorAll("[data-shared-poll]").forEach(start);
})();
