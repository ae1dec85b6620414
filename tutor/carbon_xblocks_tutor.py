"""Tutor plugin: the learner's application decision on the course home of the learning MFE (Open edX Teak, Tutor 20).

Adds a widget to the learning MFE's slot ``org.openedx.frontend.learning.course_outline_tab_notifications.v1`` (the
course outline tab's sidebar, between Course Tools and Course Dates; props ``courseId`` and ``model``) through
tutor-mfe's ``PLUGIN_SLOTS`` filter. The widget's code is the package's own browser scripts
(``xblocks/carbon_common/public/js/application_notice.js`` and ``course_home_decision.js``), put into the MFE's
``env.config.jsx`` by the ``mfe-env-config-runtime-definitions-learning`` patch, where the learning MFE's own React
and frontend-platform are imported: no npm package and no fork of the MFE. The widget reads the plugin app's
``GET <LMS>/carbon_xblocks/courses/<course>/application_status/``.

Install (README, "Install into Open edX"): link this file into ``$(tutor plugins printroot)`` (the link keeps it
beside the scripts), ``tutor plugins enable carbon_xblocks_tutor``, ``tutor images build mfe``. Not imported by the
carbon-xblocks package; outside Tutor (the project's tests) importing it only defines what it would add.
"""
from pathlib import Path

SLOT_ID = "org.openedx.frontend.learning.course_outline_tab_notifications.v1"
MFE = "learning"
SCRIPTS = ("application_notice.js", "course_home_decision.js")
COMPONENT = "CarbonApplicationDecision"
SLOT_CONFIG = (
    "{ op: PLUGIN_OPERATIONS.Insert, widget: { id: 'carbon_application_decision', type: DIRECT_PLUGIN, "
    f"priority: 10, RenderWidget: {COMPONENT} }} }}"
)


def scripts_dir() -> Path:
    """The folder of the widget's scripts: the repository's (this file linked into Tutor's plugin root is resolved
    to its place in the repository), or a ``js/`` folder beside a copy of this file."""
    here = Path(__file__).resolve().parent
    for candidate in (here.parent / "xblocks" / "carbon_common" / "public" / "js", here / "js"):
        if all((candidate / name).is_file() for name in SCRIPTS):
            return candidate
    raise FileNotFoundError(f"{', '.join(SCRIPTS)} not found beside {here}: link this file, do not copy it alone")


def module_expression(source: str) -> str:
    """A script written for node and the browser (``module.exports`` when ``module`` is an object) as an expression
    giving its exports, with ``module`` its own parameter (no free ``module`` in the MFE's ES module)."""
    return "(function (module) {\n" + source.rstrip() + "\nreturn module.exports;\n}({exports: {}}))"


def runtime_definitions(directory: Path | None = None) -> str:
    """The patch's JavaScript: runs inside ``env.config.jsx``'s async ``setConfig`` when ``APP_ID`` is ``learning``,
    before the slot's ``addPlugins``; in a Jinja ``raw`` block, since Tutor renders patches as templates."""
    directory = directory or scripts_dir()
    notice, widget = (module_expression((directory / name).read_text(encoding="utf-8")) for name in SCRIPTS)
    return "\n".join([
        "{% raw %}",
        "const carbonReactModule = await import('react');",
        "const carbonAuth = await import('@edx/frontend-platform/auth');",
        "const carbonPlatform = await import('@edx/frontend-platform');",
        f"const carbonNotice = {notice};",
        f"const {COMPONENT} = {widget}.create(",
        "  carbonReactModule.default || carbonReactModule, carbonAuth.getAuthenticatedHttpClient,",
        "  () => carbonPlatform.getConfig().LMS_BASE_URL, carbonNotice);",
        "{% endraw %}",
    ])


def register(hooks, plugin_slots) -> None:
    """Add the patch and the slot's widget to Tutor's filters."""
    hooks.Filters.ENV_PATCHES.add_item((f"mfe-env-config-runtime-definitions-{MFE}", runtime_definitions()))
    plugin_slots.add_items([(MFE, SLOT_ID, SLOT_CONFIG)])


try:
    from tutor import hooks as tutor_hooks
except ImportError:  # imported outside Tutor: definitions only
    tutor_hooks = None
if tutor_hooks is not None:
    from tutormfe.hooks import PLUGIN_SLOTS  # the mfe plugin (tutor-mfe) must be installed and enabled

    register(tutor_hooks, PLUGIN_SLOTS)
