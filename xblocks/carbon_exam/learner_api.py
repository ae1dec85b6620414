"""Learner handlers: exam_state, start_exam, save_answers, submit_exam.

The server decides everything: whether the learner may sit the exam (window, attempts, the
enclosing hours_gate), how much time is left, which browser session may write, and the score.
Errors are 4xx JSON bodies naming the problem, in the learner's language.
"""
from __future__ import annotations

from contextlib import contextmanager
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from carbon_common.api import ApiError, json_api
from carbon_common.identity import current_learner
from carbon_common.inputs import is_true

from .answers import clean_answers
from .attempts import AttemptConflict
from .draw import DrawnPaper
from .messages import REFUSALS
from .projections import public_paper, review_view
from .rules import accepts_saves, attempts_left, may_start_attempt, seconds_left, window_state
from .scoring import is_answered

#: ``_state``'s gate decision not yet made in this request.
_UNKNOWN = object()


#: A browser window holding an attempt saves at least every 30 s (exam.js's heartbeat); one silent for longer
#: than this is gone (closed, signed out), so a new window continues the attempt instead of a read-only copy.
WINDOW_LEASE_SECONDS = 75


class LearnerApiMixin:
    """Handlers a learner's browser calls."""

    # Handlers ------------------------------------------------------------------------------------

    @json_api(methods=("GET", "POST"))
    def exam_state(self, data, request):
        """The learner's view of the exam now: may they start, their attempt in progress, their review."""
        learner = self._learner()
        records = self._records()
        active = records.active(learner.user_id)
        if records.expire_if_due(active):
            active = None
        return self._state(learner, active, data.get("session", ""))

    @json_api()
    def start_exam(self, data, request):
        """Start a new attempt, or (``{"take_over": true}``) move the attempt in progress to this window."""
        learner = self._learner(write=True)
        records = self._records()
        active = records.active(learner.user_id)
        if records.expire_if_due(active):
            active = None
        gate = self._require_gate_open()
        if active is not None:
            if not is_true(data.get("take_over")):  # only JSON true: "false" is a non-empty string
                return self._state(learner, active, data.get("session", ""), gate=gate)
            with self._conflicts():
                records.take_over(active)
            return self._state(learner, active, active.session_token, gate=gate)
        self._require_may_start(learner, records)
        try:
            with transaction.atomic():
                attempt = records.start(self._user(learner))
        except IntegrityError:  # a second start request (double click) won the race: show its attempt
            attempt = records.active(learner.user_id)
            if attempt is None:
                raise
            return self._state(learner, attempt, "", gate=gate)
        self.last_attempt_number = attempt.number
        self.attempts = (self.attempts if self.attempts is not None else attempt.number - 1) + 1
        return self._state(learner, attempt, attempt.session_token, gate=gate)

    @json_api()
    def save_answers(self, data, request):
        """Merge ``{"answers": {question_id: [option ids] | "text"}}`` into the attempt in progress."""
        learner = self._learner(write=True)
        gate = self._require_gate_open()
        events = data.get("events") if isinstance(data.get("events"), dict) else {}
        records = self._records()
        # One read of the attempt, under its row lock: checked (status, time, session), cleaned against and merged
        # into in one transaction, so a save that lands after a submit (or a take-over) answers 409 and is never
        # acknowledged as "saved", and overlapping saves each merge into the row the one before stored.
        with self._conflicts(), transaction.atomic():
            attempt = self._locked_writable(records, learner, data)
            if attempt is not None:
                answers, problems = self._clean(attempt, data.get("answers"))
                records.save_answers(attempt, answers, self._flags_of(data, attempt, keep=None),
                                     _count(events, "focus_losses"), _count(events, "pastes"),
                                     session=data.get("session"), locked=True)
                limit_reached = bool(self.focus_loss_limit and attempt.focus_losses >= self.focus_loss_limit
                                     and not self.is_practice)
                if limit_reached:
                    records.submit(attempt, reason="focus_limit", locked=True)
        if attempt is None:
            raise self._time_up()
        if limit_reached:
            return self._state(learner, None, "", gate=gate)
        response = {"saved": sorted(answers), "seconds_left": seconds_left(timezone.now(), attempt.deadline)}
        if problems:
            response["rejected"] = [{"question": p.question, "code": p.code, "message": self.gettext_entry(REFUSALS, "bad_answers")}
                                    for p in problems]
        return response

    @json_api()
    def submit_exam(self, data, request):
        """Save the last answers and submit; returns the new state with the review the author allows."""
        learner = self._learner(write=True)
        gate = self._require_gate_open()
        records = self._records()
        # One transaction under the attempt's row lock, one write: the last answers, the status change, the
        # score in the gradebook and completion. A fault anywhere leaves the attempt in progress (the learner's
        # retry submits it, the grade is published once); a second submit answers 409.
        # The browser submits when its countdown ends ({"timeout": true}); its clock may run a little ahead.
        slack = timedelta(seconds=5 if data.get("timeout") is True else 0)

        def reason(current):
            timed_out = current.deadline is not None and timezone.now() >= current.deadline - slack
            return "timeout" if timed_out else "learner"

        with self._conflicts(), transaction.atomic():
            attempt = self._locked_writable(records, learner, data)
            if attempt is not None:
                answers, _problems = self._clean(attempt, data.get("answers") or {})
                records.submit(attempt, reason=reason, session=data.get("session"), answers=answers,
                               flags=self._flags_of(data, attempt, keep=None), locked=True)
                self.runtime.publish(self, "completion", {"completion": 1.0})
                if self.is_practice:  # the study ledger credits a practice check answered, never an empty one
                    from carbon_common.ledger import record_practice

                    record_practice(learner.user_id, self.scope_ids.usage_id.context_key, self.scope_ids.usage_id,
                                    answered=any(is_answered(value) for value in (attempt.answers or {}).values()))
        if attempt is None:
            raise self._time_up()
        return self._state(learner, None, "", gate=gate, submitted=attempt)

    # Checks --------------------------------------------------------------------------------------

    def _learner(self, write=False):
        """The signed-in learner; with ``write``, refused in Studio (its preview must not write real attempts) and to
        staff viewing the course as this learner (the platform drops their grade and completion events; the exam's
        own records must be spared the same way)."""
        from carbon_common.compat import is_masquerading, is_studio, require_enrolled

        learner = current_learner(self)
        if write and is_studio(self):
            raise ApiError(403, "user", self.gettext_entry(REFUSALS, "studio_preview"), code="studio_preview")
        if not learner.is_authenticated:
            raise ApiError(403, "user", self.gettext_entry(REFUSALS, "login_required"), code="login_required")
        require_enrolled(self, learner)  # course staff need no enrolment
        if write and is_masquerading(self):
            raise ApiError(403, "user", self.gettext_entry(REFUSALS, "masquerade"), code="masquerade")
        return learner

    def _user(self, learner):
        from django.contrib.auth import get_user_model

        return get_user_model().objects.get(id=learner.user_id)

    def _gate(self):
        try:
            from hours_gate.api import gate_decision
        except ImportError:  # the gate's API is not installed: nothing encloses this exam
            return None
        return gate_decision(self)

    def _require_gate_open(self):
        """The enclosing gate's decision (None without a gate) if it is open; ApiError(403) otherwise."""
        decision = self._gate()
        if decision is not None and not decision.open:
            raise ApiError(403, "gate", " ".join(decision.reasons) or self.gettext_entry(REFUSALS, "gate_closed"),
                           code="gate_closed", reasons=list(decision.reasons))
        return decision

    def _require_may_start(self, learner, records):
        if self.blocking_problems():
            raise ApiError(409, "paper", self.gettext_entry(REFUSALS, "paper_invalid"), code="paper_invalid")
        refusal = self._window_refusal()
        if refusal:
            raise ApiError(403, "window", refusal[1], code=refusal[0])
        check = self._start_check(learner, records)
        if not check.allowed:
            raise ApiError(403, "attempts", self.gettext(REFUSALS[check.reason]), code=check.reason)

    def _window_refusal(self):
        state = window_state(timezone.now(), self.opens_at_datetime, self.closes_at_datetime)
        if state == "not_open":
            return state, self.gettext_entry(REFUSALS, "not_open", time=_local(self.opens_at_datetime))
        if state == "closed":
            return state, self.gettext_entry(REFUSALS, "closed", time=_local(self.closes_at_datetime))
        return None

    def _start_check(self, learner, records, used=None):
        used = records.counted_attempts(learner.user_id) if used is None else used
        last = used[-1] if used else None
        return may_start_attempt(self._attempts_used(used), self.effective_max_attempts, self.retake_only_after_fail,
                                 last.passed if last else None, bool(last and last.pending))

    def _attempts_used(self, used):
        """Attempts counted against the limit: those on record, or fewer since the instructor dashboard reset
        the learner's attempts (it sets the ``attempts`` field to 0)."""
        return len(used) if self.attempts is None else min(len(used), self.attempts)

    def _locked_writable(self, records, learner, data):
        """The learner's attempt in progress, read under its row lock (call inside ``transaction.atomic()``), that
        this browser session may write; ApiError(409) when there is none or another session holds it. None when
        its time (and grace) had run out: it is then submitted with the answers saved so far, and the caller
        answers :meth:`_time_up` after its transaction has stored that."""
        attempt = records.active(learner.user_id, lock=True)
        if attempt is None:
            raise ApiError(409, "attempt", self.gettext_entry(REFUSALS, "no_attempt"), code="no_attempt")
        if not accepts_saves(timezone.now(), attempt.deadline, self.grace_seconds):
            records.submit(attempt, reason="timeout", now=attempt.deadline, locked=True)
            return None
        if not data.get("session") or data.get("session") != attempt.session_token:
            raise ApiError(409, "session", self.gettext(REFUSALS[self._session_taken_key()]), code="session_taken")
        return attempt

    def _time_up(self):
        return ApiError(409, "time", self.gettext_entry(REFUSALS, "time_up"), code="time_up")

    def _flags_of(self, data, attempt, keep=None):
        """The questions flagged for review; practice checks have no flags. ``keep`` when none are sent
        (None: keep what is stored, so an answers-only save does not undo a concurrent save's flags)."""
        if self.is_practice:
            return []
        return _flags(data.get("flags"), attempt) if isinstance(data.get("flags"), list) else keep

    @contextmanager
    def _conflicts(self):
        """The attempt changed under us (submitted, reset, taken over): 409, nothing stored."""
        try:
            yield
        except AttemptConflict as conflict:
            if conflict.code == "session_taken":
                raise ApiError(409, "session", self.gettext(REFUSALS[self._session_taken_key()]), code="session_taken")
            raise ApiError(409, "attempt", self.gettext_entry(REFUSALS, "no_attempt"), code="no_attempt")

    def _clean(self, attempt, raw):
        if raw is None:
            return {}, []
        return clean_answers(self.paper, DrawnPaper.from_json(attempt.drawn), raw)

    # State ---------------------------------------------------------------------------------------

    def _state(self, learner, active, session, gate=_UNKNOWN, submitted=None):
        """The learner's state; ``gate``: the gate's decision already made in this request (else asked here);
        ``submitted``: the attempt this request submitted, reviewed as it is in memory (scored once), the other
        attempts read without their papers and answers."""
        records = self._records()
        now = timezone.now()
        used = records.counted_attempts(learner.user_id, light=submitted is not None)
        if submitted is not None:
            used = [submitted if a.pk == submitted.pk else a for a in used]
        window = window_state(now, self.opens_at_datetime, self.closes_at_datetime)
        state = {
            "mode": self.mode, "window": window, "opens_at": self.opens_at, "closes_at": self.closes_at,
            "time_limit_minutes": self.effective_time_limit, "total_points": self.max_score(),
            "pass_mark": float(self.pass_mark), "attempts_used": self._attempts_used(used),
            "attempts_left": attempts_left(self._attempts_used(used), self.effective_max_attempts),
            "status": "in_progress" if active else ("submitted" if any(a.status == "submitted" for a in used)
                                                    else "not_started"),
        }
        state.update(self._can_start(learner, records, active, used, gate))
        if active is not None:
            state["attempt"] = self._attempt_view(active, session, now)
        last = next((a for a in reversed(used) if a.status == "submitted"), None)
        if last is not None and active is None:
            state["review"] = self._review(last, window == "closed")
        return state

    def _can_start(self, learner, records, active, used, gate=_UNKNOWN):
        if active is not None:
            return {"can_start": False, "refusal": ""}
        decision = self._gate() if gate is _UNKNOWN else gate
        if decision is not None and not decision.open:
            return {"can_start": False, "refusal": " ".join(decision.reasons), "refusal_code": "gate_closed"}
        if self.blocking_problems():
            return {"can_start": False, "refusal": self.gettext_entry(REFUSALS, "paper_invalid"), "refusal_code": "paper_invalid"}
        refusal = self._window_refusal()
        if refusal:
            return {"can_start": False, "refusal": refusal[1], "refusal_code": refusal[0]}
        check = self._start_check(learner, records, used)
        if not check.allowed:
            return {"can_start": False, "refusal": self.gettext(REFUSALS[check.reason]), "refusal_code": check.reason}
        return {"can_start": True, "refusal": ""}

    def _session_taken_key(self):
        """The "another window holds it" refusal, naming a practice check as one."""
        return "session_taken_practice" if self.is_practice else "session_taken"

    def _attempt_view(self, attempt, session, now):
        drawn = DrawnPaper.from_json(attempt.drawn)
        writable = bool(session) and session == attempt.session_token
        view = {
            "number": attempt.number, "paper": public_paper(self.paper, drawn), "answers": attempt.answers,
            "flags": attempt.flags, "seconds_left": seconds_left(now, attempt.deadline),
            "deadline": attempt.deadline.isoformat() if attempt.deadline else None,
            "read_only": not writable,
            # Another window saved within the lease (its heartbeat): without one, a fresh window takes over.
            "other_window_live": not writable and now - attempt.updated < timedelta(seconds=WINDOW_LEASE_SECONDS),
        }
        if writable:
            view["session"] = attempt.session_token
        return view

    def _review(self, attempt, window_closed):
        drawn = DrawnPaper.from_json(attempt.drawn)
        result = self._records().result(attempt)
        view = review_view(self.paper, drawn, result, self.review_options(window_closed))
        view["number"] = attempt.number
        view["submitted_at"] = attempt.submitted_at.isoformat() if attempt.submitted_at else None
        view["reason"] = attempt.submit_reason
        return view


def _flags(raw, attempt):
    if not isinstance(raw, list):
        return attempt.flags
    drawn_ids = set(DrawnPaper.from_json(attempt.drawn).question_ids())
    return [flag for flag in raw if isinstance(flag, str) and flag in drawn_ids]


def _count(events: dict, name: str) -> int:
    value = events.get(name, 0)
    return value if isinstance(value, int) and 0 <= value <= 1000 else 0


def _local(value):
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""

