/* The top bar on a phone (issue 16): the menu button shows and hides the links and the
   account block (static/app.css hides them below 720 px once this script has run, so
   without it they simply wrap). No inline script: the CSP allows only our own files. */
(function () {
  "use strict";
  var bar = document.querySelector("header.topbar");
  var button = bar && bar.querySelector("button.nav-toggle");
  if (!button) { return; }
  bar.classList.add("js-menu");
  function show(open) {
    bar.classList.toggle("menu-open", open);
    button.setAttribute("aria-expanded", open ? "true" : "false");
  }
  button.addEventListener("click", function () {
    show(!bar.classList.contains("menu-open"));
  });
  bar.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && bar.classList.contains("menu-open")) {
      show(false);
      button.focus();
    }
  });
}());
