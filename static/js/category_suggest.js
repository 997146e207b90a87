// "Which category?": the filer describes the claim and the portal suggests categories from
// similar published acts (POST /api/v1/analytics/category/); a click chooses one in the
// form's select. Only a suggestion: the filer decides. Without JavaScript the block stays
// hidden and the select works as before.
(function () {
  "use strict";
  var box = document.querySelector("[data-category-suggest]");
  if (!box) { return; }
  var select = document.getElementById(box.dataset.select);
  var list = box.querySelector("[data-suggestions]");
  var status = box.querySelector("[data-status]");
  var pks = {};
  box.querySelectorAll("[data-code-pk]").forEach(function (item) {
    pks[item.dataset.code] = item.dataset.codePk;
  });
  box.hidden = false;

  function csrf() {
    var field = document.querySelector("input[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }

  function choose(code) {
    var pk = pks[code];
    for (var i = 0; i < select.options.length; i++) {
      if (pk && select.options[i].value === pk) {
        select.value = pk;
        select.focus();
        return true;
      }
    }
    return false;
  }

  function show(suggestions) {
    list.textContent = "";
    suggestions.forEach(function (s) {
      var item = document.createElement("li");
      var button = document.createElement("button");
      button.type = "button";
      button.className = "link-button";
      button.textContent = s.name + " — " + Math.round(s.probability * 100) + " %";
      button.addEventListener("click", function () {
        if (!choose(s.code)) { status.textContent = box.dataset.msgNotOffered; }
      });
      item.appendChild(button);
      list.appendChild(item);
    });
    status.textContent = suggestions.length ? box.dataset.msgChoose : box.dataset.msgNone;
  }

  box.querySelector("[data-suggest]").addEventListener("click", function () {
    var text = box.querySelector("textarea").value;
    status.textContent = box.dataset.msgWait;
    fetch(box.dataset.url, {
      method: "POST",
      credentials: "same-origin",
      headers: {
        "X-CSRFToken": csrf(),
        "Content-Type": "application/json",
        Accept: "application/json",
      },
      body: JSON.stringify({ text: text }),
    })
      .then(function (response) {
        return response.json().then(function (body) { return { ok: response.ok, body: body }; });
      })
      .then(function (answer) {
        if (!answer.ok) { status.textContent = answer.body.detail || box.dataset.msgFailed; return; }
        show(answer.body.suggestions || []);
      })
      .catch(function () { status.textContent = box.dataset.msgFailed; });
  });
})();
