"""Studio (the real Teak CMS): the blocks' author and editor views, the gate as a container, saving and publishing.

Every request goes through the CMS's own URLs, views and middleware as a course author would make it: the
container page's ``container_preview``, the editor modal's ``studio_view``, the editors' handlers through
``/xblock/<usage>/handler/<name>`` and Studio's publish button (``POST /xblock/<usage>`` ``make_public``).
"""
import json
import re

import pytest
from xmodule.modulestore.django import modulestore

from tests_platform.common import TROUBLE, Figures, client_for, items_of, make_user

JSON = "application/json"


def _attempt_count():
    from carbon_common.models.exam import ExamAttempt

    return ExamAttempt.objects.count()


@pytest.fixture(scope="module")
def author(course):
    """A Studio author: course staff (Studio write access), not global staff."""
    return make_user("studio_author", course.id, role="staff", enroll=False)


@pytest.fixture(scope="module")
def studio(author):
    return client_for(author)


def view_html(client, key, view):
    """A view as Studio's JavaScript asks for it (JSON ``{"html", "resources"}``)."""
    Figures.requests += 1
    response = client.get(f"/xblock/{key}/{view}", HTTP_ACCEPT=JSON)
    Figures.check(response.status_code == 200, (key, view, response.status_code, response.content[:300]))
    html = response.json()["html"]
    Figures.check(TROUBLE not in html, (key, view, html[:2000]))
    return html


def post_json(client, url, payload):
    Figures.requests += 1
    return client.post(url, data=json.dumps(payload), content_type=JSON, HTTP_ACCEPT=JSON)


def child_wrapper(html, key):
    """The part of a container page that is ``key``'s Studio wrapper (up to the next child's), or None."""
    match = re.search(r'class="studio-xblock-wrapper[^"]*"\s+id="%s"' % re.escape(str(key)), html)
    if match is None:
        return None
    following = html.find('class="studio-xblock-wrapper', match.end())
    return html[match.start():following if following != -1 else len(html)]


# --- 1. the gate is a real container -----------------------------------------------------------

def test_gate_container_page_gives_its_children_studio_controls(course, studio):
    (gate,) = items_of(course.id, "hours_gate")
    Figures.check(gate.children, "the packed gate has children")
    html = view_html(studio, gate.location, "container_preview")
    summary = html.find("hg-author")
    Figures.check(summary != -1, "the gate's summary (requirement, credits, application) is on its page")
    Figures.check("hg-credit" in html or "Credited blocks" in html or "学时" in html, html[summary:summary + 1500])
    for child in gate.children:
        wrapper = child_wrapper(html, child)
        Figures.check(wrapper is not None, f"{child} has no Studio wrapper on the gate's container page")
        Figures.check(html.find(wrapper) > summary, "the summary stays above the children")
        for control in ("edit-button", "delete-button", "move-button", "duplicate-button"):
            Figures.check(control in wrapper, f"{child}: no {control}")
        Figures.check("is-draggable" in wrapper, f"{child} cannot be reordered")
    Figures.check('class="reorderable-container"' in html, "children rendered through Studio's container template")
    Figures.check("add-xblock-component" in html, "Studio's Add Component bar inside the gate")


def test_gate_on_its_unit_page_links_to_its_container_page(course, studio):
    (gate,) = items_of(course.id, "hours_gate")
    unit = gate.get_parent()
    html = view_html(studio, unit.location, "container_preview")
    wrapper = child_wrapper(html, gate.location)
    Figures.check(wrapper is not None, "the gate is a component of its unit")
    Figures.check(f"/container/{gate.location}" in wrapper, "the gate's View link opens its own container page")
    Figures.requests += 1
    page = studio.get(f"/container/{gate.location}")  # the page the View link opens (its body comes from above)
    Figures.check(page.status_code == 200, (page.status_code, page.content[:300]))
    Figures.check(str(gate.location) in page.content.decode() and TROUBLE not in page.content.decode())


# --- 2. the exam has an author preview ---------------------------------------------------------

def test_exam_preview_in_studio_is_a_summary_and_writes_nothing(course, studio):
    exams = items_of(course.id, "carbon_exam")
    final = next(e for e in exams if e.location.block_id == "final_exam")
    practice = next(e for e in exams if e.mode == "practice")
    before = _attempt_count()
    pages = [view_html(studio, final.location, "author_view"),
             view_html(studio, final.get_parent().location, "container_preview"),
             view_html(studio, practice.location, "author_view"),
             view_html(studio, practice.get_parent().location, "container_preview")]
    for html in pages:
        Figures.check("xblock-author_view-carbon_exam" in html, "Studio renders the exam's author_view")
        Figures.check("carbon-exam-author" in html, "the author summary")
        Figures.check("CarbonExamInit" not in html and "start_exam" not in html and "ce-start" not in html,
                      "no live exam (no Start button, no learner JavaScript) in Studio's preview")
    Figures.check(_attempt_count() == before, "rendering Studio's preview created attempts")


# --- 3. every block's studio_view and author_view render --------------------------------------

AUTHOR_MARKERS = {"carbon_exam": "carbon-exam-author", "hours_gate": "hg-author",
                  "eligibility_form": "eligibility-author"}
EDITOR_MARKERS = {"carbon_exam": "carbon-exam-studio", "hours_gate": "wrapper-comp-settings",
                  "eligibility_form": "wrapper-comp-settings"}


