// Behaviour shared by every page: step dialogs, print buttons, the "/" key to search. No inline script anywhere;
// every page works without this file (links fall back to confirmation pages).
(function () {
  "use strict";

  document.documentElement.classList.add("js");

  document.addEventListener("click", function (event) {
    var opener = event.target.closest("[data-dialog]");
    if (opener) {
      var dialog = document.getElementById(opener.getAttribute("data-dialog"));
      if (dialog && typeof dialog.showModal === "function") {
        event.preventDefault();
        dialog.showModal();
        var first = dialog.querySelector("[autofocus], input:not([type=hidden]), select, textarea, button");
        if (first) {
          first.focus();
        }
      }
      return;
    }
    var closer = event.target.closest("[data-dialog-close]");
    if (closer) {
      var open = closer.closest("dialog");
      if (open) {
        event.preventDefault();
        open.close();
      }
      return;
    }
    if (event.target.closest("[data-print]")) {
      event.preventDefault();
      window.print();
    }
  });

  // A step form submits once: a second click (or Enter) while the first is on its way
  // would only meet "someone else changed this shipment meanwhile".
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches("[data-submit-once]")) {
      return;
    }
    if (form.dataset.submitted === "true") {
      event.preventDefault();
      return;
    }
    form.dataset.submitted = "true";
  });

  // "/" goes to the search box of the header, unless one is typing in a field.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) {
      return;
    }
    var target = event.target;
    if (target.closest("input, textarea, select, [contenteditable]:not([contenteditable=false])")) {
      return;
    }
    var search = document.getElementById("site-search");
    if (search) {
      event.preventDefault();
      search.focus();
      search.select();
    }
  });
})();
