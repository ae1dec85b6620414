"""The gradebook: learner scores from `grade` events and edx-submissions, course grades from policy."""
from dataclasses import dataclass

from django.dispatch import receiver
from submissions.models import score_reset, score_set

from devsite.lms.models import Score
from devsite.lms.platform import user_by_anonymous_id


def record_score(user, usage_key, earned, possible, only_if_higher=False, source="grade_event"):
    """Store a learner's score on a block (StudentModule.grade / max_grade in the LMS).

    As the platform's ``grades.scores.get_score`` does, a score in edx-submissions outranks block state:
    a ``grade`` event never replaces it (only ``score_reset`` removes it).
    """
    existing = Score.objects.filter(user=user, usage_key=str(usage_key)).first()
    if existing and existing.source == "submissions" and source != "submissions":
        return existing
    if only_if_higher and existing and existing.possible and possible:
        if existing.earned / existing.possible >= earned / possible:
            return existing
    score, _ = Score.objects.update_or_create(
        user=user, usage_key=str(usage_key),
        defaults={"course_key": str(usage_key.context_key), "earned": earned, "possible": possible, "source": source},
    )
    return score


@receiver(score_set)
def submissions_score_set(sender, **kwargs):
    """edx-submissions `score_set` -> the same gradebook (what the LMS's grades app does)."""
    from opaque_keys.edx.keys import UsageKey

    user = user_by_anonymous_id(kwargs["anonymous_user_id"])
    if user is None:
        return
    usage_key = UsageKey.from_string(kwargs["item_id"])
    record_score(user, usage_key, kwargs["points_earned"], kwargs["points_possible"], source="submissions")


@receiver(score_reset)
def submissions_score_reset(sender, **kwargs):
    """edx-submissions `score_reset` (the dashboard's delete-state, a block's clear_student_state): the
    submissions score leaves the gradebook, as the LMS's grades app recalculates without it."""
    user = user_by_anonymous_id(kwargs["anonymous_user_id"])
    if user is not None:
        Score.objects.filter(user=user, usage_key=kwargs["item_id"], source="submissions").delete()


@dataclass
class CourseGrade:
    percent: float
    letter: str
    passed: bool
    sections: list  # (subsection title, format, earned, possible)


def scored_blocks(course, subsection_key):
    """Usage keys below a subsection whose class says it has a score."""
    from devsite.lms.course import block_class
    from devsite.lms.runtime import CourseRuntime

    found, runtime = [], None
    for key, _depth in course.walk(subsection_key):
        if key == subsection_key:
            continue
        has_score = getattr(block_class(key.block_type), "has_score", False)
        if isinstance(has_score, property):  # decided per block (a practice check has none), as the LMS asks it
            runtime = runtime or CourseRuntime(course)
            has_score = runtime.get_block(key).has_score
        if has_score:
            found.append(key)
    return found


def course_grade(course, user, max_scores=None):
    """The learner's course grade from the grading policy (weighted average of graded subsections)."""
    policy = course.grading_policy or {}
    graders = policy.get("GRADER", [])
    cutoffs = policy.get("GRADE_CUTOFFS", {"Pass": 0.5})
    scores = {s.usage_key: s for s in Score.objects.filter(user=user, course_key=str(course.course_key))}
    max_scores = max_scores or {}
    sections, by_format = [], {}
    for subsection in course.of_type("sequential"):
        if not course.field(subsection, "graded", False):
            continue
        earned = possible = 0.0
        for key in scored_blocks(course, subsection):
            score = scores.get(str(key))
            earned += score.earned if score else 0.0
            possible += score.possible if score else float(max_scores.get(str(key), 0.0))
        fmt = course.field(subsection, "format", "")
        sections.append((course.display_name(subsection), fmt, earned, possible))
        by_format.setdefault(fmt, []).append(earned / possible if possible else 0.0)
    percent = 0.0
    for grader in graders:
        results = sorted(by_format.get(grader["type"], []), reverse=True)
        results = results[: max(len(results) - grader.get("drop_count", 0), 0)]
        count = max(grader.get("min_count", 1), len(results), 1)
        percent += grader.get("weight", 0) * (sum(results) / count)
    percent = round(percent, 4)
    letter = ""
    for name, cutoff in sorted(cutoffs.items(), key=lambda item: -item[1]):
        if percent >= cutoff:
            letter = name
            break
    return CourseGrade(percent=percent, letter=letter, passed=bool(letter), sections=sections)
