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

  // Bulk forms (templates/includes/bulk_form.html): the box in a table's header chooses
  // every row of the page; the bar counts what is chosen. Without this file the rows'
  // boxes and "all matching" still work.
  function bulkRows(form) {
    return document.querySelectorAll("input[data-bulk-row][form='" + form.id + "']");
  }

  function bulkCount(form) {
    var chosen = 0;
    bulkRows(form).forEach(function (box) {
      if (box.checked) {
        chosen += 1;
      }
    });
    var count = form.querySelector("[data-bulk-count]");
    if (count && form.dataset.msgChosen) {
      count.textContent = form.dataset.msgChosen.replace("{n}", String(chosen));
    }
  }

  document.addEventListener("change", function (event) {
    var target = event.target;
    var form = document.querySelector("form[data-bulk]");
    if (!form) {
      return;
    }
    if (target.matches("[data-bulk-page]")) {
      bulkRows(form).forEach(function (box) {
        box.checked = target.checked;
      });
    }
    if (target.matches("[data-bulk-page], [data-bulk-row]")) {
      bulkCount(form);
    }
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
