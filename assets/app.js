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
