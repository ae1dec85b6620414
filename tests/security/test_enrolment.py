"""Issue 10: a signed-in user who is not enrolled may not use the learner handlers of the three blocks (read the
exam's state, start an attempt and get a practice quiz's answers, see the gate's status, save, print or withdraw an
application). One helper, ``carbon_common.compat.require_enrolled``, refuses them: 403, field "user", code
"not_enrolled", in the learner's language. Course staff and instructors need no enrolment."""
import pytest

from tests.security.helpers import call, error_of, snapshot, url_for

pytestmark = pytest.mark.django_db

LEARNER_HANDLERS = (  # (block, handler, method, payload)
    ("exam", "exam_state", "GET", {}),
    ("exam", "start_exam", "POST", {}),
    ("exam", "save_answers", "POST", {"session": "x", "answers": {}}),
    ("exam", "submit_exam", "POST", {"session": "x", "answers": {}}),
    ("gate", "gate_status", "GET", {}),
    ("form", "application_state", "GET", {}),
    ("form", "save_application", "POST", {"name": "王五"}),
    ("form", "upload_material", "POST", {"kind": "photo"}),
    ("form", "delete_material", "POST", {"kind": "photo"}),
    ("form", "download_material", "GET", {"kind": "photo"}),
    ("form", "review_form_pdf", "GET", {}),
    ("form", "submit_application", "POST", {}),
    ("form", "withdraw_application", "POST", {}),
)
CHINESE = "您尚未选修本课程：请先选课，再使用此功能。"


@pytest.mark.parametrize("block, handler, method, payload", LEARNER_HANDLERS,
                         ids=[f"{b}.{h}" for b, h, _m, _p in LEARNER_HANDLERS])
def test_an_unenrolled_user_is_refused_by_every_learner_handler(world, block, handler, method, payload):
    client = world.client("unenrolled")
    before = snapshot(world.course)
    response = call(client, url_for("unenrolled", world.keys[block], handler), method, payload)
    assert response.status_code == 403, response.content
    assert error_of(response) == {"field": "user", "message": CHINESE, "code": "not_enrolled"}
    assert snapshot(world.course) == before


def test_an_unenrolled_user_gets_no_attempt_and_no_practice_answers(world):
    from carbon_common.models import Application, ExamAttempt

    client = world.client("unenrolled")
    uma = world.users["unenrolled"]
    for block, handler in (("exam", "start_exam"), ("gated_exam", "start_exam")):
        assert call(client, url_for("unenrolled", world.keys[block], handler), "POST", {}).status_code == 403
    assert call(client, url_for("unenrolled", world.keys["form"], "save_application"), "POST",
                {"name": "王五"}).status_code == 403
    assert not ExamAttempt.objects.filter(user=uma).exists() and not Application.objects.filter(user=uma).exists()


def test_an_inactive_enrolment_is_no_enrolment(world):
    from carbon_common.compat import is_enrolled
    from devsite.lms.models import CourseEnrollment

    lena = world.users["learner"]
    course_key = world.course.course_key
    assert is_enrolled(lena.id, course_key) and not is_enrolled(world.users["unenrolled"].id, course_key)
    assert not is_enrolled(None, course_key)
    CourseEnrollment.objects.filter(user=lena).update(is_active=False)
    assert not is_enrolled(lena.id, course_key)
    response = call(world.client("learner"), url_for("learner", world.keys["gate"], "gate_status"), "GET")
    assert response.status_code == 403 and error_of(response)["code"] == "not_enrolled"


def test_course_staff_need_no_enrolment(world):
    """Course staff and instructors use the learner handlers (to try the exam, the form) without enrolling."""
    from devsite.lms.models import CourseEnrollment

    CourseEnrollment.objects.filter(user__in=[world.users["staff"], world.users["instructor"]]).delete()
    for actor in ("staff", "instructor"):
        client = world.client(actor)
        for block, handler in (("exam", "exam_state"), ("gate", "gate_status"), ("form", "application_state")):
            response = call(client, url_for(actor, world.keys[block], handler), "GET")
            assert response.status_code == 200, (actor, handler, response.content)
        assert call(client, url_for(actor, world.keys["form"], "save_application"), "POST",
                    {"name": "王五"}).status_code == 200
