/* The learner page of a carbon_exam block: loads the state, starts, autosaves, submits, and hands rendering
 * to the view modules (exam_intro.js, exam_attempt.js, exam_question.js, exam_review.js, exam_dialog.js) and
 * the pure ones (exam_timer.js, exam_navigator.js). Everything is scoped to `element`; the server decides
 * time, attempts and scores. The window/document listeners and timers it adds go when the element leaves the
 * page (CarbonDom.lifecycle), or on the returned destroy(). */
function CarbonExamInit(runtime, element, args) {
  "use strict";
  element = element.jquery ? element[0] : element;
  var CarbonExam = window.CarbonExam, dom = window.CarbonDom, timer = CarbonExam.timer, nav = CarbonExam.navigator;
  var T = args.texts;
  var root = element.querySelector(".carbon-exam");
  var life = dom.lifecycle(element);
  var storeKey = "carbon-exam-session:" + runtime.handlerUrl(element, "exam_state");
  var HEARTBEAT_MS = 30000;  // a live window saves at least this often (the server's "other window live" test)
  var state = null, view = null, model = {answers: {}, flags: []}, dirty = {}, events = {focus_losses: 0, pastes: 0};
  var deadline = null, announced = {}, submitting = false, attemptTimers = [], saveTimer = null, lastSent = 0;
  var ctx = {
    T: T, root: root, body: root.querySelector(".ce-body"), uid: dom.uniqueId("ce"), outline: args.outline,
    num: function (value) { return (Math.round(value * 100) / 100).toString(); },
    /* "1 point" / "2.5 points" (T.points has every plural form of the reader's language). */
    points: function (value) { return dom.ngettext(T.points, value, {count: ctx.num(value)}); },
    labelled: function (label, value) { return dom.fmt(T.labelled || "{label}: {value}", {label: label, value: value}); },
    practice: function () { return !!state && state.mode === "practice"; },
  };
  var statusEl = root.querySelector(".ce-status"), alertEl = root.querySelector(".ce-alert");

  function call(name, data) { return window.CarbonHttp.send(runtime.handlerUrl(element, name), {data: data}); }
  function session() { try { return window.sessionStorage.getItem(storeKey) || ""; } catch (e) { return ""; } }
  function keep(token) {
    try {
      if (token) { window.sessionStorage.setItem(storeKey, token); } else { window.sessionStorage.removeItem(storeKey); }
    } catch (e) { /* private mode: the page still works, a reload shows the attempt read-only */ }
  }
  function say(text) { statusEl.textContent = text; }
  function warn(text) { alertEl.textContent = text || ""; }
  function errorText(result) { return (result && result.body && result.body.error && result.body.error.message) || T.request_failed; }

  // --- Loading and rendering ----------------------------------------------------------------------
  function load() {
    return call("exam_state", {session: session()}).then(function (result) {
      if (!result.ok) { warn(errorText(result)); return; }
      show(result.body);
    }, function () { warn(T.request_failed); });
  }
  function stopTimers() {
    attemptTimers.forEach(function (id) { window.clearInterval(id); window.clearTimeout(id); });
    attemptTimers = [];
    if (saveTimer) { window.clearTimeout(saveTimer); saveTimer = null; }
  }
  function show(newState) {
    if (life.isDestroyed()) { return; }
    state = newState;
    stopTimers();
    view = null;
    ctx.body.textContent = "";
    var attempt = state.attempt;
    if (attempt) { showAttempt(attempt); } else { keep(""); CarbonExam.renderIntro(ctx, state, function () { start(false); }); }
    // A new sign-in (a fresh tab has no session) with no other window still saving simply continues; if the
    // server refuses, the read-only copy and its take-over button stay.
    if (attempt && attempt.read_only && attempt.other_window_live === false) { start(true); }
  }
  function start(takeOver) {
    warn("");
    return call("start_exam", {take_over: takeOver, session: session()}).then(function (result) {
      if (!result.ok) { warn(errorText(result)); return; }
      show(result.body);
      var first = ctx.body.querySelector("input, textarea");
      if (first) { first.focus(); }
    }, function () { warn(T.request_failed); });
  }

  // --- The attempt --------------------------------------------------------------------------------
  function showAttempt(attempt) {
    if (attempt.session) { keep(attempt.session); }
    model = {answers: JSON.parse(JSON.stringify(attempt.answers || {})), flags: (attempt.flags || []).slice()};
    dirty = {}; announced = {};
    view = CarbonExam.renderAttempt(ctx, attempt, model, {
      answer: function (id, value) { model.answers[id] = value; dirty[id] = true; view.refresh(); scheduleSave(); },
      paste: function () { events.pastes += 1; },
      flag: function (id) { model.flags = nav.toggleFlag(model.flags, id); dirty.__flags = true; view.refresh(); scheduleSave(); },
      takeOver: function () { start(true); },
      submit: function (button) {
        // Practice: "Submit answers", straight away (nothing is final, a new attempt is one click away).
        if (ctx.practice()) { button.disabled = true; submit().then(function () { button.disabled = false; }); } else { confirmSubmit(); }
      },
    });
    if (!attempt.read_only) { attemptTimers.push(life.every(function () { save(true); }, HEARTBEAT_MS)); }
    deadline = attempt.seconds_left === null || attempt.seconds_left === undefined ? null : timer.deadlineAt(attempt.seconds_left, Date.now());
    if (deadline) { tick(); attemptTimers.push(life.every(tick, 1000)); }
  }
  function scheduleSave() {  // one save 800 ms after the last change
    if (saveTimer) { window.clearTimeout(saveTimer); }
    saveTimer = life.later(function () { saveTimer = null; save(false); }, 800);
  }
  /* Send the changed answers, flags and integrity counts; `heartbeat` also sends when nothing changed and
   * nothing was sent for HEARTBEAT_MS, so the server knows this window is still open (a save in between
   * does as well: at most one write per window every 30 s besides the learner's own changes). */
  function save(heartbeat) {
    if (!state || !state.attempt || state.attempt.read_only || submitting || life.isDestroyed()) { return Promise.resolve(); }
    var ids = Object.keys(dirty).filter(function (key) { return key !== "__flags"; });
    var changes = ids.length || dirty.__flags || events.focus_losses || events.pastes;
    if (!changes && !(heartbeat && Date.now() - lastSent >= HEARTBEAT_MS - 1000)) { return Promise.resolve(); }
    lastSent = Date.now();
    var payload = {session: session(), answers: {}, flags: model.flags, events: events};
    ids.forEach(function (id) { payload.answers[id] = model.answers[id]; });
    var sentEvents = events, sentDirty = dirty;
    dirty = {}; events = {focus_losses: 0, pastes: 0};
    function restore() {
      Object.keys(sentDirty).forEach(function (key) { dirty[key] = true; });
      events.focus_losses += sentEvents.focus_losses; events.pastes += sentEvents.pastes;
    }
    if (ids.length || sentDirty.__flags) { say(T.saving); }
    return call("save_answers", payload).then(function (result) {
      if (result.ok) {
        if (ids.length || sentDirty.__flags) { say(T.saved); }
        warn("");
        if (result.body.seconds_left !== null && result.body.seconds_left !== undefined) { deadline = timer.deadlineAt(result.body.seconds_left, Date.now()); }
        if (result.body.status === "submitted" || result.body.review) { show(result.body); }
        return;
      }
      if (result.status === 409) { warn(errorText(result)); return load(); }
      restore();
      warn(errorText(result));
    }, function () { restore(); warn(T.save_failed); });
  }
  function tick() {
    var left = timer.secondsLeft(deadline, Date.now());
    if (view) { view.clock(timer.clock(left)); }
    var mark = timer.dueWarning(left, announced);
    if (mark) {
      announced[mark] = true;
      say(dom.ngettext(T.minutes_left, mark));
    }
    if (left === 0 && !submitting) { submit(true); }
  }

  // --- Submitting ---------------------------------------------------------------------------------
  function confirmSubmit() {
    var summary = nav.submitSummary(view.questions, model.answers, model.flags);
    CarbonExam.confirmDialog(ctx, {lines: [
      T.confirm_submit,
      summary.unanswered.length ? dom.fmt(T.unanswered_list, {list: summary.unanswered.join(", ")}) : T.all_answered,
      summary.flagged.length ? dom.fmt(T.flagged_list, {list: summary.flagged.join(", ")}) : "",
    ], cancel: T.cancel, confirm: T.confirm, className: "ce-submit-dialog"}, function () { submit(); });
  }
  function submit(timedOut) {
    submitting = true;
    stopTimers();
    var payload = {session: session(), answers: model.answers, flags: model.flags, timeout: timedOut === true};
    return call("submit_exam", payload).then(function (result) {
      submitting = false;
      if (!result.ok) { warn(errorText(result)); return load(); }
      say("");
      show(result.body);
      var heading = ctx.body.querySelector(".ce-review h4");
      if (heading) { heading.setAttribute("tabindex", "-1"); heading.focus(); }
    }, function () { submitting = false; warn(T.request_failed); });
  }

  // --- Integrity signals --------------------------------------------------------------------------
  function writable() { return state && state.attempt && !state.attempt.read_only && !submitting; }
  life.listen(document, "visibilitychange", function () {
    if (document.visibilityState === "hidden" && writable()) { events.focus_losses += 1; save(false); }
  });
  life.listen(window, "blur", function () { if (writable() && document.visibilityState !== "hidden") { events.focus_losses += 1; } });
  life.listen(window, "pagehide", function () { if (writable()) { save(false); } });

  load();
  // Course staff get the staff panel (submissions, grading queue, resets, exports) below the exam.
  if (args.staff && window.CarbonExamStaffInit) { window.CarbonExamStaffInit(runtime, element, args.staff); }
  return {destroy: life.destroy};
}
