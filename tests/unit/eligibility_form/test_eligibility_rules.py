"""The six eligibility conditions at their boundaries, and the materials they call for."""

import pytest

from eligibility_form.messages import EN, ZH
from eligibility_form.rules import (
    DEFAULT_RELATED_MAJORS,
    EDUCATION_CHOICES,
    evaluate_conditions,
    is_related_major,
    level_rank,
    parse_major_list,
    required_materials,
)

RELATED = "环境工程"
UNRELATED = "会计学"


def answers(**overrides):
    """An applicant who meets no condition until the test says so."""
    base = {
        "education": "below_secondary", "degree": "none", "major": "other", "major_other": UNRELATED,
        "work_years": 0, "institution_staff": False, "other_certificate": False, "law_abiding": True,
        "id_type": "resident_id",
    }
    return base | overrides


def codes(result, number):
    return [m.code for m in result.condition(number).missing]


def test_levels_are_ordered_and_degree_is_a_separate_answer():
    order = ["below_secondary", "secondary", "associate", "bachelor", "double_bachelor", "master", "doctor"]
    assert [level_rank(code) for code in order] == sorted(level_rank(code) for code in order)
    assert level_rank("none") == -1 and level_rank(None) == -1
    assert "double_bachelor" not in EDUCATION_CHOICES  # 双学士 is a degree, not an education level


def test_baseline_meets_nothing():
    result = evaluate_conditions(answers())
    assert result.qualifying is None and not result.eligible and result.met == ()
    assert [m.code for m in result.summary()] == ["no_condition_met"]


@pytest.mark.parametrize("years, met", [(3, True), ("3", True), (2.99, False), (0, False), (None, False)])
def test_condition_1_needs_three_years(years, met):
    result = evaluate_conditions(answers(work_years=years))
    assert result.condition(1).met is met
    if not met:
        (message,) = result.condition(1).missing
        assert message.code == "work_years_short" and message.params["required"] == 3


@pytest.mark.parametrize(
    "years, education, major, met",
    [
        (2, "associate", UNRELATED, True),
        (1.99, "associate", UNRELATED, False),
        (2, "secondary", RELATED, True),
        (2, "secondary", UNRELATED, False),
        (2, "below_secondary", RELATED, False),
        (2, "doctor", UNRELATED, True),
    ],
)
def test_condition_2_years_and_education_or_related_major(years, education, major, met):
    result = evaluate_conditions(answers(work_years=years, education=education, major=major))
    assert result.condition(2).met is met


def test_condition_2_says_what_is_missing():
    secondary = evaluate_conditions(answers(work_years=2, education="secondary"))
    assert codes(secondary, 2) == ["related_major_or_education"]
    below = evaluate_conditions(answers(work_years=1, education="below_secondary", major=RELATED))
    assert codes(below, 2) == ["work_years_short", "education_below"]
    assert below.condition(2).missing[1].params["min_education"] == "secondary"


@pytest.mark.parametrize(
    "years, education, met",
    [(1, "bachelor", True), (0.99, "bachelor", False), (1, "associate", False), (1, "master", True)],
)
def test_condition_3_one_year_and_bachelor_any_major(years, education, met):
    result = evaluate_conditions(answers(work_years=years, education=education))
    assert result.condition(3).met is met


@pytest.mark.parametrize(
    "degree, major, met",
    [
        ("double_bachelor", RELATED, True),
        ("master", RELATED, True),
        ("doctor", RELATED, True),
        ("bachelor", RELATED, False),
        ("master", UNRELATED, False),
        ("none", RELATED, False),
    ],
)
def test_condition_4_related_major_and_double_bachelor_or_higher_degree(degree, major, met):
    result = evaluate_conditions(answers(education="master", degree=degree, major=major))
    assert result.condition(4).met is met


def test_condition_4_needs_no_work_years_and_names_both_gaps():
    assert evaluate_conditions(answers(education="master", degree="master", major=RELATED)).qualifying == 4
    result = evaluate_conditions(answers(degree="bachelor"))
    assert codes(result, 4) == ["major_not_related", "degree_below"]
    assert result.condition(4).missing[1].params == {"min_degree": "double_bachelor", "degree": "bachelor"}


