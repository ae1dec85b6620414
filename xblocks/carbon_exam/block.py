"""Carbon exam XBlock (shell; built out in its own issue)."""
from web_fragments.fragment import Fragment
from xblock.core import XBlock
from xblock.fields import Scope, String


class CarbonExamBlock(XBlock):
    """Carbon exam."""

    block_settings_key = "carbon_exam"
    display_name = String(scope=Scope.settings, default="Carbon exam")
    has_children = False

    def student_view(self, context=None):
        return Fragment(f'<div class="carbon_exam">{self.display_name}</div>')

    @staticmethod
    def workbench_scenarios():
        return [("Carbon exam", "<carbon_exam/>")]
