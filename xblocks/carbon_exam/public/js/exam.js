/* The learner page of a carbon_exam block: start, answer (autosaved), navigate, submit, review.
 * Everything is scoped to `element`; the server decides time, attempts and scores. */
function CarbonExamInit(runtime, element, args) {
  "use strict";
  element = element.jquery ? element[0] : element;
  var T = args.texts;
  var root = element.querySelector(".carbon-exam");
  var body = root.querySelector(".ce-body");
  var statusEl = root.querySelector(".ce-status");
  var alertEl = root.querySelector(".ce-alert");
  var uid = "ce" + Math.random().toString(36).slice(2, 9);
  var storeKey = "carbon-exam-session:" + runtime.handlerUrl(element, "exam_state");
  var state = null, answers = {}, flags = [], dirty = {}, events = {focus_losses: 0, pastes: 0};
  var deadlineAt = null, timerId = null, saveTimer = null, periodicId = null, announced = {}, submitting = false;

  function fmt(text, params) {
    return String(text).replace(/\{(\w+)\}/g, function (m, key) { return params[key] !== undefined ? params[key] : m; });
  }
  function call(name, data) {
    return window.CarbonHttp.send(runtime.handlerUrl(element, name), {data: data});
  }
  function session() { try { return window.sessionStorage.getItem(storeKey) || ""; } catch (e) { return ""; } }
  function keep(token) {
    try { if (token) { window.sessionStorage.setItem(storeKey, token); } else { window.sessionStorage.removeItem(storeKey); } } catch (e) { /* private mode */ }
  }
  function make(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      if (key === "text") { node.textContent = attrs[key]; } else if (key === "className") { node.className = attrs[key]; } else if (attrs[key] !== null && attrs[key] !== undefined && attrs[key] !== false) { node.setAttribute(key, attrs[key] === true ? "" : attrs[key]); }
    });
    (children || []).forEach(function (child) { if (child) { node.appendChild(typeof child === "string" ? document.createTextNode(child) : child); } });
    return node;
  }
  function say(text) { statusEl.textContent = text; }
  function warn(text) { alertEl.textContent = text || ""; }
  function errorText(result) {
    return (result && result.body && result.body.error && result.body.error.message) || T.request_failed;
  }
  function num(value) { return (Math.round(value * 100) / 100).toString(); }
  function practice() { return !!state && state.mode === "practice"; }
  function labelled(label, value) { return fmt(T.labelled || "{label}: {value}", {label: label, value: value}); }

  // --- Loading and rendering ----------------------------------------------------------------------
  function load() {
    return call("exam_state", {session: session()}).then(function (result) {
      if (!result.ok) { warn(errorText(result)); return; }
      state = result.body; render();
    }, function () { warn(T.request_failed); });
  }
  function stopTimers() {
    if (timerId) { window.clearInterval(timerId); timerId = null; }
    if (periodicId) { window.clearInterval(periodicId); periodicId = null; }
    if (saveTimer) { window.clearTimeout(saveTimer); saveTimer = null; }
  }
  function render() {
    stopTimers();
    body.textContent = "";
    if (state.attempt) { renderAttempt(state.attempt); } else { keep(""); renderIntro(); }
  }
  function renderIntro() {
    var facts = make("ul", {className: "ce-facts"}, [
      make("li", {text: state.time_limit_minutes ? fmt(T.time_limit, {minutes: state.time_limit_minutes}) : T.untimed}),
      make("li", {text: state.attempts_left === null ? T.unlimited_attempts : fmt(T.attempts_left, {count: state.attempts_left})}),
      make("li", {text: fmt(T.pass_mark, {pass_mark: num(state.pass_mark)})})
    ]);
    body.appendChild(facts);
    if (state.mode !== "practice") { body.appendChild(make("p", {className: "ce-intro", text: T.intro_exam})); }
    if (state.review) { body.appendChild(renderReview(state.review)); }
    if (state.refusal) { body.appendChild(make("p", {className: "ce-refusal", text: state.refusal})); }
    if (state.can_start) {
      var label = state.attempts_used ? T.retake : (state.mode === "practice" ? T.start_practice : T.start);
      var button = make("button", {type: "button", className: "ce-start", text: label});
      button.addEventListener("click", function () { start(false); });
      body.appendChild(button);
    }
  }
  function start(takeOver) {
    warn("");
    call("start_exam", {take_over: takeOver, session: session()}).then(function (result) {
      if (!result.ok) { warn(errorText(result)); return; }
      state = result.body; render();
      var first = body.querySelector("input, textarea");
      if (first) { first.focus(); }
    }, function () { warn(T.request_failed); });
  }

  // --- The attempt --------------------------------------------------------------------------------
  function renderAttempt(attempt) {
    if (attempt.session) { keep(attempt.session); }
    answers = JSON.parse(JSON.stringify(attempt.answers || {}));
    flags = (attempt.flags || []).slice();
    dirty = {}; announced = {};
    var readOnly = attempt.read_only;
    var questions = [];
    attempt.paper.parts.forEach(function (part) { part.questions.forEach(function (q) { questions.push(q); }); });

    if (readOnly) {
      var takeOver = make("button", {type: "button", className: "ce-takeover", text: T.take_over});
      takeOver.addEventListener("click", function () { start(true); });
      body.appendChild(make("div", {className: "ce-readonly", role: "note"}, [make("p", {text: T.read_only_note}), takeOver]));
    } else if (state.mode !== "practice") {
      body.appendChild(make("p", {className: "ce-note", text: T.focus_warning}));
    }
    var header = make("div", {className: "ce-header"});
    if (attempt.seconds_left !== null && attempt.seconds_left !== undefined) {
      deadlineAt = Date.now() + attempt.seconds_left * 1000;
      header.appendChild(make("p", {className: "ce-timer-wrap"}, [T.time_left + " ", make("span", {className: "ce-timer", role: "timer", "aria-live": "off"})]));
    }
    var progressId = uid + "-progress";
    header.appendChild(make("label", {"for": progressId, className: "ce-progress-label"}));
    header.appendChild(make("progress", {id: progressId, className: "ce-progress", max: String(questions.length), value: "0"}));
    body.appendChild(header);

    var nav = make("nav", {className: "ce-nav", "aria-label": T.navigator}, [make("h4", {text: T.navigator})]);
    var navList = make("ol", {className: "ce-nav-list"});
    questions.forEach(function (q) {
      var link = make("button", {type: "button", className: "ce-nav-item", "data-question": q.id, text: String(q.number)});
      link.addEventListener("click", function () { var target = body.querySelector('[data-fieldset="' + cssEscape(q.id) + '"]'); if (target) { target.focus(); } });
      navList.appendChild(make("li", {}, [link]));
    });
    nav.appendChild(navList);
    body.appendChild(nav);

    var form = make("form", {className: "ce-paper", novalidate: true});
    attempt.paper.parts.forEach(function (part) {
      var section = make("section", {className: "ce-part", "aria-label": part.title}, [make("h4", {text: part.title})]);
      part.questions.forEach(function (q) { section.appendChild(renderQuestion(q, readOnly)); });
      form.appendChild(section);
    });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    body.appendChild(form);
    if (!readOnly) {
      // Practice: "Submit answers", straight away (nothing is final, a new attempt is one click away).
      var submitButton = make("button", {type: "button", className: "ce-submit", text: practice() ? T.submit_practice : T.submit});
      submitButton.addEventListener("click", function () {
        if (practice()) { submitButton.disabled = true; submit().then(function () { submitButton.disabled = false; }); } else { confirmSubmit(); }
      });
      body.appendChild(submitButton);
      periodicId = window.setInterval(save, 30000);
    }
    updateProgress(questions);
    if (deadlineAt) { tick(); timerId = window.setInterval(tick, 1000); }
  }
  function cssEscape(value) { return window.CSS && window.CSS.escape ? window.CSS.escape(value) : value.replace(/"/g, '\\"'); }

  function renderQuestion(q, readOnly) {
    var legendId = uid + "-q" + q.number;
    var fieldset = make("fieldset", {className: "ce-question", "data-fieldset": q.id, tabindex: "-1", "aria-labelledby": legendId});
    var typeText = T[q.type] || q.type;
    fieldset.appendChild(make("legend", {id: legendId}, [fmt(T.question, {number: q.number}) + " · " + typeText + " · " + fmt(T.points, {points: num(q.points)})]));
    fieldset.appendChild(make("p", {className: "ce-stem", text: q.stem}));
    if (q.type === "short") {
      var areaId = uid + "-a" + q.number;
      var area = make("textarea", {id: areaId, rows: "6", className: "ce-text", disabled: readOnly});
      area.value = typeof answers[q.id] === "string" ? answers[q.id] : "";
      area.addEventListener("input", function () { answers[q.id] = area.value; changed(q.id); });
      area.addEventListener("paste", function () { events.pastes += 1; });
      fieldset.appendChild(make("label", {"for": areaId, className: "ce-answer-label", text: T.your_answer}));
      fieldset.appendChild(area);
    } else {
      var picked = Array.isArray(answers[q.id]) ? answers[q.id] : [];
      q.options.forEach(function (option, index) {
        var inputId = uid + "-o" + q.number + "-" + index;
        var input = make("input", {type: q.type === "single" ? "radio" : "checkbox", id: inputId, name: uid + "-n" + q.number, value: option.id, disabled: readOnly});
        input.checked = picked.indexOf(option.id) >= 0;
        input.addEventListener("change", function () {
          var chosen = Array.prototype.filter.call(fieldset.querySelectorAll("input"), function (box) { return box.checked; })
            .map(function (box) { return box.value; });
          answers[q.id] = chosen; changed(q.id);
        });
        var letter = String.fromCharCode(65 + index) + ". ";
        fieldset.appendChild(make("div", {className: "ce-option"}, [input, make("label", {"for": inputId}, [letter + option.text])]));
      });
    }
    if (!readOnly && !practice()) {  // flags for review belong to the exam, not to practice checks
      var flagged = flags.indexOf(q.id) >= 0;
      var flag = make("button", {type: "button", className: "ce-flag", "aria-pressed": flagged ? "true" : "false", text: T.flag});
      flag.addEventListener("click", function () {
        var index = flags.indexOf(q.id);
        if (index >= 0) { flags.splice(index, 1); } else { flags.push(q.id); }
        flag.setAttribute("aria-pressed", index >= 0 ? "false" : "true");
        dirty.__flags = true; updateNav(); scheduleSave();
      });
      fieldset.appendChild(flag);
    }
    return fieldset;
  }
  function isAnswered(q) {
    var value = answers[q.id];
    return Array.isArray(value) ? value.length > 0 : (typeof value === "string" && value.trim() !== "");
  }
  function allQuestions() {
    var list = [];
    state.attempt.paper.parts.forEach(function (part) { part.questions.forEach(function (q) { list.push(q); }); });
    return list;
  }
  function updateProgress(questions) {
    questions = questions || allQuestions();
    var answered = questions.filter(isAnswered).length;
    var bar = body.querySelector(".ce-progress");
    var label = body.querySelector(".ce-progress-label");
    if (bar) { bar.value = answered; }
    if (label) { label.textContent = fmt(T.progress, {answered: answered, total: questions.length}); }
    updateNav();
  }
  function updateNav() {
    allQuestions().forEach(function (q) {
      var item = body.querySelector('.ce-nav-item[data-question="' + cssEscape(q.id) + '"]');
      if (!item) { return; }
      var flagged = flags.indexOf(q.id) >= 0;
      item.classList.toggle("ce-answered", isAnswered(q));
      item.classList.toggle("ce-flagged", flagged);
      item.setAttribute("aria-label", fmt(T.question, {number: q.number}) + (isAnswered(q) ? " ✓" : "") + (flagged ? " · " + T.flagged : ""));
    });
  }
  function changed(questionId) { dirty[questionId] = true; updateProgress(); scheduleSave(); }
  function scheduleSave() {
    if (saveTimer) { window.clearTimeout(saveTimer); }
    saveTimer = window.setTimeout(save, 800);
  }
  function save() {
    if (!state || !state.attempt || state.attempt.read_only || submitting) { return Promise.resolve(); }
    var ids = Object.keys(dirty).filter(function (key) { return key !== "__flags"; });
    if (!ids.length && !dirty.__flags && !events.focus_losses && !events.pastes) { return Promise.resolve(); }
    var payload = {session: session(), answers: {}, flags: flags, events: events};
    ids.forEach(function (id) { payload.answers[id] = answers[id]; });
    var sentEvents = events, sentDirty = dirty;
    dirty = {}; events = {focus_losses: 0, pastes: 0};
    say(T.saving);
    return call("save_answers", payload).then(function (result) {
      if (result.ok) {
        say(T.saved); warn("");
        if (result.body.seconds_left !== null && result.body.seconds_left !== undefined) { deadlineAt = Date.now() + result.body.seconds_left * 1000; }
        if (result.body.status === "submitted" || result.body.review) { state = result.body; render(); }
        return;
      }
      if (result.status === 409) { warn(errorText(result)); return load(); }
      Object.keys(sentDirty).forEach(function (key) { dirty[key] = true; });
      events.focus_losses += sentEvents.focus_losses; events.pastes += sentEvents.pastes;
      warn(errorText(result));
    }, function () {
      Object.keys(sentDirty).forEach(function (key) { dirty[key] = true; });
      events.focus_losses += sentEvents.focus_losses; events.pastes += sentEvents.pastes;
      warn(T.save_failed);
    });
  }
  function tick() {
    var left = Math.max(0, Math.ceil((deadlineAt - Date.now()) / 1000));
    var clock = body.querySelector(".ce-timer");
    if (clock) {
      var hours = Math.floor(left / 3600), minutes = Math.floor((left % 3600) / 60), seconds = left % 60;
      clock.textContent = (hours ? hours + ":" : "") + (minutes < 10 && hours ? "0" : "") + minutes + ":" + (seconds < 10 ? "0" : "") + seconds;
    }
    [10, 5, 1].forEach(function (mark) {
      if (left <= mark * 60 && left > (mark * 60 - 5) && !announced[mark]) {
        announced[mark] = true;
        say(mark === 1 ? T.one_minute_left : fmt(T.minutes_left, {minutes: mark}));
      }
    });
    if (left === 0 && !submitting) { submit(true); }
  }

  // --- Submitting ---------------------------------------------------------------------------------
  function confirmSubmit() {
    var missing = allQuestions().filter(function (q) { return !isAnswered(q); }).map(function (q) { return q.number; });
    var dialog = make("dialog", {className: "ce-dialog", "aria-labelledby": uid + "-dlg"}, [
      make("p", {id: uid + "-dlg", text: T.confirm_submit}),
      make("p", {text: missing.length ? fmt(T.unanswered_list, {list: missing.join(", ")}) : T.all_answered})
    ]);
    var cancel = make("button", {type: "button", className: "ce-cancel", text: T.cancel});
    var confirm = make("button", {type: "button", className: "ce-confirm", text: T.confirm});
    cancel.addEventListener("click", function () { dialog.close(); dialog.remove(); });
    confirm.addEventListener("click", function () { dialog.close(); dialog.remove(); submit(); });
    dialog.appendChild(make("div", {className: "ce-dialog-buttons"}, [cancel, confirm]));
    root.appendChild(dialog);
    if (dialog.showModal) { dialog.showModal(); } else { dialog.setAttribute("open", ""); }
    cancel.focus();
  }
  function submit(timedOut) {
    submitting = true;
    stopTimers();
    var payload = {session: session(), answers: answers, flags: flags, timeout: timedOut === true};
    return call("submit_exam", payload).then(function (result) {
      submitting = false;
      if (!result.ok) { warn(errorText(result)); return load(); }
      state = result.body; render();
      var heading = body.querySelector(".ce-review h4");
      if (heading) { heading.setAttribute("tabindex", "-1"); heading.focus(); }
    }, function () { submitting = false; warn(T.request_failed); });
  }

  // --- Review -------------------------------------------------------------------------------------
  // Each reviewed question shows its stem and its options as the learner saw them (same letters, same
  // shuffled order), marking the learner's choice and, when the review options allow, the correct ones.
  function renderReview(review) {
    var heading = practice() ? T.review_practice : T.review;
    var box = make("section", {className: "ce-review", "aria-label": heading}, [make("h4", {text: heading})]);
    if (review.score) {
      box.appendChild(make("p", {className: "ce-score", text: fmt(T.score, {earned: num(review.score.earned), possible: num(review.score.possible)})}));
      var verdict = review.score.pending ? T.pending : (review.score.passed ? T.passed : T.failed);
      box.appendChild(make("p", {className: "ce-verdict", text: verdict}));
    }
    if (review.parts) {
      box.appendChild(make("ul", {className: "ce-parts"}, review.parts.map(function (part) {
        return make("li", {text: fmt(T.part_score, {title: part.title, earned: num(part.earned), possible: num(part.possible)})});
      })));
    }
    (review.questions || []).forEach(function (q) { box.appendChild(renderReviewQuestion(q)); });
    return box;
  }
  function optionLine(option) { return fmt(T.option_line || "{letter}. {text}", {letter: option.letter, text: option.text}); }
  function renderReviewQuestion(q) {
    var headingId = uid + "-r" + q.number;
    var typeText = T[q.type] || q.type;
    var item = make("article", {className: "ce-review-question", "aria-labelledby": headingId}, [
      make("h5", {id: headingId, className: "ce-review-title", text: fmt(T.question, {number: q.number}) + " · " + typeText + " · " + fmt(T.points, {points: num(q.points)})}),
      make("p", {className: "ce-stem", text: q.stem})]);
    if (q.status) { item.appendChild(make("p", {className: "ce-q-status ce-" + q.status, text: T["status_" + q.status] || q.status})); }
    var options = (q.options || []).map(function (option, index) { return option.letter ? option : {id: option.id, text: option.text, letter: String.fromCharCode(65 + index)}; });
    if (q.type === "short" || !options.length) {
      var text = typeof q.answer === "string" && q.answer.trim() ? q.answer : T.no_answer;
      item.appendChild(make("p", {className: "ce-given", text: labelled(T.your_answer, text)}));
    } else {
      var chosen = Array.isArray(q.answer) ? q.answer : [];
      var correct = Array.isArray(q.correct_options) ? q.correct_options : null;
      var list = make("ul", {className: "ce-review-options", "aria-label": fmt(T.options_of, {number: q.number})});
      options.forEach(function (option) {
        var isChosen = chosen.indexOf(option.id) >= 0, isCorrect = !!correct && correct.indexOf(option.id) >= 0;
        var classes = "ce-review-option" + (isChosen ? " ce-chosen" : "") + (isCorrect ? " ce-correct-option" : "");
        var marks = (isChosen ? " " + T.your_choice : "") + (isCorrect ? " " + T.correct_option : "");
        list.appendChild(make("li", {className: classes, text: optionLine(option) + marks}));
      });
      item.appendChild(list);
      var given = options.filter(function (option) { return chosen.indexOf(option.id) >= 0; }).map(optionLine);
      item.appendChild(make("p", {className: "ce-given", text: labelled(T.your_answer, given.length ? given.join(T.separator || "; ") : T.no_answer)}));
      if (correct && correct.length) {
        var right = options.filter(function (option) { return correct.indexOf(option.id) >= 0; }).map(optionLine);
        item.appendChild(make("p", {className: "ce-right", text: labelled(T.correct_answer, right.join(T.separator || "; "))}));
      }
    }
    if (q.reference) { item.appendChild(make("p", {className: "ce-reference", text: labelled(T.reference, q.reference)})); }
    if (q.explanation) { item.appendChild(make("p", {className: "ce-explanation", text: labelled(T.explanation, q.explanation)})); }
    if (q.comment) { item.appendChild(make("p", {className: "ce-comment", text: labelled(T.staff_comment, q.comment)})); }
    return item;
  }

  // --- Integrity signals --------------------------------------------------------------------------
  function writable() { return state && state.attempt && !state.attempt.read_only && !submitting; }
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden" && writable()) { events.focus_losses += 1; save(); }
  });
  window.addEventListener("blur", function () { if (writable() && document.visibilityState !== "hidden") { events.focus_losses += 1; } });
  window.addEventListener("pagehide", function () { if (writable()) { save(); } });

  load();
  // Course staff get the staff panel (submissions, grading queue, resets, exports) below the exam.
  if (args.staff && window.CarbonExamStaffInit) { window.CarbonExamStaffInit(runtime, element, args.staff); }
}
