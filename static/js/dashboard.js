/* The dashboard's small enhancements: range fields, tenant-bound choices, table sorting.
   Everything works without it (the form is a plain GET form, the table is server-ordered). */
(function () {
  "use strict";

  function setupRange(form) {
    var select = form.querySelector("[data-period-select]");
    var fields = form.querySelector("[data-range-fields]");
    if (!select || !fields) return;
    function update() {
      var custom = select.value === "range";
      fields.classList.toggle("is-hidden", !custom);
      fields.querySelectorAll("input").forEach(function (input) { input.disabled = !custom; });
    }
    select.addEventListener("change", update);
    update();
  }

  function setupTenantChoices(form) {
    var tenant = form.querySelector("[data-tenant-select]");
    if (!tenant) return;
    function update() {
      form.querySelectorAll("[data-follows-tenant]").forEach(function (select) {
        Array.prototype.forEach.call(select.options, function (option) {
          var owner = option.getAttribute("data-tenant");
          var hide = Boolean(tenant.value && owner && owner !== tenant.value);
          option.hidden = hide;
          option.disabled = hide;
          if (hide && option.selected) select.value = "";
        });
      });
    }
    tenant.addEventListener("change", update);
    update();
  }

  function cellValue(row, index, kind) {
    var cell = row.cells[index];
    var raw = cell.getAttribute("data-sort");
    if (raw === null) raw = cell.textContent.trim();
    return kind === "number" ? parseFloat(raw) || 0 : raw.toLowerCase();
  }

  function setupSorting(table) {
    var headers = table.tHead.rows[0].cells;
    Array.prototype.forEach.call(headers, function (th, index) {
      var button = th.querySelector("button[data-sort-key]");
      if (!button) return;
      button.addEventListener("click", function () {
        var kind = button.getAttribute("data-sort-key");
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        if (th.getAttribute("aria-sort") === "none") ascending = kind === "text";
        Array.prototype.forEach.call(headers, function (other) {
          if (other.hasAttribute("aria-sort")) other.setAttribute("aria-sort", "none");
        });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = cellValue(a, index, kind), y = cellValue(b, index, kind);
          return (x < y ? -1 : x > y ? 1 : 0) * (ascending ? 1 : -1);
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  }

  function setupCleanUrl(form) {
    // Leave "all" filters out of the address, so that shared links stay short.
    form.addEventListener("submit", function () {
      form.querySelectorAll("select, input").forEach(function (field) {
        if (field.name && field.value === "") field.disabled = true;
      });
    });
    window.addEventListener("pageshow", function () {  // back from the next page: usable again
      form.querySelectorAll("select").forEach(function (field) { field.disabled = false; });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-dashboard-filters]").forEach(function (form) {
      setupRange(form);
      setupTenantChoices(form);
      setupCleanUrl(form);
    });
    document.querySelectorAll("table[data-sortable]").forEach(function (table) {
      if (table.tBodies[0] && table.tBodies[0].rows.length > 1) setupSorting(table);
    });
  });
})();
