"""A stand-in for the exam behind an hours gate (tests only): its handler asks the gate first."""
from web_fragments.fragment import Fragment
from xblock.core import XBlock
from xblock.fields import Scope, String

from carbon_common.api import ApiError, json_api
from hours_gate.api import gate_decision

SECRET = "GATED-PROBE-CONTENT"


@XBlock.wants("user")
class GatedProbe(XBlock):
    """Renders a marker the tests look for; `start` is refused while the enclosing gate is closed."""

    display_name = String(scope=Scope.settings, default="Gated probe")

    def student_view(self, context=None):
        return Fragment(f'<p class="gated-probe">{SECRET}</p>')

    @json_api(methods=("POST",))
    def start(self, data, request):
        decision = gate_decision(self)
        if not decision.open:
            raise ApiError(403, "gate", " ".join(decision.reasons), code="gate_locked")
        return {"started": True, "staff_bypass": decision.staff_bypass}
