// The report page's print button. It needs this script, so the page ships it hidden and the
// script shows it; without JavaScript the browser's own print command still works.
(function () {
  "use strict";
  document.querySelectorAll("[data-print-page]").forEach(function (button) {
    button.addEventListener("click", function () {
      window.print();
    });
    button.hidden = false;
  });
})();
