/* Sortable tables: click a heading of a table[data-sortable]. Cells carry data-sort. */
(function () {
  function key(cell, numeric) {
    var raw = cell ? (cell.getAttribute("data-sort") || cell.textContent.trim()) : "";
    if (!numeric) return raw.toLowerCase();
    var n = parseFloat(raw);
    return isNaN(n) ? -Infinity : n;
  }
  function sortBy(table, th, index) {
    var numeric = th.getAttribute("data-sort-type") === "number";
    var ascending = th.getAttribute("aria-sort") !== "ascending";
    table.querySelectorAll("thead th").forEach(function (h) { h.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = key(a.cells[index], numeric), y = key(b.cells[index], numeric);
      var c = x < y ? -1 : x > y ? 1 : 0;
      return ascending ? c : -c;
    });
    rows.forEach(function (r) { body.appendChild(r); });
  }
  function setup() {
    document.querySelectorAll("table[data-sortable]").forEach(function (table) {
      if (table.getAttribute("data-sort-ready")) return;
      table.setAttribute("data-sort-ready", "true");
      table.querySelectorAll("thead th").forEach(function (th, index) {
        th.setAttribute("tabindex", "0");
        th.setAttribute("role", "button");
        th.addEventListener("click", function () { sortBy(table, th, index); });
        th.addEventListener("keydown", function (e) {
          if (e.key === "Enter" || e.key === " ") { e.preventDefault(); sortBy(table, th, index); }
        });
      });
    });
  }
  if (typeof document$ !== "undefined") { document$.subscribe(setup); }
  else if (document.readyState !== "loading") { setup(); }
  else { document.addEventListener("DOMContentLoaded", setup); }
})();
