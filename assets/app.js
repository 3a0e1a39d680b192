// Progressive enhancement only: every page works without this file.
"use strict";

// Warn before leaving the editor with unsaved changes.
document.addEventListener("DOMContentLoaded", () => {
  const form = document.querySelector("form.editor");
  if (!form) return;
  const body = form.querySelector("textarea[name=body]");
  const initial = body.value;
  let submitting = false;
  form.addEventListener("submit", () => { submitting = true; });
  window.addEventListener("beforeunload", (event) => {
    if (!submitting && body.value !== initial) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
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
