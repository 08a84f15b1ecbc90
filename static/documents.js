// Documents feature: the distribution list editor (reorder, remove, add rows) and the
// print button. Loaded as a file because the CSP forbids inline scripts.
(function () {
  "use strict";
  var digits = "০১২৩৪৫৬৭৮৯";
  function bn(n) { return String(n).replace(/[0-9]/g, function (d) { return digits[+d]; }); }

  var printButton = document.getElementById("js-print");
  if (printButton) { printButton.addEventListener("click", function () { window.print(); }); }

  var body = document.getElementById("distribution-body");
  if (!body) { return; }

  function renumber() {
    Array.prototype.forEach.call(body.querySelectorAll("tr"), function (row, i) {
      var cell = row.querySelector(".row-number");
      if (cell) { cell.textContent = bn(i + 1) + ")"; }
    });
  }

  body.addEventListener("click", function (event) {
    var button = event.target.closest("button");
    if (!button) { return; }
    var row = button.closest("tr");
    if (button.classList.contains("js-up") && row.previousElementSibling) {
      body.insertBefore(row, row.previousElementSibling);
    } else if (button.classList.contains("js-down") && row.nextElementSibling) {
      body.insertBefore(row.nextElementSibling, row);
    } else if (button.classList.contains("js-remove")) {
      if (body.querySelectorAll("tr").length > 1) { row.remove(); }
      else { row.querySelector("input").value = ""; }
    }
    renumber();
  });

  var add = document.getElementById("js-add-row");
  if (add) {
    add.addEventListener("click", function () {
      var rows = body.querySelectorAll("tr");
      var copy = rows[rows.length - 1].cloneNode(true);
      copy.querySelector("input").value = "";
      copy.querySelector("select").value = "action";
      body.appendChild(copy);
      renumber();
      copy.querySelector("input").focus();
    });
  }
})();
