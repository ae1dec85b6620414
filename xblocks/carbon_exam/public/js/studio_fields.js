/* The Studio question editor's form controls, bound to the paper model: labelled fields, text and number
 * inputs, selects, buttons and the move/delete toolbar. Each control carries data-focus ("<key>:<what>") so
 * the editor can put the focus back on it after redrawing. ed: {T, uid, changed(), rerender(focus),
 * move(list, index, delta, what), remove(list, index, what)}. */
(function (root) {
  "use strict";
  var CarbonExam = root.CarbonExam = root.CarbonExam || {};

  CarbonExam.studioFields = function (ed) {
    var T = ed.T, make = root.CarbonDom.make, fmt = root.CarbonDom.fmt;
    var keys = new WeakMap(), counter = 0;

    function key(obj) { if (!keys.has(obj)) { counter += 1; keys.set(obj, ed.uid + "-" + counter); } return keys.get(obj); }
    function nextId() { counter += 1; return ed.uid + "-f" + counter; }
    function labelled(label, value) { return fmt(T.labelled || "{label}: {value}", {label: label, value: value}); }
    function field(labelText, control, cls) {
      control.id = nextId();
      return make("div", {"class": "cest-field" + (cls ? " " + cls : "")}, [make("label", {"for": control.id, text: labelText}), control]);
    }
    /* options: multiline, rows, type, min, step, size, after(value). */
    function textInput(obj, prop, focus, options) {
      options = options || {};
      var el = make(options.multiline ? "textarea" : "input", {"data-focus": key(obj) + ":" + (focus || prop)});
      if (options.multiline) { el.rows = options.rows || 2; } else { el.type = options.type || "text"; }
      if (options.type === "number") { el.min = options.min || "0"; el.step = options.step || "any"; el.inputMode = "decimal"; }
      if (options.size) { el.size = options.size; }
      el.value = obj[prop] === undefined || obj[prop] === null ? "" : String(obj[prop]);
      el.addEventListener("input", function () { obj[prop] = el.value; if (options.after) { options.after(el.value); } ed.changed(); });
      return el;
    }
    function choice(obj, prop, values, rerender) {
      var el = make("select", {"data-focus": key(obj) + ":" + prop});
      values.forEach(function (v) {
        var o = make("option", {value: v[0], text: v[1]});
        if (obj[prop] === v[0]) { o.selected = true; }
        el.appendChild(o);
      });
      el.addEventListener("change", function () {
        obj[prop] = el.value;
        if (rerender) { ed.rerender(key(obj) + ":" + prop); }
        ed.changed();
      });
      return el;
    }
    function button(text, label, focus, onClick, cls) {
      var b = make("button", {type: "button", text: text, "data-focus": focus, "class": cls || null});
      if (label) { b.setAttribute("aria-label", label); }
      b.addEventListener("click", onClick);
      return b;
    }
    function toolbar(list, index, obj, what) {
      var up = button(T.move_up, labelled(T.move_up, what), key(obj) + ":up", function () { ed.move(list, index, -1, what); });
      var down = button(T.move_down, labelled(T.move_down, what), key(obj) + ":down", function () { ed.move(list, index, 1, what); });
      up.disabled = index === 0;
      down.disabled = index === list.length - 1;
      var del = button(T["delete"], labelled(T["delete"], what), key(obj) + ":delete", function () { ed.remove(list, index, what); }, "cest-delete");
      return make("div", {"class": "cest-toolbar"}, [up, down, del]);
    }
    return {key: key, nextId: nextId, labelled: labelled, field: field, textInput: textInput, choice: choice,
      button: button, toolbar: toolbar};
  };
}(this));
