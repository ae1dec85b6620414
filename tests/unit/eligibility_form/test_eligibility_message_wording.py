"""Wording fixes seen on the learner page: an empty major is named as missing, English labels are capitalised."""
from eligibility_form.messages import EN, ZH, Message, label, render


def test_empty_major_is_reported_as_not_entered():
    for code in ("major_not_related", "related_major_or_education"):
        params = {"major": "", "min_education": "associate"}
        assert "“”" not in render(Message(code, params), ZH) and "尚未填写所学专业" in render(Message(code, params), ZH)
        assert "not entered your major" in render(Message(code, params), EN)
        named = render(Message(code, {**params, "major": "历史学"}), ZH)
        assert "“历史学”不在相关专业名单中" in named


def test_english_material_labels_start_with_a_capital():
    for kind in ("review_form", "id_front", "id_back", "diploma", "degree", "work_proof", "condition_proof"):
        assert label("material", kind, EN)[0].isupper(), kind
