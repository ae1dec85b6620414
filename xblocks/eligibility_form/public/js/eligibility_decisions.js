/* Guard rails on staff decisions: a decision is first named (who, what, the reason) next to the button pressed
 * and confirmed; then it waits a few seconds with an Undo button before it is sent (the applicant is e-mailed
 * once it is). done() runs after the server has recorded it. */
(function (root) {
  "use strict";
  var EligibilityForm = root.EligibilityForm = root.EligibilityForm || {};

  EligibilityForm.decisions = function (ctx, done) {
    var S = ctx.S, $ = ctx.$, say = ctx.say;
    var pending = null;  // a confirmed decision waiting out its undo period: {timer, payload}

    function decide(payload) {
      ctx.request("POST", "staff_review", payload).then(function () {
        say(".ef-staff-message", S.decided); say(".ef-confirm-text", S.decided); done(payload);
      }, function (e) { say(".ef-staff-message", e.message); say(".ef-confirm-text", e.message); });
    }

    function confirmDecision(anchor, payload, question, yesLabel) {
      var panel = $(".ef-confirm");
      if (pending) { window.clearTimeout(pending.timer); pending = null; }
      anchor.after(panel);
      panel.hidden = false;
      say(".ef-confirm-text", question);
      var yes = $(".ef-confirm-yes"), no = $(".ef-confirm-no");
      yes.textContent = yesLabel; yes.hidden = false;
      no.textContent = S.cancel; no.hidden = false;
      no.onclick = function () { say(".ef-confirm-text", S.cancelled); yes.hidden = true; no.hidden = true; anchor.focus(); };
      yes.onclick = function () {
        var seconds = ctx.args.undo_seconds || 0;
        yes.hidden = true;
        if (!seconds) { no.hidden = true; decide(payload); return; }
        say(".ef-confirm-text", root.CarbonDom.ngettext(S.pending, seconds));
        no.textContent = S.undo; no.focus();
        pending = {payload: payload, timer: window.setTimeout(function () {
          pending = null; no.hidden = true; decide(payload);
        }, seconds * 1000)};
        no.onclick = function () {
          if (pending) { window.clearTimeout(pending.timer); pending = null; }
          say(".ef-confirm-text", S.undone); no.hidden = true; anchor.focus();
        };
      };
      yes.focus();
    }
    return {confirm: confirmDecision};
  };
}(this));
