"""Public paths of content, reversed once per worker rather than once per link.

A page links to 80–160 articles, sections, authors and tags; ``reverse()`` took 2.6–5.2
ms of each page (issue 13). A path depends only on the URL map, the script prefix and
the URL's arguments, so it is memoised on exactly those: a moved article asks for a
different path (new arguments), never a stale one.
"""

import functools

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

# Enough for every section and author and the articles a worker serves in a busy hour.
PATHS_KEPT = 50_000


@functools.lru_cache(maxsize=PATHS_KEPT)
def _reverse(name, items, prefix, urlconf, current_app):
    return reverse(name, urlconf=urlconf, kwargs=dict(items), current_app=current_app)


def public_path(name, current_app=None, **kwargs):
    """``reverse(name, kwargs=kwargs, current_app=current_app)``, memoised per worker
    (see the module docstring). ``current_app`` is the URL map's instance namespace: an
    edition's (``Edition.namespace``, "public-ar") gives that edition's path. Raises
    ``NoReverseMatch`` as ``reverse`` does (failures are not memoised)."""
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    return _reverse(name, tuple(sorted(kwargs.items())), get_script_prefix(), urlconf, current_app)
