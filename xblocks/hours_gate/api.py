"""The one server-side check that blocks inside an hours gate call in their own handlers.

    from hours_gate.api import gate_decision

    decision = gate_decision(self)        # self: any block, e.g. the exam, in its handler
    if not decision.open:
        raise ApiError(403, "gate", " ".join(decision.reasons), code="gate_locked")

It walks ``block.get_parent()`` up to the nearest ``hours_gate`` and evaluates it for the current user.
No enclosing gate: open. Course staff pass (they must be able to try the exam); anonymous users do not.
A parent the user may not load (the LMS's ``get_block`` gives None) ends the walk closed, never open:
whether a gate lies above it cannot be known.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from carbon_common.i18n import translator_of

GATE_BLOCK_TYPE = "hours_gate"


@dataclass(frozen=True)
class GateDecision:
    """Whether the current user may use what the gate holds, and why not (translated sentences)."""

    open: bool
    reasons: list[str] = field(default_factory=list)
    earned: Decimal | None = None
    required: Decimal | None = None
    staff_bypass: bool = False


WITHHELD = object()  # enclosing_gate(): a parent above the block is withheld from the user


def enclosing_gate(block):
    """The nearest hours_gate above ``block`` (not ``block`` itself), None when there is none, or
    :data:`WITHHELD` when a parent the user may not load hides what is above it."""
    node = block
    while getattr(node, "parent", None) is not None:
        parent = node.get_parent()
        if parent is None or getattr(parent, "has_access_error", False):
            return WITHHELD
        if parent.scope_ids.block_type == GATE_BLOCK_TYPE:
            return parent
        node = parent
    return None


def gate_decision(block) -> GateDecision:
    """Evaluate the enclosing gate of ``block`` for the current user."""
    gate = enclosing_gate(block)
    if gate is None:
        return GateDecision(open=True)
    if gate is WITHHELD:
        return GateDecision(False, [_withheld_reason(block)])
    return gate.decision_for_current_user()


def _withheld_reason(block) -> str:
    return translator_of(block).gettext("This part of the course is not available to you yet.")
