/*
 * The minutes editor: add, remove and reorder agenda items, decisions and attendance rows
 * in the page, so nothing typed elsewhere is lost. Numbers (১, ২ … and ২.১, ২.২ …) are
 * shown live; field names ("items-0-decisions-1-text") follow the position and are
 * renumbered after every change and again before submitting. Hidden ids travel with their
 * rows, so the server updates existing items and decisions in place.
 *
 * Without this script the same buttons submit the form and the server performs the
 * operation (committee/meetings/actions.py). CSP: no inline code; listeners only.
 */
(function () {
  "use strict";

  var BN = "০১২৩৪৫৬৭৮৯";

  function bn(n) {
    return String(n).replace(/[0-9]/g, function (d) { return BN[Number(d)]; });
  }

  function children(container, kind) {
    return Array.prototype.filter.call(container.children, function (el) {
      return el.getAttribute("data-row") === kind;
    });
  }

  function fill(pattern, i, j, k) {
    return pattern.replace("{i}", i).replace("{j}", j).replace("{k}", k);
  }

  function rename(scope, i, j, k, own) {
    // Only the fields that belong to this row, not to rows nested inside it.
    scope.querySelectorAll("[data-name]").forEach(function (el) {
      if (own && el.closest("[data-row]") !== scope) { return; }
      var value = fill(el.getAttribute("data-name"), i, j, k);
      if (el.tagName === "BUTTON") { el.value = value; } else { el.name = value; }
    });
  }

  function renumber(form) {
    var items = children(form.querySelector("[data-items]"), "item");
    items.forEach(function (item, i) {
      item.querySelector("[data-item-number]").textContent = bn(i + 1);
      rename(item, i, "", "", true);
      var box = item.querySelector("[data-decisions]");
      children(box, "decision").forEach(function (decision, j) {
        decision.querySelector("[data-decision-number]").textContent = bn(i + 1) + "." + bn(j + 1);
        rename(decision, i, j, "", true);
      });
    });
    children(form.querySelector("[data-attendance]"), "attendee").forEach(function (row, k) {
      rename(row, "", "", k, true);
    });
  }

  function cloneTemplate(id) {
    var fragment = document.getElementById(id).content.cloneNode(true);
    var row = fragment.querySelector("[data-row]");
    prepareButtons(row);
    return row;
  }

  function prepareButtons(scope) {
    // Buttons act in the page; they must not submit (Enter in a field then saves).
    scope.querySelectorAll("button[data-op]").forEach(function (button) {
      button.type = "button";
    });
  }

  function hasText(row) {
    return Array.prototype.some.call(
      row.querySelectorAll("input[type=text], input[type=date], textarea"),
      function (el) { return el.value.trim() !== ""; }
    );
  }

  function focusFirst(row) {
    var field = row.querySelector("input[type=text], textarea");
    if (field) { field.focus(); }
  }

  function move(row, op) {
    var kind = row.getAttribute("data-row");
    var sibling = row;
    do {
      sibling = op === "up" ? sibling.previousElementSibling : sibling.nextElementSibling;
    } while (sibling && sibling.getAttribute("data-row") !== kind);
    if (!sibling) { return; }
    if (op === "up") { row.parentNode.insertBefore(row, sibling); }
    else { row.parentNode.insertBefore(sibling, row); }
  }

  function act(form, button) {
    var op = button.getAttribute("data-op");
    var row = button.closest("[data-row]");
    var added = null;
    if (op === "add-item") {
      added = form.querySelector("[data-items]").appendChild(cloneTemplate("tpl-item"));
    } else if (op === "add-decision") {
      added = row.querySelector("[data-decisions]").appendChild(cloneTemplate("tpl-decision"));
    } else if (op === "add-attendee") {
      added = form.querySelector("[data-attendance]").appendChild(cloneTemplate("tpl-attendee"));
    } else if (op === "remove") {
      if (hasText(row) && !window.confirm("এই অংশের লেখা মুছে যাবে। নিশ্চিত?")) { return; }
      row.parentNode.removeChild(row);
    } else if (op === "up" || op === "down") {
      move(row, op);
      button.focus();
    }
    renumber(form);
    if (added) { focusFirst(added); }
  }

  function init(form) {
    prepareButtons(form);
    renumber(form);
    form.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-op]");
      if (!button || !form.contains(button)) { return; }
      event.preventDefault();
      act(form, button);
    });
    form.addEventListener("submit", function () { renumber(form); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-meeting-editor]").forEach(init);
  });
}());
