/* Devsite's Studio page: what Teak's Studio gives a block's studio_view script besides the runtime.
 * - jQuery's requests carry the CSRF token (cms/static/cms/js/main.js: $.ajaxSetup headers X-CSRFToken).
 * - runtime.notify('save' | 'error' | 'cancel'), handled as cms/static/cms/js/xblock/cms.runtime.v1.js does:
 *   'save' start shows "Saving" (Studio's mini notification), 'save' end hides it and any error alert,
 *   'error' shows an alert with the title and message, 'cancel' closes the editor (here: back to the block's
 *   author view, where Studio's page is under its modal). */
(function () {
  'use strict';
  var csrfToken = window.CarbonDevRuntime.csrfToken;
  window.jQuery.ajaxSetup({headers: {'X-CSRFToken': csrfToken()}, dataType: 'json'});

  var box = document.querySelector('.studio-notifications');
  var saving = box.querySelector('.studio-saving');
  var alertBox = box.querySelector('.studio-alert');

  function hideAlert() { alertBox.hidden = true; }

  var handlers = {
    save: function (data) {
      if (data.state === 'start') {
        hideAlert();
        saving.textContent = data.message || window.gettext('Saving');
      } else if (data.state === 'end') {
        hideAlert();
        saving.textContent = window.gettext('Saved');
      }
    },
    error: function (data) {
      var message = data.message || data.msg;
      saving.textContent = '';
      if (!message) { return; }
      alertBox.querySelector('.studio-alert-title').textContent = data.title || window.gettext('Error');
      alertBox.querySelector('.studio-alert-message').textContent = message;
      alertBox.hidden = false;
    },
    cancel: function () {
      hideAlert();
      window.location.assign(box.getAttribute('data-author-url'));
    }
  };

  window.CarbonDevRuntime.runtime.notify = function (name, data) {
    if (handlers[name]) { handlers[name](data || {}); }
  };
}());
