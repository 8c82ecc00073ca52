/*
 * Live budget preview (applications/budget.html): on every change of the preview inputs, GET the JSON endpoint
 * (data-preview-url) with start, end and travel_mode, and list the recomputed lines, each with its category.
 * Nothing is saved: the section says so, apart from the project's own dates.
 * No inline script: the CSP is script-src 'self'.
 */
(function () {
  "use strict";

  var form = document.getElementById("budget-form");
  var list = document.getElementById("budget-preview");
  var total = document.getElementById("budget-preview-total");
  if (!form || !list || !window.fetch) {
    return;
  }
  var url = form.getAttribute("data-preview-url");
  var inputs = {
    start: document.getElementById("preview-start"),
    end: document.getElementById("preview-end"),
    travel_mode: document.getElementById("preview-mode")
  };
  var pending = 0;

  function show(items, footer) {
    list.textContent = "";
    items.forEach(function (text) {
      var li = document.createElement("li");
      li.textContent = text;
      list.appendChild(li);
    });
    total.textContent = footer || "";
  }

  function refresh() {
    var params = new URLSearchParams();
    Object.keys(inputs).forEach(function (name) {
      if (inputs[name] && inputs[name].value) {
        params.set(name, inputs[name].value);
      }
    });
    var ticket = ++pending;
    fetch(url + "?" + params.toString(), { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        if (ticket !== pending) {
          return;
        }
        if (!data.ok) {
          show(data.problems || [], "");
          return;
        }
        show(data.lines.map(function (line) { return line.category + " — " + line.explanation; }),
             data.total + (data.cap ? " / " + data.cap : ""));
      })
      .catch(function () { /* keep the last preview */ });
  }

  Object.keys(inputs).forEach(function (name) {
    if (inputs[name]) {
      inputs[name].addEventListener("change", refresh);
      inputs[name].addEventListener("input", refresh);
    }
  });
  refresh();
})();
