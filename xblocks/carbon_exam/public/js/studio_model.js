/* The Studio question editor's paper model, free of the DOM: ids, new questions and options, list moves,
 * point sums and the JSON sent to the server. Loads in the browser (window.CarbonExam.studioModel) and in
 * node (module.exports) for tests/js/. */
(function () {
  "use strict";

  /* A number typed in a field (0 when it is not one), and a sum rounded to hundredths. */
  function num(value) { var n = parseFloat(value); return isFinite(n) ? n : 0; }
  function round(n) { return Math.round(n * 100) / 100; }

  function allIds(paper) {
    var seen = {};
    paper.parts.forEach(function (part) {
      seen[part.id] = true;
      part.pools.forEach(function (pool) { seen[pool.id] = true; pool.questions.forEach(function (q) { seen[q.id] = true; }); });
    });
    return seen;
  }

  /* prefix + the first number no part, pool or question of `paper` uses. */
  function freeId(paper, prefix) { var seen = allIds(paper), n = 1; while (seen[prefix + n]) { n += 1; } return prefix + n; }

  /* An empty question for `pool`: four options A–D, or one rubric point worth the pool's points. */
  function newQuestion(paper, pool) {
    var q = {id: freeId(paper, (pool.id || "q") + "-"), stem: "", options: [], reference: "", rubric: [], explanation: "",
      source: "", exclude: "", as_of: ""};
    if (pool.type === "short") {
      q.rubric.push({points: pool.points || "1", label: "", keywords: []});
    } else {
      ["A", "B", "C", "D"].forEach(function (id) { q.options.push({id: id, text: "", correct: false}); });
    }
    return q;
  }

  /* The first letter A–Z no option of `q` uses, else the next number. */
  function nextOptionId(q) {
    var used = {};
    q.options.forEach(function (o) { used[o.id] = true; });
    for (var c = 65; c < 91; c += 1) { if (!used[String.fromCharCode(c)]) { return String.fromCharCode(c); } }
    return String(q.options.length + 1);
  }

  /* Move list[index] by delta (in place). Returns null when it cannot move, else {item, position (1-based),
   * focus: the toolbar button to keep the focus on ("up", "down", or "delete" when it is alone)}. */
  function move(list, index, delta) {
    var target = index + delta;
    if (target < 0 || target >= list.length) { return null; }
    var item = list.splice(index, 1)[0];
    list.splice(target, 0, item);
    var dir = delta < 0 ? "up" : "down";
    if (target === 0) { dir = "down"; } else if (target === list.length - 1) { dir = "up"; }
    return {item: item, position: target + 1, focus: list.length > 1 ? dir : "delete"};
  }

  /* Points the paper draws: the sum of draw × points over its pools. */
  function drawnPoints(paper) {
    var sum = 0;
    paper.parts.forEach(function (part) { part.pools.forEach(function (pool) { sum += num(pool.draw) * num(pool.points); }); });
    return round(sum);
  }

  function rubricTotal(q) { return round(q.rubric.reduce(function (s, p) { return s + num(p.points); }, 0)); }

  function findQuestion(paper, id) {
    var found = null;
    paper.parts.forEach(function (part) {
      part.pools.forEach(function (pool) { pool.questions.forEach(function (q) { if (q.id === id) { found = q; } }); });
    });
    return found;
  }

  function serialiseQuestion(pool, q) {
    var out = {id: q.id, stem: q.stem, explanation: q.explanation, source: q.source,
      exclude: Array.isArray(q.exclude) ? q.exclude.join(" ") : (q.exclude || ""), as_of: q.as_of || "", track: q.track || ""};
    if (pool.type === "short") {
      out.reference = q.reference;
      out.rubric = q.rubric.map(function (p) { return {points: String(p.points), label: p.label, keywords: p.keywords || []}; });
    } else {
      out.options = q.options.map(function (o) { return {id: o.id, text: o.text, correct: !!o.correct}; });
    }
    return out;
  }

  /* The paper as the server's check_paper and studio_submit take it (numbers as strings, type-specific fields). */
  function serialise(paper) {
    return {parts: paper.parts.map(function (part) {
      return {id: part.id, title: part.title, pools: part.pools.map(function (pool) {
        return {id: pool.id, type: pool.type, draw: String(pool.draw), points: String(pool.points), scoring: pool.scoring,
          grading: pool.grading, questions: pool.questions.map(function (q) { return serialiseQuestion(pool, q); })};
      })};
    })};
  }

  /* Keywords typed as "a | b｜c". */
  function keywords(text) { return text.split(/[|｜]/).map(function (k) { return k.trim(); }).filter(Boolean); }

  var api = {num: num, round: round, freeId: freeId, newQuestion: newQuestion, nextOptionId: nextOptionId, move: move,
    drawnPoints: drawnPoints, rubricTotal: rubricTotal, findQuestion: findQuestion, serialise: serialise, keywords: keywords};
  if (typeof module === "object" && module.exports) { module.exports = api; } else { window.CarbonDom.provide("CarbonExam", "studioModel", api); }
}());
