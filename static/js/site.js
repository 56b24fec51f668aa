/* The little JavaScript the site needs: the page works without it.
   - menu: on phones the stylesheet keeps it closed; "Menu" becomes a toggle button;
   - ticker: one breaking line at a time, rotating, in a box of fixed height;
   - view beacon: counts a read for Most Read;
   - copy link;
   - search form: author and tag name suggestions in their <datalist>;
   - body embeds: the provider's frame only once the reader asks (public/body.py). */
(function () {
  "use strict";

  // Without this script "Menu" is a link to #main-nav, which the stylesheet opens
  // (:target). With it, a disclosure button: aria-expanded is the state the
  // stylesheet shows, so nothing moves when the script starts.
  var button = document.querySelector(".menu-button");
  var nav = button && document.getElementById(button.getAttribute("aria-controls"));
  if (nav) {
    var expanded = function () { return button.getAttribute("aria-expanded") === "true"; };
    var setExpanded = function (open) { button.setAttribute("aria-expanded", open ? "true" : "false"); };
    button.setAttribute("role", "button");
    setExpanded(false);
    button.addEventListener("click", function (event) {
      event.preventDefault();
      setExpanded(!expanded());
    });
    button.addEventListener("keydown", function (event) {
      if (event.key === " ") {  // a button answers Space as well as Enter
        event.preventDefault();
        setExpanded(!expanded());
      }
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && expanded()) {
        setExpanded(false);
        button.focus();
      }
    });
  }

  var ticker = document.querySelector(".ticker-items");
  var reduced = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  if (ticker && ticker.children.length > 1) {
    var items = Array.prototype.slice.call(ticker.children);
    var current = 0;
    var paused = false;
    var show = function (index) {
      items.forEach(function (item, i) {
        item.hidden = i !== index;
      });
    };
    show(0);
    ticker.addEventListener("mouseenter", function () { paused = true; });
    ticker.addEventListener("mouseleave", function () { paused = false; });
    ticker.addEventListener("focusin", function (event) {
      paused = true;
      var li = event.target.closest("li");
      if (li) { show(items.indexOf(li)); }
    });
    ticker.addEventListener("focusout", function () { paused = false; });
    if (!reduced) {
      window.setInterval(function () {
        if (paused) { return; }
        current = (current + 1) % items.length;
        show(current);
      }, 6000);
    }
  }

  var article = document.querySelector("[data-beacon]");
  if (article && navigator.sendBeacon) {
    // After a few seconds on the page: a read, not a bounce.
    // The page's signed token: beacons without one are not counted.
    window.setTimeout(function () {
      var body = new URLSearchParams({ t: article.getAttribute("data-beacon-token") || "" });
      navigator.sendBeacon(article.getAttribute("data-beacon"), body);
    }, 3000);
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest("[data-copy]");
    if (!link || !navigator.clipboard) { return; }
    event.preventDefault();
    navigator.clipboard.writeText(link.getAttribute("data-copy")).then(function () {
      var label = link.textContent;
      link.textContent = link.getAttribute("data-copied") || "Link copied";
      window.setTimeout(function () { link.textContent = label; }, 2000);
    });
  });

  // An embed's placeholder names its frame (an address public/body.py took from
  // articles.embeds, never from the body); nothing is fetched from the provider before
  // the click. The CSP's frame-src admits exactly those providers.
  document.addEventListener("click", function (event) {
    var button = event.target.closest(".embed-load");
    var figure = button && button.closest("[data-embed-frame]");
    if (!figure) { return; }
    var frame = document.createElement("iframe");
    frame.src = figure.getAttribute("data-embed-frame");
    frame.title = figure.getAttribute("data-embed-title");
    frame.setAttribute("allow", "encrypted-media; picture-in-picture; fullscreen");
    frame.setAttribute("allowfullscreen", "");
    frame.setAttribute("referrerpolicy", "strict-origin-when-cross-origin");
    figure.classList.add("embed-loaded");
    figure.replaceChildren(frame);
    frame.focus();
  });

  // Author/tag inputs name their suggest URL and kind; the answer fills the datalist.
  Array.prototype.forEach.call(document.querySelectorAll("input[data-suggest]"), function (input) {
    var list = document.getElementById(input.getAttribute("list"));
    var timer = null;
    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        var url = new URL(input.getAttribute("data-suggest"), window.location.href);
        url.searchParams.set("kind", input.getAttribute("data-kind"));
        url.searchParams.set("q", input.value);
        fetch(url).then(function (r) { return r.json(); }).then(function (data) {
          list.replaceChildren.apply(list, data.names.map(function (name) {
            var option = document.createElement("option");
            option.value = name;
            return option;
          }));
        }).catch(function () {});  // no suggestions: the field still works
      }, 200);
    });
  });
})();
