// Progressive enhancement only: every page works without this file.
"use strict";

// Drafts: text typed in the editor is kept in this browser (localStorage), keyed by page and
// base revision, until the server confirms it was saved. After a crash or a closed tab, the
// editor of that page offers it back. The server's redirect after a successful save ends in
// `#saved-<submission id>`, naming the draft that can go.
const DRAFT_PREFIX = "coopwiki-draft:";

function drafts() {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

function readDraft(store, key) {
  try {
    const draft = JSON.parse(store.getItem(key));
    return draft && typeof draft.body === "string" ? draft : null;
  } catch {
    return null;
  }
}

function draftKeys(store, page) {
  const keys = [];
  for (let i = 0; i < store.length; i++) {
    const key = store.key(i);
    if (key && key.startsWith(`${DRAFT_PREFIX}${page}:`)) keys.push(key);
  }
  return keys;
}

function forgetSavedDraft() {
  const saved = /^#saved-([0-9a-f-]{36})$/.exec(window.location.hash);
  if (!saved) return;
  const store = drafts();
  if (store) {
    const keys = [];
    for (let i = 0; i < store.length; i++) keys.push(store.key(i));
    for (const key of keys) {
      if (!key || !key.startsWith(DRAFT_PREFIX)) continue;
      const draft = readDraft(store, key);
      if (!draft || draft.submission === saved[1]) store.removeItem(key);
    }
  }
  window.history.replaceState(null, "", window.location.pathname + window.location.search);
}

function offerDraft(form, draft, onRestore, onDiscard) {
  const notice = document.createElement("div");
  notice.className = "notice draft";
  notice.setAttribute("role", "status");
  const text = document.createElement("p");
  text.textContent = form.dataset.draftFound;
  const restore = document.createElement("button");
  restore.type = "button";
  restore.textContent = form.dataset.draftRestore;
  const discard = document.createElement("button");
  discard.type = "button";
  discard.className = "secondary";
  discard.textContent = form.dataset.draftDiscard;
  const buttons = document.createElement("p");
  buttons.className = "editor-buttons";
  buttons.append(restore, " ", discard);
  notice.append(text, buttons);
  form.before(notice);
  restore.addEventListener("click", () => {
    onRestore(draft);
    notice.remove();
  });
  discard.addEventListener("click", () => {
    onDiscard();
    notice.remove();
  });
}

function keepDrafts(form, body) {
  const store = drafts();
  if (!store) return;
  const page = form.getAttribute("action");
  const base = form.querySelector("input[name=base]");
  const summary = form.querySelector("input[name=summary]");
  const submission = form.querySelector("input[name=submission_id]").value;
  const answer = form.hasAttribute("data-answer");
  // Text fresh from the page is not a draft; text the server sent back (conflict, preview,
  // deleted page) is unsaved work, kept as a draft at once.
  const pristine = answer ? null : body.value;
  if (answer) {
    // Earlier drafts of this page are in the form now.
    for (const key of draftKeys(store, page)) store.removeItem(key);
  } else {
    const newest = draftKeys(store, page)
      .map((key) => readDraft(store, key))
      .filter((draft) => draft && draft.body !== pristine)
      .sort((a, b) => b.at - a.at)[0];
    if (newest) {
      offerDraft(
        form,
        newest,
        (draft) => {
          body.value = draft.body;
          summary.value = draft.summary || "";
          // The draft's own base: the server then merges it with what was saved since.
          base.value = String(draft.base);
        },
        () => {
          for (const key of draftKeys(store, page)) store.removeItem(key);
        },
      );
    }
  }
  let timer = null;
  const save = () => {
    const key = `${DRAFT_PREFIX}${page}:${base.value}`;
    try {
      if (body.value === pristine && summary.value === "") {
        store.removeItem(key);
      } else {
        store.setItem(key, JSON.stringify({
          body: body.value,
          summary: summary.value,
          base: Number(base.value),
          submission,
          at: Date.now(),
        }));
      }
    } catch {
      // Storage full or refused: the server still has every saved revision.
    }
  };
  const later = () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(save, 400);
  };
  body.addEventListener("input", later);
  summary.addEventListener("input", later);
  form.addEventListener("submit", save);
  if (answer) save();
}

// Presence: while the editor is open, tell the server every 30 seconds, and show who else is
// editing. Leaving the page (other than by submitting the form) says so at once.
function keepPresence(form, isSubmitting) {
  const url = form.dataset.presence;
  const csrf = form.querySelector("input[name=csrf]").value;
  const box = document.getElementById("cw-presence");
  const text = document.getElementById("cw-presence-text");
  if (!url || !box || !text) return;
  const beat = async () => {
    try {
      const response = await fetch(url, {
        method: "POST",
        credentials: "same-origin",
        headers: { Accept: "application/json" },
        body: new URLSearchParams({ csrf }),
      });
      if (!response.ok) return;
      const answer = await response.json();
      text.textContent = answer.text;
      box.hidden = answer.others <= 0;
    } catch {
      // Offline for a moment: the next beat tries again.
    }
  };
  window.setInterval(beat, 30000);
  window.addEventListener("pagehide", () => {
    if (!isSubmitting() && navigator.sendBeacon) {
      navigator.sendBeacon(url, new URLSearchParams({ csrf, leaving: "1" }));
    }
  });
}

