/* Staff downloads (exports, the documents ZIP). They are recorded in the staff member's name, so the server
 * takes them only by POST (a GET skips the CSRF check: another site could trigger it). A multipart form with
 * the CSRF token, posted into a hidden frame: the browser saves the attachment as it streams in (a ZIP of every
 * document can be large), and a refusal (a JSON body, which the frame shows instead) is read back and said. */
(function (root) {
  "use strict";
  var EligibilityForm = root.EligibilityForm = root.EligibilityForm || {};

  function frameFor(ctx) {
    var frame = ctx.$(".ef-download-frame");
    if (frame) { return frame; }
    frame = root.CarbonDom.make("iframe", {className: "ef-download-frame", name: root.CarbonDom.uniqueId("ef-download-"),
      hidden: true, "aria-hidden": "true", tabindex: "-1"});
    frame.addEventListener("load", function () {
      var text;
      try { text = frame.contentDocument && frame.contentDocument.body ? frame.contentDocument.body.textContent : ""; } catch (e) { text = ""; }
      if (!text) { return; }
      try {
        var body = JSON.parse(text);
        ctx.say(".ef-staff-message", (body.error && body.error.message) || ctx.S.failed);
      } catch (e) { ctx.say(".ef-staff-message", ctx.S.failed); }
    });
    ctx.element.appendChild(frame);
    return frame;
  }

  /* POST `params` (URLSearchParams) to handler `name`, the answer saved as a download. */
  EligibilityForm.postDownload = function (ctx, name, params) {
    var frame = frameFor(ctx);
    var post = root.CarbonDom.make("form", {method: "POST", enctype: "multipart/form-data", action: ctx.url(name),
      target: frame.name, hidden: true});
    params.set("csrfmiddlewaretoken", root.CarbonHttp.csrfToken());
    params.forEach(function (value, key) { post.appendChild(root.CarbonDom.make("input", {type: "hidden", name: key, value: value})); });
    ctx.element.appendChild(post);
    post.submit();
    post.remove();
    ctx.say(".ef-staff-message", "");
  };
}(this));
