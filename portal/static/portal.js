/*
 * Progressive enhancements shared by every page (no inline script: the CSP is script-src 'self').
 *  - Tables become cards on phones: each cell gets its column heading as data-label (shown by portal.css).
 *  - An error summary (#error-summary) takes the focus when the page loads, so a keyboard or screen-reader user
 *    lands on the list of what to fix; its links move to the fields.
 *  - A "More" menu closes with Escape or when focus leaves it.
 */
(function () {
  "use strict";

  document.querySelectorAll("table.table").forEach(function (table) {
    var headings = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) {
      return th.textContent.trim();
    });
    table.querySelectorAll("tbody tr").forEach(function (row) {
      Array.prototype.forEach.call(row.children, function (cell, index) {
        if (headings[index] && !cell.hasAttribute("data-label")) {
          cell.setAttribute("data-label", headings[index]);
        }
      });
    });
  });

  var summary = document.getElementById("error-summary");
  if (summary) {
    summary.focus();
  }

  document.querySelectorAll(".portal-menu details").forEach(function (menu) {
    menu.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && menu.open) {
        menu.open = false;
        menu.querySelector("summary").focus();
      }
    });
    menu.addEventListener("focusout", function (event) {
      if (!menu.contains(event.relatedTarget)) {
        menu.open = false;
      }
    });
  });
})();
