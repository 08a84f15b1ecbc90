/*
 * Date boxes as officers type them (committee/formfields.py BnDateField, the minutes
 * editor): every <input data-date> gets, beside it,
 *   - the day in both calendars as it is typed ("সোমবার, ১৪ মার্চ ২০২২ = ২৯ ফাল্গুন ১৪২৮"),
 *     or what is wrong with what was typed;
 *   - a calendar picker (a browser date box without a name: it only fills the text box).
 * The calendar itself is the server's (committee/bangla.py, GET /dates/describe): this
 * script holds no calendar rule. On leaving the box a date it understood is written back as
 * দিন/মাস/বছর in Bangla digits. Rows the minutes editor adds later are handled too.
 * CSP: no inline code; the URL comes from this script tag's data-describe.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  var URL_DESCRIBE = script && script.getAttribute("data-describe");
  var BN = "০১২৩৪৫৬৭৮৯";
  var WAIT_MS = 250;

  function bn(text) {
    return String(text).replace(/[0-9]/g, function (d) { return BN[Number(d)]; });
  }

  function ask(values) {
    var query = values.map(function (v) { return "d=" + encodeURIComponent(v); }).join("&");
    return fetch(URL_DESCRIBE + "?" + query, {
      credentials: "same-origin", headers: { "Accept": "application/json" }
    }).then(function (response) {
      if (!response.ok) { throw new Error("HTTP " + response.status); }
      return response.json();
    }).then(function (body) { return body.dates; });
  }

  function show(box, answer) {
    var line = box.dateLine;
    line.classList.toggle("date-bad", !answer.ok && !answer.empty);
    line.textContent = answer.ok ? answer.both : answer.message;
    box.dateAnswer = answer.ok ? answer : null;
    box.datePicker.value = answer.ok ? answer.iso : "";
    if (answer.ok && document.activeElement !== box) { tidy(box); }
  }

  function tidy(box) {
    // A date understood is written back as দিন/মাস/বছর in Bangla digits.
    var answer = box.dateAnswer;
    if (answer && box.value === answer.text) { box.value = answer.value; answer.text = box.value; }
  }

  function describe(box) {
    var typed = box.value;
    if (!typed.trim()) { show(box, { ok: false, empty: true, message: "" }); return; }
    ask([typed]).then(function (answers) {
      if (box.value === typed) { show(box, answers[0]); }  // nothing typed meanwhile
    }).catch(function () { /* offline: the server checks the date on saving */ });
  }

  function enhance(box) {
    if (box.dateLine) { return; }
    // The browser's own picker, opened from a button: its box stays hidden (a date box
    // shows the browser's order, which reads 14032022 wrongly when typed into).
    var picker = document.createElement("input");
    picker.type = "date";
    picker.className = "date-picker";
    picker.tabIndex = -1;
    picker.setAttribute("aria-hidden", "true");
    var button = document.createElement("button");
    button.type = "button";
    button.className = "date-pick";
    button.textContent = "ক্যালেন্ডার";
    button.setAttribute("aria-label", "ক্যালেন্ডার থেকে তারিখ বেছে নিন");
    var line = document.createElement("small");
    line.className = "date-both";
    line.setAttribute("aria-live", "polite");
    line.setAttribute("data-date-both", "");
    line.id = (box.id || box.name || "date") + "-both-" + Math.random().toString(36).slice(2, 8);
    box.setAttribute("aria-describedby",
      ((box.getAttribute("aria-describedby") || "") + " " + line.id).trim());
    box.insertAdjacentElement("afterend", button);
    button.insertAdjacentElement("afterend", picker);
    picker.insertAdjacentElement("afterend", line);
    button.addEventListener("click", function (event) {
      event.preventDefault();
      try { picker.showPicker(); } catch (e) { box.focus(); }
    });
    box.dateLine = line;
    box.datePicker = picker;
    var timer = null;
    box.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () { describe(box); }, WAIT_MS);
    });
    box.addEventListener("change", function () {
      window.clearTimeout(timer);
      describe(box);
    });
    box.addEventListener("blur", function () { tidy(box); });
    picker.addEventListener("change", function () {
      if (!picker.value) { return; }
      var parts = picker.value.split("-");  // yyyy-mm-dd
      box.value = bn(parts[2] + "/" + parts[1] + "/" + parts[0]);
      describe(box);
    });
  }

  function enhanceAll(root) {
    var boxes = Array.prototype.filter.call(root.querySelectorAll("input[data-date]"),
      function (box) { return !box.dateLine; });
    boxes.forEach(enhance);
    var filled = boxes.filter(function (box) { return box.value.trim() !== ""; });
    if (!filled.length) { return; }
    ask(filled.map(function (box) { return box.value; })).then(function (answers) {
      filled.forEach(function (box, n) {
        if (box.value === answers[n].text) { show(box, answers[n]); }
      });
    }).catch(function () { /* the server checks the dates on saving */ });
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (!URL_DESCRIBE) { return; }
    enhanceAll(document);
    new MutationObserver(function (changes) {
      changes.forEach(function (change) {
        change.addedNodes.forEach(function (node) {
          if (node.nodeType === 1) { enhanceAll(node.matches("input[data-date]") ? node.parentNode : node); }
        });
      });
    }).observe(document.body, { childList: true, subtree: true });
  });
}());
