"""django-csp's middleware with the settings' policy built once, not on every response.

django-csp builds the ``Content-Security-Policy`` header text from the settings on every
response (``csp.utils.build_policy``: 0.05–0.1 ms, a third of a page-cache hit and of a
static file's time). Most responses carry exactly the settings' policy: no nonce was
asked for and no view decorator (``csp_update``, ``csp_replace``, ``csp_exempt``...)
changed it. For those the text is built once per settings (rebuilt when a test
overrides a setting); every other response goes through django-csp unchanged.
"""

import functools

from csp import middleware
from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.utils import build_policy
from django.conf import settings
from django.core.signals import setting_changed

# What a view decorator of django-csp sets on a response: any of them, and the response
# is given to django-csp itself.
_PER_RESPONSE = (
    "_csp_config",
    "_csp_update",
    "_csp_replace",
    "_csp_exempt",
    "_csp_config_ro",
    "_csp_update_ro",
    "_csp_replace_ro",
    "_csp_exempt_ro",
)


@functools.cache
def _settings_policies():
    """``(policy, report-only policy)`` of the settings alone (each "" when none)."""
    return build_policy(), build_policy(report_only=True)


def _settings_changed(setting, **kwargs):
    if setting.startswith("CONTENT_SECURITY_POLICY"):
        _settings_policies.cache_clear()


setting_changed.connect(_settings_changed, dispatch_uid="newsroom_csp_settings_changed")


class CSPMiddleware(middleware.CSPMiddleware):
    """``csp.middleware.CSPMiddleware``, answering the common case from a memo.

    The common case: the request's nonce was never read, no django-csp decorator marked
    the response, the response has no such header yet, its path is outside the
    policy's ``EXCLUDE_URL_PREFIXES`` and DEBUG's exemption of error pages does not
    apply. The headers set then are exactly django-csp's (tests/test_csp.py compares).
    """

    def process_response(self, request, response):
        if (
            getattr(request, "_csp_nonce", None) is not None
            or settings.DEBUG
            or any(hasattr(response, attr) for attr in _PER_RESPONSE)
            or HEADER in response
            or HEADER_REPORT_ONLY in response
            or _excluded(request.path_info)
        ):
            return super().process_response(request, response)
        policy, report_only = _settings_policies()
        if policy:
            response[HEADER] = policy
        if report_only:
            response[HEADER_REPORT_ONLY] = report_only
        # As django-csp does: reading the nonce from here on is an error, not a new nonce.
        request.csp_nonce = middleware.CheckableLazyObject(self._csp_nonce_post_response)
        return response


def _excluded(path):
    for name in ("CONTENT_SECURITY_POLICY", "CONTENT_SECURITY_POLICY_REPORT_ONLY"):
        prefixes = (getattr(settings, name, None) or {}).get("EXCLUDE_URL_PREFIXES") or ()
        if prefixes and path.startswith(tuple(prefixes)):
            return True
    return False
