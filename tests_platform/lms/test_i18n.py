"""The learner's language preference decides the blocks' language in the real LMS, through its i18n service.

The LMS keeps the preference (``pref-lang``) in a cookie it sets on every response (LanguagePreferenceMiddleware);
the next request runs in that language (LocaleMiddleware), and ``XBlockI18nService`` loads the block package's
``translations/<to_locale(language)>/LC_MESSAGES/text.mo``. Each learner's browser also asks for the other
language (Accept-Language), so only the preference can explain what they read.
"""
import pytest

from tests_platform.common import Figures, call, client_for, course_key, make_user, usage

FORM = usage("eligibility_form", "application")
GATE = usage("hours_gate", "exam_gate")
EXPECTED = {  # what each learner reads: the form's template, a pure-core message, a label, a plural sentence
    "zh-cn": {"template": "状态：", "status": "草稿",
              "mobile": "请填写 11 位中国大陆手机号码（可带 +86），例如 138 0013 8000。",
              "hours": "您还差 40 学时：已获得 0 学时，要求 40 学时。"},
    "en": {"template": "Status:", "status": "Draft",
           "mobile": "Please enter an 11-digit mainland China mobile number (optionally with +86), e.g. 138 0013 8000.",
           "hours": "You need 40 more training hours: 0 of 40 earned."},
}
OTHER = {"zh-cn": "en", "en": "zh-cn"}


@pytest.mark.parametrize("language", ["zh-cn", "en"])
def test_the_preferred_language_is_what_the_learner_reads(language):
    from openedx.core.djangoapps.lang_pref import LANGUAGE_KEY
    from openedx.core.djangoapps.user_api.preferences.api import set_user_preference

    learner = make_user(f"i18n_{language.replace('-', '_')}", course_key())
    set_user_preference(learner, LANGUAGE_KEY, language)
    client = client_for(learner)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = OTHER[language]
    expected = EXPECTED[language]

    client.get(f"/xblock/{FORM}")  # the LMS answers with the preference's cookie
    html = client.get(f"/xblock/{FORM}").content.decode("utf-8")
    Figures.check(expected["template"] in html and EXPECTED[OTHER[language]]["template"] not in html, html[:800])

    status, body = call(client, FORM, "save_application", {"mobile": "123"})
    Figures.check(status == 400 and body["error"]["field"] == "mobile", body)
    Figures.check(body["error"]["message"] == expected["mobile"], body["error"])
    Figures.check(body["error"]["state"]["status_label"] == expected["status"], body["error"]["state"]["status"])

    status, gate = call(client, GATE, "gate_status", method="get")
    Figures.check(status == 200 and gate["reasons"][0] == expected["hours"], gate.get("reasons"))
