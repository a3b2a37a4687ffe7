// Small behaviours of the portal; no inline scripts, so a strict CSP can hold.
document.addEventListener("change", (event) => {
  if (event.target.matches("[data-autosubmit]")) event.target.form.requestSubmit();
});

// A button with data-confirm="…" asks before its form is sent (e.g. submitting a self-assessment once).
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-confirm]");
  if (button && !window.confirm(button.dataset.confirm)) event.preventDefault();
});
