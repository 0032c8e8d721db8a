// Searchable pickers (issue 11): a search box before each select (or list of checkboxes) marked data-picker; typing
// hides the choices that do not contain the words typed, in any order. The select itself stays the form's input, so
// without JavaScript the plain select works, and htmx may swap it (views/pickers.py) while the words typed stay and
// are applied to the new choices. Keyboard: Enter takes the first choice found (a select) or moves to it (checkboxes),
// Down moves to the list, Escape clears the search.
(function () {
  "use strict";

  function words(text) {
    return (text || "").toLocaleLowerCase().split(/\s+/).filter(Boolean);
  }

  function targetOf(marked) {
    // A select carries the mark itself; checkboxes each carry it, inside the list Django wraps in <div id=...>.
    return marked.tagName === "SELECT" ? marked : marked.closest("div[id]");
  }

  function choices(target) {
    if (target.tagName === "SELECT") {
      return Array.prototype.filter.call(target.options, function (o) { return o.value !== ""; });
    }
    return Array.prototype.map.call(target.querySelectorAll("input[data-picker]"), function (input) {
      return input.closest("label").parentNode;
    });
  }

  function apply(box) {
    var target = document.getElementById(box.getAttribute("aria-controls"));
    if (!target) return;
    var wanted = words(box.value), found = 0;
    choices(target).forEach(function (choice) {
      var text = choice.textContent.toLocaleLowerCase();
      var shown = wanted.every(function (w) { return text.indexOf(w) !== -1; });
      choice.hidden = !shown;
      if (target.tagName === "SELECT") choice.disabled = !shown && !choice.selected;
      if (shown) found += 1;
    });
    Array.prototype.forEach.call(target.querySelectorAll("optgroup"), function (group) {
      group.hidden = !Array.prototype.some.call(group.children, function (o) { return !o.hidden; });
    });
    var status = box.parentNode.querySelector(".picker-found");
    if (status) status.textContent = wanted.length ? status.dataset.text.replace("%(count)s", found) : "";
  }

  function first(target) {
    return choices(target).filter(function (c) { return !c.hidden; })[0];
  }

  function onKey(event) {
    var box = event.target, target = document.getElementById(box.getAttribute("aria-controls"));
    if (!target) return;
    if (event.key === "Enter") {
      event.preventDefault();  // never submits the form from the search box
      var choice = first(target);
      if (!choice) return;
      if (target.tagName === "SELECT") {
        choice.selected = true;
        target.dispatchEvent(new Event("change", {bubbles: true}));
        target.focus();
      } else {
        choice.querySelector("input").focus();
      }
    } else if (event.key === "ArrowDown") {
      event.preventDefault();
      var next = first(target);
      (target.tagName === "SELECT" || !next ? target : next.querySelector("input")).focus();
    } else if (event.key === "Escape" && box.value) {
      event.preventDefault();
      box.value = "";
      apply(box);
    }
  }

  function enhance(target) {
    if (!target.id) return;
    var box = document.querySelector('input.picker-search[aria-controls="' + target.id + '"]');
    if (box) { apply(box); return; }  // the select was swapped by htmx: the words typed apply to its new choices
    var marked = target.tagName === "SELECT" ? target : target.querySelector("input[data-picker]");
    var wrap = document.createElement("div");
    wrap.className = "picker";
    box = document.createElement("input");
    box.type = "search";
    box.className = "picker-search";
    box.autocomplete = "off";
    box.placeholder = marked.dataset.picker;
    box.setAttribute("aria-controls", target.id);
    var label = document.querySelector('label[for="' + (marked.id || target.id) + '"]');
    box.setAttribute("aria-label", (label ? label.textContent.trim() + ": " : "") + marked.dataset.picker);
    box.addEventListener("input", function () { apply(box); });
    box.addEventListener("keydown", onKey);
    var status = document.createElement("span");
    status.className = "picker-found";
    status.setAttribute("aria-live", "polite");
    status.dataset.text = marked.dataset.pickerFound || "%(count)s";
    wrap.appendChild(box);
    wrap.appendChild(status);
    target.parentNode.insertBefore(wrap, target);
  }

  function enhanceAll(root) {
    var seen = [];
    Array.prototype.forEach.call((root || document).querySelectorAll("[data-picker]"), function (marked) {
      var target = targetOf(marked);
      if (target && seen.indexOf(target) === -1) { seen.push(target); enhance(target); }
    });
    if (root && root.matches && root.matches("[data-picker]")) enhance(targetOf(root));
  }

  // A picker re-drawn by htmx keeps what is chosen in it now: the server kept what the form held when the request
  // left, and a choice made while the answer was on its way would otherwise be undone.
  function keepChosen(event) {
    var target = event.detail.target, fragment = event.detail.fragment;
    if (!target || !target.id || !fragment || !fragment.querySelector) return;
    var fresh = fragment.querySelector("#" + CSS.escape(target.id));
    if (!fresh) return;
    if (target.tagName === "SELECT" && fresh.tagName === "SELECT") {
      var chosen = Array.prototype.map.call(target.selectedOptions, function (o) { return o.value; });
      Array.prototype.forEach.call(fresh.options, function (o) {
        o.defaultSelected = o.selected = chosen.indexOf(o.value) !== -1;
      });
    } else {
      var checked = Array.prototype.map.call(target.querySelectorAll("input:checked"), function (i) { return i.value; });
      Array.prototype.forEach.call(fresh.querySelectorAll("input[type=checkbox]"), function (i) {
        i.defaultChecked = i.checked = checked.indexOf(i.value) !== -1;
      });
    }
  }

  document.addEventListener("htmx:oobBeforeSwap", keepChosen);
  document.addEventListener("DOMContentLoaded", function () { enhanceAll(document); });
  document.addEventListener("htmx:load", function (event) { enhanceAll(event.detail.elt); });
})();
