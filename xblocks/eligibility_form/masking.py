"""What staff see of an applicant's identifiers unless they reveal them (every reveal is recorded).

Masked views must not be reversible. An 18-character resident ID number is region (6) + birth date (8) +
sequence (3) + check character: showing its first and last 4 beside the birth date left only the sequence
unknown, about 9 numbers that pass the check character. So a masked view shows the first and the last character
of the number only, never the birth date (it is masked too), and the mobile as ``138****8000``.
"""
import re

from .validators import mask_id_number

MASKED_DATE = "****-**-**"
REVEALABLE = ("id_number", "mobile", "birth_date")


def mask_id(value) -> str:
    """``1****************X``: the first and last character of a document number; short numbers fully hidden."""
    return mask_id_number(value) if value else ""


def mask_mobile(value) -> str:
    """``138****8000``: the first 3 and last 4 digits of a mobile number; shorter numbers show their last 2."""
    digits = re.sub(r"\D", "", str(value or ""))
    if len(digits) >= 11:
        digits = digits[-11:]
        return digits[:3] + "****" + digits[-4:]
    if len(digits) >= 6:
        return "*" * (len(digits) - 2) + digits[-2:]
    return "*" * len(digits)


def mask_date(value) -> str:
    return MASKED_DATE if value else ""


def masked_answers(answers) -> dict:
    """The answers with every revealable identifier masked."""
    shown = dict(answers)
    for field, mask in (("id_number", mask_id), ("mobile", mask_mobile), ("birth_date", mask_date)):
        if shown.get(field):
            shown[field] = mask(shown[field])
    return shown
