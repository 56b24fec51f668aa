/* The live desk keeps its list of updates current: every data-refresh-seconds it asks
 * for the list (data-refresh-url) with the ETag it holds; a 304 costs the server a few
 * queries and changes nothing here, a 200 replaces the list and says how many updates
 * are new (role=status, read out by screen readers) and marks them. The post form is
 * never touched, so a reporter's half-written update stays as it is. A hidden tab does
 * not ask; coming back asks at once. Without this script the "Refresh" link does it. */
"use strict";
(function () {
  const box = document.getElementById("desk-updates");
  if (!box || !window.fetch) return;
  const url = box.dataset.refreshUrl;
  const every = Math.max(2, parseInt(box.dataset.refreshSeconds, 10) || 10) * 1000;
  const news = document.querySelector(".desk-news");
  let etag = box.dataset.etag || "";
  let timer = null;
  let busy = false;

  function ids() {
    return Array.prototype.map.call(box.querySelectorAll("li.desk-update"), function (li) { return li.id; });
  }

  function schedule() {
    window.clearTimeout(timer);
    if (!document.hidden) timer = window.setTimeout(refresh, every);
  }

  function refresh() {
    if (busy) return;
    busy = true;
    const headers = etag ? { "If-None-Match": etag } : {};
    fetch(url, { headers: headers, credentials: "same-origin", cache: "no-cache" })
      .then(function (response) {
        if (response.status !== 200) return null;
        etag = response.headers.get("ETag") || "";
        return response.text().then(function (html) {
          const before = ids();
          box.innerHTML = html;
          const fresh = ids().filter(function (id) { return before.indexOf(id) < 0; });
          fresh.forEach(function (id) { document.getElementById(id).classList.add("is-new"); });
          if (news) {
            news.textContent = fresh.length === 1 ? "1 new update." :
              fresh.length > 1 ? fresh.length + " new updates." : "Updates changed.";
          }
        });
      })
      .catch(function () { /* offline or signed out: try again later */ })
      .then(function () { busy = false; schedule(); });
  }

  document.addEventListener("visibilitychange", function () {
    if (document.hidden) window.clearTimeout(timer);
    else refresh();
  });
  schedule();
})();
