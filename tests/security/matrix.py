"""Every handler of every block x every actor, with the outcome each must get.

Outcomes: ``ok`` (2xx), ``denied`` (403 about who is asking: field "user", or the LMS's login check),
``state`` (another 4xx: the actor may call the handler but the request is refused on its merits, e.g. no
attempt in progress, a locked application, a missing file). A denial must change nothing.

Cells run in table order for one actor in one fresh database (see conftest ``world``), so later cells see
what earlier allowed cells did (e.g. a learner's ``submit_exam`` comes after ``save_answers``).
"""
from collections.abc import Callable
from dataclasses import dataclass

from tests.security.conftest import ACTORS

SIGNED_IN = {actor: "ok" for actor in ACTORS} | {"anonymous": "denied"}
STAFF_ONLY = {actor: "denied" for actor in ACTORS} | {"staff": "ok", "instructor": "ok", "studio_author": "ok"}
AUTHOR_ONLY = {actor: "denied" for actor in ACTORS} | {"studio_author": "ok"}
STATE_FOR_SIGNED_IN = {actor: "state" for actor in ACTORS} | {"anonymous": "denied"}
# Learner handlers that write: refused in Studio (the studio_author actor calls through Studio's URL), whose
# preview shares the LMS's database.
NOT_IN_STUDIO = {"studio_author": "denied"}
# Learner handlers: a signed-in user who is not enrolled is refused (403 "not_enrolled", compat.require_enrolled);
# course staff and instructors need no enrolment.
ENROLLED = {"unenrolled": "denied"}


@dataclass(frozen=True)
class Cell:
    block: str  # key in World.keys
    handler: str
    method: str
    payload: Callable  # (world) -> dict
    expect: dict  # actor -> outcome
    label: str = ""

    @property
    def name(self):
        return f"{self.block}.{self.handler}{self.label}"


def _(payload):
    return lambda world: payload


def with_ids(**names):
    """A payload whose values name entries of ``world.ids`` (e.g. ``attempt="otto_attempt"``) or are literal."""
    def build(world):
        return {key: world.ids.get(value, value) if isinstance(value, str) else value for key, value in names.items()}
    return build


def lenas_photo_with_token(world):
    """Lena's photo by application id, with the view token the staff review would give the calling actor."""
    from eligibility_form.learner_handlers import material_view_token

    query = {"kind": "photo", "application": world.ids["application"]}
    user = world.users.get(world.ids.get("actor"))
    if user is not None:
        stamp, signature = material_view_token(world.keys["form"], world.ids["application"], "photo", user.id)
        query |= {"t": stamp, "s": signature}
    return query


