/* The committee form: add/remove member rows, and show the chosen district's upazilas.
   Loaded as a file because the Content-Security-Policy forbids inline scripts. */
(function () {
  "use strict";
  var form = document.querySelector("form.committee-form");
  if (!form) { return; }

  var body = form.querySelector("tbody.members");
  var template = document.getElementById("member-row-template");
  var next = parseInt(body.getAttribute("data-next-index"), 10) || 0;

  form.querySelector("[data-add-member]").addEventListener("click", function () {
    // insertAdjacentHTML leaves the existing rows (and what is typed in them) untouched.
    body.insertAdjacentHTML("beforeend", template.innerHTML.replace(/__index__/g, String(next)));
    next += 1;
    var input = body.lastElementChild.querySelector("input");
    if (input) { input.focus(); }
  });

  body.addEventListener("click", function (event) {
    var button = event.target.closest("[data-remove-member]");
    if (button) { button.closest("tr").remove(); }
  });

  var level = form.querySelector("select[name=level]");
  var district = form.querySelector("select[name=district]");
  var upazila = form.querySelector("select[name=upazila]");
  var upazilaField = form.querySelector(".upazila-field");

  function syncUpazilas() {
    upazilaField.hidden = level.value !== "upazila";
    var groups = upazila.querySelectorAll("optgroup");
    Array.prototype.forEach.call(groups, function (group) {
      var show = group.label === district.value;
      group.hidden = !show;
      group.disabled = !show;
      if (!show && group.contains(upazila.selectedOptions[0])) { upazila.value = ""; }
    });
  }
  level.addEventListener("change", syncUpazilas);
  district.addEventListener("change", syncUpazilas);
  syncUpazilas();
}());
