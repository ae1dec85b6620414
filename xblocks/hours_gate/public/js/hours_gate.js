/* Hours gate: the learner's "check again" button and the staff tools. Every query is scoped to `element`.
 * (The Studio editor is hours_gate_studio.js.) */
(function () {
  "use strict";

  function request(runtime, element, handler, options) {
    return window.CarbonHttp.requestJson(runtime.handlerUrl(element, handler), options);
  }

  function when(iso) {  // "2026-11-24T14:48+08:00" -> "2026-11-24 14:48" (the server gives local times)
    return iso ? String(iso).slice(0, 16).replace("T", " ") : "";
  }

  function initLearner(runtime, element, strings) {
    var button = element.querySelector(".hours-gate--locked .hg-refresh");
    if (!button) { return; }
    var live = element.querySelector(".hours-gate--locked .hg-live");
    button.addEventListener("click", function () {
      live.textContent = strings.loading;
      request(runtime, element, "gate_status", { method: "GET" }).then(function (status) {
        if (status.open) {
          window.location.reload();
          return;
        }
        live.textContent = strings.still_locked + " " + status.earned + " / " + status.required;
      }).catch(function (error) {
        live.textContent = error.message || strings.failed;
      });
    });
  }

  function initStaff(runtime, element, strings) {
    var make = window.CarbonDom.make, fmt = window.CarbonDom.fmt;
    var root = element.querySelector(".hg-staff");
    if (!root) { return; }
    var tbody = root.querySelector(".hg-roster tbody");
    var live = root.querySelector(".hg-live");
    var count = root.querySelector(".hg-count");
    var distribution = root.querySelector(".hg-distribution");
    var filterText = root.querySelector(".hg-filter-text");
    var filterStatus = root.querySelector(".hg-filter-status");
    var rows = [];
    var sortKey = "username";
    var sortNumeric = false;
    var ascending = true;

    function say(message) { live.textContent = message; }

    function creditList(row) {
      if (!row.credits.length) { return make("span", {text: strings.none, className: "hg-credit-none"}); }
      var list = make("ul", {className: "hg-credit-list"});
      row.credits.forEach(function (credit) {
        var item = document.createElement("li");
        var label = window.CarbonDom.ngettext(strings.credit_line, credit.hours, { reason: credit.reason,
                                                                  by: credit.by || "?", at: when(credit.at) });
        item.appendChild(make("span", {text: label, className: credit.revoked ? "hg-revoked" : ""}));
        if (credit.revoked) {
          item.appendChild(make("span", {text: " " + fmt(strings.revoked_note, { reason: credit.revoked_reason })}));
        } else {
          var revoke = make("button", {text: strings.revoke, className: "hg-revoke", type: "button",
                                       "aria-label": strings.revoke + " " + row.username + " " + credit.hours});
          revoke.addEventListener("click", function () { revokeCredit(credit.id); });
          item.appendChild(document.createTextNode(" "));
          item.appendChild(revoke);
        }
        list.appendChild(item);
      });
      return list;
    }

    function render() {
      var query = (filterText.value || "").trim().toLowerCase();
      var status = filterStatus.value;
      var shown = rows.filter(function (row) {
        var haystack = (row.username + " " + row.full_name + " " + row.email).toLowerCase();
        if (query && haystack.indexOf(query) === -1) { return false; }
        if (status === "open" && !row.open) { return false; }
        if (status === "locked" && row.open) { return false; }
        return true;
      });
      shown.sort(function (a, b) {
        var x = a[sortKey], y = b[sortKey];
        if (sortNumeric) { x = parseFloat(x) || 0; y = parseFloat(y) || 0; }
        else { x = x == null ? "" : String(x); y = y == null ? "" : String(y); }
        var order = x < y ? -1 : (x > y ? 1 : 0);
        return ascending ? order : -order;
      });
      tbody.textContent = "";
      shown.forEach(function (row) {
        var tr = document.createElement("tr");
        tr.appendChild(make("td", {text: row.username}));
        tr.appendChild(make("td", {text: row.full_name}));
        tr.appendChild(make("td", {text: row.earned + " / " + row.required}));
        tr.appendChild(make("td", {text: row.manual}));
        tr.appendChild(make("td", {text: row.open ? strings.open : strings.locked, className: row.open ? "hg-open" : "hg-locked"}));
        tr.appendChild(make("td", {text: row.application_label}));
        tr.appendChild(make("td", {text: when(row.unlocked_at)}));
        var cell = document.createElement("td");
        cell.appendChild(creditList(row));
        tr.appendChild(cell);
        var timelineCell = document.createElement("td");
        var timelineButton = make("button", {text: strings.timeline, className: "hg-timeline-button", type: "button",
                                             "aria-label": fmt(strings.timeline_of, { username: row.username })});
        timelineButton.addEventListener("click", function () { showTimeline(row); });
        timelineCell.appendChild(timelineButton);
        tr.appendChild(timelineCell);
        tbody.appendChild(tr);
      });
      if (!shown.length) {
        var empty = document.createElement("tr");
        empty.appendChild(make("td", {text: strings.no_rows, colspan: 9}));
        tbody.appendChild(empty);
      }
      count.textContent = window.CarbonDom.ngettext(strings.showing, rows.length, { shown: shown.length });
    }

    function load() {
      say(strings.loading);
      return request(runtime, element, "staff_roster", { method: "GET" }).then(function (data) {
        rows = data.rows;
        // The histogram and its table are rendered (and escaped) on the server.
        if (distribution && data.distribution_html) { distribution.innerHTML = data.distribution_html; }
        render();
        say("");
      }).catch(function (error) { say(error.message || strings.failed); });
    }

    function replaceRow(updated) {
      if (!updated) { return; }
      rows = rows.map(function (row) { return row.user_id === updated.user_id ? updated : row; });
      render();
      refreshDistribution();
    }

    function refreshDistribution() {  // after a credit or revocation: the counts changed
      request(runtime, element, "staff_roster", { method: "GET" }).then(function (data) {
        if (distribution && data.distribution_html) { distribution.innerHTML = data.distribution_html; }
      }).catch(function () { /* the roster row is already updated; the chart catches up on the next load */ });
    }

    function tableOf(caption, headers, rows) {
      var table = make("table", {className: "hg-timeline"}, [make("caption", {text: caption})]);
      var head = make("tr", {}, headers.map(function (header) { return make("th", {text: header, scope: "col"}); }));
      table.appendChild(document.createElement("thead")).appendChild(head);
      var body = table.appendChild(document.createElement("tbody"));
      rows.forEach(function (cells) {
        var tr = document.createElement("tr");
        cells.forEach(function (cell) { tr.appendChild(make("td", {text: cell})); });
        body.appendChild(tr);
      });
      return table;
    }

    function showTimeline(row) {  // the learner's ledger, manual credits and revocations, and anomalies
      var panel = root.querySelector(".hg-timeline-panel");
      say(strings.loading);
      var url = runtime.handlerUrl(element, "staff_timeline", "", "user_id=" + encodeURIComponent(row.user_id));
      window.CarbonHttp.requestJson(url, { method: "GET" }).then(function (data) {
        panel.textContent = "";
        var title = make("h4", {text: fmt(strings.timeline_of, { username: data.username })});
        title.tabIndex = -1;
        panel.appendChild(title);
        if (data.entries.length) {
          panel.appendChild(tableOf(strings.timeline, [strings.when, strings.what, strings.how_long, strings.session,
                                                       strings.evidence, strings.flags],
            data.entries.map(function (entry) {
              var amount = entry.hours !== null ? entry.hours + " h" : entry.minutes;
              var what = entry.kind_label + ": " + entry.title + (entry.by ? " (" + entry.by + ")" : "");
              return [when(entry.at) + (entry.until ? " – " + when(entry.until).slice(11) : ""), what, amount,
                      (entry.session || "").slice(0, 8), entry.evidence_label, entry.flags.join("; ")];
            })));
        } else {
          panel.appendChild(make("p", {text: strings.no_entries}));
        }
        panel.appendChild(make("h5", {text: strings.anomalies}));
        var list = make("ul", {className: "hg-anomalies"});
        data.anomalies.forEach(function (anomaly) {
          list.appendChild(make("li", {text: when(anomaly.at) + " " + anomaly.label + ": " + anomaly.title +
                                      (anomaly.detail ? " (" + anomaly.detail + ")" : "")}));
        });
        panel.appendChild(data.anomalies.length ? list : make("p", {text: strings.no_anomalies}));
        say("");
        title.focus();
      }).catch(function (error) { say(error.message || strings.failed); });
    }

    function revokeCredit(id) {
      var reason = window.prompt(strings.revoke_reason);
      if (reason === null) { return; }
      if (!reason.trim()) { say(strings.reason_needed); return; }
      request(runtime, element, "staff_revoke_credit", { data: { credit_id: id, reason: reason } }).then(function (data) {
        replaceRow(data.row);
        say(strings.revoked);
      }).catch(function (error) { say(error.message || strings.failed); });
    }

    root.querySelectorAll(".hg-roster th button").forEach(function (button) {
      button.addEventListener("click", function () {
        var key = button.getAttribute("data-sort");
        ascending = key === sortKey ? !ascending : true;
        sortKey = key;
        sortNumeric = button.hasAttribute("data-numeric");
        root.querySelectorAll(".hg-roster th").forEach(function (th) { th.setAttribute("aria-sort", "none"); });
        button.parentNode.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        render();
      });
    });
    filterText.addEventListener("input", render);
    filterStatus.addEventListener("change", render);

    var creditForm = root.querySelector(".hg-credit-form");
    creditForm.addEventListener("submit", function (event) {
      event.preventDefault();
      var data = { user: creditForm.elements.user.value, hours: creditForm.elements.hours.value,
                   reason: creditForm.elements.reason.value };
      request(runtime, element, "staff_credit_hours", { data: data }).then(function (result) {
        replaceRow(result.row);
        creditForm.reset();
        say(strings.credited);
      }).catch(function (error) { say(error.message || strings.failed); });
    });

    var importForm = root.querySelector(".hg-import-form");
    var report = root.querySelector(".hg-import-report");
    var fileName = importForm.querySelector(".hg-file-name");
    importForm.elements.file.addEventListener("change", function () {
      var file = importForm.elements.file.files[0];
      fileName.textContent = file ? file.name : strings.no_file;
    });
    importForm.addEventListener("submit", function (event) {
      event.preventDefault();
      if (!importForm.elements.file.files.length) { say(strings.no_file_chosen); importForm.elements.file.focus(); return; }
      var form = new FormData();
      form.append("file", importForm.elements.file.files[0]);
      say(strings.loading);
      request(runtime, element, "staff_import_hours", { form: form }).then(function (result) {
        report.textContent = "";
        report.appendChild(make("p", {text: result.summary}));
        var table = document.createElement("table");
        var head = make("tr", {}, [strings.row, strings.result, strings.problems].map(function (label) {
          return make("th", {text: label, scope: "col"});
        }));
        table.appendChild(head);
        [["applied", strings.applied], ["skipped", strings.skipped], ["refused", strings.refused]].forEach(function (group) {
          result[group[0]].forEach(function (entry) {
            var tr = document.createElement("tr");
            tr.appendChild(make("td", {text: entry.row}));
            tr.appendChild(make("td", {text: window.CarbonDom.ngettext(strings.import_line, entry.hours,
                                                                   { result: group[1], identifier: entry.identifier })}));
            tr.appendChild(make("td", {text: (entry.errors || []).join(" ")}));
            table.appendChild(tr);
          });
        });
        report.appendChild(table);
        say(result.summary);
        load();
      }).catch(function (error) { say(error.message || strings.failed); });
    });

    load();
  }

  window.HoursGateInit = function (runtime, element, args) {
    element = element.jquery ? element[0] : element;
    initLearner(runtime, element, args.strings);
    if (args.staff) { initStaff(runtime, element, args.strings); }
  };
}());
