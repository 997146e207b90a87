// Small progressive enhancements; every page works without this file.
(function () {
  "use strict";
  // The language selector submits itself; its button stays for keyboard and no-JS users.
  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });
  // Fields with errors are announced as invalid to screen readers.
  document.querySelectorAll(".errorlist").forEach(function (list) {
    var group = list.parentElement;
    var input = group && group.querySelector("input, select, textarea");
    if (input) { input.setAttribute("aria-invalid", "true"); }
  });
})();
