// Sort any table marked data-sortable by clicking (or Enter/Space on) a column's header button.
// The same rule as surveys/national_order.py: blanks last either way, text lower-cased and
// compared by code point, ties in the table's own order (data-rank). The sort goes into the
// URL (?sort=ikm&dir=desc), the download links, the filter form and the language switch, so a
// download, a bookmark or a reload gives the rows in the order on screen.
(function () {
  "use strict";

  function cellValue(row, index) {
    var cell = row.children[index];
    if (!cell) return "";
    return cell.hasAttribute("data-value") ? cell.getAttribute("data-value") : cell.textContent.trim();
  }

  function byValue(kind, direction) {
    return function (a, b) {
      var x = a.value, y = b.value;
      var xe = x === "", ye = y === "";
      if (xe || ye) return xe && ye ? 0 : xe ? 1 : -1; // blanks last, either way
      if (kind === "num") return (parseFloat(x) - parseFloat(y)) * direction;
      x = x.toLowerCase(); y = y.toLowerCase();
      return x === y ? 0 : (x < y ? -1 : 1) * direction;
    };
  }

  function withRank(compare) {
    return function (a, b) { return compare(a, b) || a.rank - b.rank; };
  }

  function keepSort(key, dir) {
    function set(href) {
      var url = new URL(href, window.location.href);
      url.searchParams.set("sort", key);
      url.searchParams.set("dir", dir);
      return url.pathname + url.search;
    }
    window.history.replaceState(null, "", set(window.location.href));
    document.querySelectorAll(".downloads a, .lang-switch a").forEach(function (a) {
      a.setAttribute("href", set(a.getAttribute("href")));
    });
    document.querySelectorAll("aside.filters form").forEach(function (form) {
      [["sort", key], ["dir", dir]].forEach(function (pair) {
        var input = form.querySelector("input[type=hidden][name=" + pair[0] + "]");
        if (!input) {
          input = document.createElement("input");
          input.type = "hidden";
          input.name = pair[0];
          form.insertBefore(input, form.querySelector("button[type=submit]"));
        }
        input.value = pair[1];
      });
    });
  }

  function sortBy(table, th, kind) {
    var headers = Array.prototype.slice.call(th.parentElement.children);
    var index = headers.indexOf(th);
    var direction = th.getAttribute("aria-sort") === "ascending" ? -1 : 1;
    headers.forEach(function (h) { if (h.hasAttribute("aria-sort")) h.setAttribute("aria-sort", "none"); });
    th.setAttribute("aria-sort", direction === 1 ? "ascending" : "descending");
    var body = table.tBodies[0];
    var rows = Array.prototype.map.call(body.rows, function (row, i) {
      var rank = row.hasAttribute("data-rank") ? parseInt(row.getAttribute("data-rank"), 10) : i;
      return { row: row, value: cellValue(row, index), rank: rank };
    });
    rows.sort(withRank(byValue(kind, direction)));
    rows.forEach(function (item) { body.appendChild(item.row); });
    if (th.hasAttribute("data-sort")) keepSort(th.getAttribute("data-sort"), direction === 1 ? "asc" : "desc");
  }

  document.querySelectorAll("table[data-sortable]").forEach(function (table) {
    table.querySelectorAll("thead button[data-sort-key]").forEach(function (button) {
      button.addEventListener("click", function () {
        sortBy(table, button.closest("th"), button.getAttribute("data-sort-key"));
      });
    });
  });
})();
