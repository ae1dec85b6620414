"""Issue 10, downloads: the staff ZIP's member names, audited exports only by POST, signed links for staff views of
an applicant's document, documents served as attachments (images inline in a sandbox), PDFs with JavaScript refused.
"""
import io
import re
import zipfile
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.test import Client

from tests.integration.helpers import body, client_for, csrf_client, handler_url, post_json
from tests.security.helpers import snapshot

pytestmark = pytest.mark.django_db


def pdf(text="document", catalog_extra=b""):
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.drawString(100, 700, text)
    page.save()
    data = buffer.getvalue()
    return data.replace(b"/PageMode /UseNone", catalog_extra + b" /PageMode /UseNone", 1) if catalog_extra else data


def with_object(data: bytes, number: int, obj: bytes) -> bytes:
    """``data`` (a ReportLab PDF) with ``obj`` added as object ``number``, listed in the cross-reference table as
    a PDF writer lists it (so a reader that follows the table finds it)."""
    offset = data.index(b"xref\n")
    data = data[:offset] + obj + data[offset:]
    trailer = data.index(b"trailer\n")
    data = data[:trailer] + b"%d 1\n%010d 00000 n \n" % (number, offset) + data[trailer:]
    size = int(re.search(rb"/Size (\d+)", data).group(1))
    data = re.sub(rb"/Size \d+", b"/Size %d" % max(size, number + 1), data, count=1)
    return re.sub(rb"startxref\n\d+", b"startxref\n%d" % (offset + len(obj)), data, count=1)


def submitted_application(world, user, kinds=(("photo", "jpeg"), ("id_front", "png"), ("diploma", "pdf"))):
    """A submitted application of ``user`` with one stored file per (kind, file type)."""
    from django.utils import timezone

    from carbon_common.identity import current_learner
    from carbon_common.models import Application, ApplicationMaterial
    from carbon_common.storage import save_upload
    from devsite.lms.runtime import LmsRuntime
    from eligibility_form import workflow

    form = LmsRuntime(world.course, user).get_block(world.keys["form"])
    application = workflow.get_or_create(form, current_learner(form))
    application.answers = {"name": "张三", "pi_consent": True, "law_abiding": True}
    application.status = Application.SUBMITTED
    application.consent_at = application.submitted_at = timezone.now()
    application.save()
    for kind, file_type in kinds:
        content = {"jpeg": b"\xff\xd8\xff\xe0jpeg", "png": b"\x89PNG\r\n\x1a\npng", "pdf": pdf()}[file_type]
        key = save_upload(world.keys["form"], application.anonymous_id, kind, file_type, content)
        ApplicationMaterial.objects.create(application=application, kind=kind, storage_key=key,
                                           original_name=f"{kind}.x", file_type=file_type, size=len(content))
    return application


def audit_actions():
    from carbon_common.models import AuditEntry

    return list(AuditEntry.objects.order_by("id").values_list("action", flat=True))


# --- the staff ZIP's member names ------------------------------------------------------------------------------

HOSTILE_USERNAMES = ("..", "../../etc", "a/b", "/abs", "C:evil", "名字\x07", "\u202egnp.exe", "CON", " .. ", "a\\b")


def test_no_username_puts_a_file_outside_the_zips_folder(world, make_user):
    from django.contrib.auth import get_user_model

    from devsite.lms.models import CourseEnrollment

    for username in HOSTILE_USERNAMES + ("张三",):
        user = get_user_model().objects.create_user(username, f"{len(username)}x{ord(username[0])}@example.com", "pw")
        CourseEnrollment.objects.create(user=user, course_id=str(world.course.course_key))
        submitted_application(world, user)
    response = post_json(client_for(world.users["staff"]), world.keys["form"], "download_materials_zip", {})
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)
                                         if getattr(response, "streaming", False) else response.content))
    names = archive.namelist()
    assert len(names) == len(set(names)) == 3 * (len(HOSTILE_USERNAMES) + 1) + 1  # and Lena's photo
    for name in names:
        folder, _, filename = name.partition("/")
        assert folder and filename and "/" not in filename and "\\" not in name and ":" not in name, name
        assert not name.startswith("/") and ".." not in name.split("/") and not folder.startswith("."), name
        assert all(ch.isprintable() and ch not in "\u202e" for ch in name), repr(name)
        assert folder.upper() != "CON", name
    assert {"张三/photo.jpg", "张三/id_front.png", "张三/diploma.pdf", "lena/photo.jpg"} <= set(names)
    assert "_/id_front.png" in names  # the username ".."
    assert archive.read("张三/diploma.pdf").startswith(b"%PDF-")


