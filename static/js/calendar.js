// The block calendar (templates/workouts/block_detail.html): drag a session chip onto another
// day to move it. A drop fills the chip's own "Move to" form (the keyboard control, which
// works without this file) with the day and submits it, so the move is the same POST to
// session-move with the form's CSRF token. Listeners sit on the document, so they keep
// working after htmx swaps the calendar.
(function () {
  "use strict";

  var DAY_ID = /^day-(\d{4}-\d{2}-\d{2})$/;
  var dragged = null;

  function dayCell(node) {
    while (node && node !== document) {
      if (node.id && DAY_ID.test(node.id)) return node;
      node = node.parentNode;
    }
    return null;
  }

  function clearTargets() {
    document.querySelectorAll(".is-drop-target").forEach(function (cell) {
      cell.classList.remove("is-drop-target");
    });
  }

  document.addEventListener("dragstart", function (event) {
    var chip = event.target.closest && event.target.closest("[data-move-form]");
    if (!chip) return;
    dragged = chip;
    chip.classList.add("is-dragging");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", chip.id);
  });

  document.addEventListener("dragend", function () {
    if (dragged) dragged.classList.remove("is-dragging");
    dragged = null;
    clearTargets();
  });

  document.addEventListener("dragover", function (event) {
    var cell = dragged && dayCell(event.target);
    if (!cell) return;
    event.preventDefault(); // a day cell accepts the drop
    event.dataTransfer.dropEffect = "move";
    if (!cell.classList.contains("is-drop-target")) {
      clearTargets();
      cell.classList.add("is-drop-target");
    }
  });

  document.addEventListener("drop", function (event) {
    var cell = dragged && dayCell(event.target);
    if (!cell) return;
    event.preventDefault();
    var day = DAY_ID.exec(cell.id)[1];
    var form = document.getElementById(dragged.getAttribute("data-move-form"));
    clearTargets();
    if (!form || dayCell(dragged) === cell) return; // dropped back on its own day
    form.querySelector("input[name=date]").value = day;
    if (form.requestSubmit) {
      form.requestSubmit();
    } else {
      form.submit();
    }
  });
})();

// Edits answer with the whole block page, which htmx swaps in place (see block_detail.html).
// Each edit says which weeks the page holds in full, so the answer keeps them open; the
// answer names the element to focus (the day edited), so keyboard users keep their place.
(function () {
  "use strict";

  var pendingFocus = null;

  document.addEventListener("htmx:configRequest", function (event) {
    var page = document.getElementById("block-page");
    if (!page || event.detail.verb !== "post") return;
    var loaded = [];
    page.querySelectorAll(".cal-week[data-week]").forEach(function (week) {
      loaded.push(week.getAttribute("data-week"));
    });
    event.detail.parameters.loaded = loaded.join(",");
  });

  // An answer without what it should swap in (the login page once the session has expired,
  // or a 404 for a session deleted in another tab) would blank the page or a week, or do
  // nothing at all: the page is loaded afresh instead, which shows where things stand (or
  // asks to log in).
  document.addEventListener("htmx:beforeSwap", function (event) {
    var detail = event.detail;
    var target = detail.target;
    if (!target || !(target.id === "block-page" || target.classList.contains("is-placeholder"))) {
      return;
    }
    var response = String(detail.serverResponse || "");
    if (!detail.isError && response.indexOf('id="' + target.id + '"') !== -1) return;
    detail.shouldSwap = false;
    window.location.reload();
  });

  document.addEventListener("calendarFocus", function (event) {
    pendingFocus = event.detail && event.detail.id;
  });

  document.addEventListener("htmx:afterSettle", function () {
    if (!pendingFocus) return;
    var target = document.getElementById(pendingFocus);
    pendingFocus = null;
    if (!target) return;
    if (!target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
    target.focus({ preventScroll: true });
    var box = target.getBoundingClientRect();
    if (box.top < 0 || box.bottom > window.innerHeight) {
      target.scrollIntoView({ block: "center" });
    }
  });
})();

// What an edit did floats over the calendar: a success says so for a few seconds, then goes;
// warnings, errors and an offer to undo stay until the coach closes them.
(function () {
  "use strict";

  var SHOWN_MS = 8000;

  function fadeSuccesses() {
    document.querySelectorAll(".page-calendar #messages .alert-success:not([data-fading])")
      .forEach(function (alert) {
        alert.setAttribute("data-fading", "");
        if (alert.querySelector("form")) return; // "Undo" stays as long as the coach wants
        window.setTimeout(function () {
          if (window.bootstrap && window.bootstrap.Alert) {
            window.bootstrap.Alert.getOrCreateInstance(alert).close();
          } else {
            alert.remove();
          }
        }, SHOWN_MS);
      });
  }

  document.addEventListener("DOMContentLoaded", fadeSuccesses);
  document.addEventListener("htmx:afterSettle", fadeSuccesses);
})();