// The conflict screen: a button per overlapping region selects its lines in the editor.
function conflictButtons(body) {
  const list = document.querySelector("ol.conflict-regions");
  if (!list) return;
  for (const region of list.querySelectorAll("li.conflict-region")) {
    const first = Number(region.dataset.firstLine);
    const count = Number(region.dataset.lineCount);
    const button = document.createElement("button");
    button.type = "button";
    button.className = "secondary";
    button.textContent = list.dataset.showLabel;
    button.addEventListener("click", () => {
      const lines = body.value.split("\n");
      const start = lines.slice(0, first - 1).reduce((n, line) => n + line.length + 1, 0);
      const length = lines.slice(first - 1, first - 1 + count).join("\n").length;
      body.focus();
      body.setSelectionRange(start, start + length);
      const lineHeight = parseFloat(window.getComputedStyle(body).lineHeight) || 20;
      body.scrollTop = Math.max(0, (first - 3) * lineHeight);
    });
    region.querySelector("h3").after(button);
  }
}

document.addEventListener("DOMContentLoaded", () => {
  forgetSavedDraft();
  const form = document.querySelector("form.editor");
  if (!form) return;
  const body = form.querySelector("textarea[name=body]");
  const initial = body.value;
  let submitting = false;
  form.addEventListener("submit", () => { submitting = true; });
  // Warn before leaving the editor with unsaved changes.
  window.addEventListener("beforeunload", (event) => {
    if (!submitting && body.value !== initial) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
  keepDrafts(form, body);
  keepPresence(form, () => submitting);
  conflictButtons(body);
});

// Apply the language switch as soon as a language is chosen.
document.addEventListener("change", (event) => {
  if (event.target.matches(".lang-switch select")) event.target.form.submit();
});

// Search boxes: suggest page titles while typing (from /-/search/titles), and open the page
// when one is picked. Without this script the box is a plain search form.
document.addEventListener("DOMContentLoaded", () => {
  for (const input of document.querySelectorAll("form[role=search] input[type=search][list]")) {
    const list = document.getElementById(input.getAttribute("list"));
    if (!list) continue;
    const urls = new Map();
    let timer = null;
    let controller = null;
    input.addEventListener("input", (event) => {
      if (event.inputType === "insertReplacementText" || event.inputType === undefined) {
        const url = urls.get(input.value);
        if (url) { window.location.assign(url); return; }
      }
      clearTimeout(timer);
      const typed = input.value.trim();
      if (typed.length < 2) { list.replaceChildren(); return; }
      timer = setTimeout(async () => {
        if (controller) controller.abort();
        controller = new AbortController();
        try {
          const response = await fetch("/-/search/titles?q=" + encodeURIComponent(typed),
            { headers: { Accept: "application/json" }, signal: controller.signal });
          if (!response.ok) return;
          const data = await response.json();
          urls.clear();
          list.replaceChildren(...data.titles.map((title) => {
            urls.set(title.name, title.url);
            const option = document.createElement("option");
            option.value = title.name;
            return option;
          }));
        } catch (_) {
          // A failed or aborted suggestion is not worth a message: the form still works.
        }
      }, 150);
    });
  }
});

// Attachments: a file dropped on the upload form is put in its file field and the form is
// submitted as if chosen and sent by hand (same multipart body, same CSRF field).
document.addEventListener("DOMContentLoaded", () => {
  const form = document.querySelector("form.attachment-upload");
  const input = form && form.querySelector("input[type=file]");
  if (!form || !input) return;
  const hint = form.querySelector(".drop-hint");
  if (hint) hint.hidden = false;
  const over = (on) => form.classList.toggle("drop-target", on);
  form.addEventListener("dragover", (event) => {
    event.preventDefault();
    over(true);
  });
  form.addEventListener("dragleave", () => over(false));
  form.addEventListener("drop", (event) => {
    event.preventDefault();
    over(false);
    const files = event.dataTransfer && event.dataTransfer.files;
    if (!files || files.length === 0) return;
    const one = new DataTransfer();
    one.items.add(files[0]);
    input.files = one.files;
    form.requestSubmit();
  });
});

// Times: the server writes them in UTC (the only zone it knows), in the page's language. Here
// they are shown in this browser's zone, the UTC text kept as the element's title.
function localTimes(root) {
  let format;
  try {
    format = new Intl.DateTimeFormat(document.documentElement.lang || undefined, {
      dateStyle: "medium",
      timeStyle: "short",
    });
  } catch {
    return;
  }
  for (const element of root.querySelectorAll("time[datetime$='Z']")) {
    const at = new Date(element.dateTime);
    if (Number.isNaN(at.getTime())) continue;
    element.title = element.textContent;
    element.textContent = format.format(at);
  }
}
document.addEventListener("DOMContentLoaded", () => localTimes(document));

// Discussions: posting, replying, removing and approving send the form in the background and
// put the thread the server answers in place of this one, without reloading the page. The
// server's answer is the page the plain form would have led to (the page, or the discussion
// with the text kept and the reason, for a refused comment); an answer without a thread (the
// login form, for a visitor whose session ended) is loaded as the form would have loaded it.
document.addEventListener("submit", async (event) => {
  const form = event.target;
  const section = form.closest("section.discussion");
  if (!section || form.method.toLowerCase() !== "post") return;
  event.preventDefault();
  const before = new Set([...section.querySelectorAll("article.comment")].map((a) => a.id));
  const button = form.querySelector("button[type=submit]");
  if (button) button.disabled = true;
  let html;
  try {
    const response = await fetch(form.action, {
      method: "POST",
      body: new URLSearchParams(new FormData(form)),
      headers: { Accept: "text/html" },
    });
    html = await response.text();
  } catch {
    if (button) button.disabled = false;
    form.submit();
    return;
  }
  const next = new DOMParser().parseFromString(html, "text/html").querySelector("section.discussion");
  if (!next) {
    form.submit();
    return;
  }
  section.replaceWith(document.adoptNode(next));
  localTimes(next);
  const added = [...next.querySelectorAll("article.comment")].find((a) => !before.has(a.id));
  const alert = next.querySelector("[role=alert]");
  const target = alert ? alert.closest("form")?.querySelector("textarea") : added;
  if (target) {
    if (!alert) target.tabIndex = -1;
    target.focus();
    target.scrollIntoView({ block: "center" });
  }
});

// Catalogue: filters apply as they are ticked and typed, without reloading the page (the form
// still works by its button without this). The new results and option counts come from the
// same address the form would load; the address bar follows. On a phone the filters fold away
// below the results.
document.addEventListener("DOMContentLoaded", () => {
  const form = document.querySelector("form.filters");
  if (!form) return;
  const fold = form.querySelector("details.filters-fold");
  const phone = window.matchMedia("(max-width: 50rem)");
  if (fold && phone.matches) fold.open = false;
  // A wide screen has no fold to open: whatever a phone folded shows again.
  if (fold) phone.addEventListener("change", () => { if (!phone.matches) fold.open = true; });
  const status = form.querySelector("#cw-filters-status");
  let controller = null;
  let timer = null;
  const apply = () => {
    const params = new URLSearchParams(new FormData(form));
    const url = `${form.getAttribute("action")}?${params}`;
    if (controller) controller.abort();
    controller = new AbortController();
    fetch(url, { signal: controller.signal, headers: { Accept: "text/html" } })
      .then((response) => (response.ok ? response.text() : Promise.reject(response.status)))
      .then((html) => {
        const next = new DOMParser().parseFromString(html, "text/html");
        const results = document.querySelector(".catalogue .results");
        const nextResults = next.querySelector(".catalogue .results");
        if (!results || !nextResults) return;
        results.replaceWith(document.adoptNode(nextResults));
        // Option counts follow; the group being used keeps its focus.
        const groups = form.querySelectorAll("fieldset.filter-choices");
        const nextGroups = next.querySelectorAll("form.filters fieldset.filter-choices");
        groups.forEach((group, i) => {
          if (nextGroups[i] && !group.contains(document.activeElement)) {
            group.replaceWith(document.adoptNode(nextGroups[i]));
          }
        });
        const count = nextResults.querySelector("h2");
        if (status && count) status.textContent = count.textContent;
        window.history.replaceState(null, "", url);
      })
      .catch(() => {});
  };
  form.addEventListener("change", (event) => {
    if (event.target.matches("input[type=search], input[type=number]")) return;
    apply();
  });
  form.addEventListener("input", (event) => {
    if (!event.target.matches("input[type=search], input[type=number]")) return;
    clearTimeout(timer);
    timer = setTimeout(apply, 300);
  });
});

// The typed editor's rows (steps, materials, related methods): without this script five blank
// rows wait at the end of each list; with it, one does, and a button adds another in place,
// focused, numbered after the others (the server reads rows by their number, skipping blanks).
document.addEventListener("DOMContentLoaded", () => {
  const blank = (row) => [...row.querySelectorAll("input, textarea, select")]
    .every((field) => field.value === "");
  for (const list of document.querySelectorAll("form.editor.typed ol.rows[data-add]")) {
    // Of the blank rows at the end, keep the first.
    const trailing = [];
    for (let row = list.lastElementChild; row && blank(row); row = row.previousElementSibling) {
      trailing.unshift(row);
    }
    for (const row of trailing.slice(1)) row.remove();
    const template = (trailing[0] || list.lastElementChild).cloneNode(true);
    const button = document.createElement("button");
    button.type = "button";
    button.className = "secondary add-row";
    button.textContent = list.dataset.add;
    button.addEventListener("click", () => {
      const numbers = [...list.querySelectorAll("[name]")]
        .map((field) => Number(field.name.split(".")[2]))
        .filter(Number.isFinite);
      const next = numbers.length ? Math.max(...numbers) + 1 : 0;
      const row = template.cloneNode(true);
      for (const field of row.querySelectorAll("[name]")) {
        const parts = field.name.split(".");
        parts[2] = String(next);
        field.name = parts.join(".");
        field.id = field.id.replace(/-\d+-([a-z_]+)$/, `-${next}-$1`);
        field.value = "";
        if (field.tagName === "SELECT") field.selectedIndex = 0;
      }
      for (const label of row.querySelectorAll("label[for]")) {
        label.htmlFor = label.htmlFor.replace(/-\d+-([a-z_]+)$/, `-${next}-$1`);
      }
      const legend = row.querySelector("legend");
      if (legend) legend.textContent = list.dataset.legend.replace("{n}", String(list.children.length + 1));
      list.append(row);
      const first = row.querySelector("input, textarea, select");
      if (first) first.focus();
    });
    list.after(button);
  }
});

// The editor's toolbar: Markdown stays the text, the buttons only type it. Each button wraps
// the selection (or a placeholder, selected so it can be typed over) or starts the line; a
// file chosen or dropped on the text is attached to the page (the upload form's own route,
// asked for JSON) and its Markdown inserted at the cursor, with the chosen placement and size.
document.addEventListener("DOMContentLoaded", () => {
  const bar = document.querySelector(".md-toolbar");
  const area = bar && document.getElementById(bar.getAttribute("aria-controls"));
  if (!bar || !area) return;
  bar.hidden = false;
  const form = area.form;
  const status = bar.querySelector(".md-status");
  const say = (template, values) => {
    let text = template;
    for (const [key, value] of Object.entries(values)) text = text.replace(`%${key}%`, value);
    status.textContent = text;
  };
  const changed = () => area.dispatchEvent(new Event("input", { bubbles: true }));

  // Replaces the selection with before + (selection or placeholder) + after, and selects the
  // middle part, so typing replaces the placeholder.
  const wrap = (before, after, placeholder) => {
    const { selectionStart: start, selectionEnd: end, value } = area;
    const middle = value.slice(start, end) || placeholder;
    area.focus();
    area.setRangeText(before + middle + after, start, end, "end");
    area.setSelectionRange(start + before.length, start + before.length + middle.length);
    changed();
  };
  // Puts `prefix` at the start of each selected line.
  const prefixLines = (prefix) => {
    const { selectionStart: start, selectionEnd: end, value } = area;
    const lineStart = value.lastIndexOf("\n", start - 1) + 1;
    const lines = value.slice(lineStart, end).split("\n").map((line) => prefix + line);
    area.focus();
    area.setRangeText(lines.join("\n"), lineStart, end, "end");
    changed();
  };
  // Inserts a block on lines of its own at the cursor.
  const insertBlock = (text) => {
    const { selectionStart: start, selectionEnd: end, value } = area;
    const before = start > 0 && value[start - 1] !== "\n" ? "\n" : "";
    const after = value[end] === "\n" ? "" : "\n";
    area.focus();
    area.setRangeText(before + text + after, start, end, "end");
    changed();
  };

  const wikiBox = bar.querySelector(".md-wikilink");
  const pageInput = bar.querySelector(".md-wikilink-page");
  const pages = bar.querySelector("datalist");
  let lookup;
  pageInput.addEventListener("input", () => {
    clearTimeout(lookup);
    const typed = pageInput.value.trim();
    if (typed.length < 2) return;
    lookup = setTimeout(async () => {
      try {
        const response = await fetch("/-/search/titles?q=" + encodeURIComponent(typed),
          { headers: { Accept: "application/json" } });
        if (!response.ok) return;
        const data = await response.json();
        pages.replaceChildren(...data.titles.map((title) => {
          const option = document.createElement("option");
          option.value = title.name;
          return option;
        }));
      } catch (_) {
        // No suggestions: the name can still be typed whole.
      }
    }, 150);
  });
  const insertWikiLink = () => {
    const page = pageInput.value.trim();
    wikiBox.hidden = true;
    area.focus();
    if (!page) return;
    const { selectionStart: start, selectionEnd: end, value } = area;
    const label = value.slice(start, end);
    area.setRangeText(label && label !== page ? `[[${page}|${label}]]` : `[[${page}]]`,
      start, end, "end");
    changed();
  };
  pageInput.addEventListener("keydown", (event) => {
    if (event.key === "Enter") {
      event.preventDefault();
      insertWikiLink();
    } else if (event.key === "Escape") {
      wikiBox.hidden = true;
      area.focus();
    }
  });

  const fileInput = bar.querySelector(".md-file");
  const upload = async (file) => {
    say(bar.dataset.uploading, { file: file.name });
    const body = new FormData();
    body.append("csrf", form.querySelector("input[name=csrf]").value);
    body.append("file", file, file.name);
    try {
      const response = await fetch(bar.dataset.upload, {
        method: "POST", body, headers: { Accept: "application/json" },
      });
      const data = await response.json().catch(() => ({}));
      if (!response.ok) {
        say(bar.dataset.uploadFailed, { file: file.name, reason: (data.error && data.error.message) || response.statusText });
        return;
      }
      let markdown = data.markdown;
      if (data.image) {
        const layout = [bar.querySelector(".md-placement").value, bar.querySelector(".md-size").value]
          .filter(Boolean).join(",");
        if (layout) markdown = markdown.replace(/\)$/, `#${layout})`);
      }
      insertBlock(markdown);
      say(bar.dataset.uploaded, { file: data.name });
    } catch (error) {
      say(bar.dataset.uploadFailed, { file: file.name, reason: String(error.message || error) });
    }
  };
  if (fileInput) {
    fileInput.addEventListener("change", () => {
      for (const file of fileInput.files) upload(file);
      fileInput.value = "";
    });
    area.addEventListener("dragover", (event) => {
      if (event.dataTransfer && [...event.dataTransfer.types].includes("Files")) event.preventDefault();
    });
    area.addEventListener("drop", (event) => {
      const files = event.dataTransfer && event.dataTransfer.files;
      if (!files || files.length === 0) return;
      event.preventDefault();
      for (const file of files) upload(file);
    });
  }

  const actions = {
    bold: () => wrap("**", "**", bar.querySelector("[data-md=bold]").getAttribute("aria-label")),
    italic: () => wrap("_", "_", bar.querySelector("[data-md=italic]").getAttribute("aria-label")),
    heading: () => prefixLines("## "),
    list: () => prefixLines("- "),
    link: () => {
      const { selectionStart: start, selectionEnd: end, value } = area;
      const text = value.slice(start, end) || "https://";
      area.focus();
      area.setRangeText(`[${text}](https://)`, start, end, "end");
      const url = start + text.length + 3;
      area.setSelectionRange(url, url + "https://".length);
      changed();
    },
    wikilink: () => {
      wikiBox.hidden = false;
      pageInput.value = area.value.slice(area.selectionStart, area.selectionEnd);
      pageInput.focus();
    },
    "wikilink-insert": insertWikiLink,
    table: () => insertBlock(bar.dataset.table),
    file: () => fileInput && fileInput.click(),
  };
  bar.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-md]");
    if (button && actions[button.dataset.md]) actions[button.dataset.md]();
  });
  area.addEventListener("keydown", (event) => {
    if (!(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey) return;
    const action = { b: "bold", i: "italic", k: "link" }[event.key.toLowerCase()];
    if (action) {
      event.preventDefault();
      actions[action]();
    }
  });
});

