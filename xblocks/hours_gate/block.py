"""Training-hours gate XBlock (shell; built out in its own issue)."""
from web_fragments.fragment import Fragment
from xblock.core import XBlock
from xblock.fields import Scope, String


class HoursGateBlock(XBlock):
    """Training-hours gate."""

    block_settings_key = "hours_gate"
    display_name = String(scope=Scope.settings, default="Training-hours gate")
    has_children = True

    def student_view(self, context=None):
        return Fragment(f'<div class="hours_gate">{self.display_name}</div>')

    @staticmethod
    def workbench_scenarios():
        return [("Training-hours gate", "<hours_gate/>")]
