"""Property-based fuzzing (hypothesis): every JSON handler of every block and the pure parsers behind them.

Properties: a handler never answers 5xx; a 4xx is JSON naming a field; a refusal changes nothing (database,
authored fields, stored files). Each handler is called as the actor who passes its permission check, so the
input reaches the handler's own code. Examples are derandomised (the same on every run) and few per handler,
to keep the suite quick on a small machine.
"""
import json
import os
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.security.figures import FIGURES
from tests.security.helpers import call, classify, snapshot, url_for
from tests.security.matrix import CELLS

pytestmark = pytest.mark.django_db

HANDLER_EXAMPLES = int(os.environ.get("CARBON_FUZZ_EXAMPLES", "8"))  # raise it for a long hunt
PARSER_EXAMPLES = int(os.environ.get("CARBON_FUZZ_PARSER_EXAMPLES", "100"))
RANDOM = os.environ.get("CARBON_FUZZ_RANDOM") == "1"  # new examples each run instead of the fixed ones
FUZZ = settings(max_examples=HANDLER_EXAMPLES, derandomize=not RANDOM, database=None, deadline=None,
                suppress_health_check=list(HealthCheck))
PARSERS = settings(max_examples=PARSER_EXAMPLES, derandomize=not RANDOM, database=None, deadline=None)

WEIRD = st.sampled_from([
    "", " ", "²", "١", "\ud800", "a\udfffb", "NaN", "Infinity", "1e999", "true", "null", "-1", "0", "1", "1.5",
    "9" * 30, "../../etc/passwd", "<script>alert(1)</script>", "' OR 1=1 --", "\x00", "A", "B", "s1", "q1", "m1",
    "approve", "reject", "return", "photo", "id_front", "lena", "lena@example.com", "csv", "xlsx", "gift",
    "t-single", "sequential", "lesson-1", "2030-01-01", "碳排放", "x" * 3000,
])
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(min_value=-(2 ** 70), max_value=2 ** 70),
                    st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=20), WEIRD)
JSON_VALUES = st.recursive(SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.one_of(WEIRD, st.text(max_size=6)), inner, max_size=4)),
    max_leaves=12)

FIELDS = {
    "exam": ("session", "answers", "flags", "events", "timeout", "take_over", "attempt", "question", "points",
             "comment", "reason", "username", "minutes", "paper", "questions_xml", "total_points", "pass_mark",
             "display_name", "mode", "max_attempts", "review_after_submit", "opens_at", "format", "pool", "apply"),
    "gate": ("user", "hours", "reason", "credit_id", "file", "required_hours", "minutes_per_hour", "credits",
             "credit_all_videos", "require_application", "application_url_name", "display_name", "hours_mode",
             "reading_minutes", "fallback_video_seconds"),
    "form": ("name", "gender", "id_type", "id_number", "birth_date", "mobile", "email", "employer", "education",
             "degree", "major", "major_other", "graduation_date", "work_years", "law_abiding", "pi_consent", "kind",
             "decision", "id", "ids", "notes", "reason", "values", "defaults", "status", "condition", "from", "to"),
}
STAFF_HANDLERS = {"staff_submissions", "grading_queue", "staff_grade", "staff_reset_attempt", "staff_extra_time", "export_results",
                  "staff_roster", "staff_credit_hours", "staff_revoke_credit", "staff_import_hours", "export_hours",
                  "staff_applications", "staff_application_detail", "staff_reveal_identifiers", "staff_review",
                  "export_applications",
                  "download_materials_zip"}
STUDIO_HANDLERS = {"check_paper", "studio_submit", "import_questions", "export_questions", "submit_studio_edits"}
HANDLERS = sorted({(cell.block, cell.handler, cell.method) for cell in CELLS})


def actor_for(handler):
    if handler in STUDIO_HANDLERS:
        return "studio_author"
    return "staff" if handler in STAFF_HANDLERS else "learner"


