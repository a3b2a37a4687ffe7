// The citizen survey: counts mean surveyed, so typing a count ticks the programme's "Surveyed" box (the
// server counts them either way; the tick shows the surveyor what will be saved).
(() => {
  "use strict";
  const form = document.querySelector("form[data-survey]");
  if (!form) return;
  form.addEventListener("input", (event) => {
    const input = event.target;
    if (!input.matches(".count-input") || !(Number(input.value) > 0)) return;
    const box = input.closest("tr").querySelector("input[type=checkbox]");
    if (box && !box.checked) box.checked = true;
  });
})();