CELLS = (
    # carbon_exam ---------------------------------------------------------------------------------------
    Cell("exam", "exam_state", "GET", _({}), SIGNED_IN | ENROLLED),
    Cell("exam", "save_answers", "POST", with_ids(session="lena_session", answers={}),
         STATE_FOR_SIGNED_IN | {"learner": "ok"} | NOT_IN_STUDIO | ENROLLED),
    Cell("exam", "staff_submissions", "GET", _({}), STAFF_ONLY),
    Cell("exam", "grading_queue", "GET", _({"after": "1.1"}), STAFF_ONLY),
    Cell("exam", "staff_grade", "POST", with_ids(attempt="otto_attempt", question="q1", points=[10, 10], comment="好"),
         STAFF_ONLY),
    Cell("exam", "staff_reset_attempt", "POST", with_ids(attempt="otto_attempt", reason="重考"), STAFF_ONLY),
    Cell("exam", "staff_extra_time", "POST", _({"username": "lena", "minutes": 5}), STAFF_ONLY),
    Cell("exam", "export_results", "GET", _({"format": "csv"}), STAFF_ONLY),
    Cell("exam", "item_analysis", "GET", _({}), STAFF_ONLY),
    Cell("exam", "export_item_analysis", "GET", _({"format": "csv"}), STAFF_ONLY),
    Cell("exam", "check_paper", "POST", with_ids(questions_xml="questions_xml"), AUTHOR_ONLY),
    Cell("exam", "studio_submit", "POST", with_ids(questions_xml="questions_xml", display_name="改名的考试"),
         AUTHOR_ONLY),
    Cell("exam", "import_questions", "POST", _({"format": "gift", "pool": "t-single"}),
         AUTHOR_ONLY | {"studio_author": "state"}),  # no file: refused on its merits
    Cell("exam", "export_questions", "GET", _({"format": "gift"}), AUTHOR_ONLY),
    Cell("exam", "start_exam", "POST", _({}), SIGNED_IN | {"other_learner": "state"} | NOT_IN_STUDIO | ENROLLED),  # Otto waits for grading
    Cell("exam", "submit_exam", "POST", with_ids(session="lena_session", answers={}),
         STATE_FOR_SIGNED_IN | {"learner": "ok"} | NOT_IN_STUDIO | ENROLLED),
    # hours_gate ----------------------------------------------------------------------------------------
    Cell("gate", "gate_status", "GET", _({}), SIGNED_IN | ENROLLED),
    Cell("gate", "staff_roster", "GET", _({}), STAFF_ONLY),
    Cell("gate", "staff_credit_hours", "POST", _({"user": "lena", "hours": "1", "reason": "补录线下课"}), STAFF_ONLY),
    Cell("gate", "staff_revoke_credit", "POST", with_ids(credit_id="credit", reason="错录"), STAFF_ONLY),
    Cell("gate", "staff_import_hours", "POST", _({}), STAFF_ONLY | {"staff": "state", "instructor": "state",
                                                                     "studio_author": "state"}),
    Cell("gate", "export_hours", "GET", _({"format": "csv"}), STAFF_ONLY),
    Cell("gate", "staff_timeline", "GET", _({"user": "lena"}), STAFF_ONLY),
    Cell("gate", "submit_studio_edits", "POST",
         _({"values": {"required_hours": "0", "minutes_per_hour": 45, "credits": [], "require_application": False},
            "defaults": []}), AUTHOR_ONLY),
    # eligibility_form ----------------------------------------------------------------------------------
    Cell("form", "application_state", "GET", _({}), SIGNED_IN | ENROLLED),
    Cell("form", "save_application", "POST", _({"name": "王五"}), SIGNED_IN | {"learner": "state"} | NOT_IN_STUDIO | ENROLLED),  # hers is locked
    Cell("form", "upload_material", "POST", _({"kind": "photo"}), STATE_FOR_SIGNED_IN | NOT_IN_STUDIO | ENROLLED),  # no file
    Cell("form", "delete_material", "POST", _({"kind": "id_front"}), STATE_FOR_SIGNED_IN | NOT_IN_STUDIO | ENROLLED),
    Cell("form", "download_material", "GET", _({"kind": "photo"}), STATE_FOR_SIGNED_IN | {"learner": "ok"} | ENROLLED),
    Cell("form", "download_material", "GET", lenas_photo_with_token, STAFF_ONLY, label="(of Lena's, by id)"),
    # Opening another applicant's document is recorded in the staff member's name: without the signed token the
    # review page's links carry, a cross-site GET (no CSRF check) is refused, for staff too.
    Cell("form", "download_material", "GET", with_ids(kind="photo", application="application"),
         {actor: "denied" for actor in ACTORS}, label="(of Lena's, by id, no token)"),
    Cell("form", "review_form_pdf", "GET", _({}), SIGNED_IN | ENROLLED),
    Cell("form", "submit_application", "POST", _({}), STATE_FOR_SIGNED_IN | NOT_IN_STUDIO | ENROLLED),
    Cell("form", "staff_applications", "GET", _({}), STAFF_ONLY),
    Cell("form", "staff_application_detail", "GET", with_ids(id="application"), STAFF_ONLY),
    Cell("form", "staff_reveal_identifiers", "POST", with_ids(id="application"), STAFF_ONLY),
    Cell("form", "staff_review", "POST", with_ids(decision="return", id="application", reason="请补充学历证明"),
         STAFF_ONLY),
    # Exports are recorded in the staff member's name: POST only (a GET skips CSRF; test_bad_input checks the 405).
    Cell("form", "export_applications", "POST", _({"format": "csv"}), STAFF_ONLY),
    Cell("form", "download_materials_zip", "POST", _({}), STAFF_ONLY),
    Cell("form", "submit_studio_edits", "POST", _({"values": {"related_majors": "化学"}, "defaults": []}), AUTHOR_ONLY),
    Cell("form", "withdraw_application", "POST", _({}), SIGNED_IN | NOT_IN_STUDIO | ENROLLED),
)
