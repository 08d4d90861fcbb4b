/* The progress of a ZIP of reports (`data-batch-status`): asks for the figures every few
   seconds and moves the bar; once finished, loads the page again, which shows the link.
   Without a script the page refreshes itself (a meta refresh in <noscript>). */
document.addEventListener("DOMContentLoaded", function () {
  var box = document.querySelector("[data-batch-status]");
  if (!box) { return; }
  var every = 1000 * (parseInt(box.getAttribute("data-batch-every"), 10) || 2);
  var bar = document.getElementById("batch-progress");
  function show(data) {
    bar.value = data.percent;
    bar.textContent = data.percent + " %";
    box.querySelector("[data-batch-done]").textContent = data.done;
    box.querySelector("[data-batch-total]").textContent = data.total;
    box.querySelector("[data-batch-state]").textContent = data.status_display;
  }
  function poll() {
    fetch(box.getAttribute("data-batch-status"), {
      headers: { Accept: "application/json" }, credentials: "same-origin"
    })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) { window.setTimeout(poll, every); return; }
        show(data);
        if (data.finished) { window.location.assign(box.getAttribute("data-batch-page")); }
        else { window.setTimeout(poll, every); }
      })
      .catch(function () { window.setTimeout(poll, every); });
  }
  window.setTimeout(poll, every);
});
