"""Bad input: a 4xx JSON naming the field, never a 500, and nothing changed. One test per finding of issue 10
("500s on bad input", "one character breaks staff tools", the method guard), each failing on the code before."""
import io
import json

import pytest
from django.test import Client

from tests.integration.helpers import body, client_for, csrf_client, handler_url, post_json
from tests.security.figures import FIGURES
from tests.security.helpers import call, snapshot, url_for
from tests.security.matrix import CELLS

pytestmark = pytest.mark.django_db


def post_raw(client, key, handler, raw):
    FIGURES["payloads"] += 1
    return client.post(handler_url(key, handler), data=raw, content_type="application/json",
                       HTTP_X_CSRFTOKEN=csrf_client(client))


def refused(response, field=None, status=400):
    assert response.status_code == status, response.content[:300]
    error = body(response)["error"]
    assert error["message"]
    if field is not None:
        assert error["field"] == field, error
    return error


JSON_HANDLERS = sorted({(cell.block, cell.handler) for cell in CELLS if cell.method == "POST"}
                       | {("exam", "exam_state"), ("gate", "gate_status"), ("form", "application_state")})


def test_json_nested_a_thousand_deep_is_refused_by_every_json_handler(world):
    """Before: RecursionError, 500, on all 15 JSON handlers (the learner's and staff's alike)."""
    deep = '{"answers": ' + "[" * 40 + "]" * 40 + "}"
    deeper = '{"answers": ' + "[" * 1000 + "]" * 1000 + "}"
    deepest = "[" * 100_000 + "]" * 100_000
    before = snapshot(world.course)
    for actor in ("learner", "staff", "studio_author"):
        client = world.client(actor)
        for block, handler in JSON_HANDLERS:
            for raw, field in ((deep, "answers"), (deeper, "body"), (deepest, "body")):
                response = call(client, url_for(actor, world.keys[block], handler), "POST", raw=raw)
                FIGURES["payloads"] += 1
                error = refused(response, field)
                assert error["code"] == "too_deep", (handler, error)
    assert snapshot(world.course) == before


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity", "1e999"])
def test_nan_and_infinity_are_refused_in_save_application(world, literal):
    """Before: NaN/Infinity were stored in the draft's JSON."""
    client = client_for(world.users["other_learner"])
    before = snapshot(world.course)
    response = post_raw(client, world.keys["form"], "save_application", f'{{"name": "王五", "work_years": {literal}}}')
    assert refused(response)["code"] == "not_finite"
    assert snapshot(world.course) == before


def test_chinese_messages_for_refusals_at_the_door(world):
    client = client_for(world.users["other_learner"])
    error = refused(post_raw(client, world.keys["form"], "save_application", '{"work_years": NaN}'))
    assert error["message"] == "数字必须是有限值（不接受 NaN 和 Infinity）。"
    error = refused(post_raw(client, world.keys["gate"], "gate_status", '{"a": ' + "[" * 50 + "]" * 50 + "}"), "a")
    assert error["message"] == "请求的嵌套层级过深。"


@pytest.mark.parametrize("block,handler,actor,payload,field", [
    ("form", "save_application", "other_learner", '{"name": "\\ud800"}', "name"),
    ("form", "save_application", "other_learner", '{"employer": "公司\\udfff"}', "employer"),
    ("form", "save_application", "other_learner", '{"\\ud800": "x"}', "body"),
    ("form", "staff_review", "staff", '{"decision": "reject", "id": 1, "reason": "\\ud83d"}', "reason"),
    ("gate", "staff_credit_hours", "staff", '{"user": "lena", "hours": "1", "reason": "\\ud800"}', "reason"),
    ("exam", "save_answers", "learner", '{"session": "x", "answers": {"q1": "\\ud800"}}', "answers"),
    ("exam", "staff_reset_attempt", "staff", '{"attempt": 1, "reason": "\\udc00"}', "reason"),
])
def test_a_lone_surrogate_is_refused_at_the_door(world, block, handler, actor, payload, field):
    """Before: stored, then every staff queue, export, grading queue and resume answered 500."""
    before = snapshot(world.course)
    error = refused(post_raw(world.client(actor), world.keys[block], handler, payload), field)
    assert error["code"] == "invalid_text"
    assert snapshot(world.course) == before


def test_a_surrogate_stored_before_the_fix_no_longer_breaks_the_staff_queue(world):
    """Data written before input was checked: the queue answers (the character escaped), not 500."""
    from carbon_common.models import Application

    Application.objects.filter(id=world.ids["application"]).update(answers={"name": "李\ud800娜"})
    staff = client_for(world.users["staff"])
    queue = staff.get(handler_url(world.keys["form"], "staff_applications"))
    assert queue.status_code == 200
    assert "李\\ud800娜" in queue.content.decode("utf-8")