@pytest.mark.parametrize("ticked, met", [(True, True), ("true", True), ("on", True), (False, False), ("no", False)])
def test_condition_5_institution_staff(ticked, met):
    result = evaluate_conditions(answers(institution_staff=ticked))
    assert result.condition(5).met is met
    assert result.qualifying == (5 if met else None)


def test_condition_6_other_certificate():
    assert evaluate_conditions(answers(other_certificate=True)).qualifying == 6
    assert codes(evaluate_conditions(answers()), 6) == ["no_other_certificate"]


def test_first_met_condition_qualifies():
    result = evaluate_conditions(answers(work_years=5, education="bachelor", other_certificate=True))
    assert result.met == (1, 2, 3, 6)
    assert result.qualifying == 1
    assert result.summary()[0].params == {"condition": 1}


def test_law_abiding_declaration_is_required_on_top():
    result = evaluate_conditions(answers(work_years=3, law_abiding=False))
    assert result.qualifying == 1 and not result.eligible
    assert [m.code for m in result.summary()] == ["qualifies", "law_abiding_required"]


def test_related_majors_are_a_setting():
    staff_list = ("会计学", "金融学")
    assert evaluate_conditions(answers(education="master", degree="master")).condition(4).met is False
    assert evaluate_conditions(answers(education="master", degree="master"), staff_list).condition(4).met
    assert evaluate_conditions(answers(education="master", degree="master"), "会计学\n金融学").condition(4).met
    # the default list no longer applies once staff replaced it
    assert not evaluate_conditions(answers(degree="master", major=RELATED), staff_list).condition(4).met


def test_related_major_matching_ignores_width_spaces_and_suffix():
    assert is_related_major("环境工程专业", DEFAULT_RELATED_MAJORS)
    assert is_related_major(" 环境　工程 ", DEFAULT_RELATED_MAJORS)
    assert not is_related_major("环境", DEFAULT_RELATED_MAJORS)
    assert not is_related_major("", DEFAULT_RELATED_MAJORS)
    assert parse_major_list("环境工程，能源与动力工程、生态学;环境工程\n\n大气科学") == (
        "环境工程", "能源与动力工程", "生态学", "大气科学",
    )


def test_free_text_major_counts_when_it_names_a_related_major():
    assert evaluate_conditions(answers(work_years=2, education="secondary", major_other="生态学")).condition(2).met


def test_default_list_covers_the_reference_groups():
    for major in ("环境科学与工程", "水质科学与技术", "氢能科学与工程", "大气科学", "资源与环境经济学"):
        assert major in DEFAULT_RELATED_MAJORS


def test_missing_texts_render_in_both_languages():
    result = evaluate_conditions(answers(work_years=1.5, education="associate"))
    for condition in result.conditions:
        for message in condition.missing:
            zh, en = message.text(ZH), message.text(EN)
            assert zh != message.code and en != message.code and zh != en
    years = result.condition(1).missing[0]
    assert "1.5" in years.text(ZH) and "3" in years.text(EN)
    (education,) = result.condition(3).missing
    assert "本科" in education.text("zh-Hans") and "大专" in education.text("zh-Hans")
    assert "bachelor" in education.text("en-US")


def test_to_dict_is_plain_data():
    data = evaluate_conditions(answers(work_years=3)).to_dict()
    assert data["qualifying"] == 1 and data["eligible"] is True
    assert data["conditions"][1]["missing"][0]["code"] == "education_below"


@pytest.mark.parametrize(
    "overrides, expected",
    [
        ({"work_years": 3}, ["photo", "review_form", "id_front", "id_back", "diploma", "work_proof"]),
        (
            {"education": "master", "degree": "master", "major": RELATED},
            ["photo", "review_form", "id_front", "id_back", "diploma", "degree"],
        ),
        (
            {"work_years": 1, "education": "bachelor", "degree": "bachelor"},
            ["photo", "review_form", "id_front", "id_back", "diploma", "degree", "work_proof"],
        ),
        ({"institution_staff": True}, ["photo", "review_form", "id_front", "id_back", "diploma", "condition_proof"]),
        (
            {"other_certificate": True, "id_type": "passport_other"},
            ["photo", "review_form", "id_front", "diploma", "condition_proof"],
        ),
        ({}, ["photo", "review_form", "id_front", "id_back", "diploma"]),
    ],
)
def test_required_materials_follow_the_answers(overrides, expected):
    applicant = answers(**overrides)
    assert required_materials(applicant, evaluate_conditions(applicant)) == expected
