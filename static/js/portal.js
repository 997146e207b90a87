// Small progressive enhancements; every page works without this file.
(function () {
  "use strict";
  // The language selector has its own button on purpose: submitting on "change" would
  // navigate away while a keyboard user is still moving through the options (WCAG 3.2.2).
  // Live notices: the server pushes each new notification over a websocket; the badge
  // counts up and the title is announced, without reloading the page.
  var socketPath = document.body.getAttribute("data-live-notifications");
  if (socketPath && window.WebSocket) {
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    var connect = function (delay) {
      var socket = new WebSocket(scheme + window.location.host + socketPath);
      socket.addEventListener("message", function (message) {
        var event = JSON.parse(message.data);
        if (event.event !== "notification") { return; }
        var badge = document.querySelector("[data-unread-badge]");
        if (badge) {
          badge.textContent = String((parseInt(badge.textContent, 10) || 0) + 1);
          badge.hidden = false;
        }
        var notice = document.querySelector("[data-live-notice]");
        if (notice) {
          notice.textContent = event.title;
          notice.hidden = false;
        }
      });
      // Reconnect after a dropped link (weak mobile networks), backing off to a minute.
      socket.addEventListener("close", function (closed) {
        if (closed.code === 4401) { return; }
        window.setTimeout(function () { connect(Math.min(delay * 2, 60000)); }, delay);
      });
    };
    connect(2000);
  }
  // Fields with errors are announced as invalid to screen readers.
  document.querySelectorAll(".errorlist").forEach(function (list) {
    var group = list.parentElement;
    var input = group && group.querySelector("input, select, textarea");
    if (input) { input.setAttribute("aria-invalid", "true"); }
  });
})();
