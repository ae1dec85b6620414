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


#: How the demo's study is spread in the past: one lesson every this many minutes, ending at the start of today.
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
    i-th of `slots` time slots, ending at the start of today (UTC): a fixed anchor, so recording the same lessons
    again, even a minute later, lands on the same moments and adds nothing."""
    from datetime import timedelta

    from django.utils import timezone

    from carbon_common import ledger

    gap = timedelta(minutes=DEMO_LESSON_MINUTES)
    first = timezone.now().replace(hour=0, minute=0, second=0, microsecond=0) - gap * slots
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


def resident_id(region, born, sequence):
    """A mainland resident ID number (GB 11643): region code, birth date, 3-digit sequence (odd: male), check."""
    from eligibility_form.validators import gb11643_check_char

    first17 = f"{region}{born.replace('-', '')}{sequence:03d}"
    return first17 + gb11643_check_char(first17)


#: Each demo applicant's answers: distinct, valid ID numbers that agree with the birth date and gender, plausible
#: ages, schooling and work; ``days_ago`` places the submission (and the decision) in the past.
DEMO_PEOPLE = {
    "learner_studying": {
        "answers": {"gender": "male", "id_number": resident_id("110105", "1992-03-14", 437), "birth_date": "1992-03-14",
                    "mobile": "13911472586", "employer": "北京市朝阳区节能监察大队", "job_title": "节能监察员",
                    "education": "bachelor", "degree": "bachelor", "major": "能源与环境系统工程",
                    "graduation_date": "2014-07", "work_years": 9},
        "days_ago": 2, "decided_days_ago": None,
    },
    "learner_ready": {
        "answers": {"gender": "male", "id_number": resident_id("310104", "1986-09-23", 215), "birth_date": "1986-09-23",
                    "mobile": "13761903428", "employer": "上海环境能源交易所", "job_title": "碳资产管理主管",
                    "education": "master", "degree": "master", "major": "环境科学",
                    "graduation_date": "2011-06", "work_years": 13},
        "days_ago": 12, "decided_days_ago": 10,
    },
    "learner_new": {
        "answers": {"gender": "female", "id_number": resident_id("440106", "1998-11-05", 368), "birth_date": "1998-11-05",
                    "mobile": "13826045719", "employer": "广州市绿色建筑研究院", "job_title": "助理工程师",
                    "education": "bachelor", "degree": "bachelor", "major": "环境工程",
                    "graduation_date": "2020-06", "work_years": 4},
        "days_ago": 1, "decided_days_ago": None,
    },
}
DEMO_APPLICATION = {  # what every demo application shares
    "id_type": "resident_id", "major_other": "", "institution_staff": False, "other_certificate": False,
    "certificate_name": "", "law_abiding": True, "pi_consent": True,
}


def demo_answers(user):
    """``user``'s application answers: a demo person's own, or (any other user) a valid identity of their own,
    derived from the user's id so that no two share an ID number."""
    from carbon_common.compat import full_name

    person = DEMO_PEOPLE.get(user.username)
    if person is None:
        born = f"19{80 + user.id % 18}-0{1 + user.id % 9}-1{user.id % 10}"
        sequence = (user.id * 2) % 1000
        person = {"answers": {"gender": "female", "id_number": resident_id("110105", born, sequence),
                              "birth_date": born, "mobile": f"138{user.id % 10 ** 8:08d}", "employer": "某节能服务公司",
                              "job_title": "工程师", "education": "bachelor", "degree": "bachelor",
                              "major": "环境工程", "graduation_date": f"20{10 + user.id % 8}-07", "work_years": 5}}
    return {**DEMO_APPLICATION, **person["answers"], "name": full_name(user) or user.username, "email": user.email}


