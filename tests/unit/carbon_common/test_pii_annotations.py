"""Every model of carbon_common carries OEP-30 PII annotations, as the platform's own apps do.

The choices are the platform's (``.pii_annotations.yml`` of openedx-platform), so its ``code_annotations``
report accepts ours.
"""
import re

import pytest
from django.apps import apps

PII_TYPES = {"id", "name", "username", "password", "location", "phone_number", "email_address", "birth_date", "ip",
             "external_service", "biography", "gender", "sex", "image", "video", "other"}
RETIREMENT = {"retained", "local_api", "consumer_api", "third_party"}
MODELS = sorted(apps.get_app_config("carbon_common").get_models(), key=lambda model: model.__name__)


def annotation(doc, name):
    found = re.search(rf"^\s*\.\. {name}:(.*)$", doc, re.MULTILINE)
    return found.group(1).strip() if found else None


def test_every_model_is_checked():
    assert {model.__name__ for model in MODELS} >= {
        "Application", "ApplicationMaterial", "AuditEntry", "ExamAttempt", "ExamExtraTime", "HourCredit", "GateUnlock"}


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
def test_model_carries_pii_annotations(model):
    doc = model.__doc__ or ""
    assert annotation(doc, "pii"), f"{model.__name__}: no '.. pii:' with a description"
    types = {t.strip() for t in (annotation(doc, "pii_types") or "").split(",") if t.strip()}
    assert types and types <= PII_TYPES, f"{model.__name__}: pii_types {types}"
    assert annotation(doc, "pii_retirement") in RETIREMENT, f"{model.__name__}: pii_retirement"


@pytest.mark.parametrize("name", ["Application", "ApplicationMaterial", "AuditEntry", "HourCredit", "ExamExtraTime"])
def test_records_holding_personal_data_are_retired_here(name):
    """What carbon_common.retirement erases says so (local_api), not 'retained'."""
    model = apps.get_model("carbon_common", name)
    assert annotation(model.__doc__, "pii_retirement") == "local_api"
