"""The suite's Django models, one module per concern; all of them live in the `carbon_common` app."""
from carbon_common.models.applications import *  # noqa: F401,F403
from carbon_common.models.audit import AuditEntry  # noqa: F401
from carbon_common.models.exam import *  # noqa: F401,F403
from carbon_common.models.hours import *  # noqa: F401,F403
from carbon_common.models.ledger import StudyCredit, StudyEvent  # noqa: F401
