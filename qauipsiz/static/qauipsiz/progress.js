/* Feedback while long work runs (issue 11): nobody should wonder whether a click was taken.
 *
 * - form[data-upload-progress]: the file is sent by XMLHttpRequest so that a bar can show how much of it is uploaded;
 *   once it is, "Checking the rows…" stays until the preview arrives, which then replaces the page.
 * - form[data-busy]: on submit, its [data-busy-status] is shown and its buttons are disabled (applying an import).
 * - a[data-download]: the link shows the attribute's text ("Preparing the file…") until the file starts to download.
 *   The link is followed with a download_token; the server answers with a cookie of that name
 *   (qauipsiz.site.downloads), which says the response, and so the download, has begun.
 * Without this script every form and link works as plain HTML.
 */
(function () {
  "use strict";

  function disableButtons(form) {
    // After the submit event: a button disabled during it would be left out of the submitted data.
    window.setTimeout(function () {
      form.querySelectorAll("button, input[type=submit]").forEach(function (button) { button.disabled = true; });
    }, 0);
  }

  function showPage(xhr) {
    var address = xhr.getResponseHeader("X-Preview-Url");
    if (address) {
      // A reload then shows the preview again instead of posting the file twice.
      window.history.replaceState(null, "", address);
    }
    document.open();
    document.write(xhr.responseText);
    document.close();
  }

  function upload(event, form) {
    if (!window.FormData || !window.XMLHttpRequest) { return; }
    var status = form.querySelector("[data-upload-status]");
    if (!status) { return; }
    event.preventDefault();
    var bar = status.querySelector("progress");
    var text = status.querySelector("[data-upload-text]");
    var xhr = new XMLHttpRequest();
    xhr.open("POST", form.getAttribute("action") || window.location.href);
    xhr.upload.addEventListener("progress", function (progress) {
      if (!progress.lengthComputable) { return; }
      bar.max = progress.total;
      bar.value = progress.loaded;
      text.textContent = form.dataset.uploadingText + " " + Math.floor(100 * progress.loaded / progress.total) + " %";
    });
    xhr.upload.addEventListener("load", function () {
      bar.removeAttribute("value");  // indeterminate: the server is checking the rows
      status.classList.add("checking");
      text.textContent = form.dataset.checkingText;
    });
    xhr.addEventListener("load", function () { showPage(xhr); });
    xhr.addEventListener("error", function () {
      // Let the browser try the plain way and say what went wrong.
      form.removeAttribute("data-upload-progress");
      form.submit();
    });
    var data = new FormData(form);
    status.hidden = false;
    bar.value = 0;
    text.textContent = form.dataset.uploadingText;
    form.setAttribute("aria-busy", "true");
    disableButtons(form);
    xhr.send(data);
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (event.defaultPrevented || !(form instanceof HTMLFormElement)) { return; }
    if (form.hasAttribute("data-upload-progress")) {
      upload(event, form);
    } else if (form.hasAttribute("data-busy")) {
      var status = form.querySelector("[data-busy-status]");
      if (status) { status.hidden = false; }
      form.setAttribute("aria-busy", "true");
      disableButtons(form);
    }
  });

  function randomToken() {
    var bytes = new Uint8Array(12);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  function cookieSeen(name) {
    return document.cookie.split("; ").some(function (part) { return part.indexOf(name + "=") === 0; });
  }

  function prepare(link) {
    var token = randomToken();
    var cookie = "download-" + token;
    var address = new URL(link.href, window.location.href);
    address.searchParams.set("download_token", token);
    var note = document.createElement("span");
    note.className = "preparing-note";
    note.setAttribute("role", "status");
    note.textContent = link.dataset.download;
    link.classList.add("preparing");
    link.setAttribute("aria-busy", "true");
    link.insertAdjacentElement("afterend", note);
    var started = Date.now();
    var timer = window.setInterval(function () {
      var arrived = cookieSeen(cookie);
      if (arrived || Date.now() - started > 180000) {
        window.clearInterval(timer);
        document.cookie = cookie + "=; Max-Age=0; Path=/; SameSite=Lax";
        link.classList.remove("preparing");
        link.removeAttribute("aria-busy");
        note.remove();
      }
    }, 200);
    window.location.assign(address.toString());
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a[data-download]") : null;
    if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey ||
        event.altKey || link.target === "_blank") { return; }
    event.preventDefault();
    if (link.classList.contains("preparing")) { return; }  // one file at a time from one link
    prepare(link);
  });
})();
