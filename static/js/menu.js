// On a small screen, the header's links fold away behind a "Menu" button so the page's own
// heading is in the first screen. Without this script the links are simply listed.
(function () {
  "use strict";
  var small = window.matchMedia("(max-width: 40em)");

  function setUp() {
    var button = document.querySelector(".menu-button");
    var menu = document.getElementById("site-menu");
    if (!button || !menu) return;

    function show(open) {
      button.setAttribute("aria-expanded", open ? "true" : "false");
      menu.hidden = !open;
    }

    function fit() {
      button.hidden = !small.matches;
      show(!small.matches);
    }

    button.addEventListener("click", function () {
      show(button.getAttribute("aria-expanded") !== "true");
    });
    menu.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && small.matches) {
        show(false);
        button.focus();
      }
    });
    small.addEventListener("change", fit);
    fit();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
