/* The questionnaire, enhanced: autosave to the API as the rater goes, and a copy on the device.
 *
 * The page works without this file (plain form posts). With it:
 * - every change is kept in localStorage at once (marked "pending"), then PUT to the API after a
 *   short pause; once the server has it, the copy is marked saved;
 * - on load, a pending copy (typed but never saved, e.g. the tab was closed offline) is put back
 *   into the form and saved;
 * - when the tab is hidden or closed, a pending draft is sent with keepalive;
 * - leaving with answers the server does not have yet asks for confirmation first;
 * - the thank-you page forgets the copy.
 */
(function () {
  "use strict";

  var SAVE_DELAY_MS = 1200;
  var COMMENT_DELAY_MS = 2000;

  function storageGet(key) {
    try {
      var raw = window.localStorage.getItem(key);
      return raw ? JSON.parse(raw) : null;
    } catch (e) {
      return null;
    }
  }

  function storageSet(key, value) {
    try {
      window.localStorage.setItem(key, JSON.stringify(value));
    } catch (e) {
      /* private mode or full: the server copy is still saved */
    }
  }

  function storageRemove(key) {
    try {
      window.localStorage.removeItem(key);
    } catch (e) {
      /* nothing to forget */
    }
  }

  function forgetOnThanksPage() {
    var done = document.querySelector("[data-questionnaire-clear]");
    if (done && done.getAttribute("data-questionnaire-clear")) {
      storageRemove(done.getAttribute("data-questionnaire-clear"));
    }
  }

  function init(form) {
    var apiUrl = form.getAttribute("data-api-url");
    var key = form.getAttribute("data-storage-key");
    var total = parseInt(form.getAttribute("data-total"), 10) || 0;
    var usesSession = form.getAttribute("data-uses-session") === "1";
    var statusEl = form.querySelector("[data-q-status]");
    var progressEl = form.querySelector("[data-q-progress]");
    var comment = form.querySelector("textarea[name=comment]");
    var lang = document.documentElement.lang || "en";
    var timer = null;
    var inFlight = false;
    var again = false;
    var stopped = false;

    function message(name) {
      return form.getAttribute("data-msg-" + name) || "";
    }

    function showStatus(text, isError) {
      if (!statusEl) return;
      statusEl.textContent = text;
      statusEl.classList.toggle("q-status-error", Boolean(isError));
    }

    function collect() {
      var scores = {};
      var inputs = form.querySelectorAll("input[type=radio][name^='item-']:checked");
      for (var i = 0; i < inputs.length; i++) {
        var id = inputs[i].name.slice("item-".length);
        scores[id] = inputs[i].value === "na" ? null : parseInt(inputs[i].value, 10);
      }
      return { scores: scores, comment: comment ? comment.value : "" };
    }

    function same(a, b) {
      return JSON.stringify(a) === JSON.stringify(b);
    }

    function updateProgress() {
      if (!progressEl) return;
      var answered = Object.keys(collect().scores).length;
      var template = progressEl.getAttribute("data-template");
      if (template) {
        progressEl.textContent = template.replace("{answered}", answered).replace("{total}", total);
      }
    }

    function keepLocal(pending) {
      var answers = collect();
      storageSet(key, {
        v: 1,
        scores: answers.scores,
        comment: answers.comment,
        pending: pending,
        at: Date.now(),
      });
    }

    function headers() {
      var h = { "Content-Type": "application/json", Accept: "application/json", "Accept-Language": lang };
      if (usesSession) {
        var csrf = form.querySelector("input[name=csrfmiddlewaretoken]");
        if (csrf) h["X-CSRFToken"] = csrf.value;
      }
      return h;
    }

    function request(body, keepalive) {
      return window.fetch(apiUrl, {
        method: "PUT",
        headers: headers(),
        body: JSON.stringify(body),
        credentials: usesSession ? "same-origin" : "omit",
        keepalive: Boolean(keepalive),
      });
    }

    function schedule(delay) {
      if (stopped) return;
      window.clearTimeout(timer);
      timer = window.setTimeout(save, delay);
    }

    function save() {
      if (stopped) return;
      if (inFlight) {
        again = true;
        return;
      }
      var sent = collect();
      inFlight = true;
      showStatus(message("saving"));
      request(sent)
        .then(function (response) {
          if (response.ok) {
            if (same(sent, collect())) keepLocal(false);
            var time = new Date().toLocaleTimeString(lang, { hour: "2-digit", minute: "2-digit" });
            showStatus(message("saved") + " · " + time);
            return null;
          }
          if (response.status === 429) {
            var wait = parseInt(response.headers.get("Retry-After"), 10) || 30;
            showStatus(message("offline"), true);
            schedule(wait * 1000);
            return null;
          }
          if (response.status === 400) {
            return response.json().then(function (data) {
              var parts = [];
              Object.keys(data || {}).forEach(function (field) {
                parts = parts.concat(data[field]);
              });
              // A non-field error means the questionnaire no longer takes answers (submitted,
              // declined, closed): stop saving. Field errors leave the rater to correct them.
              if (data && data.detail) stopped = true;
              showStatus(message("error") + " " + parts.join(" "), true);
            });
          }
          stopped = true;
          showStatus(message("gone"), true);
          return null;
        })
        .catch(function () {
          showStatus(message("offline"), true);
        })
        .then(function () {
          inFlight = false;
          if (again) {
            again = false;
            schedule(0);
          }
        });
    }

    function changed(delay) {
      keepLocal(true);
      updateProgress();
      schedule(delay);
    }

    function restore() {
      var local = storageGet(key);
      if (!local || !local.pending) return;
      var current = collect();
      var merged = { scores: Object.assign({}, current.scores, local.scores || {}), comment: current.comment };
      if (typeof local.comment === "string") merged.comment = local.comment;
      if (same(merged, current)) {
        keepLocal(false); // the server already has it (e.g. saved by the form itself)
        return;
      }
      Object.keys(local.scores || {}).forEach(function (id) {
        var value = local.scores[id] === null ? "na" : String(local.scores[id]);
        var input = form.querySelector("input[name='item-" + id + "'][value='" + value + "']");
        if (input) input.checked = true;
      });
      if (comment && typeof local.comment === "string") comment.value = local.comment;
      updateProgress();
      showStatus(message("restored"));
      schedule(0);
    }

    form.addEventListener("change", function (event) {
      if (event.target && event.target.type === "radio") changed(SAVE_DELAY_MS);
    });
    if (comment) {
      comment.addEventListener("input", function () {
        changed(COMMENT_DELAY_MS);
      });
    }
    form.addEventListener("submit", function () {
      // The form post carries every answer itself; no autosave may race it.
      stopped = true;
      window.clearTimeout(timer);
    });
    function flush() {
      var local = storageGet(key);
      // Offline, the request could only fail: the copy on the device is restored next visit.
      if (!stopped && local && local.pending && !inFlight && navigator.onLine !== false) {
        window.clearTimeout(timer);
        request(collect(), true).catch(function () {});
      }
    }
    window.addEventListener("beforeunload", function (event) {
      // Answers the server does not have yet (offline, or the pause before a save): ask first.
      // The device keeps them either way; the question is whether the rater meant to leave.
      var local = storageGet(key);
      if (!stopped && local && local.pending) {
        event.preventDefault();
        event.returnValue = "";
      }
    });
    window.addEventListener("pagehide", flush);
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden") flush();
    });
    window.addEventListener("online", function () {
      var local = storageGet(key);
      if (local && local.pending) schedule(0);
    });
    restore();
  }

  function start() {
    forgetOnThanksPage();
    var form = document.getElementById("questionnaire");
    if (form && form.getAttribute("data-api-url") && window.fetch) init(form);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