// The preview on a phone: the text and its preview take turns on the screen, a pair of
// buttons switching between them, the preview first since it was just asked for (the summary
// and Save stay below both). On a wide screen they stand side by side and the buttons are not
// shown (style.css); without this script the preview follows the form.
document.addEventListener("DOMContentLoaded", () => {
  const layout = document.querySelector(".editor-layout.with-preview");
  if (!layout) return;
  const text = layout.querySelector("textarea[name=body]");
  const preview = layout.querySelector(".preview");
  const toggle = document.createElement("div");
  toggle.className = "preview-toggle";
  toggle.setAttribute("role", "group");
  toggle.setAttribute("aria-label", layout.dataset.toggleLabel);
  const show = (side, moveFocus) => {
    layout.dataset.showing = side;
    for (const button of toggle.querySelectorAll("button")) {
      button.setAttribute("aria-pressed", String(button.dataset.side === side));
    }
    if (moveFocus) (side === "text" ? text : preview).focus();
  };
  for (const [side, label] of [["text", layout.dataset.showText], ["preview", layout.dataset.showPreview]]) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "secondary";
    button.dataset.side = side;
    button.textContent = label;
    button.addEventListener("click", () => show(side, true));
    toggle.append(button);
  }
  layout.before(toggle);
  show("preview", false);
});