@pytest.mark.parametrize("decision", [["approve"], {"approve": True}, 1, None, True])
def test_a_decision_that_is_not_a_word_is_refused(world, decision):
    """Before: a list or object as `decision` answered 500 (unhashable)."""
    before = snapshot(world.course)
    response = post_json(client_for(world.users["staff"]), world.keys["form"], "staff_review",
                         {"decision": decision, "id": world.ids["application"], "reason": "x"})
    FIGURES["payloads"] += 1
    refused(response, "decision")
    assert snapshot(world.course) == before


@pytest.mark.parametrize("credit_id", ["true", "Infinity", "-Infinity", "1e300", '"²"', '"1.0"', "1.0", '"-1"',
                                       "99999999999999999999999", "[1]", '{"id": 1}', "null"])
def test_credit_ids_are_parsed_strictly(world, credit_id):
    """Before: `true` revoked credit #1 (bools are ints); ±Infinity and 1e300 answered 500."""
    from carbon_common.models import HourCredit

    assert world.ids["credit"] == 1
    before = snapshot(world.course)
    response = post_raw(client_for(world.users["staff"]), world.keys["gate"], "staff_revoke_credit",
                        f'{{"credit_id": {credit_id}, "reason": "错录"}}')
    assert response.status_code in (400, 404), response.content
    assert body(response)["error"]["field"] in ("credit_id", "body")
    assert HourCredit.objects.get(id=1).revoked_at is None
    assert snapshot(world.course) == before


@pytest.mark.parametrize("handler,query", [
    ("staff_application_detail", {"id": "²"}), ("staff_application_detail", {"id": "١"}),
    ("download_material", {"kind": "photo", "application": "²"}),
    ("staff_applications", {"condition": "²"}), ("export_applications", {"condition": "³", "format": "csv"}),
])
def test_superscript_digits_are_no_ids(world, handler, query):
    """Before: str.isdigit accepted "²", int() refused it: 500."""
    FIGURES["payloads"] += 1
    client = client_for(world.users["staff"])
    response = (post_json(client, world.keys["form"], handler, query) if handler == "export_applications"  # POST only
                else client.get(handler_url(world.keys["form"], handler), query))
    assert response.status_code < 500
    if response.status_code >= 400:
        assert body(response)["error"]["field"] in ("id", "kind")


def test_huge_attempt_ids_are_no_ids(world):
    """A JSON integer beyond the database's range was handed to the database (OverflowError, 500)."""
    for attempt in (2 ** 63, 10 ** 30, -1, 0):
        response = post_json(client_for(world.users["staff"]), world.keys["exam"], "staff_reset_attempt",
                             {"attempt": attempt, "reason": "x"})
        FIGURES["payloads"] += 1
        refused(response, "attempt", status=404)


@pytest.mark.parametrize("handler,payload,field", [
    ("staff_credit_hours", {"user": "a" * 1_000_000, "hours": "1", "reason": "补录"}, "user"),
    ("staff_credit_hours", {"user": ["lena"], "hours": "1", "reason": "补录"}, "user"),
])
def test_a_megabyte_username_is_refused(world, handler, payload, field):
    before = snapshot(world.course)
    FIGURES["payloads"] += 1
    refused(post_json(client_for(world.users["staff"]), world.keys["gate"], handler, payload), field)
    assert snapshot(world.course) == before


def test_a_megabyte_username_for_extra_time_is_refused(world):
    before = snapshot(world.course)
    FIGURES["payloads"] += 1
    response = post_json(client_for(world.users["staff"]), world.keys["exam"], "staff_extra_time",
                         {"username": "a" * 1_000_000, "minutes": 5})
    refused(response, "username")
    assert snapshot(world.course) == before


def test_a_csv_field_over_128_kb_is_a_bad_file(world):
    """Before: csv.Error (field larger than field limit) answered 500."""
    staff = client_for(world.users["staff"])
    content = ("username,hours,reason\nlena,1," + "x" * 200_000 + "\n").encode()
    upload = io.BytesIO(content)
    upload.name = "hours.csv"
    before = snapshot(world.course)
    response = staff.post(handler_url(world.keys["gate"], "staff_import_hours"), {"file": upload},
                          HTTP_X_CSRFTOKEN=csrf_client(staff))
    FIGURES["payloads"] += 1
    assert refused(response, "file")["code"] == "file_invalid"
    assert snapshot(world.course) == before


@pytest.mark.parametrize("handler,payload", [
    ("staff_credit_hours", {"user": "lena", "hours": "1", "reason": None}),
    ("staff_credit_hours", {"user": "lena", "hours": "1"}),
    ("staff_revoke_credit", {"credit_id": 1, "reason": None}),
    ("staff_credit_hours", {"user": "lena", "hours": "1", "reason": ["补录"]}),
])
def test_a_missing_reason_is_not_the_text_none(world, handler, payload):
    """Before: `"reason": null` was stored as the reason "None"."""
    from carbon_common.models import HourCredit

    before = snapshot(world.course)
    FIGURES["payloads"] += 1
    refused(post_json(client_for(world.users["staff"]), world.keys["gate"], handler, payload), "reason")
    assert snapshot(world.course) == before
    assert not HourCredit.objects.filter(reason="None").exists()


