"""Live coverage: what a live blog's page shows of its updates, and the small fragment
that open pages poll for new ones.

The page (``render_article``) and the fragment render the same partial,
``articles/_live_updates.html``, from ``live_context()``. The fragment's ETag is made
from the blog's version (its newest update change and its coverage end), read by one
query: a poll that finds nothing new costs that query and a 304, no rendering.
"""

import hashlib

from django.conf import settings
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import render
from django.utils.cache import get_conditional_response, patch_cache_control

from articles.editions import reverse
from public import caching, selectors
from public.metadata import live_update_headline
from public.views.video import video_embed


def live_etag(pk, coverage_ended_at, last_live_change):
    """The strong ETag of a live blog's updates in this version (a quoted string)."""
    parts = (pk, coverage_ended_at and coverage_ended_at.isoformat(), last_live_change and last_live_change.isoformat())
    raw = "|".join(str(p) for p in parts)
    return '"live-' + hashlib.sha256(raw.encode()).hexdigest()[:24] + '"'


def live_context(article):
    """What ``articles/_live_updates.html`` shows of ``article`` (a live blog whose
    ``ordered_updates`` are loaded: pinned first, then newest first)."""
    updates = article.ordered_updates
    for update in updates:
        update.embed = video_embed(update.embed_url)
        update.headline = live_update_headline(update)
    modified = article.modified_at
    return {
        "article": article,
        "updates": updates,
        "key_events": sorted((u for u in updates if u.key_event), key=lambda u: u.posted_at, reverse=True),
        "ended": article.coverage_ended_at is not None,
        "modified": modified,
        "etag": live_etag(article.pk, article.coverage_ended_at, getattr(article, "last_live_change", None)),
        "fragment_url": reverse("public:live_fragment", kwargs={"pk": article.pk}),
        "poll_seconds": settings.LIVE_POLL_SECONDS,
    }


def live_fragment(request, pk):
    """``/liveblog/<pk>/updates``: the updates section of a published live blog.

    304 when the ``If-None-Match`` of the poll is the current version; 404 for anything
    but a published live blog. Public for ``LIVE_FRAGMENT_SECONDS`` (a CDN in front
    then answers a crowd of readers with one request a few seconds), never stored in
    the server's page cache: a new update is in the next answer.
    """
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    version = selectors.live_version(pk)
    if version is None:
        raise Http404("No such live blog")
    etag = live_etag(**version)
    not_modified = get_conditional_response(request, etag=etag)
    if not_modified is None:
        article = selectors.live_article(pk)
        if article is None:  # unpublished between the two queries
            raise Http404("No such live blog")
        response = render(request, "articles/_live_updates.html", live_context(article))
    else:
        response = not_modified
    response["ETag"] = etag
    response["X-Robots-Tag"] = "noindex"
    caching.tag_response(response, [f"live:{pk}", f"article:{pk}"])
    patch_cache_control(response, public=True, max_age=settings.LIVE_FRAGMENT_SECONDS)
    return response
