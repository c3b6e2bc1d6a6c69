// Pressroom serve: the only script the pages load (the Content-Security-Policy forbids inline script).
// Opening a source block highlights the editor field it became; a resend asks first.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("details.block").forEach(function (block) {
    block.addEventListener("toggle", function () {
      document.querySelectorAll(".linked").forEach(function (el) { el.classList.remove("linked"); });
      if (!block.open) { return; }
      document.querySelectorAll("details.block[open]").forEach(function (other) {
        if (other !== block) { other.open = false; }
      });
      var target = block.dataset.field ? document.getElementById(block.dataset.field) : null;
      if (target) {
        target.classList.add("linked");
        target.scrollIntoView({ block: "nearest", behavior: "smooth" });
      }
    });
  });
  document.querySelectorAll("form[action$='/resend']").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm("Send this release again on this channel?")) { event.preventDefault(); }
    });
  });
});
