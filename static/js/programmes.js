// Programme pages: the status-update modal, htmx error messages, sub-dimensions that follow the
// dimension. No inline scripts or handlers anywhere, so a strict CSP can hold.
(() => {
  "use strict";

  // The modal of the programme table shows "loading" again each time it opens, never the last form.
  const modal = document.getElementById("update-modal");
  if (modal) {
    const body = modal.querySelector(".modal-body");
    const loading = body.innerHTML;
    modal.addEventListener("hidden.bs.modal", () => { body.innerHTML = loading; });
  }

  // htmx does not swap error answers (403, 500, network down): say so where the user is looking.
  function showError(event) {
    const target = event.detail.target || event.target;
    if (!target || !target.isConnected) return;
    const holder = target.closest("[data-error-message]") || document.querySelector("[data-error-message]");
    const text = holder ? holder.dataset.errorMessage : "The request failed. Reload the page and try again.";
    const status = event.detail.xhr ? event.detail.xhr.status : 0;
    const alert = document.createElement("div");
    alert.className = "alert alert-danger mt-2 mb-0";
    alert.setAttribute("role", "alert");
    alert.textContent = status ? `${text} (${status})` : text;
    const old = target.querySelector(":scope > .alert-danger[data-htmx-error]");
    if (old) old.remove();
    alert.dataset.htmxError = "";
    target.prepend(alert);
  }
  document.body.addEventListener("htmx:responseError", showError);
  document.body.addEventListener("htmx:sendError", showError);

  // A form answered with errors: put the keyboard on the first field in error. The form was
  // swapped outerHTML, so find its replacement by id.
  document.body.addEventListener("htmx:afterSettle", (event) => {
    const old = event.detail.elt;
    const root = old && old.id ? document.getElementById(old.id) : null;
    const invalid = root ? root.querySelector(".is-invalid") : null;
    if (invalid) invalid.focus();
  });

  // Sub-dimension options are grouped by dimension: offer only the chosen dimension's group.
  function syncSubDimensions(form) {
    const dimension = form.querySelector("[data-dimension]");
    const sub = form.querySelector("[data-sub-dimension]");
    if (!dimension || !sub) return;
    const label = dimension.value ? dimension.options[dimension.selectedIndex].text : null;
    for (const group of sub.querySelectorAll("optgroup")) {
      const match = !label || group.label === label;
      group.hidden = !match;
      group.disabled = !match;
    }
    const chosen = sub.selectedOptions[0];
    if (chosen && chosen.parentElement.tagName === "OPTGROUP" && chosen.parentElement.disabled) sub.value = "";
  }
  document.addEventListener("change", (event) => {
    if (event.target.matches("[data-dimension]")) syncSubDimensions(event.target.form);
  });
  document.querySelectorAll("form [data-dimension]").forEach((el) => syncSubDimensions(el.form));
})();
