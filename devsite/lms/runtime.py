"""The XBlock runtime of the local LMS: real XBlock Runtime API, real keys, real services.

`LmsRuntime` is built per request for one user, as the LMS's `prepare_runtime_for_user` does:
content and settings come from the loaded course, learner state from the database, `publish`
routes `grade` events to the gradebook and `completion` events to edx-completion.
"""
import json
import logging
import uuid
from datetime import UTC

import markupsafe
from completion.models import BlockCompletion
from completion.services import CompletionService
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from lxml import etree
from web_fragments.fragment import Fragment
from xblock.exceptions import NoSuchUsage
from xblock.field_data import ReadOnlyFieldData, SplitFieldData
from xblock.fields import BlockScope, Scope, ScopeIds, UserScope
from xblock.runtime import KeyValueStore, KvsFieldData, Runtime
from xblock.scorable import ScorableXBlockMixin
from xblock.scorable import Score as XBlockScore

from devsite.lms.course import block_class, secure_parser
from devsite.lms.models import FieldValue
from devsite.lms.services import DevI18nService, DevSettingsService, DevStudioPermissionsService, DevUserService

log = logging.getLogger(__name__)


class CourseKeyValueStore(KeyValueStore):
    """Content/settings/children/parent from the course; user-scoped fields in the database."""

    def __init__(self, course):
        self.course = course

    @staticmethod
    def _is_authored(key):
        # children and parent are Sentinel scopes without a user part: authored structure.
        return getattr(key.scope, "user", UserScope.NONE) == UserScope.NONE

    @staticmethod
    def _scope_name(key):
        if not hasattr(key.scope, "block"):
            return key.field_name
        if key.scope.block == BlockScope.DEFINITION:
            return "content"
        return {BlockScope.USAGE: "settings", BlockScope.TYPE: "type", BlockScope.ALL: "all"}[key.scope.block]

    def _authored_key(self, key):
        return (self._scope_name(key), str(key.block_scope_id), key.field_name)

    @staticmethod
    def _db_filter(key):
        return {
            "scope": key.scope.name,
            "user_id": "" if key.user_id is None else str(key.user_id),
            "block_scope_id": str(key.block_scope_id),
            "field_name": key.field_name,
        }

    def get(self, key):
        if self._is_authored(key):
            try:
                return self.course.values[self._authored_key(key)]
            except KeyError:
                raise KeyError(key.field_name)
        row = FieldValue.objects.filter(**self._db_filter(key)).only("value").first()
        if row is None:
            raise KeyError(key.field_name)
        return row.value

    def set(self, key, value):
        if self._is_authored(key):
            self.course.values[self._authored_key(key)] = value
            return
        FieldValue.objects.update_or_create(**self._db_filter(key), defaults={"value": value})

    def delete(self, key):
        if self._is_authored(key):
            self.course.values.pop(self._authored_key(key), None)
            return
        FieldValue.objects.filter(**self._db_filter(key)).delete()

    def has(self, key):
        if self._is_authored(key):
            return self._authored_key(key) in self.course.values
        return FieldValue.objects.filter(**self._db_filter(key)).exists()


