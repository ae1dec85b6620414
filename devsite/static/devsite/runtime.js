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

/* Complete-on-view, as the platform's courseware does: a block marked with
 * data-mark-completed-on-view-after-delay is reported complete once it has been visible that long. */
(function () {
  'use strict';
  function markOnView(root) {
    var marked = (root || document).querySelectorAll('[data-mark-completed-on-view-after-delay]');
    if (!marked.length || !('IntersectionObserver' in window)) { return; }
    var timers = new Map();
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        var holder = entry.target;
        if (entry.isIntersecting && !timers.has(holder)) {
          var delay = parseInt(holder.getAttribute('data-mark-completed-on-view-after-delay'), 10) || 0;
          timers.set(holder, window.setTimeout(function () {
            observer.unobserve(holder);
            var block = holder.querySelector('.xblock[data-usage-id]');
            if (!block) { return; }
            fetch(window.CarbonDevRuntime.runtime.handlerUrl(block, 'publish_completion'), {
              method: 'POST', credentials: 'same-origin',
              headers: {'Content-Type': 'application/json', 'X-CSRFToken': window.CarbonDevRuntime.csrfToken()},
              body: JSON.stringify({completion: 1.0})
            }).then(function (response) {
              if (response.ok) { holder.setAttribute('data-completed-on-view', 'true'); }
            });
          }, delay));
        } else if (!entry.isIntersecting && timers.has(holder)) {
          window.clearTimeout(timers.get(holder));
          timers.delete(holder);
        }
      });
    });
    marked.forEach(function (holder) { observer.observe(holder); });
  }
  document.addEventListener('DOMContentLoaded', function () { markOnView(document); });
}());