def payloads(block, handler=""):
    keys = st.one_of(st.sampled_from(FIELDS[block]), WEIRD, st.text(max_size=8))
    fields = st.dictionaries(keys, JSON_VALUES, max_size=6)
    if handler == "submit_studio_edits":  # StudioEditableXBlockMixin's body: the fields under "values"
        return st.one_of(fields, st.fixed_dictionaries({
            "values": fields, "defaults": st.lists(st.one_of(st.sampled_from(FIELDS[block]), SCALARS), max_size=3)}))
    return fields


def check(response, before, world, label):
    outcome = classify(response)
    assert outcome != "server_error", f"{label}: {response.status_code} {response.content[:300]!r}"
    if response.status_code >= 400:
        error = json.loads(response.content.decode("utf-8"))["error"]
        assert isinstance(error, (dict, str)), label
        if isinstance(error, dict):
            assert error.get("field") and error.get("message"), (label, error)
        changed = [name for name, rows in snapshot(world.course).items() if rows != before[name]]
        assert changed == [], f"{label} was refused ({response.status_code}) but changed {changed}"
        FIGURES["refusals_unchanged"] += 1


@pytest.mark.parametrize("block,handler,method", HANDLERS)
def test_fuzz_every_handler(world, block, handler, method):
    actor = actor_for(handler)
    client = world.client(actor)
    url = url_for(actor, world.keys[block], handler)
    session = world.ids["lena_session"]

    @FUZZ
    @given(data=payloads(block, handler), use_session=st.booleans())
    def run(data, use_session):
        if handler in ("save_answers", "submit_exam") and use_session:
            data = {**data, "session": session}
        if method == "GET":  # a query string carries text: no surrogates can travel in a URL
            data = {str(k).encode("utf-8", "replace").decode(): json.dumps(v).encode("utf-8", "replace").decode()
                    if not isinstance(v, str) else v.encode("utf-8", "replace").decode() for k, v in data.items()}
        before = snapshot(world.course)
        response = call(client, url, method, data)
        FIGURES["fuzz_examples"] += 1
        check(response, before, world, f"{block}.{handler} {data!r:.200}")

    run()


@FUZZ
@given(raw=st.one_of(st.binary(max_size=200), st.text(max_size=200).map(lambda t: t.encode("utf-8", "surrogatepass"))))
def test_fuzz_raw_bodies_at_the_door(world, raw):
    """Any bytes as a JSON body: 4xx or a handled request, never a 500."""
    before = snapshot(world.course)
    for block, handler in (("form", "save_application"), ("gate", "staff_credit_hours")):
        actor = actor_for(handler)
        response = call(world.client(actor), url_for(actor, world.keys[block], handler), "POST", raw=raw)
        FIGURES["fuzz_examples"] += 1
        assert response.status_code < 500, (handler, raw, response.content[:200])
        if response.status_code >= 400:
            assert snapshot(world.course) == before
        before = snapshot(world.course)


# --- pure parsers ---------------------------------------------------------------------------------------------

@PARSERS
@given(raw=st.one_of(st.binary(max_size=300), st.recursive(SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=4), inner, max_size=3)), max_leaves=20)
    .map(lambda value: json.dumps(value, ensure_ascii=False).encode("utf-8", "surrogatepass"))))
def test_parse_json_object_only_raises_input_problems(raw):
    from carbon_common.inputs import InputProblem, is_valid_text, parse_json_object

    FIGURES["fuzz_examples"] += 1
    try:
        data = parse_json_object(raw)
    except InputProblem as problem:
        assert problem.code in ("invalid_json", "not_object", "too_deep", "not_finite", "invalid_text")
        return
    assert isinstance(data, dict)
    assert is_valid_text(json.dumps(data, ensure_ascii=False))  # what we accept can always be written back


