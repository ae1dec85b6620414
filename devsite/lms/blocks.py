"""Stand-ins for the platform's own block types (course tree, HTML, video), local runtime only.

They parse the platform's OLX for these tags and render just enough for the demo and the tests;
they are never shipped in the package.
"""
import json

import markupsafe
from web_fragments.fragment import Fragment
from xblock.completable import XBlockCompletionMode
from xblock.core import XBlock
from xblock.fields import Boolean, List, Scope, String


@XBlock.wants("completion")
class StructureBlock(XBlock):
    """course / chapter / sequential / vertical: a display name and children."""

    has_children = True
    display_name = String(scope=Scope.settings, default="")
    start = String(scope=Scope.settings, default=None)
    visible_to_staff_only = Boolean(scope=Scope.settings, default=False)  # "hide from learners"
    due = String(scope=Scope.settings, default=None)
    graded = Boolean(scope=Scope.settings, default=False)
    format = String(scope=Scope.settings, default="")
    language = String(scope=Scope.settings, default=None)
    completion_mode = XBlockCompletionMode.AGGREGATOR

    @classmethod
    def parse_xml(cls, node, runtime, keys):
        for name in ("graded", "visible_to_staff_only"):
            if node.get(name) is not None:
                node.set(name, json.dumps(node.get(name).lower() == "true"))
        return super().parse_xml(node, runtime, keys)

    def student_view(self, context=None):
        """Render the children one after another (what a unit page shows). Children the completion
        service says can be completed on view are marked for it, as the platform's vertical does."""
        frag = Fragment()
        completion = self.runtime.service(self, "completion")
        # as XModuleMixin.get_children(): the children the user may not load (None) are left out
        children = [self.runtime.get_block(child_id) for child_id in self.children]
        children = [child for child in children if child is not None]
        on_view = set()
        if completion is not None and completion.completion_tracking_enabled():
            on_view = {child.scope_ids.usage_id for child in completion.blocks_to_mark_complete_on_view(children)}
        for child in children:
            child_frag = self.runtime.render_child(child, "student_view", context or {})
            frag.add_fragment_resources(child_frag)
            mark = ""
            if child.scope_ids.usage_id in on_view:
                delay = completion.get_complete_on_view_delay_ms()
                mark = f' data-mark-completed-on-view-after-delay="{delay}"'
            usage = markupsafe.escape(str(child.scope_ids.usage_id))
            frag.add_content(f'<div class="vert" data-id="{usage}"{mark}>{child_frag.body_html()}</div>')
        return frag


class CompleteOnViewMixin:
    """The platform's `publish_completion` handler, which the courseware JS calls for complete-on-view blocks."""

    @XBlock.json_handler
    def publish_completion(self, data, suffix=""):
        completion = float(data.get("completion", 0))
        if not 0.0 <= completion <= 1.0:
            return {"result": "error", "message": "completion must be between 0 and 1"}
        self.runtime.publish(self, "completion", {"completion": completion})
        return {"result": "ok"}


class HtmlBlock(CompleteOnViewMixin, XBlock):
    """The platform's `html` block: `<html filename="x"/>` loads html/x.html."""

    display_name = String(scope=Scope.settings, default="")
    data = String(scope=Scope.content, default="")
    has_custom_completion = False
    completion_mode = XBlockCompletionMode.COMPLETABLE

    @classmethod
    def parse_xml(cls, node, runtime, keys):
        block = runtime.construct_xblock_from_class(cls, keys)
        block.display_name = node.get("display_name", "")
        filename = node.get("filename")
        if filename:
            block.data = (runtime.resources_dir / "html" / f"{filename}.html").read_text(encoding="utf-8")
        else:
            from lxml import etree

            block.data = "".join(etree.tostring(child, encoding="unicode") for child in node)
        return block

    def student_view(self, context=None):
        course_id = str(self.scope_ids.usage_id.context_key)
        html = self.data.replace('"/static/', f'"/course-static/{course_id}/')
        return Fragment(f'<div class="html-reading">{html}</div>')


@XBlock.wants("completion")
class VideoBlock(CompleteOnViewMixin, XBlock):
    """Stand-in for the platform's video player: plays local media, sends the player's tracking events to /event,
    publishes completion at 95%."""

    display_name = String(scope=Scope.settings, default="")
    sources = List(scope=Scope.settings, default=[])
    edx_video_id = String(scope=Scope.settings, default="")
    has_custom_completion = True
    completion_mode = XBlockCompletionMode.COMPLETABLE

    @classmethod
    def parse_xml(cls, node, runtime, keys):
        block = runtime.construct_xblock_from_class(cls, keys)
        block.display_name = node.get("display_name", "")
        block.edx_video_id = node.get("edx_video_id", "")
        sources = [source.get("src") for source in node.findall("source") if source.get("src")]
        if node.get("html5_sources"):
            sources += json.loads(node.get("html5_sources"))
        block.sources = sources
        return block

    def student_view(self, context=None):
        from django.conf import settings

        course_id = str(self.scope_ids.usage_id.context_key)
        urls = [src.replace("/static/", f"/course-static/{course_id}/", 1) if src.startswith("/static/") else src
                for src in self.sources]
        frag = Fragment()
        title = markupsafe.escape(self.display_name)
        source_tags = "".join(f'<source src="{markupsafe.escape(url)}">' for url in urls)
        frag.add_content(
            f'<figure class="video-standin"><figcaption>{title}</figcaption>'
            f'<video controls preload="metadata" aria-label="{title}">{source_tags}</video>'
            f'<p class="video-status" aria-live="polite"></p></figure>'
        )
        frag.add_javascript_url("/static/devsite/video.js")
        frag.initialize_js("DevVideoStandin", {
            "threshold": getattr(settings, "COMPLETION_VIDEO_COMPLETE_PERCENTAGE", 0.95),
            # what the platform's player logs with every event: its id (location.html_id(), the block id) and
            # the course run; events go to the LMS's event endpoint as Logger.log sends them
            "id": self.scope_ids.usage_id.html_id(), "course_id": course_id, "event_url": "/event",
        })
        return frag


class UnknownBlock(XBlock):
    """A tag the local runtime does not know: shown as such, never an error."""

    def student_view(self, context=None):
        return Fragment(f'<p class="unknown-block">[{markupsafe.escape(self.scope_ids.block_type)}]</p>')


PLATFORM_STANDINS = {
    "course": StructureBlock,
    "chapter": StructureBlock,
    "sequential": StructureBlock,
    "vertical": StructureBlock,
    "html": HtmlBlock,
    "video": VideoBlock,
}
