"""What each unmet condition says, with every parameter its message names (kills mutants that survived
`make mutation`: a message without its major, education or degree reads wrong to the applicant)."""
from eligibility_form.rules import evaluate_conditions

UNRELATED = "会计学"


def answers(**overrides):
    base = {"education": "", "degree": "", "major": "other", "major_other": UNRELATED, "work_years": 0,
            "institution_staff": False, "other_certificate": False, "law_abiding": True}
    return base | overrides


def missing(result, number):
    return [(m.code, m.params) for m in result.condition(number).missing]


def test_condition_2_names_the_major_and_the_education_it_lacks():
    result = evaluate_conditions(answers(work_years=2, education="secondary"))
    assert missing(result, 2) == [("related_major_or_education", {"min_education": "associate", "major": UNRELATED})]
    below = evaluate_conditions(answers(work_years=2))
    assert ("education_below", {"min_education": "secondary", "education": ""}) in missing(below, 2)


def test_condition_3_names_the_education_held():
    result = evaluate_conditions(answers(work_years=1, education="associate"))
    assert missing(result, 3) == [("education_below", {"min_education": "bachelor", "education": "associate"})]


def test_condition_4_names_the_major_and_no_degree_as_none():
    result = evaluate_conditions(answers())
    assert missing(result, 4) == [("major_not_related", {"major": UNRELATED}),
                                  ("degree_below", {"min_degree": "double_bachelor", "degree": "none"})]


def test_years_short_names_required_and_held_years():
    result = evaluate_conditions(answers(work_years=2))
    assert ("work_years_short", {"required": 3, "years": 2}) in missing(result, 1)
    unknown = evaluate_conditions(answers(work_years=None))
    assert ("work_years_short", {"required": 3, "years": 0}) in missing(unknown, 1)


def test_a_free_text_major_is_read_without_padding():
    result = evaluate_conditions(answers(major_other="  会计学  "))
    assert missing(result, 4)[0] == ("major_not_related", {"major": UNRELATED})
