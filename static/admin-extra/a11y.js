/* Accessible names for widgets the admin builds in JavaScript: the rich-text
 * editor's contenteditable and the select2 autocompletes (their visible box and
 * their inline search field). They take the text of the field's label, or of the
 * column header in a tabular inline. */
"use strict";
(function () {
  function labelText(el) {
    if (el.id) {
      const label = document.querySelector('label[for="' + el.id + '"]');
      if (label) return label.textContent.replace(/:\s*$/, "").trim();
    }
    const cell = el.closest("td");
    const table = cell && cell.closest("table");
    if (table) {
      const index = Array.prototype.indexOf.call(cell.parentNode.children, cell);
      const header = table.querySelectorAll("thead th")[index];
      if (header && header.textContent.trim()) return header.textContent.trim();
    }
    return el.name || "";
  }

  function nameWidgets(root) {
    root.querySelectorAll("select.admin-autocomplete").forEach(function (select) {
      if (select.name.indexOf("__prefix__") !== -1) return;
      const container = select.nextElementSibling;
      if (!container || !container.classList.contains("select2")) return;
      const name = labelText(select);
      container
        .querySelectorAll(".select2-selection, .select2-selection__rendered, .select2-search__field")
        .forEach(function (el) {
          el.setAttribute("aria-label", name);
        });
      // select2 puts its "remove all" button straight into the list of choices.
      container.querySelectorAll("ul > .select2-selection__clear").forEach(function (el) {
        el.setAttribute("role", "listitem");
      });
    });
    // Split date/time inputs share one label: "Starts at date", "Starts at time".
    root.querySelectorAll("p.datetime").forEach(function (p) {
      const row = p.closest(".form-row, .fieldBox");
      const label = row && row.querySelector("label");
      const base = label ? label.textContent.replace(/:\s*$/, "").trim() : "";
      const inputs = p.querySelectorAll("input:not([type=hidden])");
      ["date", "time"].forEach(function (part, i) {
        if (inputs[i] && !inputs[i].getAttribute("aria-label")) inputs[i].setAttribute("aria-label", base + " " + part);
      });
    });
    // Inputs in table cells (inline rows, editable list columns) are named by their column.
    const cells = ".tabular td input:not([type=hidden]), .tabular td textarea, #result_list td input:not([type=hidden])";
    root.querySelectorAll(cells).forEach(function (el) {
      if (!el.getAttribute("aria-label") && !(el.id && document.querySelector('label[for="' + el.id + '"]'))) {
        el.setAttribute("aria-label", labelText(el));
      }
    });
    root.querySelectorAll("[data-django-prose-editor-configurable]").forEach(function (textarea) {
      const wrapper = textarea.closest(".prose-editor") || textarea.parentNode;
      wrapper.querySelectorAll('[contenteditable="true"]').forEach(function (editable) {
        editable.setAttribute("aria-label", labelText(textarea));
      });
    });
  }

  document.addEventListener("prose-editor:ready", function (event) {
    event.detail.editor.view.dom.setAttribute("aria-label", labelText(event.detail.textarea));
  });
  // select2 re-renders its search field when tags are picked: name it again.
  document.addEventListener("change", function (event) {
    if (event.target.matches && event.target.matches("select.admin-autocomplete")) {
      setTimeout(function () { nameWidgets(event.target.closest("div") || document); }, 0);
    }
  });
  document.addEventListener("formset:added", function (event) {
    setTimeout(function () { nameWidgets(event.target); }, 0);
  });
  // After every other load handler: the admin starts select2 on "load" too.
  window.addEventListener("load", function () {
    setTimeout(function () { nameWidgets(document); }, 0);
  });
})();