@pytest.mark.parametrize("block_type", sorted(AUTHOR_MARKERS))
def test_studio_and_author_views_render(course, studio, block_type):
    blocks = items_of(course.id, block_type)
    if block_type == "carbon_exam":  # the final exam and one practice quiz
        blocks = [b for b in blocks if b.location.block_id == "final_exam"] + \
                 [next(b for b in blocks if b.mode == "practice")]
    for block in blocks:
        editor = view_html(studio, block.location, "studio_view")
        Figures.check(EDITOR_MARKERS[block_type] in editor, (block.location, editor[:1000]))
        author = view_html(studio, block.location, "author_view")
        Figures.check(AUTHOR_MARKERS[block_type] in author, (block.location, author[:1000]))


def test_gate_editor_is_the_mixins_form_with_a_credits_table(course, studio):
    """The gate's ``studio_view`` in the CMS is XBlock's ``StudioEditableXBlockMixin`` form (one entry per editable
    field, labelled in the author's language, its script among the resources), started by ``HoursGateStudioInit``
    (which runs the mixin's script, then shows the credits field as a table)."""
    (gate,) = items_of(course.id, "hours_gate")
    Figures.requests += 1
    response = studio.get(f"/xblock/{gate.location}/studio_view", HTTP_ACCEPT=JSON)
    Figures.check(response.status_code == 200, (response.status_code, response.content[:300]))
    html, resources = response.json()["html"], json.dumps(response.json()["resources"])
    missing = [name for name in gate.editable_fields if f'data-field-name="{name}"' not in html]
    Figures.check(not missing, missing)
    Figures.check("要求学时" in html and "学时计算方式" in html and "计入学时的组件" in html, "labels in Chinese")
    Figures.check('data-init="HoursGateStudioInit"' in html, "the gate's init function")
    Figures.check("StudioEditableXBlockMixin" in resources and "hours_gate_studio.js" in resources, resources[:500])


# --- 5. one row of buttons in Studio's editor modal --------------------------------------------

@pytest.mark.parametrize("block_type", sorted(AUTHOR_MARKERS))
def test_editors_hide_studios_second_button_row(course, studio, block_type):
    """Studio's modal (``edit_xblock.js``) hides its own Save/Cancel bar when the editor holds an element with
    class ``editor-with-buttons`` (``xblock_editor.js: hasCustomButtons``); our editors have their own."""
    block = items_of(course.id, block_type)[0]
    html = view_html(studio, block.location, "studio_view")
    Figures.check(re.search(r'class="[^"]*\beditor-with-buttons\b', html), (block.location, html[:800]))
    save_control, cancel_control = OWN_BUTTONS[block_type]
    Figures.check(save_control in html and cancel_control in html, "the editor's own Save and Cancel")


OWN_BUTTONS = {"carbon_exam": ("cest-save", "cest-cancel"), "hours_gate": ("save-button", "cancel-button"),
               "eligibility_form": ("save-button", "cancel-button")}


def test_an_author_adds_an_exam_inside_the_gate_then_deletes_it(course, studio):
    """Studio's Add Component inside the gate (``POST /xblock/`` with the gate as parent), as its container page
    offers: the new, empty exam shows with its controls and a summary naming what is missing; its editor opens."""
    (gate,) = items_of(course.id, "hours_gate")
    before = list(gate.children)
    response = post_json(studio, "/xblock/", {"parent_locator": str(gate.location), "category": "carbon_exam"})
    Figures.check(response.status_code == 200, (response.status_code, response.content[:500]))
    added = modulestore().get_item(gate.location).children
    Figures.check(len(added) == len(before) + 1, added)
    new_key = added[-1]
    Figures.check(str(new_key) == response.json()["locator"] and new_key.block_type == "carbon_exam")
    html = view_html(studio, gate.location, "container_preview")
    wrapper = child_wrapper(html, new_key)
    Figures.check(wrapper is not None and "edit-button" in wrapper and "delete-button" in wrapper)
    Figures.check("carbon-exam-author" in wrapper and "ce-problems" in wrapper, "the empty paper's problems are shown")
    Figures.check("carbon-exam-studio" in view_html(studio, new_key, "studio_view"))
    Figures.requests += 1
    response = studio.delete(f"/xblock/{new_key}", HTTP_ACCEPT=JSON)
    Figures.check(response.status_code == 204, response.status_code)
    Figures.check(modulestore().get_item(gate.location).children == before)


# --- learner handlers write nothing from Studio ---------------------------------------------------


@pytest.mark.parametrize("prefix", ["/preview/xblock", "/xblock"])
def test_learner_handlers_called_in_studio_write_nothing(course, studio, prefix):
    """Studio shares the LMS's database: its preview and handler URLs must not start real attempts or
    applications, whatever the author posts."""
    from carbon_common.models import Application

    practice = course.id.make_usage_key("carbon_exam", "basic-theory-lesson-1-practice")
    form = course.id.make_usage_key("eligibility_form", "application")
    attempts, applications = _attempt_count(), Application.objects.count()
    response = post_json(studio, f"{prefix}/{practice}/handler/start_exam", {})
    Figures.check(response.status_code == 403 and response.json()["error"]["code"] == "studio_preview",
                  (response.status_code, response.content[:300]))
    response = post_json(studio, f"{prefix}/{form}/handler/save_application", {"name": "作者"})
    Figures.check(response.status_code == 403 and response.json()["error"]["code"] == "studio_preview",
                  (response.status_code, response.content[:300]))
    Figures.check(_attempt_count() == attempts and Application.objects.count() == applications)
