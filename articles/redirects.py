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
