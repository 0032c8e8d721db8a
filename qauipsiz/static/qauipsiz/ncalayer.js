/* Qualified electronic signature (ЭЦП) through NCALayer, for the signing fields of any form (ledger/_sign_fields.html).

   NCALayer, the national PKI's signing application, listens on wss://127.0.0.1:13579/ on the signer's own computer.
   It is asked for a detached CMS (CAdES) over the base64 content in data-content, made with the signer's key; its
   answer goes into the hidden sign_cms field and the form is submitted. The server verifies the signature against
   the same content. Every message shown comes from the fieldset's data-msg-* attributes, translated by the page:
   this file holds no text of its own. Plain script, no build step, nothing from a CDN. */
(function () {
  "use strict";

  var REQUEST_MODULE = "kz.gov.pki.knca.commonUtils";
  var REQUEST_METHOD = "createCAdESFromBase64";

  function field(box, suffix) {
    // With a form prefix the names are "prefix-sign_cms" and so on.
    return box.querySelector("[name='" + suffix + "'], [name$='-" + suffix + "']");
  }

  function chosenMethod(box) {
    var checked = box.querySelector("input[type=radio][name$='sign_method']:checked");
    return checked ? checked.value : "password";
  }

  function setup(box) {
    if (box.dataset.signingReady) {
      return; // the partial may be included, and this script loaded, more than once on a page
    }
    box.dataset.signingReady = "1";
    var form = box.closest("form");
    var status = box.querySelector("[data-ncalayer-status]");
    var button = box.querySelector("[data-ncalayer-sign]");
    var cmsField = field(box, "sign_cms");
    var radios = box.querySelectorAll("input[type=radio][name$='sign_method']");

    function show(message, detail, waiting) {
      status.textContent = detail ? message + " " + detail : message;
      status.classList.toggle("waiting", Boolean(waiting));
      status.hidden = !message;
    }

    function showChosenMethod() {
      var method = chosenMethod(box);
      box.querySelectorAll("[data-sign-for]").forEach(function (part) {
        part.hidden = part.getAttribute("data-sign-for") !== method;
      });
    }

    function submitWith(cms) {
      cmsField.value = cms;
      radios.forEach(function (radio) {
        radio.checked = radio.value === "cms";
      });
      var submitter = form.querySelector("[data-sign-submit]");
      if (form.requestSubmit) {
        form.requestSubmit(submitter || undefined);
      } else {
        form.submit();
      }
    }

    function signWithNcaLayer() {
      var finished = false;
      var socket;
      function finish(message, detail) {
        if (finished) {
          return;
        }
        finished = true;
        button.disabled = false;
        if (message) {
          show(message, detail);
        }
      }
      cmsField.value = "";
      button.disabled = true;
      show(box.dataset.msgWaiting, "", true);
      try {
        socket = new WebSocket(box.dataset.ncalayerUrl);
      } catch (error) {
        finish(box.dataset.msgUnavailable);
        return;
      }
      socket.onopen = function () {
        socket.send(JSON.stringify({
          module: REQUEST_MODULE,
          method: REQUEST_METHOD,
          // The key store type, what the key is for, the content (base64), and false: a detached signature.
          args: ["PKCS12", "SIGNATURE", box.dataset.content, false]
        }));
      };
      socket.onmessage = function (event) {
        var answer;
        try {
          answer = JSON.parse(event.data);
        } catch (error) {
          return;
        }
        if (!answer || answer.code === undefined) {
          return; // NCALayer greets a new connection with its version: not the answer yet
        }
        socket.close();
        if (String(answer.code) === "200" && answer.responseObject) {
          finish("");
          show("");
          submitWith(answer.responseObject);
        } else if (/cancel/i.test(String(answer.message || ""))) {
          finish(box.dataset.msgCancelled);
        } else {
          finish(box.dataset.msgFailed, String(answer.message || answer.code));
        }
      };
      socket.onerror = function () {
        finish(box.dataset.msgUnavailable);
      };
      socket.onclose = function () {
        finish(box.dataset.msgUnavailable);
      };
    }

    radios.forEach(function (radio) {
      radio.addEventListener("change", showChosenMethod);
    });
    showChosenMethod();
    if (button) {
      button.addEventListener("click", signWithNcaLayer);
    }
  }

  function setupAll(root) {
    root = root || document;
    if (root.matches && root.matches("[data-signing]")) {
      setup(root);
    }
    root.querySelectorAll("[data-signing]").forEach(setup);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { setupAll(); });
  } else {
    setupAll();
  }
  // Forms swapped in by htmx get their signing fields set up as well.
  document.addEventListener("htmx:load", function (event) { setupAll(event.target); });
})();
