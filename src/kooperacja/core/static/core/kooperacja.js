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
