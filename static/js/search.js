// The header's search box as an ARIA combobox (no library): suggestions from /cari/saran/ while typing.
// Without this script the box is a plain GET form to /cari/, the results page grouped by kind.
// Keys: Down/Up move through the suggestions, Enter opens the chosen one (or searches when none is chosen),
// Escape closes the list (and empties the box when it is already closed). The status line tells screen
// readers how many suggestions there are, in the page's language (the server writes it).
(() => {
  const form = document.querySelector("form.site-search[data-suggest-url]");
  if (!form) return;
  const input = form.querySelector("input[name=q]");
  const list = form.querySelector("[role=listbox]");
  const status = form.querySelector("[role=status]");
  const MIN = 2;
  let active = -1;
  let timer = null;
  let controller = null;
  let lastQuery = "";

  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("aria-controls", list.id);

  const options = () => Array.from(list.querySelectorAll("[role=option]"));

  function close() {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  }

  function open() {
    if (!options().length) return;
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
  }

  function highlight(index) {
    const items = options();
    if (!items.length) return;
    active = (index + items.length) % items.length;
    items.forEach((item, i) => item.setAttribute("aria-selected", i === active ? "true" : "false"));
    input.setAttribute("aria-activedescendant", items[active].id);
    items[active].scrollIntoView({ block: "nearest" });
  }

  // Grouped as in the ARIA practices' "listbox with grouped options": a group per kind, named by its heading.
  function render(results) {
    list.replaceChildren();
    let group = null;
    results.forEach((result, i) => {
      if (!group || group.dataset.kind !== result.kind) {
        group = document.createElement("div");
        group.setAttribute("role", "group");
        group.dataset.kind = result.kind;
        const heading = document.createElement("div");
        heading.id = `site-search-kind-${result.kind}`;
        heading.className = "site-search-kind";
        heading.setAttribute("role", "presentation");
        heading.textContent = result.kind_label;
        group.setAttribute("aria-labelledby", heading.id);
        group.append(heading);
        list.append(group);
      }
      const item = document.createElement("div");
      item.id = `site-search-option-${i}`;
      item.className = "site-search-option";
      item.setAttribute("role", "option");
      item.setAttribute("aria-selected", "false");
      item.dataset.url = result.url;
      const label = document.createElement("span");
      label.className = "site-search-label";
      label.textContent = result.label;
      const detail = document.createElement("span");
      detail.className = "site-search-detail";
      detail.textContent = result.detail;
      // The kind in the option's name too: not every screen reader reads the group's name.
      const kindText = document.createElement("span");
      kindText.className = "visually-hidden";
      kindText.textContent = ` (${result.kind_label})`;
      item.append(label, kindText, detail);
      group.append(item);
    });
  }

  async function suggest() {
    const query = input.value.trim();
    if (query.length < MIN) {
      lastQuery = "";
      list.replaceChildren();
      status.textContent = "";
      close();
      return;
    }
    if (query === lastQuery) {
      open();
      return;
    }
    if (controller) controller.abort();
    controller = new AbortController();
    try {
      const url = `${form.dataset.suggestUrl}?${new URLSearchParams({ q: query })}`;
      const response = await fetch(url, { headers: { Accept: "application/json" }, signal: controller.signal,
                                          credentials: "same-origin" });
      if (!response.ok) return;  // the form still works: Enter searches
      const data = await response.json();
      if (input.value.trim() !== query) return;  // typed on meanwhile
      lastQuery = query;
      close();
      render(data.results);
      status.textContent = data.status;
      if (data.results.length && document.activeElement === input) open();
    } catch (error) {
      if (error.name !== "AbortError") close();
    }
  }

  function go(item) {
    window.location.assign(item.dataset.url);
  }

  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(suggest, 200);
  });

  input.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (list.hidden) {
        open();
        if (list.hidden) return;
      }
      event.preventDefault();
      const step = event.key === "ArrowDown" ? 1 : -1;
      highlight(active === -1 && step === -1 ? -1 : active + step);
    } else if (event.key === "Enter") {
      const items = options();
      if (!list.hidden && active >= 0 && items[active]) {
        event.preventDefault();
        go(items[active]);
      }
      // otherwise the form is sent: the results page
    } else if (event.key === "Escape") {
      if (!list.hidden) {
        event.preventDefault();
        close();
      } else if (input.value) {
        event.preventDefault();
        input.value = "";
        lastQuery = "";
        list.replaceChildren();
        status.textContent = "";
      }
    }
  });

  input.addEventListener("focus", () => {
    if (input.value.trim().length >= MIN) suggest();
  });

  // A pointer choice: mousedown before the input loses focus, so the list is still there.
  list.addEventListener("mousedown", (event) => {
    const item = event.target.closest("[role=option]");
    if (!item) return;
    event.preventDefault();
    go(item);
  });

  form.addEventListener("focusout", (event) => {
    if (!form.contains(event.relatedTarget)) close();
  });
})();
