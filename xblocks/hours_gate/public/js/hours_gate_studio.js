/* The hours gate's Studio editor: XBlock's StudioEditableXBlockMixin form for every setting, its "credits" field
 * (a JSON text box there) shown as a table of block type, url_name and hours. The table writes the JSON back into
 * the mixin's text box, so the mixin's Save sends the credits with the other settings, in one request. */
/* global StudioEditableXBlockMixin */
(function (root) {
  "use strict";

  var COLUMNS = ["block_type", "url_name", "hours"];

  /* The credits in the mixin's text box ([] when it holds no list). */
  function readCredits(text) {
    try {
      var value = JSON.parse(text || "[]");
      return Array.isArray(value) ? value : [];
    } catch (error) {
      return [];
    }
  }

  function initCredits(element, strings) {
    var make = root.CarbonDom.make;
    var item = element.querySelector('li[data-field-name="credits"]');
    if (!item) { return; }
    var box = item.querySelector("textarea.field-data-control");
    var table = make("table", {}, [make("caption", {text: strings.caption})]);
    var head = make("tr", {}, COLUMNS.map(function (name) { return make("th", {text: strings[name], scope: "col"}); })
      .concat([make("th", {scope: "col"}, [make("span", {text: strings.remove, className: "hg-sr"})])]));
    table.appendChild(make("thead", {}, [head]));
    var body = table.appendChild(make("tbody", {className: "hg-credit-rows"}));
    var add = make("button", {text: strings.add, type: "button", className: "hg-add-credit"});
    var editor = make("div", {className: "hg-credits-editor"}, [table, add]);

    function write() {  // the table into the mixin's text box, marked as changed (the mixin listens to "change")
      var credits = Array.prototype.map.call(body.rows, function (row) {
        var credit = {};
        COLUMNS.forEach(function (name) { credit[name] = row.querySelector('[name="' + name + '"]').value.trim(); });
        return credit;
      });
      box.value = JSON.stringify(credits);
      box.dispatchEvent(new Event("change", {bubbles: true}));
    }

    function addRow(credit) {
      var cells = COLUMNS.map(function (name) {
        return make("td", {}, [make("input", {name: name, value: credit[name] == null ? "" : String(credit[name]),
                                              "aria-label": strings[name]})]);
      });
      cells.push(make("td", {}, [make("button", {text: strings.remove, type: "button", className: "hg-remove"})]));
      return body.appendChild(make("tr", {}, cells));
    }

    function render() {  // the text box into the table (at start, and after the mixin's Clear button)
      body.textContent = "";
      readCredits(box.value).forEach(addRow);
    }

    body.addEventListener("input", write);
    body.addEventListener("click", function (event) {
      if (event.target.classList.contains("hg-remove")) {
        event.target.closest("tr").remove();
        write();
        add.focus();
      }
    });
    add.addEventListener("click", function () {
      addRow({block_type: "sequential"}).querySelector("input").focus();
      write();
    });
    var clear = item.querySelector(".setting-clear");
    if (clear) { clear.addEventListener("click", render); }  // runs after the mixin's own handler reset the box
    box.style.display = "none";  // Studio's stylesheet may show a [hidden] textarea
    box.parentNode.insertBefore(editor, box);
    render();
  }

  /* The mixin's template writes its choices' "True", "False" and "(Default)" in English: in the author's language. */
  function translateChoices(element, strings) {
    Array.prototype.forEach.call(element.querySelectorAll("li[data-field-name] select option"), function (option) {
      var marked = option.textContent.indexOf("(Default)") !== -1;
      var label = option.textContent.replace("(Default)", "").trim();
      if (option.closest('li[data-cast="boolean"]')) { label = option.value === "1" ? strings.yes : strings.no; }
      option.textContent = marked ? root.CarbonDom.fmt(strings.default_choice, {label: label}) : label;
    });
  }

  root.HoursGateStudioInit = function (runtime, element, args) {
    StudioEditableXBlockMixin(runtime, element);
    element = element.jquery ? element[0] : element;
    translateChoices(element, args.strings);
    initCredits(element, args.strings);
  };
}(this));
