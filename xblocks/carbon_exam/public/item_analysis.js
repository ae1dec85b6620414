/* Item analysis in the exam's staff panel: loads the server-rendered analysis on request and sorts its
 * question table (click a column header; aria-sort tells assistive technology the order). No other script
 * calls this file: it listens on the document, so it works for every exam on the page. */
(function () {
  "use strict";
  if (window.CarbonExamItemAnalysis) { return; }

  function sortValue(cell) {
    var raw = cell.getAttribute("data-sort-value");
    var number = raw === "" || raw === null || raw === "None" ? NaN : Number(raw);
    return isNaN(number) ? { text: raw || "" } : { number: number };
  }

  function compare(a, b) {
    if (a.number !== undefined && b.number !== undefined) { return a.number - b.number; }
    if (a.number !== undefined) { return -1; }
    if (b.number !== undefined) { return 1; }
    return a.text.localeCompare(b.text);
  }

  function sortTable(button) {
    var th = button.closest("th");
    var table = button.closest("table");
    var column = Number(button.getAttribute("data-column"));
    var ascending = th.getAttribute("aria-sort") !== "ascending";
    Array.prototype.forEach.call(table.querySelectorAll("thead th"), function (other) {
      other.setAttribute("aria-sort", "none");
    });
    th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (r1, r2) {
      var order = compare(sortValue(r1.cells[column]), sortValue(r2.cells[column]));
      return ascending ? order : -order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
  }

  function load(button) {
    var box = button.closest(".ces-item-analysis");
    var target = box.querySelector(".ces-ia-content");
    var status = box.querySelector(".ces-ia-status");
    button.disabled = true;
    status.textContent = box.getAttribute("data-loading") || "";
    fetch(box.getAttribute("data-url"), { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        return response.json().then(function (data) { return { ok: response.ok, data: data }; });
      })
      .then(function (result) {
        if (!result.ok) { throw new Error((result.data.error || {}).message || ""); }
        target.innerHTML = result.data.html;
        status.textContent = "";
        target.setAttribute("data-loaded", "true");
      })
      .catch(function (error) {
        status.textContent = error.message || box.getAttribute("data-failed") || "";
        button.disabled = false;
      });
  }

  document.addEventListener("click", function (event) {
    var sort = event.target.closest ? event.target.closest(".ces-ia-sort") : null;
    if (sort) { sortTable(sort); return; }
    var show = event.target.closest ? event.target.closest(".ces-ia-load") : null;
    if (show) { load(show); }
  });
  window.CarbonExamItemAnalysis = { sortTable: sortTable, load: load };
}());
