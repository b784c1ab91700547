// Small enhancements; every screen works without this file.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    // Bring the claim panel into view and give it focus after choosing a claim.
    var panel = document.getElementById("claim-panel");
    if (panel && window.location.hash === "#claim-panel") {
      panel.focus({ preventScroll: true });
    }
    // j / k move between the highlighted claims of the text.
    var text = document.getElementById("article-text");
    if (!text) { return; }
    document.addEventListener("keydown", function (event) {
      var tag = (event.target.tagName || "").toLowerCase();
      if (tag === "input" || tag === "textarea" || tag === "select" || event.metaKey || event.ctrlKey || event.altKey) {
        return;
      }
      if (event.key !== "j" && event.key !== "k") { return; }
      var claims = Array.prototype.slice.call(text.querySelectorAll("a.claim"));
      if (!claims.length) { return; }
      var index = claims.indexOf(document.activeElement);
      index = event.key === "j" ? Math.min(index + 1, claims.length - 1) : Math.max(index - 1, 0);
      claims[index].focus();
      event.preventDefault();
    });
  });
})();
