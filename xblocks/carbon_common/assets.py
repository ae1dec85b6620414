"""Browser code the blocks share, added inline to their fragments.

The LMS serves a block's ``public/`` files from that block's own package only, so the shared scripts
(``carbon_common/public/js/carbon_http.js`` defining ``window.CarbonHttp``, ``carbon_dom.js`` defining
``window.CarbonDom``) travel as inline text. Each defines its global only once, so several blocks on one page may
each add them.
"""
from xblock.utils.resources import ResourceLoader

SHARED_JS = ("public/js/carbon_http.js", "public/js/carbon_dom.js")


def shared_js():
    """The text of the shared scripts, in order."""
    loader = ResourceLoader("carbon_common")
    return "\n".join(loader.load_unicode(path) for path in SHARED_JS)


def add_shared_js(fragment):
    """Add the shared scripts to `fragment` (before the block's own scripts, which use ``window.CarbonHttp`` and
    ``window.CarbonDom``)."""
    fragment.add_javascript(shared_js())
    return fragment
