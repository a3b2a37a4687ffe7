// Small behaviours of the portal; no inline scripts, so a strict CSP can hold.
document.addEventListener("change", (event) => {
  if (event.target.matches("[data-autosubmit]")) event.target.form.requestSubmit();
});