def test_zip_member_name_helper():
    from eligibility_form.uploads import safe_path_part, zip_member_name

    assert zip_member_name("..", "id_front.png") == "_/id_front.png"
    assert zip_member_name("../../x", "a.pdf") == "_.._x/a.pdf"
    assert zip_member_name("/etc/passwd", "a.pdf") == "_etc_passwd/a.pdf"
    assert zip_member_name("王小明", "photo.jpg") == "王小明/photo.jpg"
    assert safe_path_part("a\x00b\r\nc") == "a_b__c"
    assert safe_path_part("") == "_" and safe_path_part("...") == "_" and safe_path_part("nul.txt") == "_nul.txt"
    used = set()
    assert [zip_member_name(name, "p.jpg", used) for name in ("a/b", "a_b", "a\\b")] == [
        "a_b/p.jpg", "a_b-2/p.jpg", "a_b-3/p.jpg"]


# --- audited exports: POST only ---------------------------------------------------------------------------------

@pytest.mark.parametrize("handler, query", [("export_applications", {"format": "csv", "reveal_ids": "1"}),
                                            ("download_materials_zip", {})])
def test_a_cross_site_get_exports_nothing_and_records_nothing(world, handler, query):
    """A GET skips Django's CSRF check: a link on another site, opened by a staff member, must not export the
    applications (ID numbers revealed) or the documents, nor write an audit entry in their name."""
    staff = Client(enforce_csrf_checks=True)
    staff.force_login(world.users["staff"])
    before = snapshot(world.course)
    response = staff.get(handler_url(world.keys["form"], handler), query)
    assert response.status_code == 405 and body(response)["error"]["code"] == "method_not_allowed"
    assert snapshot(world.course) == before
    # a POST without the CSRF token is refused by the platform; with it the export runs and is recorded
    assert staff.post(handler_url(world.keys["form"], handler), query, content_type="application/json").status_code == 403
    assert snapshot(world.course) == before
    token = csrf_client(staff)
    done = staff.post(handler_url(world.keys["form"], handler), query, content_type="application/json",
                      HTTP_X_CSRFTOKEN=token)
    assert done.status_code == 200
    assert audit_actions()[-1] == {"export_applications": "applications_exported",
                                   "download_materials_zip": "materials_downloaded"}[handler]


def test_the_staff_page_posts_exports_as_a_multipart_form_with_the_csrf_token(world):
    """What the staff JavaScript sends (a hidden multipart form: the download streams to disk)."""
    staff = Client(enforce_csrf_checks=True)
    staff.force_login(world.users["staff"])
    token = csrf_client(staff)
    response = staff.post(handler_url(world.keys["form"], "export_applications"),
                          {"format": "csv", "reveal_ids": "1", "csrfmiddlewaretoken": token})
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    assert audit_actions()[-1] == "applications_exported"
    zipped = staff.post(handler_url(world.keys["form"], "download_materials_zip"), {"csrfmiddlewaretoken": token})
    assert zipped.status_code == 200 and zipped["Content-Type"] == "application/zip"


def test_the_staff_javascript_posts_exports():
    from pathlib import Path

    import eligibility_form

    scripts = sorted((Path(eligibility_form.__file__).parent / "public" / "js").glob("eligibility_*.js"))
    script = "\n".join(path.read_text() for path in scripts)
    assert 'url("export_applications"' not in script and 'url("download_materials_zip"' not in script
    assert 'postDownload(ctx, "export_applications"' in script and 'postDownload(ctx, "download_materials_zip"' in script
    assert 'make("form", {method: "POST"' in script and "csrfmiddlewaretoken" in script


