/* DOM helpers every carbon block's scripts share: building elements, filling "{name}" placeholders, and a
 * lifecycle that removes the window/document listeners and timers a block adds once its element leaves the
 * page (the LMS re-renders units by replacing their HTML and calls no destroy hook of its own).
 * Added inline to each block's fragment (carbon_common.assets.add_shared_js), before the block's scripts;
 * several blocks on one page add it several times, so it defines window.CarbonDom only once.
 * fmt, ngettext and pluralIndex also load in node (module.exports) for the unit tests. */
(function (root, factory) {
  "use strict";
  var api = factory();
  if (typeof module === "object" && module.exports) { module.exports = api; return; }
  if (!root.CarbonDom) { root.CarbonDom = api; }
}(this, function () {
  "use strict";

  /* `text` with each {name} replaced by params[name]; unknown names are left as written. The one
   * placeholder syntax of the blocks' scripts (the server translates the strings and sends them as is). */
  function fmt(text, params) {
    params = params || {};
    return String(text === null || text === undefined ? "" : text).replace(/\{(\w+)\}/g, function (match, name) {
      return params[name] !== undefined && params[name] !== null ? String(params[name]) : match;
    });
  }

  /* gettext's plural rules ("n != 1", "0", "n%10==1 && n%100!=11 ? 0 : ...") compiled by a small parser of
   * their C subset (the page may forbid eval): the form index for a count, as gettext picks it. */
  var PLURAL_TOKEN = /\d+|n|\|\||&&|[=!<>]=|[<>?:()+\-*/%!]/g;
  var PLURAL_LEVELS = [["||"], ["&&"], ["==", "!="], ["<", ">", "<=", ">="], ["+", "-"], ["*", "/", "%"]];
  var PLURAL_OPS = {
    "||": function (a, b) { return a || b ? 1 : 0; }, "&&": function (a, b) { return a && b ? 1 : 0; },
    "==": function (a, b) { return a === b ? 1 : 0; }, "!=": function (a, b) { return a !== b ? 1 : 0; },
    "<": function (a, b) { return a < b ? 1 : 0; }, ">": function (a, b) { return a > b ? 1 : 0; },
    "<=": function (a, b) { return a <= b ? 1 : 0; }, ">=": function (a, b) { return a >= b ? 1 : 0; },
    "+": function (a, b) { return a + b; }, "-": function (a, b) { return a - b; },
    "*": function (a, b) { return a * b; }, "/": function (a, b) { return b ? Math.floor(a / b) : 0; },
    "%": function (a, b) { return b ? a % b : 0; }
  };
  var pluralCache = {};

  function compilePlural(expression) {
    var source = String(expression).replace(/\s+/g, ""), tokens = source.match(PLURAL_TOKEN) || [], at = 0;
    function fail() { throw new Error("Not a plural rule: " + expression); }
    function expect(token) { if (tokens[at] !== token) { fail(); } at += 1; }
    function atom() {
      var token = tokens[at];
      at += 1;
      if (token === "n") { return function (n) { return n; }; }
      if (/^\d+$/.test(token || "")) { var value = parseInt(token, 10); return function () { return value; }; }
      if (token === "!") { var inner = atom(); return function (n) { return inner(n) ? 0 : 1; }; }
      if (token === "(") { var nested = ternary(); expect(")"); return nested; }
      return fail();
    }
    function binary(level) {
      if (level === PLURAL_LEVELS.length) { return atom(); }
      var left = binary(level + 1);
      while (PLURAL_LEVELS[level].indexOf(tokens[at]) >= 0) {
        left = (function (op, a, b) { return function (n) { return op(a(n), b(n)); }; }(
          PLURAL_OPS[tokens[at++]], left, binary(level + 1)));
      }
      return left;
    }
    function ternary() {
      var test = binary(0);
      if (tokens[at] !== "?") { return test; }
      at += 1;
      var yes = ternary();
      expect(":");
      var no = ternary();
      return function (n) { return test(n) ? yes(n) : no(n); };
    }
    if (tokens.join("") !== source) { fail(); }
    var rule = ternary();
    if (at !== tokens.length) { fail(); }
    return rule;
  }

  /* The index of the plural form `expression` picks for `count`; a fraction (2.5 hours) takes the form of 2, as
   * carbon_common.i18n.plural_count does on the server. */
  function pluralIndex(expression, count) {
    var value = Number(count), n = isFinite(value) && Math.floor(value) === value ? Math.abs(value) : 2;
    pluralCache[expression] = pluralCache[expression] || compilePlural(expression);
    return Number(pluralCache[expression](n));
  }

  /* A count-bearing message in the form for `count`, its placeholders filled ({count} is `count`).
   * `message` is what the server's js_texts sends for an ngettext_noop pair: {forms: [...], plural: "n != 1"}
   * (every form of the reader's language and its rule); a plain string is its own only form. */
  function ngettext(message, count, params) {
    var filled = {count: count};
    Object.keys(params || {}).forEach(function (key) { filled[key] = params[key]; });
    if (!message || typeof message !== "object") { return fmt(message, filled); }
    var forms = message.forms || [], index = pluralIndex(message.plural || "n != 1", count);
    return fmt(forms[Math.min(Math.max(index, 0), forms.length - 1)], filled);
  }

  /* A new `tag` element. attrs: "text" sets textContent, "className" the class; other keys are attributes
   * (true gives an empty attribute; false, null and undefined none). children: nodes or strings (text). */
  function make(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      var value = attrs[key];
      if (key === "text") {
        node.textContent = value;
      } else if (key === "className") {
        node.className = value;
      } else if (value !== null && value !== undefined && value !== false) {
        node.setAttribute(key, value === true ? "" : value);
      }
    });
    (children || []).forEach(function (child) {
      if (child) { node.appendChild(typeof child === "string" ? document.createTextNode(child) : child); }
    });
    return node;
  }

  /* `value` quoted for an attribute selector. */
  function cssEscape(value) {
    return window.CSS && window.CSS.escape ? window.CSS.escape(value) : String(value).replace(/["\\]/g, "\\$&");
  }

  /* A short id, unique on the page, for label/aria links: prefix + random letters. */
  function uniqueId(prefix) { return prefix + Math.random().toString(36).slice(2, 9); }

  /* What one block instance adds outside its own element, undone together by destroy(): listeners on
   * window/document (listen), intervals and timeouts (every, later), and any other clean-up (onDestroy).
   * destroy() runs by itself when `element` is no longer in the document. */
  function lifecycle(element) {
    var undo = [], destroyed = false, observer = null;

    function onDestroy(fn) { if (destroyed) { fn(); } else { undo.push(fn); } }
    function listen(target, type, handler, options) {
      target.addEventListener(type, handler, options);
      onDestroy(function () { target.removeEventListener(type, handler, options); });
    }
    function every(fn, ms) {
      var id = window.setInterval(fn, ms);
      onDestroy(function () { window.clearInterval(id); });
      return id;
    }
    function later(fn, ms) {
      var id = window.setTimeout(fn, ms);
      onDestroy(function () { window.clearTimeout(id); });
      return id;
    }
    function destroy() {
      if (destroyed) { return; }
      destroyed = true;
      if (observer) { observer.disconnect(); }
      while (undo.length) { undo.pop()(); }
    }
    if (window.MutationObserver && document.body) {
      observer = new window.MutationObserver(function () {
        if (!document.documentElement.contains(element)) { destroy(); }
      });
      observer.observe(document.body, {childList: true, subtree: true});
    }
    return {listen: listen, every: every, later: later, onDestroy: onDestroy, destroy: destroy,
      isDestroyed: function () { return destroyed; }};
  }

  /* Publish a block's pure module `api` as window[namespace][name] (in node the module exports it instead). */
  function provide(namespace, name, api) {
    window[namespace] = window[namespace] || {};
    window[namespace][name] = api;
  }

  return {fmt: fmt, ngettext: ngettext, pluralIndex: pluralIndex, make: make, cssEscape: cssEscape, uniqueId: uniqueId, lifecycle: lifecycle, provide: provide};
}));
