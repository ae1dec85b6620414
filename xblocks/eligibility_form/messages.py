"""Messages the eligibility core reports, as codes with parameters, plus their zh-CN and English texts.

The pure modules never produce finished sentences: they return :class:`Message` objects
(``code`` + ``params``) so that the block shell can hand them to the browser as data and show them
in the learner's language with :func:`render`.  Parameters whose name is listed in
``PARAM_LABELS`` hold codes (an education level, a field name...) and are shown through the label
catalogue of the same language.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

ZH = "zh-cn"
EN = "en"


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


TEXTS: dict[str, dict[str, str]] = {
    ZH: {
        # eligibility rules
        "qualifies": "您符合报考条件第 {condition} 条。",
        "no_condition_met": "您目前不符合六项报考条件中的任何一项。",
        "work_years_short": "需要从事能源、节能减排、环境管理等相关工作满 {required} 年，您填写的是 {years} 年。",
        "education_below": "需要{min_education}及以上学历，您填写的是{education}。",
        "related_major_or_education": "需要所学专业为相关专业（如环境科学与工程、能源类），或具有{min_education}及以上学历（专业不限）；“{major}”不在相关专业名单中。",
        "major_not_related": "需要所学专业为相关专业（如环境科学与工程、能源类），“{major}”不在相关专业名单中。",
        "related_major_or_education_no_major": "需要所学专业为相关专业（如环境科学与工程、能源类），或具有{min_education}及以上学历（专业不限）；您尚未填写所学专业。",
        "major_not_related_no_major": "需要所学专业为相关专业（如环境科学与工程、能源类），您尚未填写所学专业。",
        "degree_below": "需要{min_degree}及以上学位，您填写的学位是：{degree}。",
        "not_institution_staff": "本条仅适用于能源、环境、循环经济教科研单位的相关技术、工程人员，或节能及环境交易所相关人员；如属于此类，请勾选并上传单位证明。",
        "no_other_certificate": "本条仅适用于已取得其他初级职业或技能证书、职称证书的人员；如已取得，请勾选并上传证书。",
        "law_abiding_required": "须声明遵守国家法律、法规。",
        # form validation
        "required": "请填写{field}。",
        "choice_invalid": "{field}的选项无效，请从列表中选择。",
        "too_long": "{field}不能超过 {max} 个字符。",
        "name_invalid": "姓名只能包含文字、空格和间隔号（·），不能包含数字或其他符号，长度为 2 到 50 个字符。",
        "id_format": "证件号码格式不正确：{id_type}应为{hint}。",
        "id_region_invalid": "身份证号码前两位不是有效的省级行政区代码，请核对。",
        "id_type_mismatch": "这个号码看起来是{suggested_type}的号码，请选择对应的证件类型。",
        "id_birth_date_invalid": "证件号码第 7–14 位的出生日期无效，请核对。",
        "id_checksum": "证件号码最后一位校验码不正确，可能有数字输错，请逐位核对。",
        "birth_date_mismatch": "出生日期与证件号码不一致（证件号码中为 {id_birth_date}）。",
        "gender_mismatch": "性别与证件号码不一致（证件号码中为{id_gender}）。",
        "date_invalid": "{field}格式不正确，请按 YYYY-MM-DD 填写。",
        "month_invalid": "{field}格式不正确，请按 YYYY-MM 或 YYYY-MM-DD 填写。",
        "date_in_future": "{field}不能晚于今天。",
        "date_too_early": "{field}不能早于 {min_year} 年。",
        "age_too_low": "申请人须年满 {min_age} 周岁，请核对出生日期。",
        "graduation_before_birth": "毕业时间早于出生日期，请核对。",
        "mobile_invalid": "请填写 11 位中国大陆手机号码（可带 +86），例如 138 0013 8000。",
        "email_invalid": "电子邮箱格式不正确，例如 name@example.com。",
        "work_years_invalid": "相关工作年限应为 {min} 到 {max} 之间的数字。",
        "work_years_exceed_age": "相关工作年限超过按年龄推算的上限（{max} 年），请核对。",
        "degree_needs_bachelor_education": "填写了学位，但学历低于本科；学士及以上学位需要本科及以上学历，请核对学历和学位。",
        "declaration_required": "请阅读并勾选“{field}”。",
        # uploads
        "file_empty": "文件是空的，请重新选择文件。",
        "file_too_large": "文件大小为 {size_mb} MB，超过 {max_mb} MB 的上限。请压缩图片或降低扫描分辨率后重新上传。",
        "file_type_unsupported": "只接受 {allowed} 文件（按文件内容判断，与扩展名无关）。请另存为这些格式后重新上传。",
        "image_corrupt": "图片文件已损坏或不完整，无法打开。请重新导出或重新拍摄后上传。",
        "image_too_many_pixels": "图片像素过多（{megapixels} 百万像素，上限 {max_megapixels} 百万像素）。请缩小图片尺寸后重新上传。",
        "scan_too_small": "图片只有 {width}×{height} 像素，太小，无法看清证件内容（短边至少 {min_side} 像素）。请上传清晰的扫描件或照片。",
        "pdf_corrupt": "PDF 文件不完整或已损坏，无法打开。请重新导出或重新扫描后上传。",
        "pdf_encrypted": "PDF 文件设置了密码保护，审核人员无法打开。请去掉密码后重新上传。",
        "pdf_active_content": "PDF 文件含有脚本或打开时自动执行的动作（如 JavaScript），出于安全原因不能接收。请将文件另存为或打印为普通 PDF 后重新上传。",
        "photo_not_portrait": "照片为横向（{width}×{height} 像素），二寸照片应为竖向。请旋转或重新裁剪后上传。",
        "photo_wrong_ratio": "照片尺寸为 {width}×{height} 像素，不符合二寸照片比例（宽:高约 0.66–0.72，如 413×579 或 413×626 像素）。请按二寸（35×49 毫米）裁剪后上传。",
        "photo_too_small": "照片只有 {width}×{height} 像素，分辨率不足（宽度至少 {min_width} 像素，标准为 413×579 像素）。请使用更清晰的电子照片。",
        "photo_background_not_blue": "照片背景不是蓝色（照片边缘只有 {blue_percent}% 为蓝色）。请使用蓝底彩色证件照。",
        "photo_background_uneven": "照片背景颜色不均匀，请使用纯色蓝底、光线均匀的证件照。",
    },
    EN: {
        "qualifies": "You meet eligibility condition {condition}.",
        "no_condition_met": "You do not currently meet any of the six eligibility conditions.",
        "work_years_short": "Needs {required} or more years of relevant work (energy, energy saving and emission reduction, environmental management); you entered {years}.",
        "education_below": "Needs {min_education} education or higher; you entered {education}.",
        "related_major_or_education": "Needs a related major (such as environmental science and engineering, or energy), or {min_education} education or higher in any major; “{major}” is not on the list of related majors.",
        "major_not_related": "Needs a related major (such as environmental science and engineering, or energy); “{major}” is not on the list of related majors.",
        "related_major_or_education_no_major": "Needs a related major (such as environmental science and engineering, or energy), or {min_education} education or higher in any major; you have not entered your major yet.",
        "major_not_related_no_major": "Needs a related major (such as environmental science and engineering, or energy); you have not entered your major yet.",
        "degree_below": "Needs a {min_degree} degree or higher; your degree: {degree}.",
        "not_institution_staff": "Only for technical or engineering staff of energy, environment or circular-economy teaching or research institutions, or staff of energy-saving or environmental exchanges; if this is you, tick the box and upload proof from your employer.",
        "no_other_certificate": "Only for holders of another junior vocational or skill certificate, or a professional title; if you hold one, tick the box and upload it.",
        "law_abiding_required": "You must declare that you abide by the laws and regulations of the country.",
        "required": "Please fill in {field}.",
        "choice_invalid": "The choice for {field} is not valid; please pick one from the list.",
        "too_long": "{field} must be at most {max} characters.",
        "name_invalid": "A name may contain letters, spaces and the middle dot (·) only, no digits or other symbols, 2 to 50 characters.",
        "id_format": "The document number is not in the right format: a {id_type} number is {hint}.",
        "id_region_invalid": "The first two digits of the ID number are not a valid province code; please check it.",
        "id_type_mismatch": "This number looks like a {suggested_type} number; please choose that document type.",
        "id_birth_date_invalid": "The birth date in digits 7-14 of the document number is not a valid date; please check it.",
        "id_checksum": "The check character (last character) of the document number does not match; a digit is probably mistyped.",
        "birth_date_mismatch": "The birth date does not match the document number ({id_birth_date} in the number).",
        "gender_mismatch": "The gender does not match the document number ({id_gender} in the number).",
        "date_invalid": "{field} is not a valid date; please use YYYY-MM-DD.",
        "month_invalid": "{field} is not valid; please use YYYY-MM or YYYY-MM-DD.",
        "date_in_future": "{field} cannot be later than today.",
        "date_too_early": "{field} cannot be before {min_year}.",
        "age_too_low": "Applicants must be at least {min_age} years old; please check the birth date.",
        "graduation_before_birth": "The graduation date is before the birth date; please check it.",
        "mobile_invalid": "Please enter an 11-digit mainland China mobile number (optionally with +86), e.g. 138 0013 8000.",
        "email_invalid": "The email address is not valid, e.g. name@example.com.",
        "work_years_invalid": "Years of relevant work must be a number from {min} to {max}.",
        "work_years_exceed_age": "Years of relevant work exceed what your age allows ({max}); please check.",
        "degree_needs_bachelor_education": "A degree is entered but the education is below bachelor; a bachelor's or higher degree needs bachelor education or higher. Please check both.",
        "declaration_required": "Please read and tick “{field}”.",
        "file_empty": "The file is empty; please choose the file again.",
        "file_too_large": "The file is {size_mb} MB, over the {max_mb} MB limit. Compress the image or scan at a lower resolution and upload it again.",
        "file_type_unsupported": "Only {allowed} files are accepted (judged by the content, not the file name). Save the file in one of these formats and upload it again.",
        "image_corrupt": "The image is damaged or incomplete and cannot be opened. Export or take it again and upload it.",
        "image_too_many_pixels": "The image has too many pixels ({megapixels} megapixels, limit {max_megapixels}). Make it smaller and upload it again.",
        "scan_too_small": "The image is only {width}x{height} px, too small to read the document (at least {min_side} px on the short side). Please upload a clear scan or photo.",
        "pdf_corrupt": "The PDF is incomplete or damaged and cannot be opened. Export or scan it again and upload it.",
        "pdf_encrypted": "The PDF is password-protected, so reviewers cannot open it. Remove the password and upload it again.",
        "pdf_active_content": "The PDF contains scripts or actions that run when it is opened (such as JavaScript) and cannot be accepted for security reasons. Save or print it as a plain PDF and upload it again.",
        "photo_not_portrait": "The photo is landscape ({width}x{height} px); a 2-inch photo is portrait. Rotate or crop it and upload it again.",
        "photo_wrong_ratio": "The photo is {width}x{height} px, not the 2-inch proportions (width:height about 0.66-0.72, e.g. 413x579 or 413x626 px). Crop it to 35x49 mm and upload it again.",
        "photo_too_small": "The photo is only {width}x{height} px, too low a resolution (at least {min_width} px wide; the standard is 413x579 px). Please use a sharper digital photo.",
        "photo_background_not_blue": "The photo background is not blue (only {blue_percent}% of the photo's edge is blue). Please use a colour ID photo with a blue background.",
        "photo_background_uneven": "The photo background is not an even colour; please use an evenly lit, plain blue background.",
    },
}

LABELS: dict[str, dict[str, dict[str, str]]] = {
    ZH: {
        "education": {
            "below_secondary": "初中及以下", "secondary": "高中/中专", "associate": "大专", "bachelor": "本科",
            "double_bachelor": "双学士", "master": "硕士研究生", "doctor": "博士研究生", "": "（未填写）",
        },
        "degree": {
            "none": "无", "bachelor": "学士", "double_bachelor": "双学士", "master": "硕士", "doctor": "博士",
            "": "（未填写）",
        },
        "gender": {"male": "男", "female": "女"},
        "id_type": {
            "resident_id": "居民身份证",
            "residence_permit": "港澳台居民居住证",
            "foreign_permanent_id": "外国人永久居留身份证",
            "travel_permit_hkmo": "港澳居民来往内地通行证",
            "travel_permit_tw": "台湾居民来往大陆通行证",
            "passport_cn": "中国护照",
            "passport_other": "外国护照",
        },
        "id_hint": {
            "resident_id": "18 位，前 17 位为数字，最后一位为数字或 X",
            "residence_permit": "18 位，以 810000（香港）、820000（澳门）或 830000（台湾）开头",
            "foreign_permanent_id": "18 位，以 9 开头（2023 年版证件）；旧版为 3 个字母加 12 位数字",
            "travel_permit_hkmo": "H 或 M 加 8 位数字",
            "travel_permit_tw": "8 位数字",
            "passport_cn": "E 加 1 位字母或数字，再加 7 位数字",
            "passport_other": "5 到 20 位字母和数字",
        },
        "field": {
            "name": "姓名", "gender": "性别", "id_type": "证件类型", "id_number": "证件号码", "birth_date": "出生日期",
            "mobile": "手机号码", "email": "电子邮箱", "employer": "工作单位", "job_title": "职务/岗位",
            "education": "学历", "degree": "学位", "major": "所学专业", "major_other": "专业名称",
            "graduation_date": "毕业时间", "work_years": "相关工作年限",
            "institution_staff": "教科研单位或交易所人员声明", "other_certificate": "其他证书声明",
            "certificate_name": "证书名称", "law_abiding": "遵守国家法律、法规的声明",
            "pi_consent": "同意处理敏感个人信息", "kind": "材料类型",
        },
        "material": {
            "photo": "二寸蓝底彩色照片", "review_form": "报名审核表（签字盖章）", "id_front": "证件人像面",
            "id_back": "证件国徽面（背面）", "diploma": "学历证书复印件", "degree": "学位证书复印件",
            "work_proof": "工作证明", "condition_proof": "报考条件证明材料",
        },
        "condition": {
            "1": "从事能源、节能减排、环境管理等相关工作满 3 年及以上。",
            "2": "具有高中以上学历且为环境科学与工程、能源等相关专业，或取得非相关专业大专学历，连续从事相关工作满 2 年及以上。",
            "3": "具有本科及以上学历（专业不限），从事相关工作满 1 年及以上。",
            "4": "具有环境科学与工程、能源等相关专业双学士学位、硕士学位或以上学位。",
            "5": "能源、环境、循环经济教科研单位的相关领域技术、工程人员，节能及环境交易所相关人员等。",
            "6": "取得其他初级职业或技能证书、职称证书等。",
        },
    },
    EN: {
        "education": {
            "below_secondary": "below secondary", "secondary": "secondary (high school or vocational school)",
            "associate": "associate (college)", "bachelor": "bachelor", "double_bachelor": "double bachelor",
            "master": "master", "doctor": "doctor", "": "(not given)",
        },
        "degree": {
            "none": "none", "bachelor": "bachelor", "double_bachelor": "double bachelor", "master": "master",
            "doctor": "doctor", "": "(not given)",
        },
        "gender": {"male": "male", "female": "female"},
        "id_type": {
            "resident_id": "mainland resident ID card",
            "residence_permit": "Hong Kong/Macau/Taiwan residence permit",
            "foreign_permanent_id": "foreign permanent resident ID card",
            "travel_permit_hkmo": "Hong Kong/Macau mainland-travel permit",
            "travel_permit_tw": "Taiwan mainland-travel permit",
            "passport_cn": "Chinese passport",
            "passport_other": "foreign passport",
        },
        "id_hint": {
            "resident_id": "18 characters: 17 digits, then a digit or X",
            "residence_permit": "18 characters starting with 810000 (Hong Kong), 820000 (Macau) or 830000 (Taiwan)",
            "foreign_permanent_id": "18 characters starting with 9 (2023 card); older cards: 3 letters and 12 digits",
            "travel_permit_hkmo": "H or M followed by 8 digits",
            "travel_permit_tw": "8 digits",
            "passport_cn": "E, a letter or digit, then 7 digits",
            "passport_other": "5 to 20 letters and digits",
        },
        "field": {
            "name": "name", "gender": "gender", "id_type": "ID document type", "id_number": "document number",
            "birth_date": "birth date", "mobile": "mobile number", "email": "email", "employer": "employer",
            "job_title": "job title", "education": "education", "degree": "degree", "major": "major",
            "major_other": "name of the major", "graduation_date": "graduation date",
            "work_years": "years of relevant work", "institution_staff": "institution or exchange staff declaration",
            "other_certificate": "other certificate declaration", "certificate_name": "certificate name",
            "law_abiding": "declaration that you abide by the law",
            "pi_consent": "consent to processing of sensitive personal information", "kind": "material type",
        },
        "material": {
            "photo": "2-inch colour photo with blue background", "review_form": "Signed and stamped review form",
            "id_front": "ID document, photo side", "id_back": "ID document, back side", "diploma": "Diploma copy",
            "degree": "Degree certificate copy", "work_proof": "Proof of work",
            "condition_proof": "Proof of the qualifying condition",
        },
        "condition": {
            "1": "At least 3 years of relevant work (energy, energy saving and emission reduction, environmental management).",
            "2": "At least 2 years of relevant work, and secondary education or higher in a related major, or associate education or higher in any major.",
            "3": "At least 1 year of relevant work and bachelor education or higher (any major).",
            "4": "A double bachelor, master or doctor degree in a related major.",
            "5": "Technical or engineering staff of an energy, environment or circular-economy teaching or research institution, or staff of an energy-saving or environmental exchange.",
            "6": "Holds another junior vocational or skill certificate, or a professional title.",
        },
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


def language_key(language: str | None) -> str:
    """``ZH`` for any Chinese locale (``zh``, ``zh-cn``, ``zh_Hans``...), otherwise ``EN``."""
    return ZH if (language or "").lower().startswith("zh") else EN


def label(category: str, code: str, language: str = ZH) -> str:
    """The display label of ``code`` in ``category`` (falls back to the code itself)."""
    return LABELS[language_key(language)][category].get(str(code), str(code))


def _show(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def render(message: Message, language: str = ZH) -> str:
    """The text of ``message`` in ``language`` (Chinese locales get zh-CN, anything else English)."""
    lang = language_key(language)
    template = TEXTS[lang].get(message.code)
    if "major" in message.params and not str(message.params["major"] or "").strip():
        template = TEXTS[lang].get(f"{message.code}_no_major", template)  # never “” is not on the list
    if template is None:
        return message.code
    values = {}
    for name, value in message.params.items():
        category = PARAM_LABELS.get(name)
        values[name] = label(category, value, lang) if category else _show(value)
    return template.format(**values)
