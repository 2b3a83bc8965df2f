/* Review queue (kerndoeldekking): Alt+B confirms and Alt+A rejects the ticked links, in every browser.
 *
 * Without this script the buttons' accesskey attributes still work, but with a browser-specific modifier
 * (Alt in Chromium on Linux and Windows, Alt+Shift in Firefox, Control+Option on a Mac). Loaded from a static
 * file because the Content Security Policy forbids inline scripts.
 */
(function () {
  "use strict";

  var form = document.getElementById("beoordeling");
  if (!form) {
    return;
  }

  // One decision per key press: the native access key may fire after this handler in some browsers.
  form.addEventListener("submit", function (event) {
    if (form.dataset.busy === "1") {
      event.preventDefault();
      return;
    }
    form.dataset.busy = "1";
  });
  // A page restored from the back/forward cache must accept a new decision.
  window.addEventListener("pageshow", function () {
    delete form.dataset.busy;
  });

  document.addEventListener("keydown", function (event) {
    if (!event.altKey || event.ctrlKey || event.metaKey || event.shiftKey || event.repeat) {
      return;
    }
    var letter = event.code === "KeyB" ? "b" : event.code === "KeyA" ? "a" : "";
    var button = letter ? form.querySelector('button[accesskey="' + letter + '"]') : null;
    if (!button) {
      return;
    }
    event.preventDefault();
    if (typeof form.requestSubmit === "function") {
      form.requestSubmit(button);
    } else {
      button.click();
    }
  });
})();
