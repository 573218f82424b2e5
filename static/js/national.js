// Sort any table marked data-sortable by clicking (or Enter/Space on) a column's header button.
(function () {
  "use strict";

  function cellValue(row, index) {
    var cell = row.children[index];
    if (!cell) return "";
    return cell.hasAttribute("data-value") ? cell.getAttribute("data-value") : cell.textContent.trim();
  }

  function compare(kind, direction) {
    return function (a, b) {
      var x = a.value, y = b.value;
      if (kind === "num") {
        var xe = x === "", ye = y === "";
        if (xe || ye) return xe && ye ? 0 : xe ? 1 : -1; // blanks last, either way
        return (parseFloat(x) - parseFloat(y)) * direction;
      }
      if (x === "" || y === "") return x === y ? 0 : x === "" ? 1 : -1;
      return x.localeCompare(y, document.documentElement.lang || "id") * direction;
    };
  }

  function sortBy(table, th, kind) {
    var headers = Array.prototype.slice.call(th.parentElement.children);
    var index = headers.indexOf(th);
    var direction = th.getAttribute("aria-sort") === "ascending" ? -1 : 1;
    headers.forEach(function (h) { h.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", direction === 1 ? "ascending" : "descending");
    var body = table.tBodies[0];
    var rows = Array.prototype.map.call(body.rows, function (row) {
      return { row: row, value: cellValue(row, index) };
    });
    rows.sort(compare(kind, direction));
    rows.forEach(function (item) { body.appendChild(item.row); });
  }

  document.querySelectorAll("table[data-sortable]").forEach(function (table) {
    table.querySelectorAll("thead button[data-sort-key]").forEach(function (button) {
      button.addEventListener("click", function () {
        sortBy(table, button.closest("th"), button.getAttribute("data-sort-key"));
      });
    });
  });
})();
