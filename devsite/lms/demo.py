"""The demo accounts and the situations they are put in."""
DEMO_PASSWORD = "carbon-demo"
DEMO_ACCOUNTS = [
    {"username": "learner_new", "name": "王小明", "email": "learner_new@example.com",
     "description": "学员：刚报名，尚未学习（Learner: just enrolled, nothing studied yet）", "role": None, "lessons": 0},
    {"username": "learner_studying", "name": "李华", "email": "learner_studying@example.com",
     "description": "学员：已学习部分课程，学时未达标，报名待审核（Learner: part-way through, application awaiting review）",
     "role": None, "lessons": 8, "application": "submitted"},
    {"username": "learner_ready", "name": "张伟", "email": "learner_ready@example.com",
     "description": "学员：学时已达标、报名已通过，可参加考试（Learner: hours met, application approved）",
     "role": None, "lessons": 30, "application": "approved"},
    {"username": "staff", "name": "陈静", "email": "staff@example.com",
     "description": "课程工作人员：审核报名、阅卷（Course staff: reviews applications, grades answers）", "role": "staff", "lessons": 0},
    {"username": "instructor", "name": "刘洋", "email": "instructor@example.com",
     "description": "讲师：导出成绩（Instructor: exports grade reports）", "role": "instructor", "lessons": 0},
]


#: How the demo's study is spread in the past: one lesson every this many minutes, ending an hour ago.
DEMO_LESSON_MINUTES = 20
DEMO_VIDEO_SECONDS = 20  # the generated stand-in clips (course_content/tools/make_media.py)
DEMO_READING_SECONDS = 10 * 60


def complete_lessons(user, course, count):
    """Mark every leaf of the first `count` lessons complete, as watching and reading them would, and give the
    study ledger the evidence that studying them would have left (see :func:`record_study`)."""
    from completion.models import BlockCompletion

    lessons = [key for key in course.of_type("sequential") if not course.field(key, "graded", False)]
    lessons = [key for key in lessons if "lesson" in key.block_id]
    studied = []
    for lesson in lessons[:count]:
        leaves = [leaf for unit in course.children(lesson) for leaf in course.children(unit)]
        for leaf in leaves:
            BlockCompletion.objects.submit_completion(user=user, block_key=leaf, completion=1.0)
        studied.append(leaves)
    record_study(user, course.course_key, studied, len(lessons))


def record_study(user, course_key, lessons, slots):
    """Ledger evidence for `lessons` (each a list of leaves), spread in the past as a learner's study would be:
    each video played in real time (the player's events, with server times), each reading followed by the
    learner's next event after its expected time, each practice check answered. Lesson i always takes the
    i-th of `slots` time slots (ending an hour ago), so recording the same lessons again adds nothing."""
    from datetime import timedelta

    from django.utils import timezone

    from carbon_common import ledger

    gap = timedelta(minutes=DEMO_LESSON_MINUTES)
    first = timezone.now().replace(second=0, microsecond=0) - timedelta(hours=1) - gap * slots
    context = {"user_id": user.id, "course_id": str(course_key), "session": f"demo-{user.id}"}

    def event(name, data, at):
        ledger.record_event({"name": name, "timestamp": at, "context": context, "data": data})

    for index, leaves in enumerate(lessons):
        moment = first + gap * index
        for leaf in leaves:
            if leaf.block_type == "video":
                payload = {"id": leaf.block_id, "code": "html5", "duration": DEMO_VIDEO_SECONDS}
                event("play_video", {**payload, "currentTime": 0}, moment)
                moment += timedelta(seconds=DEMO_VIDEO_SECONDS)
                event("stop_video", {**payload, "currentTime": DEMO_VIDEO_SECONDS}, moment)
            elif leaf.block_type == "html":
                moment += timedelta(seconds=5)
                ledger.record_reading_arrival(user.id, course_key, leaf, when=moment, session=context["session"])
                moment += timedelta(seconds=DEMO_READING_SECONDS)
            elif leaf.block_type == "carbon_exam":  # the learner's next event after the reading: the check
                ledger.record_practice(user.id, course_key, leaf, answered=True, when=moment)
            moment += timedelta(seconds=30)


DEMO_APPLICATION = {
    "name": "张伟", "gender": "female", "id_type": "resident_id", "id_number": "11010519491231002X",
    "birth_date": "1949-12-31", "mobile": "13800138000", "email": "learner_ready@example.com",
    "employer": "某市节能监察中心", "job_title": "工程师", "education": "bachelor", "degree": "bachelor",
    "major": "环境工程", "major_other": "", "graduation_date": "1972-07-01", "work_years": 30,
    "institution_staff": False, "other_certificate": False, "certificate_name": "",
    "law_abiding": True, "pi_consent": True,
}


def seed_application(user, course, status, decided_by=None):
    """Put `user`'s application to the course's eligibility form in `status` (demo data, no documents)."""
    from django.utils import timezone

    from carbon_common.models import Application
    from eligibility_form.rules import DEFAULT_RELATED_MAJORS, evaluate_conditions

    forms = course.of_type("eligibility_form")
    if not forms:
        return None
    from carbon_common.compat import full_name

    answers = dict(DEMO_APPLICATION, name=full_name(user) or user.username, email=user.email)
    now = timezone.now()
    application, _ = Application.objects.update_or_create(
        usage_key=str(forms[0]), user=user,
        defaults={
            "course_key": str(course.course_key), "anonymous_id": "", "status": status, "answers": answers,
            "qualifying_condition": evaluate_conditions(answers, DEFAULT_RELATED_MAJORS).qualifying,
            "consent_at": now, "consent_version": "demo", "submitted_at": now,
            "decided_at": now if status == "approved" else None, "decided_by": decided_by,
        },
    )
    if status != "draft":  # submitted, as the form's submit_application would: the unit counts as complete
        from completion.models import BlockCompletion

        BlockCompletion.objects.submit_completion(user=user, block_key=forms[0], completion=1.0)
    return application
