// Report pages: say so where the user is looking when htmx cannot reach the server (polling or a request).
// No inline scripts or handlers anywhere, so a strict CSP can hold.
(() => {
  "use strict";
  function showError(event) {
    const target = event.detail.target || event.target;
    if (!target || !target.isConnected) return;
    const holder = target.closest("[data-error-message]");
    if (!holder) return;
    const status = event.detail.xhr ? event.detail.xhr.status : 0;
    let alert = holder.querySelector(":scope > .alert[data-htmx-error]");
    if (!alert) {
      alert = document.createElement("div");
      alert.className = "alert alert-warning mt-2 mb-0";
      alert.setAttribute("role", "alert");
      alert.dataset.htmxError = "";
      holder.append(alert);
    }
    alert.textContent = status ? `${holder.dataset.errorMessage} (${status})` : holder.dataset.errorMessage;
  }
  document.body.addEventListener("htmx:responseError", showError);
  document.body.addEventListener("htmx:sendError", showError);
})();
