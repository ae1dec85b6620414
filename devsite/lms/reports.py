"""The two LMS reports staff download: the grade report and the problem-response report."""
from collections import OrderedDict
from dataclasses import dataclass

from carbon_common.exports import export_response
from devsite.lms.grades import course_grade, scored_blocks
from devsite.lms.models import CourseEnrollment, FieldValue
from devsite.lms.platform import enrolled_users


def _max_scores(course):
    """max_score() of every scored block: asked with no user, as the LMS does at publish time."""
    from django.contrib.auth.models import AnonymousUser

    from devsite.lms.runtime import LmsRuntime

    runtime = LmsRuntime(course, AnonymousUser())
    result = {}
    for subsection in course.of_type("sequential"):
        for key in scored_blocks(course, subsection):
            block = runtime.get_block(key)
            result[str(key)] = float(block.max_score() or 0) if hasattr(block, "max_score") else 0.0
    return result


def grade_rows(course):
    """One row per enrolled learner: id, username, email, grade, letter, then each graded subsection."""
    max_scores = _max_scores(course)
    rows = []
    for user in enrolled_users(course.course_key):
        grade = course_grade(course, user, max_scores)
        row = OrderedDict([("Student ID", user.id), ("Email", user.email), ("Username", user.username),
                           ("Grade", grade.percent), ("Letter Grade", grade.letter)])
        for title, _fmt, earned, possible in grade.sections:
            row[title] = round(earned / possible, 4) if possible else 0.0
        rows.append(row)
    return rows


def grade_report_response(course):
    rows = grade_rows(course)
    headers = list(rows[0].keys()) if rows else ["Student ID", "Email", "Username", "Grade", "Letter Grade"]
    return export_response("csv", f"{course.course_key.course}_grade_report", headers,
                           [list(row.values()) for row in rows])


@dataclass
class UserStateRecord:
    """What the platform's user_state_iterator yields: a username and the block's learner state."""

    username: str
    state: dict


def user_state_iterator(course, usage_key):
    """Learner state of one block for every learner who has any (StudentModule rows in the LMS)."""
    from django.contrib.auth import get_user_model

    by_user = {}
    rows = FieldValue.objects.filter(scope="user_state", block_scope_id=str(usage_key)).order_by("user_id")
    for row in rows:
        by_user.setdefault(row.user_id, {})[row.field_name] = row.value
    enrolled = set(CourseEnrollment.objects.filter(course_id=str(course.course_key)).values_list("user_id", flat=True))
    users = {str(u.id): u.username for u in get_user_model().objects.filter(id__in=enrolled)}
    for user_id, state in by_user.items():
        if user_id in users:
            yield UserStateRecord(users[user_id], state)


def problem_response_rows(course):
    """Rows from every block's `generate_report_data`, as the LMS's problem-response report builds them."""
    from django.contrib.auth.models import AnonymousUser

    from devsite.lms.runtime import LmsRuntime

    runtime = LmsRuntime(course, AnonymousUser())
    for key, _depth in course.walk():
        cls = runtime.load_block_type(key.block_type)
        if not hasattr(cls, "generate_report_data"):
            continue
        block = runtime.get_block(key)
        title = course.display_name(key)
        for username, columns in block.generate_report_data(user_state_iterator(course, key)):
            yield username, str(key), title, columns


def problem_response_report_response(course):
    rows = list(problem_response_rows(course))
    extra = []
    for _username, _key, _title, columns in rows:
        for name in columns:
            if name not in extra:
                extra.append(name)
    headers = ["username", "location", "title"] + extra
    body = ([username, key, title] + [columns.get(name, "") for name in extra] for username, key, title, columns in rows)
    return export_response("csv", f"{course.course_key.course}_problem_responses", headers, body)
