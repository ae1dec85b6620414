"""The one server-side check that blocks inside an hours gate call in their own handlers.

    from hours_gate.api import gate_decision

    decision = gate_decision(self)        # self: any block, e.g. the exam, in its handler
    if not decision.open:
        raise ApiError(403, "gate", " ".join(decision.reasons), code="gate_locked")

It walks ``block.get_parent()`` up to the nearest ``hours_gate`` and evaluates it for the current user.
No enclosing gate: open. Course staff pass (they must be able to try the exam); anonymous users do not.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

GATE_BLOCK_TYPE = "hours_gate"


@dataclass(frozen=True)
class GateDecision:
    """Whether the current user may use what the gate holds, and why not (translated sentences)."""

    open: bool
    reasons: list[str] = field(default_factory=list)
    earned: Decimal | None = None
    required: Decimal | None = None
    staff_bypass: bool = False


def enclosing_gate(block):
    """The nearest hours_gate above ``block`` (not ``block`` itself), or None."""
    parent = block.get_parent()
    while parent is not None:
        if parent.scope_ids.block_type == GATE_BLOCK_TYPE:
            return parent
        parent = parent.get_parent()
    return None


def gate_decision(block) -> GateDecision:
    """Evaluate the enclosing gate of ``block`` for the current user."""
    gate = enclosing_gate(block)
    if gate is None:
        return GateDecision(open=True)
    return gate.decision_for_current_user()
