// "Copy" buttons: copy the text of the field named by data-copy, and say so. The buttons stay
// hidden where this script does not run; the field can still be selected and copied.
(function () {
  "use strict";
  document.querySelectorAll("[data-copy]").forEach(function (button) {
    var field = document.getElementById(button.getAttribute("data-copy"));
    var status = button.parentElement.querySelector(".copy-status");
    if (!field || !navigator.clipboard) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(field.value).then(
        function () { status.textContent = "Copied. Paste it into your calendar app."; },
        function () { field.select(); status.textContent = "Select the address and copy it."; }
      );
    });
  });
})();
