// fitcheck's only script: flag chips, the phone menu's state, confirmations, error pages in
// place of a failed in-place update, the browser's time zone offered in Settings, the client
// page's sections unfolded on a wide screen. Everything works without it; it makes the flag
// chips one keypress each and lets the score preview follow them.
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

  // The phone menu opens as a popover without any script; this tells assistive technology
  // whether it is open, and closes it when the screen becomes wide enough to show the menu.
  document.querySelectorAll("[popovertarget]").forEach(function (button) {
    var menu = document.getElementById(button.getAttribute("popovertarget"));
    if (!menu) return;
    button.setAttribute("aria-expanded", "false");
    menu.addEventListener("toggle", function (event) {
      button.setAttribute("aria-expanded", event.newState === "open" ? "true" : "false");
    });
    window.matchMedia("(max-width: 40rem)").addEventListener("change", function (query) {
      if (!query.matches && menu.matches(":popover-open")) menu.hidePopover();
    });
  });

  document.addEventListener("submit", function (event) {
    var submitter = event.submitter;
    var message = submitter && submitter.getAttribute("data-confirm");
    if (message && !window.confirm(message)) event.preventDefault();
  });

  // htmx leaves the page as it was when a request fails; an error page (an outage, a refused
  // form) shows in place of the page's content instead, so the consultant reads why.
  document.addEventListener("htmx:responseError", function (event) {
    var xhr = event.detail.xhr;
    var main = document.getElementById("main");
    var answer = new DOMParser().parseFromString(xhr.responseText, "text/html");
    var content = answer.getElementById("main");
    if (!main || !content || xhr.getResponseHeader("HX-Redirect")) return;
    main.replaceChildren.apply(main, Array.prototype.slice.call(content.childNodes));
    if (answer.title) document.title = answer.title;
    main.focus();
  });

  // The client page's folded sections are closed on a phone, where the score, the decision and
  // the next call come first, and open on a wider screen, as the page always showed them.
  var wide = window.matchMedia("(min-width: 40rem)");
  function unfoldWhenWide() {
    if (!wide.matches) return;
    document.querySelectorAll("details[data-fold]").forEach(function (fold) {
      fold.open = true;
    });
  }
  unfoldWhenWide();
  wide.addEventListener("change", unfoldWhenWide);

  // The dashboard's "Filters" summary counts the filters in force as they change in place.
  document.addEventListener("change", function (event) {
    if (!event.target.matches("select[data-filter]")) return;
    var form = event.target.form;
    var count = form.querySelector("[data-filter-count]");
    var active = Array.prototype.filter.call(form.querySelectorAll("select[data-filter]"), function (select) {
      return select.value !== "";
    }).length;
    count.textContent = active ? "(" + active + ")" : "";
  });

  // Settings: a consultant who has not chosen a time zone yet is offered the browser's.
  document.querySelectorAll("select[data-offer-browser-zone]").forEach(function (select) {
    var zone = window.Intl && Intl.DateTimeFormat().resolvedOptions().timeZone;
    var offered = zone && Array.prototype.some.call(select.options, function (option) {
      return option.value === zone;
    });
    if (offered && select.value === "") select.value = zone;
  });
})();
