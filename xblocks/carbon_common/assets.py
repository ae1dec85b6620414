"""Browser code the blocks share, added inline to their fragments.

The LMS serves a block's ``public/`` files from that block's own package only, so the shared script
(``carbon_common/public/js/carbon_http.js``, defining ``window.CarbonHttp``) travels as inline text. It defines
``window.CarbonHttp`` only once, so several blocks on one page may each add it.
"""
from xblock.utils.resources import ResourceLoader

SHARED_JS = "public/js/carbon_http.js"


def shared_js():
    """The text of the shared script."""
    return ResourceLoader("carbon_common").load_unicode(SHARED_JS)


def add_shared_js(fragment):
    """Add the shared script to `fragment` (before the block's own script, which uses ``window.CarbonHttp``)."""
    fragment.add_javascript(shared_js())
    return fragment
