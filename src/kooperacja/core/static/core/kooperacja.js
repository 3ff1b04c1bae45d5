// Small progressive enhancements; every page works without JavaScript.
document.addEventListener("click", function (event) {
  const el = event.target.closest("[data-confirm]");
  if (el && !window.confirm(el.getAttribute("data-confirm"))) {
    event.preventDefault();
  }
});
// Move focus to the first error after a failed form submission, so screen-reader users hear it.
document.addEventListener("DOMContentLoaded", function () {
  const firstError = document.querySelector(".has-error input, .has-error select, .has-error textarea");
  if (firstError) { firstError.focus(); }
});
// On narrow screens the menu collapses behind a button (without JavaScript it simply stays open).
document.addEventListener("DOMContentLoaded", function () {
  const button = document.querySelector(".menu-button");
  const nav = document.getElementById("site-nav");
  if (!button || !nav) { return; }
  const narrow = window.matchMedia("(max-width: 59.99rem)");
  function apply() {
    if (narrow.matches) {
      button.hidden = false;
      nav.classList.toggle("collapsed", button.getAttribute("aria-expanded") !== "true");
    } else {
      button.hidden = true;
      nav.classList.remove("collapsed");
    }
  }
  button.addEventListener("click", function () {
    button.setAttribute("aria-expanded", button.getAttribute("aria-expanded") === "true" ? "false" : "true");
    apply();
  });
  narrow.addEventListener("change", apply);
  apply();
});
// Tables stack into cards on phones (CSS, max-width 40rem): each cell gets its column header as data-label.
// Tables with merged header cells (colspan) keep scrolling sideways instead.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("main table").forEach(function (table) {
    const head = table.tHead && table.tHead.rows.length === 1 ? table.tHead.rows[0] : null;
    if (!head || table.classList.contains("no-stack")) { return; }
    const labels = Array.from(head.cells).map(function (cell) { return cell.colSpan === 1 ? cell.textContent.trim() : null; });
    if (labels.includes(null)) { return; }
    Array.from(table.tBodies).forEach(function (body) {
      Array.from(body.rows).forEach(function (row) {
        if (row.cells.length !== labels.length) { return; }
        Array.from(row.cells).forEach(function (cell, i) {
          if (labels[i] && !cell.hasAttribute("data-label")) { cell.setAttribute("data-label", labels[i]); }
        });
      });
    });
    table.classList.add("stacked");
  });
});
// One menu section open at a time; a click outside closes it (the <details> work without JavaScript too).
document.addEventListener("click", function (event) {
  document.querySelectorAll(".site-header .nav-group details[open]").forEach(function (details) {
    if (!details.contains(event.target)) { details.open = false; }
  });
});
