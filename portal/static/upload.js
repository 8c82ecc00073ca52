/*
 * The check of a chosen file before anything is sent, on every form that states its limits once
 * (data-file-check, data-max-bytes, its file input's accept list, data-msg-*; see portal/web/file_check.py): a file
 * too large or of a refused kind never leaves the browser, and the reason is shown in the box data-error-box names.
 * The server checks every file again. Used by the project documents, the care documents, the final report's
 * receipts and the student list import; without JavaScript the forms are simply posted.
 *
 * The document upload (document_upload.html) then sends the file itself, with a <progress> bar fed by
 * XMLHttpRequest's upload events:
 *  - data-mode="server" (local storage): the form itself is posted to the portal, which answers JSON;
 *  - data-mode="direct" (S3): 1. POST JSON to data-presign-url -> presigned POST {url, fields, confirm_url};
 *    2. POST the file straight to the bucket; 3. POST JSON to confirm_url: the portal checks the object.
 * No inline script or style: the CSP is script-src 'self'.
 */
(function () {
  "use strict";

  /* The limits a form states, and its error box. */
  function FileCheck(form) {
    this.form = form;
    this.input = form.querySelector('input[type="file"]');
    this.box = document.getElementById(form.getAttribute("data-error-box") || "");
    this.maxBytes = parseInt(form.getAttribute("data-max-bytes"), 10) || 0;
    this.accepted = (this.input && this.input.getAttribute("accept") || "").toLowerCase().split(",")
      .map(function (item) { return item.trim(); }).filter(Boolean);
    this.describedBy = this.input ? this.input.getAttribute("aria-describedby") || "" : "";
  }

  FileCheck.prototype.message = function (name) {
    return this.form.getAttribute("data-msg-" + name) || this.form.getAttribute("data-msg-failed");
  };

  FileCheck.prototype.file = function () {
    return this.input && this.input.files && this.input.files[0];
  };

  /* The problem with this file, or null: the same limits the server applies again. */
  FileCheck.prototype.problemWith = function (file) {
    if (!file) {
      return this.message("no-file");
    }
    if (this.maxBytes && file.size > this.maxBytes) {
      return this.message("too-large");
    }
    var dot = file.name.lastIndexOf(".");
    var extension = dot >= 0 ? file.name.slice(dot).toLowerCase() : "";
    if (this.accepted.length && this.accepted.indexOf(extension) === -1) {
      return this.message("bad-type");
    }
    return null;
  };

  FileCheck.prototype.show = function (text, keepFocus) {
    if (!this.box) {
      return;
    }
    this.box.textContent = text || this.message("failed");
    this.box.classList.remove("d-none");
    if (this.input) {
      this.input.setAttribute("aria-invalid", "true");
      this.input.setAttribute("aria-describedby", (this.describedBy + " " + this.box.id).trim());
    }
    if (!keepFocus) {
      this.box.focus();
    }
  };

  FileCheck.prototype.clear = function () {
    if (this.box) {
      this.box.textContent = "";
      this.box.classList.add("d-none");
    }
    if (this.input) {
      this.input.removeAttribute("aria-invalid");
      if (this.describedBy) {
        this.input.setAttribute("aria-describedby", this.describedBy);
      } else {
        this.input.removeAttribute("aria-describedby");
      }
    }
  };

  /* Check the file as soon as it is chosen: announced (role=alert), the focus stays on the file input. */
  function watch(form) {
    var check = new FileCheck(form);
    if (check.input) {
      check.input.addEventListener("change", function () {
        check.clear();
        var file = check.file();
        var problem = file ? check.problemWith(file) : null;
        if (problem) {
          check.show(problem, true);
        }
      });
    }
    return check;
  }

  var form = document.getElementById("document-upload-form");
  var sendsItself = form && window.XMLHttpRequest && window.FormData && window.Promise;

  /* Every other form: a refused file stops the sending; otherwise the browser posts the form as usual. */
  Array.prototype.forEach.call(document.querySelectorAll("form[data-file-check]"), function (other) {
    if (sendsItself && other === form) {
      return;
    }
    var check = watch(other);
    other.addEventListener("submit", function (event) {
      check.clear();
      var problem = check.problemWith(check.file());
      if (problem) {
        event.preventDefault();
        check.show(problem);
      }
    });
  });

  if (!sendsItself) {
    return;
  }
  var check = watch(form);
  var kindInput = form.querySelector('[name="kind"]');
  var replacesInput = form.querySelector('[name="replaces"]');
  var csrfInput = form.querySelector('input[name="csrf_token"]');
  var submit = document.getElementById("upload-submit");
  var block = document.getElementById("upload-progress-block");
  var progress = document.getElementById("upload-progress");
  var progressText = document.getElementById("upload-progress-text");
  var serverError = document.getElementById("upload-error");
  var failedMessage = form.getAttribute("data-msg-failed");

  function message(name) {
    return check.message(name);
  }

  function setProgress(percent) {
    var value = Math.max(0, Math.min(100, Math.round(percent)));
    progress.value = value;
    progress.textContent = value + " %";
    progressText.textContent = value + " %";
  }

  function showError(text) {
    check.show(text);
    block.hidden = true;
    submit.disabled = false;
  }

  function clearError() {
    check.clear();
    if (serverError) {
      serverError.classList.add("d-none");
    }
  }

  if (check.input && serverError) {
    check.input.addEventListener("change", function () {
      serverError.classList.add("d-none"); // the server's answer was about the previous file
    });
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

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    clearError();
    var file = check.file();
    var problem = check.problemWith(file);
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
