"""Old URLs keep working: a moved article or section leaves a 301 behind.

The table is ``articles.models.Redirect`` (paths stored decoded, long enough for any
URL our slugs make); ``public.redirects.RedirectFallbackMiddleware`` answers from it.
"""

from django.conf import settings

from articles.models.redirect import Redirect, stored_path


def leave_redirect(old_path, new_path):
    """Send ``old_path`` to ``new_path`` and repoint redirects that led to ``old_path``.

    Both are paths as ``reverse()`` gives them (percent-encoded or not).
    """
    old_path, new_path = stored_path(old_path), stored_path(new_path)
    if old_path == new_path:
        return
    site_id = settings.SITE_ID
    # The new location may itself have been an old location (a rename undone).
    Redirect.objects.filter(site_id=site_id, old_path=new_path).delete()
    # Collapse chains: anything that led to the old path now leads straight to the new one.
    Redirect.objects.filter(site_id=site_id, new_path=old_path).update(new_path=new_path)
    Redirect.objects.update_or_create(site_id=site_id, old_path=old_path, defaults={"new_path": new_path})


def held_paths(paths):
    """{stored old path: new path} of the redirects among ``paths`` (paths as ``reverse()``
    gives them, in one query). A held path is the old address of a story that moved (or
    of a page gone for good, new path ""): links to it must keep answering 301 (410), so
    no other article may take it (``holding_redirect``)."""
    stored = [stored_path(path) for path in paths]
    if not stored:
        return {}
    rows = Redirect.objects.filter(site_id=settings.SITE_ID, old_path__in=stored)
    return dict(rows.values_list("old_path", "new_path"))


def holding_redirect(path, own_path=None):
    """The new path ("" for gone) of the redirect that holds ``path`` against an article
    now at ``own_path`` (None: an article not saved yet), or None when it is free.

    A redirect that leads to ``own_path`` does not hold ``path`` against that article: it
    is the article's own old address, and taking it back undoes a rename
    (``leave_redirect`` then turns the redirect round).
    """
    new_path = held_paths([path]).get(stored_path(path))
    if new_path is None or (own_path is not None and new_path == stored_path(own_path)):
        return None
    return new_path


def held_message(path, new_path):
    """Why an article may not take ``path``, held by a redirect to ``new_path``: for the
    admin's form and the importer's report."""
    if new_path:
        where = f"the old address of a story that moved to {new_path}; the redirect keeps its links working"
    else:
        where = "the address of a page marked gone for good (410)"
    return f"{path} is {where}. Choose another slug, or delete that redirect (Redirects) first."
