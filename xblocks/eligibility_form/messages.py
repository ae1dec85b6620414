"""Messages the eligibility core reports: codes with parameters, and their English msgids.

The pure modules never produce finished sentences: they return :class:`Message` objects (``code`` +
``params``), which the block hands to the browser as data and shows in the learner's language with
:func:`render`, through the block's gettext catalogue (``translations/``; Chinese in ``zh_CN``). Parameters
whose name is listed in ``PARAM_LABELS`` hold codes (an education level, a field name...) and are shown
through the label of that category (its msgctxt).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from carbon_common.i18n import Translator, _, ngettext_noop, pgettext_noop, translator_for

ZH = "zh-cn"
EN = "en"
PACKAGE = "eligibility_form"


@dataclass(frozen=True)
class Message:
    """One thing to tell the learner: a stable ``code`` and the values its text needs."""

    code: str
    params: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """JSON-friendly form: ``{"code": ..., "params": {...}}``."""
        return {"code": self.code, "params": dict(self.params)}

    def text(self, language: str = ZH) -> str:
        """This message in ``language`` (see :func:`render`)."""
        return render(self, language)


class Problem(ValueError):
    """A refusal that carries one or more :class:`Message` objects."""

    def __init__(self, *messages: Message):
        if not messages:
            raise TypeError("a Problem needs at least one Message")
        self.messages = tuple(messages)
        super().__init__("; ".join(m.code for m in self.messages))

    @property
    def code(self) -> str:
        """The code of the first (main) message."""
        return self.messages[0].code


TEXTS: dict[str, str | tuple[str, str]] = {
    "qualifies": _("You meet eligibility condition {condition}."),
    "no_condition_met": _("You do not currently meet any of the six eligibility conditions."),
    "work_years_short": ngettext_noop(
        "Needs {required} year or more of relevant work (energy, energy saving and emission reduction, environmental management); you entered {years}.",
        "Needs {required} or more years of relevant work (energy, energy saving and emission reduction, environmental management); you entered {years}.",
    ),
    "education_below": _("Needs {min_education} education or higher; you entered {education}."),
    "related_major_or_education": _("Needs a related major (such as environmental science and engineering, or energy), or {min_education} education or higher in any major; “{major}” is not on the list of related majors."),
    "major_not_related": _("Needs a related major (such as environmental science and engineering, or energy); “{major}” is not on the list of related majors."),
    "related_major_or_education_no_major": _("Needs a related major (such as environmental science and engineering, or energy), or {min_education} education or higher in any major; you have not entered your major yet."),
    "major_not_related_no_major": _("Needs a related major (such as environmental science and engineering, or energy); you have not entered your major yet."),
    "degree_below": _("Needs a {min_degree} degree or higher; your degree: {degree}."),
    "not_institution_staff": _("Only for technical or engineering staff of energy, environment or circular-economy teaching or research institutions, or staff of energy-saving or environmental exchanges; if this is you, tick the box and upload proof from your employer."),
    "no_other_certificate": _("Only for holders of another junior vocational or skill certificate, or a professional title; if you hold one, tick the box and upload it."),
    "law_abiding_required": _("You must declare that you abide by the laws and regulations of the country."),
    "required": _("Please fill in {field}."),
    "choice_invalid": _("The choice for {field} is not valid; please pick one from the list."),
    "too_long": ngettext_noop(
        "{field} must be at most {max} character.",
        "{field} must be at most {max} characters.",
    ),
    "name_invalid": _("A name may contain letters, spaces and the middle dot (·) only, no digits or other symbols, 2 to 50 characters."),
    "id_format": _("The document number is not in the right format: a {id_type} number is {hint}."),
    "id_region_invalid": _("The first two digits of the ID number are not a valid province code; please check it."),
    "id_type_mismatch": _("This number looks like a {suggested_type} number; please choose that document type."),
    "id_birth_date_invalid": _("The birth date in digits 7-14 of the document number is not a valid date; please check it."),
    "id_checksum": _("The check character (last character) of the document number does not match; a digit is probably mistyped."),
    "birth_date_mismatch": _("The birth date does not match the document number ({id_birth_date} in the number)."),
    "gender_mismatch": _("The gender does not match the document number ({id_gender} in the number)."),
    "date_invalid": _("{field} is not a valid date; please use YYYY-MM-DD."),
    "month_invalid": _("{field} is not valid; please use YYYY-MM or YYYY-MM-DD."),
    "date_in_future": _("{field} cannot be later than today."),
    "date_too_early": _("{field} cannot be before {min_year}."),
    "age_too_low": ngettext_noop(
        "Applicants must be at least {min_age} year old; please check the birth date.",
        "Applicants must be at least {min_age} years old; please check the birth date.",
    ),
    "graduation_before_birth": _("The graduation date is before the birth date; please check it."),
    "mobile_invalid": _("Please enter an 11-digit mainland China mobile number (optionally with +86), e.g. 138 0013 8000."),
    "email_invalid": _("The email address is not valid, e.g. name@example.com."),
    "work_years_invalid": _("Years of relevant work must be a number from {min} to {max}."),
    "work_years_exceed_age": _("Years of relevant work exceed what your age allows ({max}); please check."),
    "degree_needs_bachelor_education": _("A degree is entered but the education is below bachelor; a bachelor's or higher degree needs bachelor education or higher. Please check both."),
    "declaration_required": _("Please read and tick “{field}”."),
    "file_empty": _("The file is empty; please choose the file again."),
    "file_too_large": _("The file is {size_mb} MB, over the {max_mb} MB limit. Compress the image or scan at a lower resolution and upload it again."),
    "file_type_unsupported": _("Only {allowed} files are accepted (judged by the content, not the file name). Save the file in one of these formats and upload it again."),
    "image_corrupt": _("The image is damaged or incomplete and cannot be opened. Export or take it again and upload it."),
    "image_too_many_pixels": _("The image has too many pixels ({megapixels} megapixels, limit {max_megapixels}). Make it smaller and upload it again."),
    "scan_too_small": _("The image is only {width}x{height} px, too small to read the document (at least {min_side} px on the short side). Please upload a clear scan or photo."),
    "pdf_corrupt": _("The PDF is incomplete or damaged and cannot be opened. Export or scan it again and upload it."),
    "pdf_encrypted": _("The PDF is password-protected, so reviewers cannot open it. Remove the password and upload it again."),
    "pdf_too_many_pages": ngettext_noop(
        "The PDF has more than {max} page. Upload only the pages asked for.",
        "The PDF has more than {max} pages. Upload only the pages asked for.",
    ),
    "pdf_active_content": _("The PDF contains scripts or actions that run when it is opened (such as JavaScript) and cannot be accepted for security reasons. Save or print it as a plain PDF and upload it again."),
    "photo_not_portrait": _("The photo is landscape ({width}x{height} px); a 2-inch photo is portrait. Rotate or crop it and upload it again."),
    "photo_wrong_ratio": _("The photo is {width}x{height} px, not the 2-inch proportions (width:height about 0.66-0.72, e.g. 413x579 or 413x626 px). Crop it to 35x49 mm and upload it again."),
    "photo_too_small": _("The photo is only {width}x{height} px, too low a resolution (at least {min_width} px wide; the standard is 413x579 px). Please use a sharper digital photo."),
    "photo_background_not_blue": _("The photo background is not blue (only {blue_percent}% of the photo's edge is blue). Please use a colour ID photo with a blue background."),
    "photo_background_uneven": _("The photo background is not an even colour; please use an evenly lit, plain blue background."),
}
# The parameter whose number picks the plural form of a message (ngettext).
COUNTS = {"work_years_short": "required", "too_long": "max", "age_too_low": "min_age", "pdf_too_many_pages": "max"}

LABELS: dict[str, dict[str, str]] = {  # category (the msgctxt) -> code -> English label
    "track": {
        "management": pgettext_noop("track", "carbon emission management"),
        "verification": pgettext_noop("track", "carbon emission verification"),
        "asset": pgettext_noop("track", "carbon asset management"),
        "monitoring": pgettext_noop("track", "carbon emission monitoring"),
        "consulting": pgettext_noop("track", "carbon emission consulting"),
        "accounting": pgettext_noop("track", "carbon emission accounting"),
        "trading": pgettext_noop("track", "carbon trading"),
        "audit": pgettext_noop("track", "carbon audit"),
        "assessment": pgettext_noop("track", "carbon assessment"),
    },
    "education": {
        "below_secondary": pgettext_noop("education", "below secondary"),
        "secondary": pgettext_noop("education", "secondary (high school or vocational school)"),
        "associate": pgettext_noop("education", "associate (college)"),
        "bachelor": pgettext_noop("education", "bachelor"),
        "double_bachelor": pgettext_noop("education", "double bachelor"),
        "master": pgettext_noop("education", "master"),
        "doctor": pgettext_noop("education", "doctor"),
        "": pgettext_noop("education", "(not given)"),
    },
    "degree": {
        "none": pgettext_noop("degree", "none"),
        "bachelor": pgettext_noop("degree", "bachelor"),
        "double_bachelor": pgettext_noop("degree", "double bachelor"),
        "master": pgettext_noop("degree", "master"),
        "doctor": pgettext_noop("degree", "doctor"),
        "": pgettext_noop("degree", "(not given)"),
    },
    "gender": {
        "male": pgettext_noop("gender", "male"),
        "female": pgettext_noop("gender", "female"),
    },
    "id_type": {
        "resident_id": pgettext_noop("id_type", "mainland resident ID card"),
        "residence_permit": pgettext_noop("id_type", "Hong Kong/Macau/Taiwan residence permit"),
        "foreign_permanent_id": pgettext_noop("id_type", "foreign permanent resident ID card"),
        "travel_permit_hkmo": pgettext_noop("id_type", "Hong Kong/Macau mainland-travel permit"),
        "travel_permit_tw": pgettext_noop("id_type", "Taiwan mainland-travel permit"),
        "passport_cn": pgettext_noop("id_type", "Chinese passport"),
        "passport_other": pgettext_noop("id_type", "foreign passport"),
    },
    "id_hint": {
        "resident_id": pgettext_noop("id_hint", "18 characters: 17 digits, then a digit or X"),
        "residence_permit": pgettext_noop("id_hint", "18 characters starting with 810000 (Hong Kong), 820000 (Macau) or 830000 (Taiwan)"),
        "foreign_permanent_id": pgettext_noop("id_hint", "18 characters starting with 9 (2023 card); older cards: 3 letters and 12 digits"),
        "travel_permit_hkmo": pgettext_noop("id_hint", "H or M followed by 8 digits"),
        "travel_permit_tw": pgettext_noop("id_hint", "8 digits"),
        "passport_cn": pgettext_noop("id_hint", "E, a letter or digit, then 7 digits"),
        "passport_other": pgettext_noop("id_hint", "5 to 20 letters and digits"),
    },
    "field": {
        "name": pgettext_noop("field", "name"),
        "gender": pgettext_noop("field", "gender"),
        "id_type": pgettext_noop("field", "ID document type"),
        "id_number": pgettext_noop("field", "document number"),
        "birth_date": pgettext_noop("field", "birth date"),
        "mobile": pgettext_noop("field", "mobile number"),
        "email": pgettext_noop("field", "email"),
        "employer": pgettext_noop("field", "employer"),
        "job_title": pgettext_noop("field", "job title"),
        "education": pgettext_noop("field", "education"),
        "degree": pgettext_noop("field", "degree"),
        "major": pgettext_noop("field", "major"),
        "major_other": pgettext_noop("field", "name of the major"),
        "graduation_date": pgettext_noop("field", "graduation date"),
        "work_years": pgettext_noop("field", "years of relevant work"),
        "institution_staff": pgettext_noop("field", "institution or exchange staff declaration"),
        "other_certificate": pgettext_noop("field", "other certificate declaration"),
        "certificate_name": pgettext_noop("field", "certificate name"),
        "law_abiding": pgettext_noop("field", "declaration that you abide by the law"),
        "pi_consent": pgettext_noop("field", "consent to processing of sensitive personal information"),
        "track": pgettext_noop("field", "skill track"),
        "kind": pgettext_noop("field", "material type"),
    },
    "material": {
        "photo": pgettext_noop("material", "2-inch colour photo with blue background"),
        "review_form": pgettext_noop("material", "Signed and stamped review form"),
        "id_front": pgettext_noop("material", "ID document, photo side"),
        "id_back": pgettext_noop("material", "ID document, back side"),
        "diploma": pgettext_noop("material", "Diploma copy"),
        "degree": pgettext_noop("material", "Degree certificate copy"),
        "work_proof": pgettext_noop("material", "Proof of work"),
        "condition_proof": pgettext_noop("material", "Proof of the qualifying condition"),
    },
    "condition": {
        "1": pgettext_noop("condition", "At least 3 years of relevant work (energy, energy saving and emission reduction, environmental management)."),
        "2": pgettext_noop("condition", "At least 2 years of relevant work, and secondary education or higher in a related major, or associate education or higher in any major."),
        "3": pgettext_noop("condition", "At least 1 year of relevant work and bachelor education or higher (any major)."),
        "4": pgettext_noop("condition", "A double bachelor, master or doctor degree in a related major."),
        "5": pgettext_noop("condition", "Technical or engineering staff of an energy, environment or circular-economy teaching or research institution, or staff of an energy-saving or environmental exchange."),
        "6": pgettext_noop("condition", "Holds another junior vocational or skill certificate, or a professional title."),
    },
}

# Which parameter names hold codes, and which label catalogue shows them.
PARAM_LABELS = {
    "education": "education",
    "min_education": "education",
    "degree": "degree",
    "min_degree": "degree",
    "id_gender": "gender",
    "id_type": "id_type",
    "suggested_type": "id_type",
    "hint": "id_hint",
    "field": "field",
    "kind": "material",
}


def catalogue(language: str) -> Translator:
    """The form's catalogue in ``language`` (the LMS's codes: ``zh-cn``, ``zh-hans``, ``en``; none: English), for
    texts written outside a block's request (e-mails, the course home)."""
    return translator_for(PACKAGE, language or "en")


def _translator(language: str | Translator) -> Translator:
    """A block's translator (its ``i18n`` service) as is; a language code: the catalogue that service would pick."""
    return translator_for(PACKAGE, language) if isinstance(language, str) else language


def label(category: str, code: str, language: str | Translator = ZH) -> str:
    """The display label of ``code`` in ``category`` (falls back to the code itself)."""
    english = LABELS[category].get(str(code))
    return str(code) if english is None else _translator(language).pgettext(category, english)


def _show(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def render(message: Message, language: str | Translator = ZH) -> str:
    """The text of ``message`` through ``language``'s catalogue, or a block's translator (its i18n service)."""
    translator = _translator(language)
    template = TEXTS.get(message.code)
    if "major" in message.params and not str(message.params["major"] or "").strip():
        template = TEXTS.get(f"{message.code}_no_major", template)  # never “” is not on the list
    if template is None:
        return message.code
    values = {}
    for name, value in message.params.items():
        category = PARAM_LABELS.get(name)
        values[name] = label(category, value, translator) if category else _show(value)
    if isinstance(template, tuple):
        return translator.ngettext(*template, message.params[COUNTS[message.code]], **values)
    return translator.gettext(template, **values)