@pytest.mark.parametrize("take_over", ["false", "0", "no", 1, [True], {"x": 1}])
def test_only_json_true_takes_over_the_exam_session(world, take_over):
    """Before: any truthy value ("false" included) moved the attempt to the new window."""
    from carbon_common.models import ExamAttempt

    lena = client_for(world.users["learner"])
    token = ExamAttempt.objects.get(user=world.users["learner"], status="in_progress").session_token
    state = body(post_json(lena, world.keys["exam"], "start_exam", {"take_over": take_over}))
    FIGURES["payloads"] += 1
    assert state["attempt"]["read_only"] is True and "session" not in state["attempt"]
    assert ExamAttempt.objects.get(user=world.users["learner"], status="in_progress").session_token == token
    taken = body(post_json(lena, world.keys["exam"], "start_exam", {"take_over": True}))
    assert taken["attempt"]["read_only"] is False and taken["attempt"]["session"] != token


def test_an_empty_save_erases_neither_the_draft_nor_consent(world):
    """Before: `{}` replaced the whole draft with nothing and withdrew consent."""
    from carbon_common.models import Application

    otto = client_for(world.users["other_learner"])
    draft = {"name": "王五", "employer": "某公司", "pi_consent": True, "law_abiding": True}
    assert post_json(otto, world.keys["form"], "save_application", draft).status_code in (200, 400)
    saved = Application.objects.get(user=world.users["other_learner"])
    assert saved.consent_at is not None
    for empty in ({}, {"unknown": "x"}):
        post_json(otto, world.keys["form"], "save_application", empty)
        again = Application.objects.get(user=world.users["other_learner"])
        assert again.answers == saved.answers and again.consent_at == saved.consent_at
    raw = otto.post(handler_url(world.keys["form"], "save_application"), data=b"", content_type="application/json",
                    HTTP_X_CSRFTOKEN=csrf_client(otto))
    assert raw.status_code in (200, 400)
    assert Application.objects.get(user=world.users["other_learner"]).answers == saved.answers
    withdrawn = post_json(otto, world.keys["form"], "save_application", {"pi_consent": False})
    assert withdrawn.status_code in (200, 400)
    assert Application.objects.get(user=world.users["other_learner"]).consent_at is None  # explicit false withdraws


def test_post_only_handlers_refuse_get_which_skips_csrf(world):
    """json_api's method guard is all that keeps a cross-site GET (no CSRF check) away from POST-only handlers:
    without it, this GET would revoke the credit in the staff member's name."""
    from carbon_common.models import HourCredit

    staff = Client(enforce_csrf_checks=True)
    staff.force_login(world.users["staff"])
    before = snapshot(world.course)
    response = staff.get(handler_url(world.keys["gate"], "staff_revoke_credit"),
                         {"credit_id": world.ids["credit"], "reason": "跨站请求"})
    assert refused(response, "method", status=405)["code"] == "method_not_allowed"
    assert HourCredit.objects.get(id=world.ids["credit"]).revoked_at is None
    for cell in CELLS:
        if cell.method == "POST":
            answer = staff.get(handler_url(world.keys[cell.block], cell.handler), {"x": "1"})
            assert answer.status_code == 405, cell.name
            FIGURES["payloads"] += 1
    assert snapshot(world.course) == before


def test_the_body_must_be_a_json_object(world):
    for raw in (b"[]", b'"x"', b"1", b"\xff\xfe", b"{", b'{"a": 1', b"null"):
        response = world.client("staff").post(handler_url(world.keys["exam"], "staff_extra_time"), data=raw,
                                              content_type="application/json")
        FIGURES["payloads"] += 1
        assert refused(response, "body")["code"] in ("invalid_json", "not_object")


def test_json_api_refuses_surrogates_in_query_and_form_fields():
    """Query parameters and multipart text fields pass the same door (webob requests, as in the platform)."""
    from webob import Request
    from webob.multidict import MultiDict
    from xblock.core import XBlock

    from carbon_common.api import ApiError, json_api, read_form, read_query

    class Fake:
        GET = MultiDict([("status", "a\ud800")])
        POST = MultiDict([("kind", "\udfff")])

    with pytest.raises(ApiError) as query:
        read_query(Fake())
    assert (query.value.status, query.value.field, query.value.code) == (400, "status", "invalid_text")
    with pytest.raises(ApiError) as form:
        read_form(Fake())
    assert (form.value.field, form.value.code) == ("kind", "invalid_text")
    with pytest.raises(ApiError):
        read_query(Request.blank("/x?a=%ED%A0%80"))  # bytes that are not UTF-8 at all

    class Block(XBlock):
        @json_api(methods=("GET",))
        def echo(self, data, request):
            return data

    response = Block.echo(Block.__new__(Block), Request.blank("/x?a=%E4%B8%AD"))
    assert json.loads(response.body) == {"a": "中"}
