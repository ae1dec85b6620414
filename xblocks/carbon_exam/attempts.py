"""Learners' attempts at one exam block: start, save, submit, score, publish (Django side).

The rules live in the pure modules (``rules``, ``draw``, ``scoring``, ``answers``); this module
stores their outcome in :class:`carbon_common.models.ExamAttempt` and sends final scores to the
gradebook through edx-submissions, which works from the learner's request and from a staff
request alike. The platform shows a submissions score as it is (points, no weight applied) and
keeps whole numbers, so the gradebook gets whole points of the paper total
(:func:`rules.gradebook_points`: 88.33 of 100 -> 88 of 100, never rounded across the pass mark);
the block's own views keep the exact score.
"""
from __future__ import annotations

import secrets

from django.db import transaction
from django.utils import timezone

from .draw import DrawnPaper, draw_paper, new_seed
from .rules import accepts_saves, attempt_deadline, counted_score, gradebook_points
from .scoring import StaffGrade, pending_answers, score_attempt

ITEM_TYPE = "carbon_exam"
#: An attempt's large JSON columns, left out where only its status and stored score are read.
HEAVY_FIELDS = ("drawn", "answers", "flags", "result", "staff_grades")


class AttemptConflict(Exception):
    """The attempt changed since the caller read it: submitted, reset, or taken over by another session.

    Raised from under the row lock before anything is written, so a refused save stores nothing and
    the handler answers 409 instead of a false "saved". ``code``: ``not_in_progress``, ``session_taken``
    or ``not_submitted``.
    """

    def __init__(self, code):
        super().__init__(code)
        self.code = code


def _models():
    from carbon_common.models import ExamAttempt, ExamExtraTime

    return ExamAttempt, ExamExtraTime


