// Documents feature: the distribution list editor (drag, move to top/bottom, keyboard,
// remove, add rows, presets, bring back a left-out row) and the print button.
// Loaded as a file because the CSP forbids inline scripts and styles.
(function () {
  "use strict";
  var digits = "০১২৩৪৫৬৭৮৯";
  function bn(n) { return String(n).replace(/[0-9]/g, function (d) { return digits[+d]; }); }

  var printButton = document.getElementById("js-print");
  if (printButton) { printButton.addEventListener("click", function () { window.print(); }); }

  var body = document.getElementById("distribution-body");
  if (!body) { return; }
  var status = document.getElementById("reorder-status");

  function rows() { return Array.prototype.slice.call(body.querySelectorAll("tr")); }
  function textOf(row) { return row.querySelector("input").value.trim(); }
  function key(text) { return text.replace(/[\s,.।;:()\-]+/g, " ").trim(); }

  function renumber() {
    rows().forEach(function (row, i) {
      var cell = row.querySelector(".row-number");
      if (cell) { cell.textContent = bn(i + 1) + ")"; }
      row.querySelector("input").setAttribute("aria-label", "প্রাপক " + bn(i + 1));
      row.querySelector("select").setAttribute("aria-label", "ধরন " + bn(i + 1));
    });
  }

  function announce(row) {
    if (!status) { return; }
    var place = rows().indexOf(row) + 1;
    status.textContent = "“" + (textOf(row) || "খালি সারি") + "” এখন " + bn(place) + " নম্বরে";
  }

  // Moving a node out of the document loses its focus: give it back.
  function move(row, before, focus) {
    var active = document.activeElement;
    var keep = row.contains(active) ? active : focus;
    body.insertBefore(row, before);
    renumber();
    if (keep) { keep.focus(); }
    announce(row);
  }

  function toTop(row, focus) { move(row, body.firstElementChild, focus); }
  function toBottom(row, focus) {
    // Blank rows stay last: the bottom is after the last row with a recipient.
    var filled = rows().filter(function (r) { return r !== row && textOf(r); });
    var last = filled[filled.length - 1];
    move(row, last ? last.nextElementSibling : body.firstElementChild, focus);
  }
  function up(row, focus) { if (row.previousElementSibling) { move(row, row.previousElementSibling, focus); } }
  function down(row, focus) {
    var next = row.nextElementSibling;
    if (next) { move(row, next.nextElementSibling, focus); }
  }

  body.addEventListener("click", function (event) {
    var button = event.target.closest("button");
    if (!button) { return; }
    var row = button.closest("tr");
    if (button.classList.contains("js-top")) { toTop(row, button); }
    else if (button.classList.contains("js-bottom")) { toBottom(row, button); }
    else if (button.classList.contains("js-up")) { up(row, button); }
    else if (button.classList.contains("js-down")) { down(row, button); }
    else if (button.classList.contains("js-remove")) {
      var next = row.nextElementSibling || row.previousElementSibling;
      if (rows().length > 1) { row.remove(); } else { row.querySelector("input").value = ""; }
      renumber();
      if (next) { next.querySelector("input").focus(); }
      if (status) { status.textContent = "সারি বাদ দেওয়া হয়েছে"; }
    }
  });

  body.addEventListener("keydown", function (event) {
    if (!event.altKey || event.ctrlKey || event.metaKey) { return; }
    var row = event.target.closest("tr");
    if (!row) { return; }
    var actions = { ArrowUp: up, ArrowDown: down, Home: toTop, End: toBottom };
    var action = actions[event.key];
    if (!action) { return; }
    event.preventDefault();
    action(row, event.target);
  });

  // Drag and drop by the ⠿ handle: the row is dropped before the row under the pointer
  // (after it when the pointer is on that row's lower half).
  var dragged = null;
  body.addEventListener("dragstart", function (event) {
    var handle = event.target.closest && event.target.closest(".drag-handle");
    if (!handle) { event.preventDefault(); return; }
    dragged = handle.closest("tr");
    dragged.classList.add("dragging");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", textOf(dragged));
  });
  body.addEventListener("dragover", function (event) {
    if (!dragged) { return; }
    event.preventDefault();
    event.dataTransfer.dropEffect = "move";
    rows().forEach(function (r) { r.classList.remove("drop-before", "drop-after"); });
    var target = event.target.closest("tr");
    if (target && target !== dragged) {
      var box = target.getBoundingClientRect();
      target.classList.add(event.clientY < box.top + box.height / 2 ? "drop-before" : "drop-after");
    }
  });
  body.addEventListener("drop", function (event) {
    if (!dragged) { return; }
    event.preventDefault();
    var target = event.target.closest("tr");
    if (target && target !== dragged) {
      var box = target.getBoundingClientRect();
      var after = event.clientY >= box.top + box.height / 2;
      move(dragged, after ? target.nextElementSibling : target, dragged.querySelector("input"));
    }
  });
  body.addEventListener("dragend", function () {
    rows().forEach(function (r) { r.classList.remove("dragging", "drop-before", "drop-after"); });
    dragged = null;
  });

  // A new row in the first blank row (or a copy of the last row), focused.
  function addRow(text, tag) {
    var blank = rows().filter(function (r) { return !textOf(r); })[0];
    var row = blank;
    if (!row) {
      var all = rows();
      row = all[all.length - 1].cloneNode(true);
      body.appendChild(row);
    }
    row.querySelector("input").value = text || "";
    row.querySelector("select").value = tag || "action";
    renumber();
    return row;
  }

  function present(text) {
    var wanted = key(text);
    return rows().some(function (r) { return key(textOf(r)) === wanted; });
  }

  var add = document.getElementById("js-add-row");
  if (add) {
    add.addEventListener("click", function () {
      var all = rows();
      var copy = all[all.length - 1].cloneNode(true);
      copy.querySelector("input").value = "";
      copy.querySelector("select").value = "action";
      body.appendChild(copy);
      renumber();
      copy.querySelector("input").focus();
    });
  }

  function offer(button, text, tag) {
    if (present(text)) {
      if (status) { status.textContent = "“" + text + "” তালিকায় আগেই আছে"; }
    } else {
      announce(addRow(text, tag));
    }
    button.disabled = true;
  }

  Array.prototype.forEach.call(document.querySelectorAll(".js-preset"), function (button) {
    if (present(button.dataset.text)) { button.disabled = true; }
    button.addEventListener("click", function () {
      offer(button, button.dataset.text, button.dataset.tag);
    });
  });
  Array.prototype.forEach.call(document.querySelectorAll(".js-restore"), function (button) {
    button.addEventListener("click", function () {
      offer(button, button.dataset.text, "action");
      button.closest("li").classList.add("restored");
    });
  });
})();
