// The transcript's times jump the player to that moment instead of opening the file
// (without this script the links still play from there, by the media fragment).
(function () {
  "use strict";
  var player = document.querySelector("[data-player]");
  if (!player) { return; }
  document.addEventListener("click", function (event) {
    var link = event.target.closest("[data-seek]");
    if (!link) { return; }
    event.preventDefault();
    player.currentTime = parseFloat(link.getAttribute("data-seek"));
    player.play();
    player.focus();
  });
})();
