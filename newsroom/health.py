"""``/healthz`` for load balancers: database and cache status, 200 or 503.

A middleware at the top of the stack, so a probe never creates a session, never
needs a CSRF cookie, and is answered whatever Host header the balancer sends.
"""

import json
import time
import uuid

from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse

PATH = "/healthz"


def _check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone()[0] == 1


def _check_cache():
    key = f"healthz:{uuid.uuid4().hex}"
    cache.set(key, "ok", 10)
    ok = cache.get(key) == "ok"
    cache.delete(key)
    return ok


def health_status():
    """{"database": "ok"|"error: …", "cache": …}, and whether all is well."""
    report, healthy = {}, True
    for name, check in (("database", _check_database), ("cache", _check_cache)):
        started = time.perf_counter()
        try:
            ok = check()
            report[name] = "ok" if ok else "error: unexpected answer"
        except Exception as exc:  # any failure of a dependency is a 503, never a 500
            ok = False
            report[name] = f"error: {type(exc).__name__}"
        report[f"{name}_ms"] = round((time.perf_counter() - started) * 1000, 1)
        healthy &= ok
    return report, healthy


class HealthCheckMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path != PATH:
            return self.get_response(request)
        report, healthy = health_status()
        response = HttpResponse(json.dumps(report), content_type="application/json", status=200 if healthy else 503)
        response["Cache-Control"] = "no-store"
        return response
