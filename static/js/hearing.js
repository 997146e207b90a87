// A hearing's progress, live: each recorded event is appended and the state updated.
(function () {
  "use strict";
  var list = document.querySelector("[data-hearing-events]");
  if (!list || !window.WebSocket) { return; }
  var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
  var socket = new WebSocket(scheme + window.location.host + "/ws/hearings/" +
                             list.getAttribute("data-hearing-events") + "/");
  socket.addEventListener("message", function (message) {
    var event = JSON.parse(message.data);
    if (event.event !== "progress") { return; }
    var item = document.createElement("li");
    item.textContent = event.at + " — " + event.label;
    list.appendChild(item);
    var status = document.querySelector("[data-hearing-status]");
    if (status) { status.textContent = event.status_label; }
  });
})();
