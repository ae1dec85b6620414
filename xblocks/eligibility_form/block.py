"""Application form XBlock (shell; built out in its own issue)."""
from web_fragments.fragment import Fragment
from xblock.core import XBlock
from xblock.fields import Scope, String


class EligibilityFormBlock(XBlock):
    """Application form."""

    block_settings_key = "eligibility_form"
    display_name = String(scope=Scope.settings, default="Application form")
    has_children = False

    def student_view(self, context=None):
        return Fragment(f'<div class="eligibility_form">{self.display_name}</div>')

    @staticmethod
    def workbench_scenarios():
        return [("Application form", "<eligibility_form/>")]
