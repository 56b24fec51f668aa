"""The view beacon: counts real reads for Most Read.

The article page posts here with ``navigator.sendBeacon`` after it loaded, so reads
are counted even when a CDN served the page. What counts as a read, and what it
costs, is decided in ``public.readcount``; ``public.readcount.BeaconMiddleware``
routes beacons here before the rest of the middleware stack.
"""

from django.http import HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from public import readcount
from public.caching import make_private


@csrf_exempt  # no session, no state worth forging; the signed page token is the check
@require_POST
def view_beacon(request, pk):
    readcount.register_read(request, pk)
    return make_private(HttpResponse(status=204))
