/* The local LMS's XBlock JS runtime (runtime version 1): initialises every block on the page with
 * (runtime, element, initArgs), like the platform's XBlock.initializeBlock. */
(function () {
  'use strict';

  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : '';
  }

  function blockElement(element) {
    if (element && element.jquery) { element = element[0]; }
    return element.closest('.xblock[data-usage-id]') || element;
  }

  var runtime = {
    handlerUrl: function (element, handlerName, suffix, query) {
      var url = blockElement(element).getAttribute('data-handler-prefix') + handlerName + '/' + (suffix || '');
      return query ? url + '?' + query : url;
    },
    csrfToken: csrfToken,
    notify: function () {}
  };

  function initAll(root) {
    var elements = Array.prototype.slice.call((root || document).querySelectorAll('.xblock[data-init]'));
    elements.reverse();  // children before their containers, as the platform does
    elements.forEach(function (element) {
      if (element.getAttribute('data-initialized')) { return; }
      var init = window[element.getAttribute('data-init')];
      if (typeof init !== 'function') { return; }
      var argsNode = null;
      for (var i = 0; i < element.children.length; i++) {
        if (element.children[i].classList.contains('xblock_json_init_args')) { argsNode = element.children[i]; }
      }
      var args = argsNode ? JSON.parse(argsNode.textContent) : {};
      element.setAttribute('data-initialized', 'true');
      init(runtime, element, args);
    });
  }

  window.CarbonDevRuntime = { runtime: runtime, initAll: initAll, csrfToken: csrfToken };
}());
