/* A running live blog picks up new updates by itself.
   It polls the updates fragment (/liveblog/<id>/updates) with the ETag it has: a 304
   costs the server one query. Nothing new: the next poll waits longer (x1.5, up to
   2 minutes); new updates: back to the base interval. A failed request backs off too.
   A hidden tab does not poll; coming back polls at once. When the fragment says the
   coverage ended, polling stops for good. The page works without this script: a
   reload shows the same updates. */
(function () {
  "use strict";

  var MAX_DELAY = 120000;
  var section = document.querySelector("[data-live-fragment]");
  if (!section || !window.fetch || !window.DOMParser) { return; }
  var url = section.getAttribute("data-live-fragment");
  var base = Math.max(1, parseInt(section.getAttribute("data-live-poll"), 10) || 15) * 1000;
  var delay = base;
  var timer = null;
  var busy = false;  // a poll is in flight: never two at once
  var status = document.querySelector("[data-live-status]");

  var ended = function () { return section.getAttribute("data-live-state") === "ended"; };

  var ids = function (root) {
    return Array.prototype.map.call(root.querySelectorAll(".live-update[id]"), function (li) { return li.id; });
  };

  var announce = function (text) {
    if (status) { status.textContent = text; }
  };

  // What moves outside the section: the header's "Updated" time and LIVE badge.
  var syncPage = function (fresh) {
    var updated = document.querySelector("[data-live-updated]");
    var iso = fresh.getAttribute("data-live-modified");
    if (updated && iso) {
      updated.setAttribute("datetime", iso);
      updated.textContent = fresh.getAttribute("data-live-modified-text");
    }
    var badge = document.querySelector("[data-live-badge]");
    if (badge && fresh.getAttribute("data-live-state") === "ended") {
      badge.textContent = section.getAttribute("data-text-ended-badge") || "Ended";
      badge.classList.add("live-badge-ended");
    }
  };

  var replace = function (html) {
    var doc = new DOMParser().parseFromString(html, "text/html");
    var fresh = doc.querySelector("[data-live-fragment]");
    if (!fresh) { return false; }
    var before = ids(section);
    var added = ids(fresh).filter(function (id) { return before.indexOf(id) === -1; }).length;
    fresh = document.importNode(fresh, true);
    section.replaceWith(fresh);
    section = fresh;
    syncPage(fresh);
    if (ended()) {
      announce(section.getAttribute("data-text-ended") || "Live coverage has ended.");
    } else if (added) {
      // The texts come in the page's language (templates/articles/_live_updates.html).
      announce(added === 1 ? section.getAttribute("data-text-one-new")
        : section.getAttribute("data-text-many-new").replace("{count}", String(added)));
    }
    return true;
  };

  var schedule = function () {
    window.clearTimeout(timer);
    timer = null;
    if (!ended() && !document.hidden) { timer = window.setTimeout(poll, delay); }
  };

  var poll = function () {
    timer = null;
    if (busy) { return; }
    busy = true;
    fetch(url, {
      headers: { "If-None-Match": section.getAttribute("data-live-etag") || "" },
      cache: "no-store",
      credentials: "omit"
    }).then(function (response) {
      if (response.status === 200) {
        return response.text().then(function (html) {
          delay = replace(html) ? base : Math.min(MAX_DELAY, delay * 1.5);
        });
      }
      // 304: nothing new. Anything else (404 once unpublished, 5xx): ask less often.
      delay = Math.min(MAX_DELAY, delay * 1.5);
      return null;
    }).catch(function () {
      delay = Math.min(MAX_DELAY, delay * 2);
    }).then(function () {
      busy = false;
      schedule();
    });
  };

  document.addEventListener("visibilitychange", function () {
    if (document.hidden) {
      window.clearTimeout(timer);
      timer = null;
    } else if (!ended() && timer === null) {
      delay = base;
      poll();
    }
  });
  schedule();
}());
