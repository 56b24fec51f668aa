/* The article change form's editing aids (articles/admin/editing.py, articles/editing.py):
 *
 * - autosave: while someone types, the form's text goes to the server every
 *   data-autosave-ms (30 s), kept aside as her autosave, never saved on the article;
 * - a warning before leaving with changes not saved (not after a save: submitting the
 *   form is leaving on purpose);
 * - presence: a heartbeat every data-heartbeat-ms (25 s) says she has the article open
 *   and answers who else has; leaving the page ends her presence at once;
 * - the body's word count and reading time, as the server counts them
 *   (articles.text_policy: runs of letters, marks and digits, with inner apostrophes
 *   or hyphens; Arabic vowel marks and joiners stay inside their word);
 * - character counters on the SEO fields and a preview of the search result and the
 *   social card, redrawn as one types.
 */
"use strict";
(function () {
  // The server's rule (articles/text_policy.py, _WORD), in Unicode property classes.
  const PART = "[\\p{L}\\p{N}_][\\p{L}\\p{M}\\p{N}_\\u200c\\u200d]*";
  const WORD = new RegExp(PART + "(?:['’\\-]" + PART + ")*", "gu");

  function countWords(text) {
    const matches = text.match(WORD);
    return matches ? matches.length : 0;
  }

  function csrfToken(form) {
    const input = form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function setup() {
    const config = document.getElementById("article-editing");
    const form = document.getElementById("article_form");
    if (!config || !form) return;
    const data = config.dataset;
    let dirty = data.restored !== undefined; // a restored autosave is not saved yet
    let typedSinceAutosave = false;
    let submitting = false;

    // --- unsaved changes and autosave ---------------------------------------------
    form.addEventListener("input", function () {
      dirty = true;
      typedSinceAutosave = true;
    });
    form.addEventListener("change", function () {
      dirty = true;
    });
    form.addEventListener("submit", function () {
      submitting = true;
    });
    // Restore and discard leave the form on purpose, for the autosave itself: no warning,
    // and no last autosave on the way out, which would overwrite the one they act on.
    document.querySelectorAll(".autosave-restore, .autosave-discard").forEach(function (control) {
      control.addEventListener("click", function () {
        submitting = true;
      });
    });
    window.addEventListener("beforeunload", function (event) {
      if (!dirty || submitting) return;
      event.preventDefault();
      event.returnValue = ""; // older browsers need it set to show the prompt
    });

    const status = document.querySelector("[data-autosave-status]");
    function autosave() {
      if (!typedSinceAutosave || submitting) return;
      typedSinceAutosave = false;
      fetch(data.autosaveUrl, {
        method: "POST",
        body: new FormData(form),
        credentials: "same-origin",
        headers: { "X-CSRFToken": csrfToken(form) },
      })
        .then(function (response) {
          return response.json().then(function (body) {
            if (!response.ok) throw new Error(body.error || "Autosave failed (" + response.status + ").");
            return body;
          });
        })
        .then(function (body) {
          if (!status) return;
          status.textContent = body.conflict || "Autosaved at " + body.saved_at + " (not saved on the article).";
          status.classList.toggle("autosave-conflict", Boolean(body.conflict));
        })
        .catch(function (error) {
          typedSinceAutosave = true; // try again next time
          if (status) status.textContent = error.message;
        });
    }
    if (data.autosaveUrl) {
      window.setInterval(autosave, Number(data.autosaveMs) || 30000);
      // Leaving anyway (past the warning): what was typed since the last autosave goes too.
      window.addEventListener("pagehide", function () {
        if (typedSinceAutosave && !submitting) navigator.sendBeacon(data.autosaveUrl, new FormData(form));
      });
    }

    // --- presence -------------------------------------------------------------------
    const banner = document.querySelector("[data-presence]");
    function showOthers(others) {
      if (!banner) return;
      banner.hidden = others.length === 0;
      banner.querySelector("[data-presence-text]").textContent = others
        .map(function (o) {
          return o.label;
        })
        .join("; ");
    }
    function beat() {
      fetch(data.presenceUrl, {
        method: "POST",
        credentials: "same-origin",
        headers: { "X-CSRFToken": csrfToken(form) },
      })
        .then(function (response) {
          return response.ok ? response.json() : null;
        })
        .then(function (body) {
          if (body) showOthers(body.others);
        })
        .catch(function () {});
    }
    if (data.presenceUrl) {
      window.setInterval(beat, Number(data.heartbeatMs) || 25000);
      window.addEventListener("pagehide", function () {
        const goodbye = new FormData();
        goodbye.append("csrfmiddlewaretoken", csrfToken(form));
        navigator.sendBeacon(data.presenceLeaveUrl, goodbye);
      });
      // Back from the browser's page cache: she is here again.
      window.addEventListener("pageshow", function (event) {
        if (event.persisted) beat();
      });
    }

    // --- word count -----------------------------------------------------------------
    const stats = document.querySelector(".body-stats");
    const body = form.querySelector("textarea[name=body]");
    function countBody() {
      if (!stats) return;
      // The editing surface (its toolbar menus are ProseMirror elements too); innerText
      // puts a line between blocks, as the server's text does.
      const editor = form.querySelector(".field-body .tiptap[contenteditable]");
      let text;
      if (editor) {
        text = editor.innerText;
      } else {
        const html = (body ? body.value : "").replace(/<\/(p|h\d|li|blockquote|figcaption)>|<br\s*\/?>/gi, "$&\n");
        text = new DOMParser().parseFromString(html, "text/html").body.textContent;
      }
      const words = countWords(text);
      const perMinute = Number(stats.dataset.wordsPerMinute) || 200;
      stats.querySelector("[data-word-count]").textContent = words;
      stats.querySelector("[data-reading-time]").textContent = Math.max(1, Math.ceil(words / perMinute));
    }
    if (body) body.addEventListener("input", countBody);
    document.addEventListener("prose-editor:ready", countBody);

    // --- SEO counters and preview -----------------------------------------------------
    form.querySelectorAll("[data-count-to]").forEach(function (field) {
      const counter = document.createElement("span");
      counter.className = "char-counter";
      counter.setAttribute("aria-live", "polite");
      // Under the field, above its help text (the label and field share a flex row).
      const help = document.getElementById(field.id + "_helptext");
      (help || field).insertAdjacentElement(help ? "beforebegin" : "afterend", counter);
      const limit = Number(field.dataset.countTo);
      function update() {
        const length = Array.from(field.value).length;
        counter.textContent = length + " / " + limit + (length > limit ? " — longer than search engines show" : "");
        counter.classList.toggle("char-counter-over", length > limit);
      }
      field.addEventListener("input", update);
      update();
    });

    const preview = document.querySelector("[data-seo-preview]");
    function value(name) {
      const field = form.querySelector("[name=" + name + "]");
      return field ? field.value.replace(/\s+/g, " ").trim() : "";
    }
    function cut(text, limit) {
      const chars = Array.from(text);
      return chars.length > limit ? chars.slice(0, limit - 1).join("").trimEnd() + "…" : text;
    }
    function redraw() {
      if (!preview) return;
      const title = value("seo_title") || value("headline") || "(headline)";
      const description = value("seo_description") || value("standfirst");
      preview.querySelectorAll("[data-seo-title]").forEach(function (el) {
        el.textContent = cut(title, 60);
      });
      preview.querySelectorAll("[data-seo-description]").forEach(function (el) {
        el.textContent = cut(description, 160);
      });
    }
    ["seo_title", "seo_description", "headline", "standfirst"].forEach(function (name) {
      const field = form.querySelector("[name=" + name + "]");
      if (field) field.addEventListener("input", redraw);
    });
    redraw();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
