"""Refuse request bodies larger than ``settings.REQUEST_MAX_BYTES`` before reading them.

Django reads a whole multipart upload (to memory or a temporary file) before any
form or validator sees it, so the 20 MB image limit alone still let a 300 MB body
be received in full. This middleware answers 413 from the ``Content-Length``
header, first in the stack, without touching the body. A body without a length
(chunked) is never read by Django's WSGI request, so it needs no check here.
"""

from django.conf import settings
from django.http import HttpResponse


class RequestSizeLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return HttpResponse("Bad Content-Length.\n", status=400, content_type="text/plain")
        limit = settings.REQUEST_MAX_BYTES
        if length > limit:
            return HttpResponse(
                f"This request is {length / 2**20:.1f} MB; the limit is {limit // 2**20} MB "
                f"(images may be at most {settings.IMAGE_MAX_BYTES // (1024 * 1024)} MB).\n",
                status=413,
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)
