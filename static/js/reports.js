// Report filters: typing a date chooses the custom range. The server reads dates
// without a period as a custom range too, so the form works without this file.
(function () {
  "use strict";

  document.addEventListener("change", function (event) {
    var input = event.target;
    if (!input.matches(".report-filters input[type=date]")) {
      return;
    }
    var period = input.form.querySelector("select[name=period]");
    if (period && input.value) {
      period.value = "custom";
    }
  });
})();