class ExamRecords:
    """The attempts of one exam block (``block`` gives the keys, the paper and the settings)."""

    def __init__(self, block):
        self.block = block
        self.usage_key = str(block.scope_ids.usage_id)
        self.course_key = str(block.scope_ids.usage_id.context_key)

    # Queries -------------------------------------------------------------------------------------

    def attempts(self, user_id=None):
        ExamAttempt, _ = _models()
        found = ExamAttempt.objects.filter(usage_key=self.usage_key).select_related("user")
        return found.filter(user_id=user_id) if user_id is not None else found

    def counted_attempts(self, user_id, light=False):
        """Attempts that use up the limit (everything except reset ones). ``light``: without the papers, answers
        and results (JSON a learner's many attempts make slow to decode); reading one of those reads it then."""
        found = self.attempts(user_id)
        if light:
            found = found.select_related(None).defer(*HEAVY_FIELDS)
        return [a for a in found if a.status != "reset"]

    def active(self, user_id, lock=False):
        """The learner's attempt in progress; with ``lock``, read under its row lock (inside ``atomic()``), as the
        writes below take it, so a handler reads, checks and writes the attempt with one read."""
        if lock:
            ExamAttempt, _ = _models()
            found = ExamAttempt.objects.select_for_update().filter(usage_key=self.usage_key, user_id=user_id)
        else:
            found = self.attempts(user_id)
        return found.filter(status="in_progress").order_by("-number").first()

    def latest(self, user_id):
        return self.attempts(user_id).exclude(status="reset").order_by("-number").first()

    def extra_minutes(self, user_id) -> int:
        _, ExamExtraTime = _models()
        row = ExamExtraTime.objects.filter(usage_key=self.usage_key, user_id=user_id).first()
        return row.minutes if row else 0

    def extra_minutes_by_user(self, user_ids) -> dict[int, int]:
        """``{user_id: extra minutes}`` for many learners in one query (those without extra time left out)."""
        _, ExamExtraTime = _models()
        return dict(ExamExtraTime.objects.filter(usage_key=self.usage_key, user_id__in=list(user_ids))
                    .values_list("user_id", "minutes"))

    # Changes -------------------------------------------------------------------------------------
    # Every change re-reads the attempt under a row lock (SELECT ... FOR UPDATE inside an atomic block;
    # on SQLite the IMMEDIATE transaction mode serialises writers) and checks its status there, so that
    # concurrent requests (overlapping autosaves, a save during submit, two graders, a reset racing a
    # grade) each merge into the latest row instead of overwriting one another's work.
    # ``save_answers`` and ``submit`` join the caller's transaction without a savepoint
    # (``atomic(savepoint=False)``): the lock is taken by the SELECT ... FOR UPDATE, not by the savepoint,
    # and an AttemptConflict raised inside rolls the whole transaction back, as the handlers want.

    def _locked(self, attempt):
        """``attempt`` read again under a row lock; call inside ``transaction.atomic()``."""
        ExamAttempt, _ = _models()
        return ExamAttempt.objects.select_for_update().get(pk=attempt.pk)

    @staticmethod
    def _require_in_progress(current, session=None):
        if current.status != "in_progress":
            raise AttemptConflict("not_in_progress")
        if session is not None and current.session_token != session:
            raise AttemptConflict("session_taken")

    @staticmethod
    def _adopt(attempt, current):
        """Give the caller's object the values stored under the lock (callers keep using their object)."""
        if attempt is not current:
            for field in type(current)._meta.concrete_fields:
                setattr(attempt, field.attname, getattr(current, field.attname))
        return attempt

    def start(self, user, now=None):
        """A new attempt with a freshly drawn paper and a new session token."""
        ExamAttempt, _ = _models()
        now = now or timezone.now()
        seed = new_seed()
        drawn = draw_paper(self.block.paper, seed, self.block.shuffle_questions, self.block.shuffle_options,
                           track=self.learner_track(user.id))
        number = self.attempts(user.id).count() + 1
        deadline = attempt_deadline(now, self.block.effective_time_limit, self.extra_minutes(user.id),
                                    self.block.closes_at_datetime)
        return ExamAttempt.objects.create(
            course_key=self.course_key, usage_key=self.usage_key, user=user, number=number, seed=seed,
            drawn=drawn.to_json(), started_at=now, deadline=deadline, session_token=new_session_token(),
        )

    def learner_track(self, user_id) -> str | None:
        """The skill track the professional part is drawn from: with ``professional_draw`` = own_track, the track
        chosen on the learner's application (one the paper has), else None (every track pooled)."""
        if getattr(self.block, "professional_draw", "pooled") != "own_track":
            return None
        from eligibility_form.api import applications_by_user

        record = applications_by_user(self.block.scope_ids.usage_id.context_key, [user_id]).get(user_id)
        track = record.track if record is not None else ""
        return track if track in self.block.paper.tracks() else None

    def take_over(self, attempt):
        """Give the attempt to a new browser session; the old one becomes read-only."""
        with transaction.atomic():
            current = self._locked(attempt)
            self._require_in_progress(current)
            current.session_token = new_session_token()
            current.save(update_fields=["session_token", "updated"])
        return self._adopt(attempt, current)

    def save_answers(self, attempt, answers: dict, flags=None, focus_losses=0, pastes=0, session=None,
                     locked=False):
        """Merge ``answers`` into the stored ones under the row lock (concurrent saves all keep theirs).

        Raises :class:`AttemptConflict` (nothing stored) when the attempt is no longer in progress, or,
        with ``session`` given, when another browser session has taken it over. ``locked``: ``attempt`` was
        read under the lock in the caller's transaction (``active(lock=True)``), so it is not read again.
        """
        with transaction.atomic(savepoint=False):
            current = attempt if locked else self._locked(attempt)
            self._require_in_progress(current, session)
            current.answers = {**current.answers, **answers}
            if flags is not None:
                current.flags = flags
            current.focus_losses += focus_losses
            current.pastes += pastes
            current.save(update_fields=["answers", "flags", "focus_losses", "pastes", "updated"])
        return self._adopt(attempt, current)

    def expire_if_due(self, attempt, now=None):
        """Submit an attempt whose time (and grace) ran out, with the answers saved so far."""
        now = now or timezone.now()
        if attempt is not None and attempt.status == "in_progress" and not accepts_saves(
                now, attempt.deadline, self.block.grace_seconds):
            try:
                with transaction.atomic():  # a savepoint of its own: the refusal below is caught and survived
                    self.submit(attempt, reason="timeout", now=attempt.deadline)
            except AttemptConflict:  # submitted or reset by another request meanwhile: not in progress either
                pass
            return True
        return False

    def expire_all_due(self, now=None):
        for attempt in self.attempts().filter(status="in_progress"):
            self.expire_if_due(attempt, now)

    def submit(self, attempt, reason="learner", now=None, session=None, answers=None, flags=None, locked=False):
        """Submit, score and publish in one transaction under the row lock.

        A fault anywhere (edx-submissions refusing the score, say) rolls everything back: the attempt
        stays in progress with its session, so the learner's retry submits it and the grade is
        published once. A second submit finds the attempt submitted: :class:`AttemptConflict`.
        ``answers`` (and ``flags``) are merged first, as :meth:`save_answers` does, in the same write;
        ``reason`` may be a function of the attempt read under the lock (its deadline is the current one).
        ``locked``: as for :meth:`save_answers`.
        """
        with transaction.atomic(savepoint=False):
            current = attempt if locked else self._locked(attempt)
            self._require_in_progress(current, session)
            if answers:
                current.answers = {**current.answers, **answers}
            if flags is not None:
                current.flags = flags
            current.status = "submitted"
            current.submitted_at = now or timezone.now()
            current.submit_reason = reason(current) if callable(reason) else reason
            current.session_token = ""
            if attempt.user_id == current.user_id and "user" in attempt._state.fields_cache:
                current.user = attempt.user  # already read (``attempts()`` joins it): the grade path needs it
            self._rescore_locked(current)
        return self._adopt(attempt, current)

    def rescore(self, attempt, publish=True):
        """Score the attempt against the current paper and staff grades, store it, publish the grade."""
        with transaction.atomic():
            current = self._locked(attempt)
            result = self._rescore_locked(current, publish)
        self._adopt(attempt, current)
        return result

    def _rescore_locked(self, attempt, publish=True):
        result = self.result(attempt)
        attempt.result = result.to_json()
        attempt.earned, attempt.possible = result.earned, result.possible
        attempt.passed, attempt.pending = result.passed, result.pending
        attempt.pending_answers = pending_answers(attempt.status, attempt.result)
        attempt.save()
        if publish and attempt.status == "submitted" and not self.block.is_practice:
            self.publish(attempt)
        return result

    def result(self, attempt):
        """The attempt scored against the current paper and its staff grades; the scoring of this request reused
        while the paper, the drawn paper, the answers and the staff grades are the same objects."""
        paper = self.block.paper
        inputs = (paper, attempt.drawn, attempt.answers, attempt.staff_grades)
        scored = attempt.__dict__.get("_carbon_scored")
        if scored is not None and all(a is b for a, b in zip(scored[0], inputs, strict=True)):
            return scored[1]
        grades = {qid: StaffGrade.from_json(grade) for qid, grade in (attempt.staff_grades or {}).items()}
        result = score_attempt(paper, DrawnPaper.from_json(attempt.drawn), attempt.answers, grades)
        attempt.__dict__["_carbon_scored"] = (inputs, result)
        return result

    def grade_answer(self, attempt, question_id, grade: StaffGrade, grader):
        """Merge one staff grade under the row lock (two graders keep both); only submitted attempts."""
        with transaction.atomic():
            current = self._locked(attempt)
            if current.status != "submitted":
                raise AttemptConflict("not_submitted")
            current.staff_grades = {**current.staff_grades, question_id: {
                **grade.to_json(), "grader": grader.username, "graded_at": timezone.now().isoformat()}}
            result = self._rescore_locked(current)
        self._adopt(attempt, current)
        return result

    def reset(self, attempt, reason):
        with transaction.atomic():
            current = self._locked(attempt)
            current.status = "reset"
            current.reset_reason = reason
            current.session_token = ""
            current.pending_answers = pending_answers(current.status, current.result)  # none waits any more
            current.save()
            self.publish_counted(current.user)
        return self._adopt(attempt, current)

    def set_extra_time(self, user, minutes: int):
        _, ExamExtraTime = _models()
        ExamExtraTime.objects.update_or_create(usage_key=self.usage_key, user=user,
                                               defaults={"course_key": self.course_key, "minutes": minutes})
        active = self.active(user.id)
        if active is not None:
            active.deadline = attempt_deadline(active.started_at, self.block.effective_time_limit, minutes,
                                               self.block.closes_at_datetime)
            active.save(update_fields=["deadline", "updated"])

    # Grades --------------------------------------------------------------------------------------

    def counted(self, user_id):
        """The ``(earned, possible)`` that counts for the learner, or None."""
        finals = [(earned, possible) for status, pending, earned, possible in self.attempts(user_id).exclude(
            status="reset").values_list("status", "pending", "earned", "possible")
                  if status == "submitted" and not pending and possible is not None]
        return counted_score(finals, self.block.attempt_counts)

    def publish(self, attempt):
        self.publish_counted(lambda: attempt.user, attempt, user_id=attempt.user_id)  # the user read if needed

    def student_item(self, user):
        """The learner's edx-submissions item (per-course anonymous id, as the grades app looks it up)."""
        return {"student_id": self.anonymous_id(user),
                "course_id": self.course_key, "item_id": self.usage_key, "item_type": ITEM_TYPE}

    def anonymous_id(self, user):
        """``user``'s per-course anonymous id from the runtime's ``user`` service: the bound user's own id
        (``edx-platform.anonymous_user_id``), else ``get_anonymous_user_id(username, course_id)``, which the
        platform answers for staff only. Without a service, or when it declines (a learner's request acting on
        another learner's record), the platform's table through ``carbon_common.compat``."""
        from carbon_common.identity import current_learner

        block = self.block
        service = block.runtime.service(block, "user")
        if service is not None:
            learner = current_learner(block)  # the service's current user, read once per request
            if learner.user_id == user.id and learner.anonymous_id:
                return learner.anonymous_id
            anonymous_id = service.get_anonymous_user_id(user.username, self.course_key)
            if anonymous_id:
                return anonymous_id
        from carbon_common.compat import anonymous_id_for_user

        return anonymous_id_for_user(user, block.scope_ids.usage_id.context_key)

    @transaction.atomic(savepoint=False)  # inside a submit or a reset, their transaction; no savepoint
    def publish_counted(self, user, attempt=None, only_if_higher=False, user_id=None):
        """Send the counted score to the gradebook through edx-submissions, in whole points of the paper
        (with ``only_if_higher``, only when it beats the score the gradebook holds). ``user`` may be a function
        giving the user (with ``user_id``), called only when something is sent."""
        from submissions import api as submissions_api

        score = self.counted(user.id if user_id is None else user_id)
        if score is None:
            if attempt is None and not only_if_higher:  # a reset left nothing to count
                student_id = self.student_item(user() if callable(user) else user)["student_id"]
                submissions_api.reset_score(student_id, self.course_key, self.usage_key)
            return  # an attempt waiting for staff grading: nothing to publish yet
        student_item = self.student_item(user() if callable(user) else user)
        earned, possible = gradebook_points(score[0], score[1], self._decimal_setting("total_points"),
                                            self._decimal_setting("pass_mark"))
        current = submissions_api.get_score(student_item) if only_if_higher else None
        if current and current["points_possible"] and \
                earned * current["points_possible"] <= current["points_earned"] * possible:
            return
        uuid = self._set_submission_score(student_item, {"attempt": attempt.number if attempt else 0},
                                          earned, possible)
        if attempt is not None:
            attempt.submission_uuid = uuid
            attempt.save(update_fields=["submission_uuid", "updated"])

    @transaction.atomic
    def publish_override(self, user, earned, possible, overrider="instructor dashboard"):
        """Put a score the instructor set (the dashboard's score override) in the gradebook as it is.

        It holds until the learner's score next changes (a new attempt, a staff grade, a reset, a rescore).
        """
        from decimal import Decimal

        from carbon_common.models import AuditEntry

        total = self._decimal_setting("total_points")
        scaled = Decimal(str(earned)) * total / Decimal(str(possible)) if possible else Decimal(0)
        points = int(scaled.to_integral_value())
        self._set_submission_score(self.student_item(user), {"override": True}, points, int(total))
        AuditEntry.record(self.block, "score_override", subject_id=user.id, earned=points, possible=int(total),
                          by=overrider)

    def clear_learner(self, user, reason):
        """Delete the learner's state (the dashboard's "Delete learner's state"): every attempt is reset,
        the gradebook score removed, so the learner may start afresh."""
        from submissions import api as submissions_api

        from carbon_common.models import AuditEntry

        with transaction.atomic():
            changed = self.attempts(user.id).exclude(status="reset").update(
                status="reset", reset_reason=reason, session_token="", updated=timezone.now(),
                pending_answers=pending_answers("reset", None))
            student_item = self.student_item(user)
            submissions_api.reset_score(student_item["student_id"], self.course_key, self.usage_key,
                                        clear_state=True)
            AuditEntry.record(self.block, "clear_state", subject_id=user.id, attempts=changed, reason=reason)
        return changed

    def _decimal_setting(self, name):
        from decimal import Decimal

        return Decimal(str(getattr(self.block, name)))

    @staticmethod
    def _set_submission_score(student_item, answer, earned, possible):
        from submissions import api as submissions_api

        submission = submissions_api.create_submission(student_item, answer)
        submissions_api.set_score(submission["uuid"], earned, possible)
        return submission["uuid"]


def new_session_token() -> str:
    return secrets.token_urlsafe(24)
