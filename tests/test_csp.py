"""newsroom.csp: the settings' policy built once gives exactly django-csp's headers, and
everything django-csp does per request or per response still happens."""

import pytest
from csp import middleware as django_csp
from csp.decorators import csp_exempt, csp_update
from django.http import HttpResponse
from django.test import RequestFactory

from newsroom import csp

RESPONSES = {
    "plain": lambda: HttpResponse("ok"),
    "updated by a view": lambda: csp_update({"img-src": ["https://example.org"]})(lambda r: HttpResponse())(None),
    "exempt": lambda: csp_exempt()(lambda r: HttpResponse())(None),
    "with its own header": lambda: HttpResponse(headers={"Content-Security-Policy": "default-src 'none'"}),
}


def headers(middleware_class, response_kind, use_nonce, path="/news/a-story"):
    request = RequestFactory().get(path)
    mw = middleware_class(lambda r: None)
    mw.process_request(request)
    if use_nonce:
        str(request.csp_nonce)  # a template read it
    response = mw.process_response(request, RESPONSES[response_kind]())
    nonce = getattr(request, "_csp_nonce", None)  # random: named, not compared
    found = {k: v.replace(nonce, "NONCE") if nonce else v for k, v in response.items() if "Security-Policy" in k}
    assert not use_nonce or kind_keeps_nonce(response_kind) == ("'nonce-NONCE'" in str(found))
    return found, request


def kind_keeps_nonce(response_kind):
    return response_kind in ("plain", "updated by a view")


@pytest.mark.parametrize("kind", RESPONSES)
@pytest.mark.parametrize("use_nonce", [False, True])
@pytest.mark.parametrize(
    "policy_ro",
    [None, {"DIRECTIVES": {"default-src": ["'self'"], "report-uri": ["/csp-report"]}}],
    ids=["no report-only", "report-only"],
)
def test_the_headers_are_django_csps(settings, kind, use_nonce, policy_ro):
    if policy_ro:
        settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = policy_ro
    ours, _ = headers(csp.CSPMiddleware, kind, use_nonce)
    theirs, _ = headers(django_csp.CSPMiddleware, kind, use_nonce)
    assert ours == theirs
    assert ours or kind == "exempt"


def test_a_changed_setting_changes_the_policy(settings):
    before, _ = headers(csp.CSPMiddleware, "plain", False)
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": ["'none'"]}}
    after, _ = headers(csp.CSPMiddleware, "plain", False)
    assert before != after == {"Content-Security-Policy": "default-src 'none'"}


def test_excluded_prefixes_get_no_header(settings):
    settings.CONTENT_SECURITY_POLICY = {**settings.CONTENT_SECURITY_POLICY, "EXCLUDE_URL_PREFIXES": ["/news/"]}
    assert headers(csp.CSPMiddleware, "plain", False)[0] == {}


def test_reading_the_nonce_after_the_header_was_written_is_an_error():
    _, request = headers(csp.CSPMiddleware, "plain", False)
    with pytest.raises(django_csp.CSPNonceError):
        str(request.csp_nonce)
