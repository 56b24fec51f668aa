"""Static pages of imported sites (WordPress pages) as the site's flatpages.

A page is written only where it fits: the site already serves a flatpage at its URL
(About Us, Privacy Policy, Contact Us; ``--map-page`` aims a page at one). Flatpages
have no draft state and the public site serves no other flatpage URL, so any other page
is left out and reported, never stored where no reader could reach it.
"""

from django.conf import settings
from django.contrib.flatpages.models import FlatPage

from articles.text_policy import clean_body
from ingest.pipeline.fields import one_line
from ingest.pipeline.vocabulary import apply_changes


def write_page(record):
    """Update the flatpage a PageRecord fits; (action, label), or (None, reason) when the
    page does not fit and is left out. ImportFailure for a bad title."""
    title = one_line(record.title, "page title", 200, required=True)
    if record.status != "published":
        return None, f"page {title[:60]!r} ({record.status}) left out: flatpages have no draft state"
    page = FlatPage.objects.filter(url=record.url, sites=settings.SITE_ID).first()
    if page is None:
        return None, (
            f"page {title[:60]!r} left out: the site has no page at {record.url} "
            "(give --map-page SLUG=URL to put it in the place of an existing one)"
        )
    # Stored cleaned, as the flatpage's pre_save signal stores it: compared in that form.
    return apply_changes(page, {"title": title, "content": clean_body(record.content_html)}), record.url
