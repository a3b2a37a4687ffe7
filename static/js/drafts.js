// Local drafts of long forms: nothing typed is lost to a dropped connection or an expired session.
//
// A form opts in with data-draft="<its identity>" and data-draft-user="<the signed-in user's id>" (the
// banner's words come with it: data-draft-text, -restore, -discard, -restored). While the user types, the
// fields they type into (never hidden fields, files or passwords) are kept in localStorage under
// "monev-draft:<user>:<identity>", so another user of the same browser never meets them. When the page
// opens again with a draft that differs from what the server shows (the submit failed, the session
// expired), a banner offers Restore / Discard. A draft is cleared once saved — the form's "base" (its
// hidden version fields, or data-draft-base) moved on after it was submitted, or the server marked the
// form data-draft-saved — and at sign-out (a form with data-draft-clear="<user id>").
// Our own script, no library, no inline code: the CSP allows only our static files.
(() => {
  "use strict";
  const PREFIX = "monev-draft:";
  const storage = (() => {
    try {
      const s = window.localStorage;
      s.setItem(PREFIX + "probe", "1");
      s.removeItem(PREFIX + "probe");
      return s;
    } catch (e) {
      return null; // private mode or storage off: the forms work as before, without drafts
    }
  })();
  if (!storage) return;

  const keyOf = (form) => `${PREFIX}${form.dataset.draftUser}:${form.dataset.draft}`;
  const SKIP = new Set(["hidden", "file", "password", "submit", "button", "reset", "image"]);

  function typedFields(form) {
    return Array.from(form.elements).filter((el) => el.name && !el.disabled && !SKIP.has(el.type)
      && el.name !== "csrfmiddlewaretoken" && !el.closest("[data-draft-banner]"));
  }

  function valuesOf(form) {
    const values = {};
    for (const el of typedFields(form)) {
      if (!(el.name in values)) values[el.name] = [];
      if (el.type === "checkbox" || el.type === "radio") {
        if (el.checked) values[el.name].push(el.value);
      } else if (el.tagName === "SELECT" && el.multiple) {
        for (const option of el.selectedOptions) values[el.name].push(option.value);
      } else {
        values[el.name].push(el.value);
      }
    }
    return values;
  }

  function baseOf(form) {
    if (form.dataset.draftBase !== undefined) return form.dataset.draftBase;
    return Array.from(form.querySelectorAll("input[type=hidden][name$=version]"))
      .map((el) => `${el.name}=${el.value}`).join("&");
  }

  const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

  function differs(draft, current) {
    return Object.keys(draft).some((name) => name in current && !same(draft[name], current[name]));
  }

  function read(form) {
    try {
      return JSON.parse(storage.getItem(keyOf(form)));
    } catch (e) {
      return null;
    }
  }

  let signingOut = false; // once signing out, nothing more is written (a blur's late "change" included)

  function write(form, submitted) {
    if (signingOut) return;
    const record = { values: valuesOf(form), base: baseOf(form), submitted, at: Date.now() };
    try {
      storage.setItem(keyOf(form), JSON.stringify(record));
    } catch (e) {
      // storage full: the form still submits as usual
    }
  }

  function apply(form, values) {
    const seen = new Map();
    for (const el of typedFields(form)) {
      if (!(el.name in values)) continue;
      const wanted = values[el.name];
      if (el.type === "checkbox" || el.type === "radio") {
        el.checked = wanted.includes(el.value);
      } else if (el.tagName === "SELECT" && el.multiple) {
        for (const option of el.options) option.selected = wanted.includes(option.value);
      } else {
        // Several fields of one name: the n-th takes the n-th value.
        const index = seen.get(el.name) || 0;
        if (index < wanted.length) el.value = wanted[index];
      }
      seen.set(el.name, (seen.get(el.name) || 0) + 1);
      el.dispatchEvent(new Event("change", { bubbles: true }));
    }
  }

  function offer(form, draft) {
    const d = form.dataset;
    const banner = document.createElement("div");
    banner.className = "alert alert-warning d-flex flex-wrap align-items-center gap-2 draft-banner";
    banner.setAttribute("role", "alert");
    banner.dataset.draftBanner = "";
    const text = document.createElement("span");
    text.className = "me-auto";
    const when = new Date(draft.at);
    text.textContent = `${d.draftText} (${when.toLocaleString(document.documentElement.lang || undefined, { dateStyle: "long", timeStyle: "short" })})`;
    const restore = document.createElement("button");
    restore.type = "button";
    restore.className = "btn btn-sm btn-primary";
    restore.textContent = d.draftRestore;
    const discard = document.createElement("button");
    discard.type = "button";
    discard.className = "btn btn-sm btn-outline-secondary";
    discard.textContent = d.draftDiscard;
    banner.append(text, restore, discard);
    form.before(banner);
    restore.addEventListener("click", () => {
      apply(form, draft.values);
      write(form, false);
      const done = document.createElement("div");
      done.className = "alert alert-info";
      done.setAttribute("role", "status");
      done.textContent = d.draftRestored;
      banner.replaceWith(done);
      const first = typedFields(form)[0];
      if (first) first.focus();
    });
    discard.addEventListener("click", () => {
      storage.removeItem(keyOf(form));
      banner.remove();
    });
  }

  function watch(form) {
    if (form.dataset.draftWatched) return;
    form.dataset.draftWatched = "1";
    if (form.hasAttribute("data-draft-saved")) {
      storage.removeItem(keyOf(form));
    } else {
      const draft = read(form);
      if (draft && draft.values) {
        if (draft.submitted && draft.base !== baseOf(form)) {
          storage.removeItem(keyOf(form)); // saved: the server's versions moved on after the submit
        } else if (differs(draft.values, valuesOf(form))) {
          offer(form, draft);
        } else {
          storage.removeItem(keyOf(form)); // the page already shows it: nothing to restore
        }
      }
    }
    let timer = null;
    const save = () => {
      clearTimeout(timer);
      timer = setTimeout(() => write(form, false), 300);
    };
    form.addEventListener("input", save);
    form.addEventListener("change", save);
    form.addEventListener("submit", () => {
      clearTimeout(timer);
      write(form, true);
    });
  }

  function init(root) {
    if (root.matches && root.matches("form[data-draft][data-draft-user]")) watch(root);
    if (root.querySelectorAll) root.querySelectorAll("form[data-draft][data-draft-user]").forEach(watch);
  }

  // Sign-out clears every draft of the user who signs out (a shared office computer keeps nothing).
  document.addEventListener("submit", (event) => {
    const user = event.target.dataset ? event.target.dataset.draftClear : undefined;
    if (!user) return;
    signingOut = true;
    const mine = `${PREFIX}${user}:`;
    for (let i = storage.length - 1; i >= 0; i -= 1) {
      const key = storage.key(i);
      if (key && key.startsWith(mine)) storage.removeItem(key);
    }
  });

  init(document);
  // Forms that htmx brings in (the programme table's update modal) take part too.
  document.addEventListener("htmx:load", (event) => init(event.target));
})();
