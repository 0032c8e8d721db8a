// The main menu on a tablet or a phone (issue 11): the top bar folds to one line (the brand, the notices, the menu
// button) and the button opens the rest. Loaded in <head> without defer so that the "js" class is on <html> before the
// first paint: the CSS folds the menu only then, and a browser without JavaScript keeps the whole menu shown.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  function setOpen(bar, open) {
    var button = bar.querySelector(".menu-toggle");
    bar.classList.toggle("menu-open", open);
    if (button) button.setAttribute("aria-expanded", open ? "true" : "false");
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest(".menu-toggle");
    if (!button) return;
    var bar = button.closest(".topbar");
    setOpen(bar, !bar.classList.contains("menu-open"));
  });

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var bar = document.querySelector(".topbar.menu-open");
    if (!bar) return;
    setOpen(bar, false);
    bar.querySelector(".menu-toggle").focus();
  });
})();
