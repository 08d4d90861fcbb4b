/* The progress of long work run in the background (a ZIP of reports, an import), on its page.
   The box `data-progress-status` (the URL of the figures as JSON: percent, done, total,
   status_display, finished) is asked every `data-progress-every` seconds; the bar
   (`data-progress-bar`) and the texts `data-progress-done`, `-total` and `-state` move. Once
   finished, `data-progress-page` is loaded, which shows the result. Without a script the page
   refreshes itself (a meta refresh in <noscript>). */
document.addEventListener("DOMContentLoaded", function () {
  var box = document.querySelector("[data-progress-status]");
  if (!box) { return; }
  var every = 1000 * (parseInt(box.getAttribute("data-progress-every"), 10) || 2);
  var bar = box.querySelector("[data-progress-bar]");
  function text(name, value) {
    var element = box.querySelector("[data-progress-" + name + "]");
    if (element) { element.textContent = value; }
  }
  function show(data) {
    if (bar) {
      bar.value = data.percent;
      bar.textContent = data.percent + " %";
    }
    text("done", data.done);
    text("total", data.total);
    text("state", data.status_display);
  }
  function poll() {
    fetch(box.getAttribute("data-progress-status"), {
      headers: { Accept: "application/json" }, credentials: "same-origin"
    })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) { window.setTimeout(poll, every); return; }
        show(data);
        if (data.finished) { window.location.assign(box.getAttribute("data-progress-page")); }
        else { window.setTimeout(poll, every); }
      })
      .catch(function () { window.setTimeout(poll, every); });
  }
  window.setTimeout(poll, every);
});
