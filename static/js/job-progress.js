// A job's page: its progress bar follows the job, asking the server once a second
// (never faster); when the job has finished, the page is loaded again to show the result.
(function () {
  "use strict";
  const section = document.querySelector("[data-job-progress]");
  if (!section) return;
  const url = section.getAttribute("data-job-progress");
  const bar = section.querySelector("progress");
  const rows = section.querySelector("[data-job-rows]");
  const state = section.querySelector("[data-job-state]");
  const EVERY = 1000;

  function show(data) {
    if (data.rows_total !== null) {
      bar.max = Math.max(data.rows_total, 1);
      bar.value = data.rows_done;
    }
    bar.textContent = (data.percent || 0) + "%";
    rows.textContent = data.text;
    state.textContent = data.state_label;
    state.className = "badge badge--job-" + data.state;
  }

  function ask() {
    const started = Date.now();
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      })
      .then(function (data) {
        show(data);
        if (data.finished) {
          window.location.reload();
          return;
        }
        setTimeout(ask, Math.max(EVERY - (Date.now() - started), 0));
      })
      .catch(function () {
        setTimeout(ask, EVERY * 5);
      });
  }
  setTimeout(ask, EVERY);
})();
