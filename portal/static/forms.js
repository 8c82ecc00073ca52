/*
 * Forms that guide (templates/_form.html); no inline script: the CSP is script-src 'self'.
 *  - data-show-when="controller=value1|value2": the block is shown only while the form's field named `controller`
 *    holds one of the values (a check box counts as its value when ticked). Without JavaScript every block stays
 *    visible with its "only if …" hint; the server ignores the blocks that do not apply.
 *  - A link of the error summary moves the focus to its field and brings the field's label into view.
 */
(function () {
  "use strict";

  function controlsNamed(scope, name) {
    return Array.prototype.filter.call(scope.querySelectorAll("input, select, textarea"), function (control) {
      return control.name === name;
    });
  }

  function currentValue(controls) {
    for (var i = 0; i < controls.length; i += 1) {
      var control = controls[i];
      if (control.type === "radio" || control.type === "checkbox") {
        if (control.checked) {
          return control.value;
        }
      } else {
        return control.value;
      }
    }
    return "";
  }

  document.querySelectorAll("[data-show-when]").forEach(function (block) {
    var spec = block.getAttribute("data-show-when");
    var equals = spec.indexOf("=");
    var scope = block.closest("form") || document;
    var controls = controlsNamed(scope, spec.slice(0, equals));
    var values = spec.slice(equals + 1).split("|");
    if (!controls.length) {
      return;
    }
    block.querySelectorAll(".show-when-hint").forEach(function (hint) {
      hint.hidden = true;
    });
    function update() {
      block.hidden = values.indexOf(currentValue(controls)) === -1;
    }
    controls.forEach(function (control) {
      control.addEventListener("change", update);
    });
    update();
  });

  var summary = document.getElementById("error-summary");
  if (summary) {
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#']");
      var target = link && document.getElementById(link.getAttribute("href").slice(1));
      if (!target) {
        return;
      }
      event.preventDefault();
      var fieldset = target.closest("fieldset");
      var label = document.querySelector("label[for='" + target.id + "']");
      var shown = (target.type === "radio" && fieldset && fieldset.querySelector("legend")) || label || target;
      shown.scrollIntoView();
      target.focus({ preventScroll: true });
    });
  }
})();
