// The error summary of a form page (issue 11, templates/core/_error_summary.html): it takes the focus when the page,
// or the part of it htmx re-drew, shows it, so that a screen reader reads it first and a tablet scrolls to it. Its
// links move the focus into the field they name (the browser alone would only scroll to a radio group's wrapper).
(function () {
  "use strict";
  if (window.qauipsizErrorSummary) return; // loaded again with a part htmx drew
  window.qauipsizErrorSummary = true;

  function focusSummary(root) {
    var box = root && root.querySelector && root.querySelector("[data-error-summary]");
    if (box) box.focus();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { focusSummary(document); });
  } else {
    focusSummary(document);
  }
  document.addEventListener("htmx:afterSettle", function (event) { focusSummary(event.detail.elt); });

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("[data-error-summary] a[href^='#']");
    if (!link) return;
    var field = document.getElementById(link.getAttribute("href").slice(1));
    if (!field) return;
    event.preventDefault();
    var input = field.matches("input, select, textarea, button") ? field
      : field.querySelector("input:not([type=hidden]), select, textarea");
    field.scrollIntoView({ block: "center" });
    (input || field).focus({ preventScroll: true });
  });
})();