@PARSERS
@given(value=JSON_VALUES)
def test_parse_id_is_strict(value):
    from carbon_common.inputs import MAX_ID, parse_id

    FIGURES["fuzz_examples"] += 1
    number = parse_id(value)
    if number is not None:
        assert type(number) is int and 1 <= number <= MAX_ID
        assert value == number or (isinstance(value, str) and value.isascii() and value.isdigit())
        assert not isinstance(value, (bool, float))


@PARSERS
@given(value=JSON_VALUES)
def test_text_of_never_turns_null_into_none(value):
    from carbon_common.inputs import text_of

    FIGURES["fuzz_examples"] += 1
    text = text_of(value)
    assert text != "None" or value == "None"
    assert text is None or isinstance(text, str)


@PARSERS
@given(content=st.one_of(st.binary(max_size=400), st.lists(st.lists(SCALARS.map(str), max_size=4), max_size=5).map(
    lambda rows: "\n".join(",".join(row) for row in rows).encode("utf-8", "surrogatepass"))),
    name=st.sampled_from(["hours.csv", "hours.xlsx", "hours.xls", "hours.txt", ""]))
def test_parse_hours_file_never_raises(content, name):
    from hours_gate.hours_import import parse_hours_file

    FIGURES["fuzz_examples"] += 1
    plan = parse_hours_file(name, content, Decimal("100"))
    assert plan.file_errors or all(row.row_number for row in plan.rows)


@PARSERS
@given(required=JSON_VALUES, minutes=JSON_VALUES, credits=JSON_VALUES)
def test_gate_settings_parser_never_raises(required, minutes, credits):
    from hours_gate.config import parse_settings

    FIGURES["fuzz_examples"] += 1
    values, errors = parse_settings(required, minutes, credits)
    assert errors or values["required_hours"].is_finite()


@PARSERS
@given(values=st.dictionaries(st.sampled_from(FIELDS["gate"]), JSON_VALUES, max_size=8))
def test_gate_studio_rules_never_raise(values):
    """Studio's path: kind check, then the mixin's conversion, ``normalise_settings`` and ``settings_problems``."""
    from types import SimpleNamespace

    from hours_gate.block import HoursGateBlock
    from hours_gate.config import kind_problems, normalise_settings, settings_problems

    FIGURES["fuzz_examples"] += 1
    fields = HoursGateBlock.fields
    values = {name: value for name, value in values.items() if name in fields}
    if kind_problems(values):
        return
    converted = normalise_settings({name: fields[name].from_json(value) for name, value in values.items()})
    current = {name: field.default for name, field in fields.items()}
    problems = settings_problems(SimpleNamespace(**{**current, **converted}))
    assert all(problem.field and problem.code for problem in problems)


@PARSERS
@given(content=st.binary(max_size=300), fmt=st.sampled_from(["gift", "aiken", "csv", "xlsx", "pdf", ""]))
def test_question_importers_never_raise(content, fmt):
    from carbon_exam.importers import import_questions

    FIGURES["fuzz_examples"] += 1
    preview = import_questions(content, fmt)
    preview.to_json()


@PARSERS
@given(data=JSON_VALUES)
def test_paper_from_editor_json_never_raises(data):
    from carbon_exam.paper_json import paper_from_json

    FIGURES["fuzz_examples"] += 1
    paper, problems = paper_from_json(data, Decimal("100"), Decimal("60"))
    assert paper is not None or problems


@PARSERS
@given(answers=st.dictionaries(st.sampled_from(FIELDS["form"]), JSON_VALUES, max_size=8))
def test_application_rules_and_validators_never_raise(answers):
    from eligibility_form.rules import evaluate_conditions
    from eligibility_form.validators import validate_application
    from eligibility_form.workflow import restrict_answers

    FIGURES["fuzz_examples"] += 1
    answers = restrict_answers(answers)
    evaluate_conditions(answers, ("环境工程",))
    validate_application(answers, partial=True)
    validate_application(answers, partial=False)
