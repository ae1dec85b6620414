/* What every carbon block's JavaScript shares: the CSRF token and JSON requests to its handlers.
 * Added inline to each block's fragment (carbon_common.assets.add_shared_js); several blocks on one page
 * add it several times, so it defines window.CarbonHttp only once. It touches no page element. */
(function () {
  "use strict";
  if (window.CarbonHttp) { return; }

  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  /* fetch `url` (same-origin credentials, the CSRF header). options: method (default "POST"), data (sent as
   * JSON with a POST; {} when missing), form (a FormData body instead). Resolves {ok, status, body}: body is the
   * response's JSON, or {} when it has none; rejects only when the request itself fails. */
  function send(url, options) {
    options = options || {};
    var init = {method: options.method || "POST", credentials: "same-origin", headers: {"X-CSRFToken": csrfToken()}};
    if (options.form) {
      init.body = options.form;
    } else if (init.method === "POST") {
      init.headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(options.data || {});
    }
    return fetch(url, init).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (body) {
        return {ok: response.ok, status: response.status, body: body};
      });
    });
  }

  /* Like send, but resolves the JSON body of a 2xx answer and rejects otherwise with an Error whose message is
   * the server's {"error": {"message"}} (else options.failed, else "") and whose .body is the answer's JSON.
   * When the request itself fails it rejects with Error(options.failed) if given, else with fetch's error. */
  function requestJson(url, options) {
    options = options || {};
    return send(url, options).then(function (result) {
      if (!result.ok) {
        var body = result.body;
        var error = new Error((body.error && body.error.message) || options.failed || "");
        error.body = body;
        error.status = result.status;
        throw error;
      }
      return result.body;
    }, function (error) {
      throw options.failed ? new Error(options.failed) : error;
    });
  }

  window.CarbonHttp = {csrfToken: csrfToken, send: send, requestJson: requestJson};
}());
