// The UI's only script: client-side sorting of small tables, and live updates of the live page
// through server-sent events (the server renders the panels; this only swaps them in).
(function () {
  "use strict";
  function cellValue(row, i) {
    var c = row.cells[i];
    if (!c) return "";
    var v = c.getAttribute("data-sort");
    return v !== null ? v : c.textContent.trim();
  }
  document.querySelectorAll("table.sortable").forEach(function (table) {
    var heads = table.tHead ? table.tHead.rows[0].cells : [];
    Array.prototype.forEach.call(heads, function (th, i) {
      th.addEventListener("click", function () {
        var asc = !th.classList.contains("sort-asc");
        Array.prototype.forEach.call(heads, function (h) { h.classList.remove("sort-asc", "sort-desc"); });
        th.classList.add(asc ? "sort-asc" : "sort-desc");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = cellValue(a, i), y = cellValue(b, i);
          var nx = parseFloat(x), ny = parseFloat(y);
          var r = (!isNaN(nx) && !isNaN(ny) && isFinite(x) && isFinite(y)) ? nx - ny : x.localeCompare(y);
          return asc ? r : -r;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  });
  var live = document.querySelector("[data-live-source]");
  if (live && window.EventSource) {
    var source = new EventSource(live.getAttribute("data-live-source"));
    source.addEventListener("panels", function (e) {
      var panels = JSON.parse(e.data);
      Object.keys(panels).forEach(function (id) {
        var el = document.querySelector('[data-server="' + CSS.escape(id) + '"]');
        if (el) { el.innerHTML = panels[id]; }
      });
      live.setAttribute("data-updated", String(Date.now()));
    });
  }
})();
