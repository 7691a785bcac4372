// Drop-down menus of the header are <details> elements and work without this script; it only closes the
// other menus when one opens, and every menu on Escape or a click outside it.
(function () {
  "use strict";
  function menus() { return document.querySelectorAll("header details"); }
  document.addEventListener("toggle", function (event) {
    var opened = event.target;
    if (!(opened instanceof HTMLDetailsElement) || !opened.open || !opened.closest("header")) return;
    menus().forEach(function (d) { if (d !== opened) d.open = false; });
  }, true);
  document.addEventListener("click", function (event) {
    menus().forEach(function (d) { if (d.open && !d.contains(event.target)) d.open = false; });
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    menus().forEach(function (d) {
      if (d.open) { d.open = false; var s = d.querySelector("summary"); if (s) s.focus(); }
    });
  });
  // The language choice applies as soon as it is picked (the "Pilih" button stays for browsers without script).
  document.querySelectorAll("form.lang-form").forEach(function (form) {
    form.classList.add("js-autosubmit");
    var select = form.querySelector("select");
    if (select) select.addEventListener("change", function () { form.submit(); });
  });
})();
