/* The front-page screen (articles/admin/frontpage.py).
 *
 * Each slot is an <ol> of exactly its number of places. A row is a story pinned there
 * (.is-pinned), filled automatically (.is-auto) or an empty place (.is-empty). Moving a
 * story pins it where it lands: within a slot it is inserted (the others shift), into
 * another slot it swaps places with the story there, so every slot keeps its size. A
 * story added from the search takes the place and pushes the slot's last automatic row
 * out. Every move is announced in the status region (#fp-status), and Move up / Move
 * down do by keyboard what dragging does. Saving sends the pinned rows as JSON. */
"use strict";
(function () {
  const form = document.getElementById("fp-form");
  if (!form) return;
  const status = document.getElementById("fp-status");
  const template = document.getElementById("fp-row");
  let dragged = null;

  function slots() {
    return Array.prototype.slice.call(form.querySelectorAll(".fp-slot"));
  }
  function rowsOf(slot) {
    return Array.prototype.slice.call(slot.querySelector(".fp-list").children);
  }
  function headline(row) {
    const link = row.querySelector(".fp-headline");
    return link ? link.textContent.trim() : "An empty place";
  }
  function where(row) {
    const slot = row.closest(".fp-slot");
    const rows = rowsOf(slot);
    const label = slot.dataset.label;
    return rows.length === 1 ? label : "place " + (rows.indexOf(row) + 1) + " of " + label;
  }
  function announce(text) {
    // Cleared first, so the same words twice are read twice.
    status.textContent = "";
    window.setTimeout(function () {
      status.textContent = text;
    }, 30);
  }

  function refresh() {
    slots().forEach(function (slot) {
      rowsOf(slot).forEach(function (row, index) {
        row.querySelector(".fp-place").textContent = String(index + 1);
        if (row.classList.contains("is-empty")) return;
        const name = headline(row);
        const pinned = row.classList.contains("is-pinned");
        row.querySelector(".fp-badge").textContent = pinned ? "Pinned" : "Automatic";
        // Names start with the visible words (WCAG 2.5.3), then say which story.
        row.querySelector(".fp-up").setAttribute("aria-label", "Move up: “" + name + "”");
        row.querySelector(".fp-down").setAttribute("aria-label", "Move down: “" + name + "”");
        const toggle = row.querySelector(".fp-toggle");
        toggle.textContent = pinned ? "Unpin" : "Pin here";
        toggle.setAttribute("aria-label", (pinned ? "Unpin: “" : "Pin here: “") + name + "”");
        row.querySelector(".fp-expires").setAttribute("aria-label", "Pinned “" + name + "” until");
      });
    });
  }

  function pin(row) {
    if (!row.classList.contains("is-empty")) {
      row.classList.remove("is-auto");
      row.classList.add("is-pinned");
    }
  }

  // Put ``row`` at ``index`` of ``slot``: see the rules at the top. Returns false when
  // nothing could move (a new story into a slot full of pinned stories).
  function place(row, slot, index) {
    const list = slot.querySelector(".fp-list");
    const rows = rowsOf(slot);
    const target = rows[index];
    const home = row.parentNode ? row.closest(".fp-slot") : null;
    if (home === slot) {
      if (target === row) return true;
      const from = rows.indexOf(row);
      list.insertBefore(row, from < index ? target.nextSibling : target);
    } else if (home) {
      const mark = document.createElement("li");
      row.parentNode.replaceChild(mark, row);
      list.replaceChild(row, target);
      mark.parentNode.replaceChild(target, mark);
    } else {
      const spare = rows
        .slice()
        .reverse()
        .find(function (r) {
          return !r.classList.contains("is-pinned");
        });
      if (!spare) {
        announce(slot.dataset.label + " is full of pinned stories: unpin one first.");
        return false;
      }
      list.insertBefore(row, target);
      spare.remove();
    }
    pin(row);
    refresh();
    return true;
  }

  function move(row, step) {
    const all = slots();
    const slot = row.closest(".fp-slot");
    const index = rowsOf(slot).indexOf(row);
    let targetSlot = slot;
    let targetIndex = index + step;
    if (targetIndex < 0 || targetIndex >= rowsOf(slot).length) {
      targetSlot = all[all.indexOf(slot) + step];
      if (!targetSlot) {
        announce("“" + headline(row) + "” is already " + (step < 0 ? "first" : "last") + ".");
        return;
      }
      targetIndex = step < 0 ? rowsOf(targetSlot).length - 1 : 0;
    }
    if (place(row, targetSlot, targetIndex)) announce("“" + headline(row) + "” moved to " + where(row) + ".");
  }

  function rowFor(story) {
    const existing = form.querySelector('.fp-item[data-article="' + story.id + '"]');
    if (existing) return existing;
    const row = template.content.firstElementChild.cloneNode(true);
    row.dataset.article = String(story.id);
    const link = row.querySelector(".fp-headline");
    link.textContent = story.headline;
    link.href = story.change_url;
    row.querySelector(".fp-meta").textContent = story.section + " · " + story.published;
    return row;
  }

  function add(story, slot, index) {
    const row = rowFor(story);
    if (place(row, slot, index)) announce("“" + story.headline + "” pinned at " + where(row) + ".");
  }

  form.addEventListener("click", function (event) {
    const button = event.target.closest("button");
    if (!button) return;
    const row = button.closest(".fp-item");
    if (button.classList.contains("fp-up") || button.classList.contains("fp-down")) {
      move(row, button.classList.contains("fp-up") ? -1 : 1);
      button.focus();
    } else if (button.classList.contains("fp-toggle")) {
      const pinned = row.classList.toggle("is-pinned");
      row.classList.toggle("is-auto", !pinned);
      refresh();
      announce(
        "“" + headline(row) + "” " + (pinned ? "pinned at " + where(row) : "unpinned: the place fills automatically") + "."
      );
    }
  });
  form.addEventListener("change", function (event) {
    if (event.target.classList.contains("fp-expires")) {
      const row = event.target.closest(".fp-item");
      pin(row);
      refresh();
      const when = event.target.value ? "until " + event.target.value.replace("T", " ") : "with no expiry";
      announce("“" + headline(row) + "” pinned " + when + ".");
    }
  });

  // Drag and drop: rows of the slots and the search results.
  document.addEventListener("dragstart", function (event) {
    const item = event.target.closest && event.target.closest(".fp-item[draggable], .fp-result");
    if (!item) return;
    dragged = item;
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", item.dataset.article || "");
  });
  form.addEventListener("dragover", function (event) {
    if (dragged && event.target.closest(".fp-item")) event.preventDefault();
  });
  form.addEventListener("drop", function (event) {
    const target = event.target.closest(".fp-item");
    if (!dragged || !target) return;
    event.preventDefault();
    const slot = target.closest(".fp-slot");
    const index = rowsOf(slot).indexOf(target);
    if (dragged.classList.contains("fp-result")) {
      add(JSON.parse(dragged.dataset.story), slot, index);
    } else if (place(dragged, slot, index)) {
      announce("“" + headline(dragged) + "” moved to " + where(dragged) + ".");
    }
    dragged = null;
  });

  form.addEventListener("submit", function () {
    const plan = [];
    slots().forEach(function (slot) {
      rowsOf(slot).forEach(function (row, index) {
        if (!row.classList.contains("is-pinned")) return;
        plan.push({
          slot: slot.dataset.slot,
          position: index + 1,
          article: Number(row.dataset.article),
          expires: row.querySelector(".fp-expires").value,
        });
      });
    });
    document.getElementById("fp-plan").value = JSON.stringify(plan);
  });

  // The search box: published stories, each added by its button or dragged to a place.
  const query = document.getElementById("fp-q");
  const results = document.getElementById("fp-results");
  const target = document.getElementById("fp-target");
  let timer = null;
  function search() {
    const url = new URL(form.dataset.searchUrl, window.location.href);
    url.searchParams.set("q", query.value);
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        return response.json();
      })
      .then(function (data) {
        results.replaceChildren();
        data.results.forEach(function (story) {
          const li = document.createElement("li");
          li.className = "fp-result";
          li.draggable = true;
          li.dataset.article = String(story.id);
          li.dataset.story = JSON.stringify(story);
          const text = document.createElement("span");
          text.textContent = story.headline + " (" + story.section + " · " + story.published + ")";
          const button = document.createElement("button");
          button.type = "button";
          button.className = "button";
          button.textContent = "Add";
          button.setAttribute("aria-label", "Add: “" + story.headline + "”");
          button.addEventListener("click", function () {
            const slot = form.querySelector('.fp-slot[data-slot="' + target.value + '"]');
            add(story, slot, 0);
          });
          li.append(text, " ", button);
          results.append(li);
        });
        announce(data.results.length + " stor" + (data.results.length === 1 ? "y" : "ies") + " found.");
      });
  }
  query.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(search, 250);
  });
  query.addEventListener("keydown", function (event) {
    if (event.key === "Enter") {
      event.preventDefault(); // searching, not saving the front page
      window.clearTimeout(timer);
      search();
    }
  });
  refresh();
})();
