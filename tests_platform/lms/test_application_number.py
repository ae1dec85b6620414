"""Inside the real LMS: a submission gets its application number (migration 0005 applied), the review form prints
it, and a download that the filters leave empty is refused in a way the page's hidden frame can read (the platform's
X_FRAME_OPTIONS = "DENY" would otherwise hide it)."""
import subprocess

import pytest

from tests.samples import APPLICATION
from tests_platform.common import Figures, call, client_for, course_key, handler_url, make_user
from tests_platform.lms.test_journey import FORM
from tests_platform.lms.test_retirement import _submitted


@pytest.fixture(scope="module")
def people():
    key = course_key()
    return {"applicant": make_user("number_learner", key, name="孙丽"),
            "staff": make_user("number_staff", key, role="staff")}


def test_submission_is_numbered_and_the_review_form_prints_it(people, tmp_path):
    from carbon_common.compat import user_time_zone
    from carbon_common.models import Application

    learner = client_for(people["applicant"])
    _submitted(learner, APPLICATION)
    application = Application.objects.get(user=people["applicant"], usage_key=str(FORM))
    year = application.submitted_at.astimezone(user_time_zone(None)).year
    Figures.check(application.number and application.number.startswith(f"{FORM.course_key.course}-{year}-"),
                  application.number)
    response = learner.get(handler_url(FORM, "review_form_pdf"))
    Figures.check(response.status_code == 200, response.status_code)
    path = tmp_path / "form.pdf"
    path.write_bytes(response.content)
    text = subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, check=True).stdout.decode()
    Figures.check(f"报名编号：{application.number}" in text.replace("\n", ""), text[:300])


def test_an_empty_export_is_refused_readably_in_a_frame(people):
    staff = client_for(people["staff"])
    response = staff.post(handler_url(FORM, "export_applications"), {"format": "csv", "status": "rejected"})
    Figures.check(response.status_code == 404, response.status_code)
    Figures.check(response["X-Frame-Options"] == "SAMEORIGIN", response.get("X-Frame-Options"))
    Figures.check(response.json()["error"]["code"] == "nothing_to_export", response.content[:200])
    status, body = call(staff, FORM, "staff_applications", method="get")
    Figures.check(status == 200, body)
