"""Bench-only XBlock: a handler that does nothing, the floor every handler is compared with.

It goes through the same runtime, URL, session, CSRF and JSON decoding as the shipped blocks' handlers and
then returns at once. Never shipped: the benchmarks add it to their own copies of the course
(``DEVSITE_EXTRA_BLOCKS``), next to the exam.
"""
from web_fragments.fragment import Fragment
from xblock.core import XBlock


class FloorProbe(XBlock):
    """Returns ``{}`` from ``noop``."""

    def student_view(self, context=None):
        return Fragment("")

    @XBlock.json_handler
    def noop(self, data, suffix=""):
        return {}
