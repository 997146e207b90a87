// QR login and QR signing, the desktop's side: ask the portal for a code, show it, and
// wait on a websocket until the phone approves (log in) or signs (show the signature).
(function () {
  "use strict";

  function csrf(root) {
    var field = root.querySelector("input[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }

  function say(root, text) {
    var status = root.querySelector("[data-qr-status]");
    if (status) { status.textContent = text; }
  }

  function start(root) {
    var button = root.querySelector("[data-qr-start]");
    button.disabled = true;
    fetch(root.dataset.createUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrf(root), Accept: "application/json" },
    })
      .then(function (response) {
        if (!response.ok) { throw new Error("create failed"); }
        return response.json();
      })
      .then(function (code) { show(root, code); })
      .catch(function () {
        button.disabled = false;
        say(root, root.dataset.msgFailed);
      });
  }

  function show(root, code) {
    root.querySelector("[data-qr-image]").innerHTML = code.svg;
    var link = root.querySelector("[data-qr-link]");
    link.href = code.url;
    link.textContent = code.url;
    root.querySelector("[data-qr-code]").hidden = false;
    say(root, root.dataset.msgWaiting);
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    var socket = new WebSocket(scheme + window.location.host + "/ws/qr/" + code.token + "/");
    var timer = window.setTimeout(function () {
      socket.close();
      root.querySelector("[data-qr-code]").hidden = true;
      root.querySelector("[data-qr-start]").disabled = false;
      say(root, root.dataset.msgExpired);
    }, code.expires_in * 1000);
    socket.addEventListener("message", function (message) {
      var event = JSON.parse(message.data);
      if (event.event === "approved") {
        window.clearTimeout(timer);
        say(root, root.dataset.msgApproved);
        var form = root.querySelector("form[data-qr-complete]");
        form.querySelector("input[name=token]").value = code.token;
        form.submit();
      } else if (event.event === "signed") {
        window.clearTimeout(timer);
        socket.close();
        refresh(root);
      }
    });
  }

  // After the phone signed: swap in the document's signature line, no page reload.
  function refresh(root) {
    fetch(root.dataset.statusUrl, { credentials: "same-origin" })
      .then(function (response) { return response.text(); })
      .then(function (html) {
        var target = document.getElementById(root.dataset.statusTarget);
        target.innerHTML = html;
        target.focus();
      });
  }

  document.querySelectorAll("[data-qr]").forEach(function (root) {
    var button = root.querySelector("[data-qr-start]");
    button.disabled = false;
    button.addEventListener("click", function () { start(root); });
  });
})();
