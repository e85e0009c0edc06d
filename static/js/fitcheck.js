// fitcheck's only script: flag chips and confirmations. Everything works without it;
// it makes the flag chips one keypress each and lets the score preview follow them.
(function () {
  "use strict";

  function syncChip(chip) {
    var select = chip.querySelector("select");
    var button = chip.querySelector(".chip-toggle");
    if (select && button) {
      button.setAttribute("aria-pressed", select.value !== "0" ? "true" : "false");
    }
  }

  document.documentElement.classList.add("js");

  document.addEventListener("click", function (event) {
    var button = event.target.closest(".chip-toggle");
    if (!button) return;
    var chip = button.closest("[data-chip]");
    var select = chip.querySelector("select");
    var pressed = button.getAttribute("aria-pressed") === "true";
    // Pressing a chip marks the flag "clear"; pressing again clears it.
    select.value = pressed ? "0" : "2";
    syncChip(chip);
    button.dispatchEvent(new CustomEvent("chip-toggled", { bubbles: true }));
  });

  document.addEventListener("change", function (event) {
    var chip = event.target.closest("[data-chip]");
    if (chip) syncChip(chip);
  });

  document.addEventListener("submit", function (event) {
    var submitter = event.submitter;
    var message = submitter && submitter.getAttribute("data-confirm");
    if (message && !window.confirm(message)) event.preventDefault();
  });
})();
