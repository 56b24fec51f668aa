"""The page django-axes shows when sign-in is locked (``AXES_LOCKOUT_CALLABLE``)."""

import math

from axes.helpers import get_client_username, get_cool_off, get_failure_limit
from django.contrib import admin
from django.shortcuts import render


def lockout_response(request, original_response=None, credentials=None):
    """429 with the admin's look, saying why and for how long (``AXES_COOLOFF_MINUTES``)."""
    cool_off = get_cool_off(request)
    context = {
        **admin.site.each_context(request),
        "title": "Sign-in temporarily locked",
        "failure_limit": get_failure_limit(request, credentials),
        "username": get_client_username(request, credentials) or "",
        "minutes": math.ceil(cool_off.total_seconds() / 60) if cool_off else None,
    }
    return render(request, "admin/login_locked_out.html", context, status=429)