// The programme editor's slots. Without this script "Add a slot" sends the form and comes back
// with one more blank row, and emptying a row removes its slot. With it, each row gets buttons
// to duplicate, remove and move it, "Add a slot" adds a row in place, and the planner shows the
// slots on a grid of rooms and time, to move them by dragging or with the arrow keys. All of
// it happens in the form's own fields, renumbered after each change as the server reads them
// (`slot-<n>-<field>`, `rows`): saving is the plain form's save, with its revision and its
// check against changes made meanwhile.
const SLOT_FIELD = /^slot-\d+-/;

const fill = (pattern, values) => pattern.replace(/\{(\w+)\}/g, (all, key) => String(values[key] ?? all));

// A slot field of a row, by its key (`day`, `start`…).
const slotField = (row, key) => [...row.querySelectorAll("input[name]")]
  .find((input) => SLOT_FIELD.test(input.name) && input.name.replace(SLOT_FIELD, "") === key);

// A time as the server reads it (`programme::parse_clock`): `9:30`, `09.30`, `9h30`, `9h`.
function minutesOf(text) {
  const parts = /^(\d{1,2})(?:[:.](\d{1,2})|[hH](\d{1,2})?)$/.exec(text.trim());
  if (!parts) return null;
  const hours = Number(parts[1]);
  const minutes = Number(parts[2] ?? parts[3] ?? 0);
  return hours < 24 && minutes < 60 ? hours * 60 + minutes : null;
}