def seed_application(user, course, status, decided_by=None):
    """Put `user`'s application to the course's eligibility form in `status` (demo data, no documents: see
    :func:`attach_demo_documents`)."""
    from django.utils import timezone

    from carbon_common.models import Application
    from eligibility_form.rules import DEFAULT_RELATED_MAJORS, evaluate_conditions

    forms = course.of_type("eligibility_form")
    if not forms:
        return None
    from datetime import timedelta

    from eligibility_form.numbering import assign

    answers = demo_answers(user)
    person = DEMO_PEOPLE.get(user.username, {})
    now = timezone.now().replace(second=0, microsecond=0)
    submitted = now - timedelta(days=person.get("days_ago", 0), hours=3 if person else 0)
    decided = now - timedelta(days=person["decided_days_ago"]) if person.get("decided_days_ago") else now
    application, _ = Application.objects.update_or_create(
        usage_key=str(forms[0]), user=user,
        defaults={
            "course_key": str(course.course_key), "anonymous_id": "", "status": status, "answers": answers,
            "qualifying_condition": evaluate_conditions(answers, DEFAULT_RELATED_MAJORS).qualifying,
            "consent_at": submitted - timedelta(minutes=40), "consent_version": "demo", "submitted_at": submitted,
            "decided_at": decided if status in ("approved", "rejected", "returned") else None,
            "decided_by": decided_by,
        },
    )
    if status != "draft":
        assign(application)  # 报名编号, as a submission through the form gets
    if status != "draft":  # submitted, as the form's submit_application would: the unit counts as complete
        from completion.models import BlockCompletion

        BlockCompletion.objects.submit_completion(user=user, block_key=forms[0], completion=1.0)
    return application


def attach_demo_documents(application, related_majors):
    """Give ``application`` every document it needs (idempotent): a blue-background photo, the review form as
    the block prints it, and labelled sample scans of the others, stored as uploads are."""
    from carbon_common.models import ApplicationMaterial
    from carbon_common.storage import save_upload
    from devsite.lms.platform import anonymous_id_for_user
    from eligibility_form.review_form import render_review_form
    from eligibility_form.rules import evaluate_conditions, required_materials

    answers = application.answers
    kinds = required_materials(answers, evaluate_conditions(answers, related_majors))
    have = set(application.materials.values_list("kind", flat=True))
    photo = _demo_photo()
    if not application.anonymous_id:
        application.anonymous_id = anonymous_id_for_user(application.user, application.course_key)
        application.save(update_fields=["anonymous_id"])
    for kind in kinds:
        if kind in have:
            continue
        if kind == "photo":
            content, file_type = photo, "jpeg"
        elif kind == "review_form":
            content, file_type = render_review_form(answers, related_majors=related_majors, photo=photo,
                                                    uploaded=kinds, reference=application.number or ""), "pdf"
        else:
            content, file_type = _sample_scan(kind, answers["name"]), "pdf"
        stored = save_upload(application.usage_key, application.anonymous_id, kind, file_type, content)
        ApplicationMaterial.objects.create(application=application, kind=kind, storage_key=stored,
                                           original_name=f"{kind}.{'jpg' if file_type == 'jpeg' else 'pdf'}",
                                           file_type=file_type, size=len(content))


def _demo_photo():
    """A 二寸 photo (413 x 579 px, blue background) as JPEG bytes."""
    import io

    from PIL import Image, ImageDraw

    image = Image.new("RGB", (413, 579), (67, 142, 219))
    draw = ImageDraw.Draw(image)
    draw.ellipse((132, 87, 281, 318), fill=(224, 180, 140))
    draw.rectangle((0, 417, 413, 579), fill=(40, 44, 60))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def _sample_scan(kind, name):
    """A one-page PDF standing in for a scanned document, saying what it is (in the review form's font)."""
    import io

    from reportlab.pdfgen import canvas

    from eligibility_form.messages import ZH, label
    from eligibility_form.review_form import FONT_NAME, _font

    _font()
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.setFont(FONT_NAME, 20)
    page.drawString(72, 720, f"{label('material', kind, ZH)}（演示样本）")
    page.setFont(FONT_NAME, 12)
    page.drawString(72, 690, f"{name} · 本文件由演示数据生成，并非真实证件")
    page.rect(60, 420, 470, 250)
    page.save()
    return buffer.getvalue()
