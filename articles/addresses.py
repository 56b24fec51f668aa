"""How a browser reads an address: the host it would fetch a URL from.

The text policy (which images and links a body keeps), the embeds (which hosts may be
framed) and the admin all ask ``url_host``, so none of them reads an address more
leniently than a browser does.
"""

import html as html_lib
import re
from urllib.parse import urlsplit

_SPECIAL_SCHEME = re.compile(r"^(https?):[/\\]*", re.IGNORECASE)
# Browsers trim C0 controls and spaces around a URL.
_TRIM = re.compile(r"^[\x00-\x20]+|[\x00-\x20]+$")


def url_host(url):
    """The host a browser would fetch ``url`` from, lower case; "" for a relative URL.

    Read the way browsers read it (the WHATWG URL standard), not the way ``urlsplit``
    does: backslashes are slashes (``/\\evil.com`` and ``https:\\\\evil.com`` are
    evil.com), character references are decoded, tabs and newlines vanish, spaces and
    controls around it are trimmed, and an http(s) URL's host starts after however
    many slashes follow the scheme (``https:evil.com`` too, the stricter reading).
    """
    # bleach hands attribute values over with their character references (&#9;) intact.
    url = _TRIM.sub("", re.sub(r"[\t\n\r]", "", html_lib.unescape(url))).replace("\\", "/")
    url = _SPECIAL_SCHEME.sub(lambda m: m.group(1) + "://", url)
    url = re.sub(r"^/{2,}", "//", url)  # "///evil.com" on our (https) page is evil.com too
    try:
        return (urlsplit(url).hostname or "").rstrip(".")
    except ValueError:  # an unparseable address is nobody's: treat it as foreign
        return "?"
