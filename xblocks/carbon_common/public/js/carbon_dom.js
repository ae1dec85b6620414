/* DOM helpers every carbon block's scripts share: building elements, filling "{name}" placeholders, and a
 * lifecycle that removes the window/document listeners and timers a block adds once its element leaves the
 * page (the LMS re-renders units by replacing their HTML and calls no destroy hook of its own).
 * Added inline to each block's fragment (carbon_common.assets.add_shared_js), before the block's scripts;
 * several blocks on one page add it several times, so it defines window.CarbonDom only once.
 * fmt and its placeholder syntax also load in node (module.exports) for the unit tests. */
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

  return {fmt: fmt, make: make, cssEscape: cssEscape, uniqueId: uniqueId, lifecycle: lifecycle, provide: provide};
}));
