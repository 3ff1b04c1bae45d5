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
