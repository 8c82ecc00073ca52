/*
 * Confirm before acting, in place (portal/web/confirm.py; no inline script: the CSP is script-src 'self').
 * A form marked data-confirm is first posted in the background with the X-Confirm-Dialog header: the server changes
 * nothing and answers 428 with the confirmation fragment (the same template as the page shown without JavaScript),
 * which opens in a native <dialog>. Its own form posts the same fields with confirmed=1. Any other answer (a form
 * error, a refusal) sends the form as usual, so the page says what is wrong.
 */
(function () {
  "use strict";

  if (!window.fetch || typeof HTMLDialogElement !== "function") {
    return;
  }

  function fieldsOf(form, submitter) {
    var data = new FormData(form);
    if (submitter && submitter.name) {
      data.append(submitter.name, submitter.value);
    }
    return new URLSearchParams(data);
  }

  function targetOf(form, submitter) {
    return submitter && submitter.hasAttribute("formaction") ? submitter.formAction : form.action;
  }

  function dialog() {
    var box = document.getElementById("confirm-dialog");
    if (box) {
      return box;
    }
    box = document.createElement("dialog");
    box.id = "confirm-dialog";
    box.className = "confirm";  // portal.css styles dialog.confirm
    box.setAttribute("aria-labelledby", "confirm-title");
    (document.getElementById("content") || document.body).appendChild(box);
    box.addEventListener("click", function (event) {
      if (event.target.closest("[data-confirm-cancel]")) {
        event.preventDefault();
        box.close();
      }
    });
    box.addEventListener("close", function () {
      if (box.opener && box.opener.focus) {
        box.opener.focus();
      }
    });
    return box;
  }

  function sendAsUsual(form, submitter) {
    form.setAttribute("data-confirm-sent", "");
    if (form.requestSubmit) {
      form.requestSubmit(submitter || undefined);
    } else {
      form.submit();
    }
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (event.defaultPrevented || !form.matches || !form.matches("form[data-confirm]")) {
      return;
    }
    if (form.hasAttribute("data-confirm-sent")) {
      form.removeAttribute("data-confirm-sent");
      return;
    }
    event.preventDefault();
    var submitter = event.submitter;
    fetch(targetOf(form, submitter), {
      method: "POST", body: fieldsOf(form, submitter), credentials: "same-origin",
      headers: { "X-Confirm-Dialog": "1" }
    }).then(function (response) {
      if (response.status !== 428) {
        sendAsUsual(form, submitter);
        return null;
      }
      return response.text();
    }).then(function (html) {
      if (html === null) {
        return;
      }
      var box = dialog();
      box.innerHTML = html;
      box.opener = submitter || form;
      box.showModal();
    }).catch(function () {
      sendAsUsual(form, submitter);
    });
  });
})();