const clockOf = (minutes) =>
  `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;

function slotRows(form) {
  const table = form.querySelector("table.slot-editor");
  const rows = table.tBodies[0];
  const text = table.dataset;
  const count = form.querySelector("input[name=rows]");
  const status = form.querySelector("#cw-slot-status");
  const addButton = form.querySelector("button[name=action][value=add]");
  const say = (message) => { status.textContent = message; };

  const forgetErrors = (row) => {
    for (const error of row.querySelectorAll(".field-error")) error.remove();
    for (const input of row.querySelectorAll("[aria-invalid]")) {
      input.removeAttribute("aria-invalid");
      input.removeAttribute("aria-describedby");
    }
  };
  // A new row is a blank copy of the first: no hidden fields (a new slot gets a new id).
  const blank = rows.rows[0].cloneNode(true);
  for (const hidden of blank.querySelectorAll("input[type=hidden]")) hidden.remove();
  forgetErrors(blank);
  for (const input of blank.querySelectorAll("input")) input.value = "";

  const heading = document.createElement("th");
  heading.scope = "col";
  heading.textContent = text.actions;
  table.tHead.rows[0].append(heading);
  const button = (label, act) => {
    const element = document.createElement("button");
    element.type = "button";
    element.className = "secondary";
    element.dataset.act = act;
    element.textContent = label;
    return element;
  };
  const withActions = (row) => {
    if (row.querySelector("td.slot-actions")) return;
    const cell = document.createElement("td");
    cell.className = "slot-actions";
    cell.append(button(text.duplicate, "duplicate"), button(text.remove, "remove"),
      button(text.up, "up"), button(text.down, "down"));
    row.append(cell);
  };

  const planner = slotPlanner(form, rows, say);

  // Numbers every row by its place again: names, ids, labels, and the links of the errors'
  // summary, which follow the field they named.
  const renumber = () => {
    const links = [...document.querySelectorAll(".errors a[href^='#cw-p-slots-']")]
      .map((link) => [link, document.getElementById(link.hash.slice(1))]);
    const all = [...rows.rows];
    all.forEach((row, i) => {
      withActions(row);
      row.querySelector(".slot-number").textContent = fill(text.row, { n: i + 1 });
      for (const input of row.querySelectorAll("[name]")) {
        input.name = input.name.replace(SLOT_FIELD, `slot-${i}-`);
      }
      for (const element of row.querySelectorAll("[id]")) {
        element.id = element.id.replace(/^(cw-(?:p|err)-slots-)\d+-/, `$1${i}-`);
      }
      for (const input of row.querySelectorAll("[aria-describedby]")) {
        input.setAttribute("aria-describedby",
          input.getAttribute("aria-describedby").replace(/^(cw-err-slots-)\d+-/, `$1${i}-`));
      }
      for (const input of row.querySelectorAll("input[aria-label]")) {
        input.setAttribute("aria-label", input.getAttribute("aria-label").replace(/\d+$/, String(i + 1)));
      }
      row.querySelector("[data-act=up]").disabled = i === 0;
      row.querySelector("[data-act=down]").disabled = i === all.length - 1;
    });
    count.value = String(all.length);
    for (const [link, target] of links) {
      if (target && target.isConnected) link.hash = target.id;
      else link.closest("li").remove();
    }
    planner.refresh();
  };

  const firstField = (row) => row.querySelector("input:not([type=hidden])");
  rows.addEventListener("click", (event) => {
    const pressed = event.target.closest("button[data-act]");
    if (!pressed) return;
    const row = pressed.closest("tr");
    const at = row.sectionRowIndex;
    if (pressed.dataset.act === "duplicate") {
      const copy = row.cloneNode(true);
      slotField(copy, "id")?.remove();
      forgetErrors(copy);
      row.after(copy);
      renumber();
      firstField(copy).focus();
      say(fill(text.duplicated, { n: at + 2, from: at + 1 }));
    } else if (pressed.dataset.act === "remove") {
      const next = row.nextElementSibling || row.previousElementSibling;
      row.remove();
      renumber();
      (next ? next.querySelector("[data-act=remove]") : addButton).focus();
      say(fill(text.removed, { n: at + 1 }));
    } else {
      const up = pressed.dataset.act === "up";
      const other = up ? row.previousElementSibling : row.nextElementSibling;
      if (!other) return;
      if (up) other.before(row); else other.after(row);
      renumber();
      // Moving the row took the focus away; it stays on the button, or on the other way when
      // the row reached an end.
      (pressed.disabled ? row.querySelector(`[data-act=${up ? "down" : "up"}]`) : pressed).focus();
      say(fill(text.moved, { n: row.sectionRowIndex + 1 }));
    }
  });
  addButton.addEventListener("click", (event) => {
    event.preventDefault();
    const row = blank.cloneNode(true);
    rows.append(row);
    renumber();
    firstField(row).focus();
    say(fill(text.added, { n: rows.rows.length }));
  });
  form.addEventListener("input", (event) => {
    if (event.target.closest(".slot-editor") || event.target.name === "rooms") planner.refresh();
  });
  renumber();
}

// The planner: each day's slots on the schedule's grid (the page's own classes: `at-<line>`,
// `span-<rows>`, `room-<column>`, rows of five minutes), built again from the slot table at
// each change. A block is a button: the arrow keys move it by 15 minutes or to the room
// beside; dragged, it follows the pointer and lands on the quarter hour and room under it.
// Either way the slot's start and room fields take the new values.
function slotPlanner(form, rows, say) {
  const planner = form.querySelector(".slot-planner");
  const days = planner.querySelector(".planner-days");
  const roomsField = form.querySelector("input[name=rooms]");
  const maxRooms = Number(planner.dataset.maxRooms);
  const ROW = 5;
  const STEP = 15;
  const LAST_START = 24 * 60 - STEP;

  const slotsNow = () => [...rows.rows].map((row) => {
    const day = slotField(row, "day").value.trim();
    const start = minutesOf(slotField(row, "start").value);
    const duration = Number(slotField(row, "duration").value.trim());
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || start === null || !Number.isInteger(duration)
      || duration <= 0 || duration > 24 * 60) return null;
    return {
      row, day, start, duration,
      room: slotField(row, "room").value.trim(),
      title: slotField(row, "title").value.trim(),
    };
  }).filter(Boolean);
  const roomsOf = (slots) => {
    const rooms = roomsField.value.split(";").map((room) => room.trim()).filter(Boolean);
    for (const slot of slots) if (slot.room && !rooms.includes(slot.room)) rooms.push(slot.room);
    return rooms;
  };

  let rooms = [];
  // The classes that put a block of `start` and `duration` in `room` on a grid from `first`.
  const place = (item, grid, start, duration, room) => {
    const line = 2 + Math.max(0, Math.floor((start - grid.first) / ROW));
    const end = Math.min(grid.rows + 2, 2 + Math.ceil((start + duration - grid.first) / ROW));
    const column = rooms.indexOf(room) + 1;
    item.className = `at-${line} span-${Math.max(1, end - line)} ${column ? `room-${column}` : "all-rooms"}`;
  };
  const element = (tag, className, content) => {
    const made = document.createElement(tag);
    if (className) made.className = className;
    if (content !== undefined) made.textContent = content;
    return made;
  };
  const dayName = (day) => new Date(`${day}T12:00:00Z`).toLocaleDateString(document.documentElement.lang, {
    weekday: "long", day: "numeric", month: "long", year: "numeric", timeZone: "UTC",
  });

  const refresh = () => {
    const slots = slotsNow();
    rooms = roomsOf(slots);
    planner.hidden = slots.length === 0 || rooms.length > maxRooms;
    days.replaceChildren();
    if (planner.hidden) return;
    const byDay = new Map();
    for (const slot of [...slots].sort((a, b) => a.day.localeCompare(b.day) || a.start - b.start)) {
      if (!byDay.has(slot.day)) byDay.set(slot.day, []);
      byDay.get(slot.day).push(slot);
    }
    for (const [day, list] of byDay) {
      // An hour more on each side to move a slot into; a day at most.
      const first = Math.max(0, Math.floor(Math.min(...list.map((s) => s.start)) / 60) * 60 - 60);
      const last = Math.min(first + 24 * 60,
        Math.ceil(Math.max(...list.map((s) => s.start + s.duration)) / 60) * 60 + 60);
      const grid = { first, rows: (last - first) / ROW };
      const section = element("section", "planner-day");
      section.append(element("h3", null, dayName(day)));
      const layout = element("div", `schedule-grid planner-grid rooms-${Math.max(1, rooms.length)}`);
      layout.dataset.first = String(first);
      layout.dataset.rows = String(grid.rows);
      const names = element("div", "grid-rooms");
      names.setAttribute("aria-hidden", "true");
      rooms.forEach((room, i) => names.append(element("p", `grid-room room-${i + 1}`, room)));
      const hours = element("div", "grid-hours");
      hours.setAttribute("aria-hidden", "true");
      for (let hour = first; hour < last; hour += 60) {
        const mark = element("p", `grid-hour at-${2 + (hour - first) / ROW} span-${60 / ROW}`, clockOf(hour % (24 * 60)));
        mark.dataset.minutes = String(hour);
        hours.append(mark);
      }
      const blocks = element("ol", "schedule-slots");
      for (const slot of list) {
        const item = element("li");
        place(item, grid, slot.start, slot.duration, slot.room);
        const block = element("button", "planner-slot");
        block.type = "button";
        block.dataset.row = String(slot.row.sectionRowIndex);
        block.setAttribute("aria-describedby", "cw-planner-help");
        block.append(element("strong", null, slot.title),
          element("span", null, ` ${clockOf(slot.start)}–${clockOf((slot.start + slot.duration) % (24 * 60))}`),
          element("span", null, slot.room ? ` · ${slot.room}` : ""));
        item.append(block);
        blocks.append(item);
      }
      layout.append(names, hours, blocks);
      section.append(layout);
      days.append(section);
    }
  };

  const slotOf = (block) => slotsNow().find((slot) => String(slot.row.sectionRowIndex) === block.dataset.row);
  const move = (slot, start, room) => {
    const at = Math.min(Math.max(start, 0), LAST_START);
    slotField(slot.row, "start").value = clockOf(at);
    slotField(slot.row, "room").value = room;
    refresh();
    days.querySelector(`.planner-slot[data-row="${slot.row.sectionRowIndex}"]`)?.focus();
    say(fill(planner.dataset.moved, { title: slot.title, start: clockOf(at), room: room || planner.dataset.noRoom }));
  };

  days.addEventListener("keydown", (event) => {
    const block = event.target.closest(".planner-slot");
    const slot = block && slotOf(block);
    if (!slot) return;
    const step = { ArrowUp: -STEP, ArrowDown: STEP }[event.key];
    const side = { ArrowLeft: -1, ArrowRight: 1 }[event.key];
    if (step) {
      move(slot, slot.start + step, slot.room);
    } else if (side && rooms.length) {
      const next = Math.min(Math.max(rooms.indexOf(slot.room) + side, 0), rooms.length - 1);
      move(slot, slot.start, rooms[next]);
    } else {
      return;
    }
    event.preventDefault();
  });

  // Where the pointer is on a grid: the minute under it, read from the hours' labels (rows
  // grow with their text, so an hour's height is measured, not assumed), and the room.
  const minuteAt = (layout, y) => {
    const marks = [...layout.querySelectorAll(".grid-hour")];
    for (const mark of marks) {
      const box = mark.getBoundingClientRect();
      if (y < box.bottom || mark === marks[marks.length - 1]) {
        const into = Math.min(Math.max((y - box.top) / box.height, 0), 1);
        return Number(mark.dataset.minutes) + into * 60;
      }
    }
    return Number(layout.dataset.first);
  };
  const roomAt = (layout, x) => {
    const names = [...layout.querySelectorAll(".grid-room")];
    const under = names.find((name) => {
      const box = name.getBoundingClientRect();
      return x >= box.left && x < box.right;
    });
    return under ? rooms[names.indexOf(under)] : null;
  };
  let drag = null;
  days.addEventListener("pointerdown", (event) => {
    const block = event.target.closest(".planner-slot");
    const layout = block?.closest(".planner-grid");
    if (!block || event.button !== 0 || getComputedStyle(layout).display !== "grid") return;
    const slot = slotOf(block);
    drag = {
      block, layout, slot, x: event.clientX, y: event.clientY, target: null,
      grabbed: minuteAt(layout, event.clientY) - slot.start,
    };
    block.setPointerCapture(event.pointerId);
  });
  days.addEventListener("pointermove", (event) => {
    if (!drag || (!drag.target && Math.hypot(event.clientX - drag.x, event.clientY - drag.y) < 5)) return;
    const start = Math.round((minuteAt(drag.layout, event.clientY) - drag.grabbed) / STEP) * STEP;
    drag.target = {
      start: Math.min(Math.max(start, 0), LAST_START),
      room: roomAt(drag.layout, event.clientX) ?? drag.slot.room,
    };
    const grid = { first: Number(drag.layout.dataset.first), rows: Number(drag.layout.dataset.rows) };
    place(drag.block.parentElement, grid, drag.target.start, drag.slot.duration, drag.target.room);
    drag.block.parentElement.classList.add("dragged");
  });
  days.addEventListener("pointerup", () => {
    const done = drag;
    drag = null;
    if (done?.target) move(done.slot, done.target.start, done.target.room);
  });
  days.addEventListener("pointercancel", () => {
    drag = null;
    refresh();
  });

  return { refresh };
}

document.addEventListener("DOMContentLoaded", () => {
  const form = document.querySelector("form.programme-editor");
  if (form && form.querySelector("table.slot-editor tbody tr")) slotRows(form);
});
