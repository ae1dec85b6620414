/* The exam countdown's arithmetic, free of the DOM: what the clock shows, and which "minutes left" warning
 * is due. Loads in the browser (window.CarbonExam.timer) and in node (module.exports) for tests/js/. */
(function () {
  "use strict";

  var WARNING_MINUTES = [10, 5, 1];
  var WARNING_WINDOW_SECONDS = 5;

  /* The moment (ms) the attempt ends, from the server's seconds_left and the local clock `now` (ms). */
  function deadlineAt(seconds, now) { return now + seconds * 1000; }

  /* Whole seconds left until `deadline` (ms) at `now` (ms), never below 0. */
  function secondsLeft(deadline, now) { return Math.max(0, Math.ceil((deadline - now) / 1000)); }

  /* "m:ss", or "h:mm:ss" from an hour up. */
  function clock(seconds) {
    var hours = Math.floor(seconds / 3600), minutes = Math.floor((seconds % 3600) / 60), rest = seconds % 60;
    return (hours ? hours + ":" + (minutes < 10 ? "0" : "") : "") + minutes + ":" + (rest < 10 ? "0" : "") + rest;
  }

  /* The warning (10, 5 or 1 minutes) due at `left` seconds that `announced` (a {minutes: true} record) has not
   * had yet, or null. A warning is due only in the few seconds after its mark, so a page opened with 3 minutes
   * left does not announce "5 minutes left". */
  function dueWarning(left, announced) {
    for (var i = 0; i < WARNING_MINUTES.length; i += 1) {
      var mark = WARNING_MINUTES[i];
      if (left <= mark * 60 && left > mark * 60 - WARNING_WINDOW_SECONDS && !announced[mark]) { return mark; }
    }
    return null;
  }

  var api = {deadlineAt: deadlineAt, secondsLeft: secondsLeft, clock: clock, dueWarning: dueWarning,
    WARNING_MINUTES: WARNING_MINUTES};
  if (typeof module === "object" && module.exports) { module.exports = api; } else { window.CarbonDom.provide("CarbonExam", "timer", api); }
}());
