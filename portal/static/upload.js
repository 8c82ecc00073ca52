/*
 * Document upload (document_upload.html). Before anything is sent, the chosen file is checked against the limits
 * the page states once (data-max-bytes, the file input's accept list): a file too large or of a refused kind never
 * leaves the browser. Then, with a <progress> bar fed by XMLHttpRequest's upload events:
 *  - data-mode="server" (local storage): the form itself is posted to the portal, which answers JSON;
 *  - data-mode="direct" (S3): 1. POST JSON to data-presign-url -> presigned POST {url, fields, confirm_url};
 *    2. POST the file straight to the bucket; 3. POST JSON to confirm_url: the portal checks the object.
 * Without JavaScript the form is simply posted. No inline script or style: the CSP is script-src 'self'.
 */
(function () {
  "use strict";

  var form = document.getElementById("document-upload-form");
  if (!form || !window.XMLHttpRequest || !window.FormData) {
    return;
  }
  var fileInput = form.querySelector('input[type="file"]');
  var kindInput = form.querySelector('[name="kind"]');
  var replacesInput = form.querySelector('[name="replaces"]');
  var csrfInput = form.querySelector('input[name="csrf_token"]');
  var submit = document.getElementById("upload-submit");
  var block = document.getElementById("upload-progress-block");
  var progress = document.getElementById("upload-progress");
  var progressText = document.getElementById("upload-progress-text");
  var errorBox = document.getElementById("upload-error-js");
  var serverError = document.getElementById("upload-error");
  var maxBytes = parseInt(form.getAttribute("data-max-bytes"), 10) || 0;
  var accepted = (fileInput && fileInput.getAttribute("accept") || "").toLowerCase().split(",").filter(Boolean);
  var failedMessage = form.getAttribute("data-msg-failed");

  function message(name) {
    return form.getAttribute("data-msg-" + name) || failedMessage;
  }

  function setProgress(percent) {
    var value = Math.max(0, Math.min(100, Math.round(percent)));
    progress.value = value;
    progress.textContent = value + " %";
    progressText.textContent = value + " %";
  }

  var describedBy = fileInput ? fileInput.getAttribute("aria-describedby") || "" : "";

  function showError(text, keepFocus) {
    errorBox.textContent = text || failedMessage;
    errorBox.classList.remove("d-none");
    block.hidden = true;
    submit.disabled = false;
    if (fileInput) {
      fileInput.setAttribute("aria-invalid", "true");
      fileInput.setAttribute("aria-describedby", (describedBy + " upload-error-js").trim());
    }
    if (!keepFocus) {
      errorBox.focus();
    }
  }

  function clearError() {
    errorBox.textContent = "";
    errorBox.classList.add("d-none");
    if (fileInput) {
      fileInput.removeAttribute("aria-invalid");
      if (describedBy) {
        fileInput.setAttribute("aria-describedby", describedBy);
      } else {
        fileInput.removeAttribute("aria-describedby");
      }
    }
    if (serverError) {
      serverError.classList.add("d-none");
    }
  }

  /* The problem with this file, or null: the same limits the server applies again. */
  function problemWith(file) {
    if (!file) {
      return message("no-file");
    }
    if (maxBytes && file.size > maxBytes) {
      return message("too-large");
    }
    var dot = file.name.lastIndexOf(".");
    var extension = dot >= 0 ? file.name.slice(dot).toLowerCase() : "";
    if (accepted.length && accepted.indexOf(extension) === -1) {
      return message("bad-type");
    }
    return null;
  }

  function answer(xhr) {
    try {
      return JSON.parse(xhr.responseText || "{}");
    } catch (error) {
      return {};
    }
  }

  /* POST `data` with a progress bar; resolves with the JSON answer (an S3 answer is empty). */
  function send(url, data, headers) {
    return new Promise(function (resolve, reject) {
      var xhr = new XMLHttpRequest();
      xhr.open("POST", url);
      Object.keys(headers || {}).forEach(function (name) {
        xhr.setRequestHeader(name, headers[name]);
      });
      xhr.upload.addEventListener("progress", function (event) {
        if (event.lengthComputable) {
          setProgress((event.loaded / event.total) * 100);
        }
      });
      xhr.addEventListener("load", function () {
        if (xhr.status >= 200 && xhr.status < 300) {
          setProgress(100);
          resolve(answer(xhr));
        } else if (xhr.status === 413) {
          reject(new Error(message("too-large")));
        } else {
          reject(new Error(answer(xhr).error || failedMessage));
        }
      });
      xhr.addEventListener("error", function () { reject(new Error(failedMessage)); });
      xhr.addEventListener("abort", function () { reject(new Error(failedMessage)); });
      xhr.send(data);
    });
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

  function throughThePortal() {
    return send(form.action, new FormData(form), { "Accept": "application/json" });
  }

  function straightToTheBucket(file) {
    var replaces = replacesInput && replacesInput.value ? replacesInput.value : null;
    return postJSON(form.getAttribute("data-presign-url"), {
      kind: kindInput ? kindInput.value : "",
      filename: file.name,
      size: file.size,
      content_type: file.type || "",
      replaces: replaces
    }).then(function (presign) {
      var data = new FormData();
      Object.keys(presign.fields).forEach(function (name) {
        data.append(name, presign.fields[name]);
      });
      data.append("file", file); // the file must come last
      return send(presign.url, data).then(function () {
        return postJSON(presign.confirm_url, { replaces: replaces });
      });
    });
  }

  if (fileInput) {
    fileInput.addEventListener("change", function () {
      clearError();
      var problem = fileInput.files && fileInput.files[0] ? problemWith(fileInput.files[0]) : null;
      if (problem) {
        showError(problem, true); // announced (role=alert), the focus stays on the file input
      }
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    clearError();
    var file = fileInput && fileInput.files && fileInput.files[0];
    var problem = problemWith(file);
    if (problem) {
      showError(problem);
      return;
    }
    submit.disabled = true;
    setProgress(0);
    block.hidden = false;
    var upload = form.getAttribute("data-mode") === "direct" ? straightToTheBucket(file) : throughThePortal();
    upload.then(function (result) {
      window.location.assign(result.redirect);
    }).catch(function (error) {
      showError(error && error.message);
    });
  });
})();