# --- staff views of an applicant's document: signed links ------------------------------------------------------

def _document_urls(world, actor="staff"):
    detail = body(client_for(world.users[actor]).get(handler_url(world.keys["form"], "staff_application_detail"),
                                                     {"id": world.ids["application"]}))
    return {m["kind"]: m["file"]["url"] for m in detail["materials"] if m["file"]}


def test_staff_open_a_document_through_the_signed_link_of_the_review_page(world):
    url = _document_urls(world)["photo"]
    query = dict(parse_qsl(urlsplit(url).query))
    assert {"kind", "application", "t", "s"} <= set(query)
    staff = client_for(world.users["staff"])
    response = staff.get(urlsplit(url).path, query)
    assert response.status_code == 200 and audit_actions()[-1] == "material_viewed"


def test_a_document_link_without_its_token_or_of_another_staff_member_is_refused(world):
    url = _document_urls(world, "instructor")["photo"]
    query = dict(parse_qsl(urlsplit(url).query))
    staff = client_for(world.users["staff"])
    before = snapshot(world.course)
    for attempt in ({k: v for k, v in query.items() if k not in ("t", "s")},  # a cross-site <img src> has no token
                    query,  # the instructor's link, used by another staff member
                    query | {"s": query["s"][:-2] + "xx"},
                    query | {"kind": "id_front"}):  # a token is for one document
        response = staff.get(urlsplit(url).path, attempt)
        assert response.status_code in (403, 404), attempt
        if response.status_code == 403:
            assert body(response)["error"] == {"field": "user", "code": "token_invalid",
                                               "message": "此文件链接已过期或不属于您：请重新打开该报名申请。"}
    assert snapshot(world.course) == before  # no material_viewed entry written


def test_a_document_link_expires(world, settings):
    from django.core import signing

    from eligibility_form import learner_handlers

    url = _document_urls(world)["photo"]
    query = dict(parse_qsl(urlsplit(url).query))
    staff = client_for(world.users["staff"])
    later = signing.b62_decode(query["t"]) + learner_handlers.VIEW_TOKEN_MAX_AGE + 60
    import time as time_module

    real_time = time_module.time
    try:
        time_module.time = lambda: later
        assert staff.get(urlsplit(url).path, query).status_code == 403
    finally:
        time_module.time = real_time
    assert staff.get(urlsplit(url).path, query).status_code == 200


def test_a_learner_opens_her_own_documents_without_a_token(world):
    lena = client_for(world.users["learner"])
    assert lena.get(handler_url(world.keys["form"], "download_material"), {"kind": "photo"}).status_code == 200


# --- documents are served as attachments ----------------------------------------------------------------------

def test_pdfs_are_attachments_and_images_inline_in_a_sandbox(world, make_user):
    amy = make_user("amy", world.course)
    submitted_application(world, amy)
    amy_client = client_for(amy)
    for kind, content_type, disposition in (("diploma", "application/pdf", "attachment"),
                                            ("id_front", "image/png", "inline"), ("photo", "image/jpeg", "inline")):
        response = amy_client.get(handler_url(world.keys["form"], "download_material"), {"kind": kind})
        assert response.status_code == 200
        assert response["Content-Type"] == content_type
        assert response["Content-Disposition"].split(";")[0] == disposition, kind
        assert "filename*=UTF-8''" in response["Content-Disposition"]
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Cache-Control"] == "no-store"
        assert response["Content-Security-Policy"] == "sandbox"
    review = amy_client.get(handler_url(world.keys["form"], "review_form_pdf"))
    assert review["Content-Disposition"].startswith("attachment;") and "filename*=UTF-8''" in review[
        "Content-Disposition"]
    assert review["Content-Security-Policy"] == "sandbox"


# --- PDFs carrying JavaScript are refused at upload -----------------------------------------------------------

