// The template editor (templates/workouts/template_form.html). Listeners sit on the document,
// so they keep working after htmx swaps the editor.
(function () {
  "use strict";

  function planBox() {
    return document.getElementById("id_plan_text");
  }

  // While the coach types, htmx leaves the plan box alone (a swap would eat keystrokes) and
  // swaps only its status: mark the box invalid or valid from what the status says.
  function markPlanBox() {
    var box = planBox();
    var status = document.getElementById("plan-text-error");
    if (!box || !status) return;
    var invalid = status.getAttribute("data-invalid") === "true";
    box.classList.toggle("is-invalid", invalid);
    if (invalid) {
      box.setAttribute("aria-invalid", "true");
    } else {
      box.removeAttribute("aria-invalid");
    }
  }

  // "Use the example": put the example in the plan box and let the box's own htmx trigger
  // check it, as if the coach had typed it. Without JavaScript the button posts op=example.
  function insertExample(event) {
    var button = event.target.closest("[data-plan-example]");
    var box = planBox();
    if (!button || !box) return;
    event.preventDefault();
    box.value = button.getAttribute("data-plan-example");
    box.focus();
    box.dispatchEvent(new Event("input", { bubbles: true }));
  }

  document.addEventListener("htmx:afterSettle", markPlanBox);
  document.addEventListener("click", insertExample);
})();
