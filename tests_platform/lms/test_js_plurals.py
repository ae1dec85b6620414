"""Count-bearing texts for the browser in the real LMS: the exam's script gets every plural form of the reader's
language and the catalogue's rule through Teak's XBlockI18nService (carbon_common.i18n js_texts), for
CarbonDom.ngettext to pick from: English "1 question" / "2 questions", Chinese one form."""
import json
import re

import pytest

from tests_platform.common import Figures, client_for, course_key, make_user, render, usage

PRACTICE = usage("carbon_exam", "basic-theory-lesson-1-practice")
EXPECTED = {
    "en": {"question_count": {"forms": ["{count} question", "{count} questions"], "plural": "n != 1"},
           "minutes_left": {"forms": ["{count} minute left.", "{count} minutes left."], "plural": "n != 1"}},
    "zh-cn": {"question_count": {"forms": ["{count} 题"], "plural": "0"},
              "minutes_left": {"forms": ["还剩 {count} 分钟。"], "plural": "0"}},
}


def init_args(html):
    """The JSON arguments the LMS hands the block's init function (its json/xblock-args script)."""
    for found in re.findall(r'<script type="json/xblock-args"[^>]*>(.*?)</script>', html, re.S):
        args = json.loads(found)
        if "texts" in args:
            return args
    raise AssertionError(html[:800])


@pytest.mark.parametrize("language", ["en", "zh-cn"])
def test_the_exam_script_gets_each_plural_form_and_the_rule(language):
    from openedx.core.djangoapps.lang_pref import LANGUAGE_KEY
    from openedx.core.djangoapps.user_api.preferences.api import set_user_preference

    learner = make_user(f"plural_{language.replace('-', '_')}", course_key())
    set_user_preference(learner, LANGUAGE_KEY, language)
    client = client_for(learner)
    render(client, PRACTICE)  # the LMS answers with the preference's cookie
    status, html = render(client, PRACTICE)
    Figures.check(status == 200, html[:300])
    texts = init_args(html)["texts"]
    for key, expected in EXPECTED[language].items():
        Figures.check(texts[key] == expected, (key, texts[key]))
