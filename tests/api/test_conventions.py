"""Conventions that hold for every address under /api/v1/, not only for its operations:
errors are problem details, and the API's own description is cached like any GET."""

import pytest

pytestmark = pytest.mark.django_db
API = "/api/v1"


@pytest.mark.parametrize(
    ("method", "path", "allowed"),
    [
        ("delete", "/articles", {"GET", "POST"}),
        ("put", "/sections", {"GET"}),
        ("patch", "/breaking", {"GET"}),
        ("post", "/openapi.json", {"GET"}),
        ("delete", "/docs", {"GET"}),
    ],
)
def test_a_method_an_address_does_not_take_is_a_405_problem(client, method, path, allowed):
    response = getattr(client, method)(API + path)
    assert response.status_code == 405
    assert response["Content-Type"] == "application/problem+json"
    assert {m.strip() for m in response["Allow"].split(",")} == allowed
    problem = response.json()
    assert problem["status"] == 405 and problem["title"] == "Method Not Allowed"
    assert problem["instance"] == API + path
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("path", ["/nothing-here", "/", "/articles/12/nothing", "/sections/x/y"])
def test_an_unknown_address_is_a_404_problem(client, path):
    response = client.get(API + path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["status"] == 404 and problem["instance"] == API + path


@pytest.mark.parametrize("path", ["/openapi.json", "/docs"])
def test_the_description_and_docs_answer_a_conditional_get(client, path):
    first = client.get(API + path)
    assert first.status_code == 200
    assert first["ETag"].startswith('"')
    assert "public" in first["Cache-Control"] and "max-age=" in first["Cache-Control"]
    again = client.get(API + path, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""


def test_a_public_page_outside_the_api_keeps_its_own_405(client):
    # The problem-details rule is the API's; the reader site's 405 stays as it is.
    response = client.delete("/")
    assert response.status_code == 405
    assert response["Content-Type"] != "application/problem+json"
