/* The attendance sheet: the texts and the confirm field come from the form's data attributes. */
/* One click per person: each choice is saved at once. Without a script the Save button does it. */
(function () {
  var form = document.getElementById("attendance-sheet");
  if (!form || !window.fetch) return;
  /* The submit buttons are named "action", which shadows form.action: read the attribute. */
  var url = form.getAttribute("action") || window.location.href;
  var token = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  var notStarted = form.getAttribute("data-not-started") === "true";
  var question = form.getAttribute("data-question");
  var savedText = form.getAttribute("data-saved-text");
  var notSavedText = form.getAttribute("data-not-saved-text");
  var confirmField = form.getAttribute("data-confirm-field");
  var latest = {};
  function radios(name) {
    return form.querySelectorAll("input[type=radio][name='" + name + "']");
  }
  /* The default state of a row's radios is what the server holds; a failed save goes back to it. */
  function restore(name) {
    Array.prototype.forEach.call(radios(name), function (r) { r.checked = r.defaultChecked; });
  }
  function keep(input) {
    Array.prototype.forEach.call(radios(input.name), function (r) { r.defaultChecked = r === input; });
  }
  function show(note, ok, text) {
    note.textContent = text;
    note.setAttribute("data-state", ok ? "saved" : "not-saved");
  }
  form.addEventListener("change", function (event) {
    var input = event.target;
    if (input.type !== "radio") return;
    var note = input.closest("fieldset").querySelector(".saved");
    var body = new FormData();
    body.append("csrfmiddlewaretoken", token);
    body.append(input.name, input.value);
    if (notStarted) {
      if (!window.confirm(question)) {
        restore(input.name);
        show(note, false, notSavedText);
        return;
      }
      body.append(confirmField, "1");
    }
    /* Only the answer to the last click on a row may speak for that row. */
    var ticket = (latest[input.name] || 0) + 1;
    latest[input.name] = ticket;
    note.textContent = "…";
    note.removeAttribute("data-state");
    fetch(url, {
      method: "POST", body: body, credentials: "same-origin",
      headers: {"X-Requested-With": "fetch"}
    }).then(function (response) {
      return response.json().then(function (data) {
        if (latest[input.name] !== ticket) return;
        if (response.ok && typeof data.saved === "number") {
          keep(input);
          show(note, true, savedText);
        } else {
          restore(input.name);
          show(note, false, data.error ? notSavedText + ": " + data.error : notSavedText);
        }
      });
    }).catch(function () {
      if (latest[input.name] !== ticket) return;
      restore(input.name);
      show(note, false, notSavedText);
    });
  });
})();
