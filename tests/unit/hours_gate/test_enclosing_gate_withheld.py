"""gate_decision never opens because a parent was withheld: the LMS's get_parent() gives None for a parent the
user may not load, which must not read as "no gate above"."""
from types import SimpleNamespace

from hours_gate.api import WITHHELD, enclosing_gate, gate_decision


class Node:
    def __init__(self, block_type, parent=None, parent_key=None, visible=True):
        self.scope_ids = SimpleNamespace(block_type=block_type)
        self._parent = parent
        self.parent = parent_key if parent_key is not None else (f"key-{parent.scope_ids.block_type}"
                                                                 if parent else None)
        self._visible = visible
        self.runtime = SimpleNamespace(service=lambda block, name: None)

    def get_parent(self):
        return self._parent if self._parent is None or self._parent._visible else None


def test_no_gate_above_is_open():
    course = Node("course")
    exam = Node("carbon_exam", Node("vertical", course))
    assert enclosing_gate(exam) is None and gate_decision(exam).open


def test_a_withheld_parent_closes_instead_of_opening():
    gate = Node("hours_gate", Node("vertical", Node("course")), visible=False)
    exam = Node("carbon_exam", gate)
    assert enclosing_gate(exam) is WITHHELD
    decision = gate_decision(exam)
    assert not decision.open and decision.reasons == ["This part of the course is not available to you yet."]