class CourseRuntime(Runtime):
    """What loading and serving share: ids, field data, block classes."""

    #: The LMS wraps authored data (content, settings, children, parent) read-only (its ``LmsFieldData``): a
    #: handler run in the LMS that writes them fails with ``InvalidScopeError``. Loading and Studio may write.
    authored_read_only = False

    def __init__(self, course, user=None, services=None):
        self.course = course
        self.user = user
        services = dict(services or {})
        field_data = KvsFieldData(CourseKeyValueStore(course))
        if self.authored_read_only:
            authored = ReadOnlyFieldData(field_data)
            field_data = SplitFieldData({
                Scope.content: authored, Scope.settings: authored, Scope.parent: authored, Scope.children: authored,
                Scope.user_state_summary: field_data, Scope.user_state: field_data, Scope.user_info: field_data,
                Scope.preferences: field_data})
        services["field-data"] = field_data
        super().__init__(id_reader=course.ids, id_generator=course.ids, services=services)
        self.user_id = user.id if user is not None and user.is_authenticated else None

    def load_block_type(self, block_type):
        return block_class(block_type)

    @property
    def content_version(self) -> str:
        """The course content's version (changes with every edit), as the modulestore's ``course_version``."""
        return self.course.content_version

    #: Whether ``get_block`` applies the platform's access rules (the LMS's runtimes do; loading OLX does not).
    checks_access = False

    def load_item(self, usage_id, for_parent=None):
        """The block, whoever asks (the platform runtime's ``load_item``); NoSuchUsage when it does not exist."""
        if usage_id not in self.course.block_types:
            raise NoSuchUsage(repr(usage_id))
        block_type = self.course.block_types[usage_id]
        keys = ScopeIds(self.user_id, block_type, usage_id, usage_id)
        return self.construct_xblock(block_type, keys, for_parent=for_parent)

    def get_block(self, usage_id, for_parent=None):
        """As the LMS's ``get_block``: NoSuchUsage for a block that does not exist, ``None`` for one the user may
        not load (see ``may_load``), else the block bound for the user."""
        block = self.load_item(usage_id, for_parent=for_parent)
        if self.checks_access and not self.may_load(usage_id):
            return None
        return block

    def _is_course_staff(self):
        if not hasattr(self, "_staff"):
            from devsite.lms.platform import course_role

            user = self.user
            service = self._services.get("user")
            role = service.role if hasattr(service, "role") else (lambda: course_role(user, self.course.course_key))
            self._staff = bool(user is not None and user.is_authenticated and (
                user.is_staff or role() in ("staff", "instructor")))
        return self._staff

    def may_load(self, usage_id):
        """The two simplest of the LMS's ``has_access(user, 'load', block)`` rules, for everyone but course staff:
        no block hidden from learners (``visible_to_staff_only``), none before its release date (``start``);
        both inherited down the tree from the course, chapter, sequential and unit as the platform inherits
        them (a block's own ``start`` wins over its parent's). Content groups, cohorts, enrollment tracks and
        prerequisites are not modelled."""
        if self._is_course_staff():
            return True
        chain = [usage_id, *self.course.ancestors(usage_id)]
        if any(self.course.field(key, "visible_to_staff_only", False) for key in chain):
            return False
        start = next((value for value in (self.course.field(key, "start") for key in chain) if value), None)
        return start is None or _as_datetime(start) <= timezone.now()

    def handler_url(self, block, handler_name, suffix="", query="", thirdparty=False):
        view = "xblock_handler_noauth" if thirdparty else "xblock_handler"
        url = reverse(view, kwargs={
            "course_id": str(block.scope_ids.usage_id.context_key),
            "usage_id": str(block.scope_ids.usage_id),
            "handler": handler_name, "suffix": suffix,
        })
        return f"{url}?{query}" if query else url

    def resource_url(self, resource):
        return f"/static/{resource}"

    def local_resource_url(self, block, uri):
        return reverse("xblock_resource", kwargs={"block_type": block.scope_ids.block_type, "uri": uri})

    def add_block_as_child_node(self, block, node):
        """Export a child as the platform's course export does: a built-in block as a pointer tag (its
        own file), a pure XBlock inline in its parent's node."""
        from devsite.lms.blocks import PLATFORM_STANDINS

        child = etree.SubElement(node, block.scope_ids.block_type, url_name=block.scope_ids.usage_id.block_id)
        if block.scope_ids.block_type not in PLATFORM_STANDINS:
            block.add_xml_to_node(child)
            child.set("url_name", block.scope_ids.usage_id.block_id)

    def publish(self, block, event_type, event_data):
        log.info("publish %s %s %s", block.scope_ids.usage_id, event_type, event_data)


class LoadingRuntime(CourseRuntime):
    """Reads OLX into the course store as the platform's XML import (Teak) does: pointer tags are resolved for
    the built-in blocks only; a pure XBlock's ``parse_xml`` gets the bare tag (so courses keep them inline)."""

    def __init__(self, course):
        super().__init__(course)

    def _resolve_pointer(self, node):
        from devsite.lms.blocks import PLATFORM_STANDINS

        is_pointer = len(node) == 0 and set(node.attrib) == {"url_name"} and not (node.text or "").strip()
        if not is_pointer or node.tag not in PLATFORM_STANDINS:
            return node
        path = self.course.course_dir / node.tag / f"{node.get('url_name')}.xml"
        loaded = etree.parse(str(path), secure_parser()).getroot()
        loaded.set("url_name", node.get("url_name"))
        return loaded

    def usage_from_node(self, node, parent_id):
        node = self._resolve_pointer(node)
        block_type = node.tag
        url_name = node.attrib.pop("url_name", None) or uuid.uuid5(
            uuid.NAMESPACE_URL, f"{parent_id}/{block_type}/{etree.tostring(node)[:2000]!r}").hex[:20]
        usage_id = self.course.course_key.make_usage_key(block_type, url_name)
        if usage_id in self.course.block_types:
            raise ValueError(f"Duplicate url_name {url_name!r} for {block_type}")
        self.course.block_types[usage_id] = block_type
        keys = ScopeIds(None, block_type, usage_id, usage_id)
        cls = self.mixologist.mix(self.load_block_type(block_type))
        block = cls.parse_xml(node, self, keys)
        block.parent = parent_id
        block.save()
        return usage_id

    def _usage_id_from_node(self, node, parent_id):
        return self.usage_from_node(node, parent_id)

    @property
    def resources_dir(self):
        return self.course.course_dir


