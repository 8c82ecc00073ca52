/*
 * Direct upload to S3 (document_upload.html, data-mode="direct"):
 *   1. POST JSON to the portal (data-presign-url) -> presigned POST {url, fields, confirm_url};
 *   2. POST the file straight to the bucket with XMLHttpRequest, showing a Bootstrap progress bar;
 *   3. POST JSON to confirm_url: the portal checks the object (size, type, first bytes) before it counts.
 * With data-mode="server" (local storage) the form is simply posted to the portal.
 * No inline script or style: the CSP is script-src 'self'.
 */
(function () {
  "use strict";

  var form = document.getElementById("document-upload-form");
  if (!form || form.getAttribute("data-mode") !== "direct" || !window.XMLHttpRequest || !window.FormData) {
    return;
  }
  var fileInput = form.querySelector('input[type="file"]');
  var kindInput = form.querySelector('[name="kind"]');
  var replacesInput = form.querySelector('[name="replaces"]');
  var csrfInput = form.querySelector('input[name="csrf_token"]');
  var submit = document.getElementById("upload-submit");
  var progress = document.getElementById("upload-progress");
  var bar = document.getElementById("upload-progress-bar");
  var errorBox = document.getElementById("upload-error-js");
  var serverError = document.getElementById("upload-error");
  var failedMessage = form.getAttribute("data-msg-failed");

  function setProgress(percent) {
    var value = Math.max(0, Math.min(100, Math.round(percent)));
    bar.style.width = value + "%"; // CSSOM, allowed by the CSP (no style attribute in the markup)
    bar.textContent = value + " %";
    progress.setAttribute("aria-valuenow", String(value));
  }

  function showError(message) {
    errorBox.textContent = message || failedMessage;
    errorBox.classList.remove("d-none");
    progress.classList.add("d-none");
    submit.disabled = false;
    errorBox.focus && errorBox.focus();
  }

  function clearError() {
    errorBox.textContent = "";
    errorBox.classList.add("d-none");
    if (serverError) {
      serverError.classList.add("d-none");
    }
  }

  function postJSON(url, body) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: {
        "Content-Type": "application/json",
        "Accept": "application/json",
        "X-CSRFToken": csrfInput ? csrfInput.value : ""
      },
      body: JSON.stringify(body)
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        if (!response.ok) {
          throw new Error(data.error || failedMessage);
        }
        return data;
      });
    });
  }

  function postToBucket(presign, file) {
    return new Promise(function (resolve, reject) {
      var data = new FormData();
      Object.keys(presign.fields).forEach(function (name) {
        data.append(name, presign.fields[name]);
      });
      data.append("file", file); // the file must come last
      var xhr = new XMLHttpRequest();
      xhr.open("POST", presign.url);
      xhr.upload.addEventListener("progress", function (event) {
        if (event.lengthComputable) {
          setProgress((event.loaded / event.total) * 100);
        }
      });
      xhr.addEventListener("load", function () {
        if (xhr.status >= 200 && xhr.status < 300) {
          setProgress(100);
          resolve();
        } else {
          reject(new Error(failedMessage));
        }
      });
      xhr.addEventListener("error", function () { reject(new Error(failedMessage)); });
      xhr.addEventListener("abort", function () { reject(new Error(failedMessage)); });
      xhr.send(data);
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    clearError();
    var file = fileInput && fileInput.files && fileInput.files[0];
    if (!file) {
      showError(form.getAttribute("data-msg-no-file"));
      return;
    }
    var replaces = replacesInput && replacesInput.value ? replacesInput.value : null;
    submit.disabled = true;
    setProgress(0);
    progress.classList.remove("d-none");
    postJSON(form.getAttribute("data-presign-url"), {
      kind: kindInput ? kindInput.value : "",
      filename: file.name,
      size: file.size,
      content_type: file.type || "",
      replaces: replaces
    }).then(function (presign) {
      return postToBucket(presign, file).then(function () {
        return postJSON(presign.confirm_url, { replaces: replaces });
      });
    }).then(function (result) {
      window.location.assign(result.redirect);
    }).catch(function (error) {
      showError(error && error.message);
    });
  });
})();
