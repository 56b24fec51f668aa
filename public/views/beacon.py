"""The view beacon: counts real reads for Most Read.

The article page posts here with ``navigator.sendBeacon`` after it loaded, so reads
are counted even when a CDN served the page. Cheap by design: bots are dropped by
user agent, a reader counts once per article per half hour (a cache key, no
database), and a count is one UPDATE (an INSERT the first time of the day).
"""

import hashlib
import re

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import HttpResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from articles.models import Article, DailyReadCount
from public.caching import make_private

REPEAT_WINDOW_SECONDS = 30 * 60
BOT_AGENTS = re.compile(
    r"bot|crawl|spider|slurp|facebookexternalhit|embedly|preview|monitor|headless|python|curl|wget|httpclient|"
    r"java/|go-http|lighthouse|pingdom|uptime",
    re.IGNORECASE,
)


def is_bot(user_agent):
    return not user_agent or bool(BOT_AGENTS.search(user_agent))


def client_ip(request):
    if settings.SECURE_PROXY_SSL_HEADER:  # behind our own proxy: it appends the real address
        forwarded = request.headers.get("X-Forwarded-For", "")
        if forwarded:
            return forwarded.split(",")[0].strip()
    return request.META.get("REMOTE_ADDR", "")


def record_view(article_id, day):
    """Add one read of ``article_id`` on ``day``: an atomic UPDATE … + 1, or the first row."""
    if DailyReadCount.objects.filter(article_id=article_id, day=day).update(reads=F("reads") + 1):
        return
    try:
        with transaction.atomic():
            DailyReadCount.objects.create(article_id=article_id, day=day, reads=1)
    except IntegrityError:  # another request created today's row first
        DailyReadCount.objects.filter(article_id=article_id, day=day).update(reads=F("reads") + 1)


@csrf_exempt  # no session, no state worth forging: the worst a forged POST does is count a read
@require_POST
def view_beacon(request, pk):
    response = HttpResponse(status=204)
    make_private(response)
    if is_bot(request.headers.get("User-Agent", "")):
        return response
    # The address is hashed: the cache never holds a reader's IP (see the privacy policy).
    reader = hashlib.sha256(f"{settings.SECRET_KEY}:{client_ip(request)}".encode()).hexdigest()[:24]
    if not cache.add(f"viewed:{reader}:{pk}", 1, REPEAT_WINDOW_SECONDS):
        return response
    if Article.objects.published().filter(pk=pk).exists():
        record_view(pk, timezone.localdate())
    return response