def _as_datetime(value):
    """A ``start`` value (a datetime, or text as OLX and policies write it) as an aware datetime."""
    if isinstance(value, str):
        parsed = parse_datetime(value.strip().strip('"'))
        if parsed is None:
            return timezone.now()  # unreadable: treated as released (the platform refuses such OLX)
        value = parsed
    return value if timezone.is_aware(value) else timezone.make_aware(value, UTC)


class LmsRuntime(CourseRuntime):
    """The runtime one request of one user sees. Its ``get_block`` applies access rules to requests (anonymous
    ones too); without a request (reports, management work) it reads as the platform's system user does."""

    authored_read_only = True

    @property
    def checks_access(self):
        return self.request is not None or (self.user is not None and self.user.is_authenticated)

    def __init__(self, course, user, request=None):
        self.request = request
        self.events = []
        services = {
            "user": DevUserService(user, course.course_key),
            "settings": DevSettingsService(),
            "completion": CompletionService(user, course.course_key) if user.is_authenticated else None,
        }
        super().__init__(course, user=user, services=services)

    def service(self, block, service_name):
        if service_name == "i18n":
            declaration = block.service_declaration(service_name)
            if declaration is None:
                return super().service(block, service_name)
            return DevI18nService(block)
        return super().service(block, service_name)

    @property
    def resources_dir(self):
        return self.course.course_dir

    # --- publish, routed as in lms/djangoapps/courseware/block_render.py ---------------------
    def publish(self, block, event_type, event_data):
        self.events.append((str(block.scope_ids.usage_id), event_type, event_data))
        if event_type == "grade":
            self._handle_grade(block, event_data)
        elif event_type == "completion":
            self._handle_completion(block, float(event_data["completion"]))
        elif event_type == "progress":
            self._handle_completion(block, 1.0)

    def _handle_grade(self, block, event):
        from devsite.lms.grades import record_score

        if not self.user.is_authenticated:
            return
        earned, possible = event["value"], event["max_value"]
        record_score(self.user, block.scope_ids.usage_id, earned, possible,
                     only_if_higher=event.get("only_if_higher", False), source="grade_event")
        if isinstance(block, ScorableXBlockMixin) and possible:
            block.set_score(XBlockScore(raw_earned=earned, raw_possible=possible))

    def _handle_completion(self, block, completion):
        if not self.user.is_authenticated:
            return
        BlockCompletion.objects.submit_completion(
            user=self.user, block_key=block.scope_ids.usage_id, completion=completion)

    # --- rendering ------------------------------------------------------------------------------
    def wrap_xblock(self, block, view, frag, context):
        wrapped = Fragment()
        usage = block.scope_ids.usage_id
        data = {
            "usage-id": str(usage), "block-type": block.scope_ids.block_type,
            "course-id": str(usage.context_key),
            "handler-prefix": self.handler_url(block, "HANDLER").rsplit("HANDLER", 1)[0],
        }
        if frag.js_init_fn:
            data["init"] = frag.js_init_fn
            data["runtime-version"] = frag.js_init_version
        json_init = ""
        if frag.json_init_args is not None:
            payload = json.dumps(frag.json_init_args).replace("</", "<\\/")
            json_init = f'<script type="json/xblock-args" class="xblock_json_init_args">{payload}</script>'
        attrs = "".join(f' data-{name}="{markupsafe.escape(value)}"' for name, value in data.items())
        css = f"xblock xblock-{view} xblock-{view}-{block.scope_ids.block_type}"
        wrapped.add_content(f'<div class="{css}"{attrs}>{frag.body_html()}{json_init}</div>')
        wrapped.add_fragment_resources(frag)
        return wrapped

    def applicable_aside_types(self, block):
        return []


class StudioRuntime(LmsRuntime):
    """What Studio (the CMS) adds for one author: the `studio_user_permissions` service, and handler URLs
    under /studio/ (the only URLs that build this runtime). LMS handler URLs never offer the service, as
    in the platform, so Studio handlers refuse there."""

    authored_read_only = False

    def __init__(self, course, user, request=None):
        super().__init__(course, user, request)
        self._services["studio_user_permissions"] = DevStudioPermissionsService(user)

    def can_write(self):
        return self._services["studio_user_permissions"].can_write(self.course.course_key)

    def handler_url(self, block, handler_name, suffix="", query="", thirdparty=False):
        if thirdparty:
            return super().handler_url(block, handler_name, suffix, query, thirdparty)
        url = reverse("studio_handler", kwargs={
            "course_id": str(block.scope_ids.usage_id.context_key),
            "usage_id": str(block.scope_ids.usage_id), "handler": handler_name, "suffix": suffix,
        })
        return f"{url}?{query}" if query else url
