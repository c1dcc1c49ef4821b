// Behaviour shared by every console page. Kept in a file: the console's CSP allows no inline scripts.
"use strict";

// Ask before an action that cannot be undone (buttons with data-confirm="question").
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-confirm]");
  if (button && !window.confirm(button.dataset.confirm)) {
    event.preventDefault();
  }
});

// Auto-submit small filter forms when a select changes (the submit button stays for keyboard users).
document.addEventListener("change", (event) => {
  const select = event.target.closest("select[data-autosubmit]");
  if (select) {
    select.form.requestSubmit();
  }
});