ACTIVE = {
    "open_action_javascript": b"/OpenAction << /S /JavaScript /JS (app.alert(1)) >>",
    "escaped_name": b"/OpenAction << /S /J#61vaScript /J#53 (app.alert(1)) >>",
    "names_tree": b"/Names << /JavaScript << /Names [(a) 9 0 R] >> >>",
    "launch": b"/AA << /O << /S /Launch /F (calc.exe) >> >>",
    "open_action_reference": b"/OpenAction 9 0 R",
}


@pytest.mark.parametrize("name", sorted(ACTIVE))
def test_pdfs_with_javascript_or_automatic_actions_are_refused(name):
    from eligibility_form.messages import Problem
    from eligibility_form.uploads import check_file, has_active_content

    data = pdf(catalog_extra=ACTIVE[name])
    assert has_active_content(data)
    with pytest.raises(Problem) as refused:
        check_file(data)
    assert [m.code for m in refused.value.messages] == ["pdf_active_content"]
    assert "JavaScript" in refused.value.messages[0].text()


def test_scripts_hidden_in_an_object_stream_are_found():
    import binascii
    import zlib

    from eligibility_form.uploads import has_active_content

    hidden = zlib.compress(b"9 0 << /S /JavaScript /JS (app.alert(1)) >>")
    objstm = (b"10 0 obj\n<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length %d >>\nstream\n" % len(hidden)
              + hidden + b"\nendstream\nendobj\n")
    base = pdf()
    assert not has_active_content(base)
    assert has_active_content(with_object(base, 10, objstm))  # object 9 is listed nowhere: found in its stream
    hex_too = zlib.compress(binascii.hexlify(b"9 0 << /S /JavaScript /JS (app.alert(1)) >>") + b">")
    other_filter = (b"10 0 obj\n<< /Type /ObjStm /N 1 /First 4 /Filter [/FlateDecode /ASCIIHexDecode] /Length %d >>"
                    b"\nstream\n" % len(hex_too) + hex_too + b"\nendstream\nendobj\n")
    assert has_active_content(with_object(base, 10, other_filter))  # any filter pypdf decodes
    damaged = objstm.replace(hidden, b"not deflated at all")
    assert has_active_content(with_object(base, 10, damaged))  # cannot be read through: refused


def test_plain_pdfs_and_binary_streams_spelling_js_pass():
    from eligibility_form.uploads import check_file, has_active_content

    assert not has_active_content(pdf())
    assert not has_active_content(pdf(catalog_extra=b"/OpenAction [3 0 R /Fit]"))  # a first view, no action
    noise = b"\x00/JS \x01/JS(" * 50  # page or image data that happens to spell /JS
    stream = b"11 0 obj\n<< /Length %d >>\nstream\n" % len(noise) + noise + b"\nendstream\nendobj\n"
    data = with_object(pdf(), 11, stream)
    assert not has_active_content(data)
    assert check_file(data).kind == "pdf"


def test_uploading_a_pdf_with_javascript_is_refused_with_a_clear_message(world, make_user):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from carbon_common.models import ApplicationMaterial

    amy = client_for(make_user("amy", world.course))
    assert post_json(amy, world.keys["form"], "save_application", {"name": "艾米", "pi_consent": True}).status_code in (
        200, 400)
    token = csrf_client(amy)
    response = amy.post(handler_url(world.keys["form"], "upload_material"),
                        {"kind": "diploma", "file": SimpleUploadedFile("d.pdf", pdf(catalog_extra=ACTIVE["launch"]))},
                        HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 400, response.content
    error = body(response)["error"]
    assert error["field"] == "file" and error["code"] == "pdf_active_content" and "JavaScript" in error["message"]
    assert not ApplicationMaterial.objects.filter(application__user__username="amy").exists()
    fine = amy.post(handler_url(world.keys["form"], "upload_material"),
                    {"kind": "diploma", "file": SimpleUploadedFile("d.pdf", pdf())}, HTTP_X_CSRFTOKEN=token)
    assert fine.status_code == 200, fine.content
