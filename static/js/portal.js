// Small progressive enhancements; every page works without this file.
(function () {
  "use strict";
  // The language selector has its own button on purpose: submitting on "change" would
  // navigate away while a keyboard user is still moving through the options (WCAG 3.2.2).
  // Fields with errors are announced as invalid to screen readers.
  document.querySelectorAll(".errorlist").forEach(function (list) {
    var group = list.parentElement;
    var input = group && group.querySelector("input, select, textarea");
    if (input) { input.setAttribute("aria-invalid", "true"); }
  });
})();
