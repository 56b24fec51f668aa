"""The template helpers that reshape stored HTML for the page it is shown on."""

import pytest
from django.template import Context, Template
from django.utils.safestring import mark_safe

from public.templatetags.newsroom import outline_headings


@pytest.mark.parametrize(
    "body, top, expected",
    [
        # Sub-headings from an importer start at h3 under the page's h1: moved up.
        ("<h3>A</h3><p>x</p><h4>B</h4><h3>C</h3>", 2, "<h2>A</h2><p>x</p><h3>B</h3><h2>C</h2>"),
        # A well-formed outline is left as it is.
        ("<h2>A</h2><h3>B</h3><h4>C</h4><h2>D</h2>", 2, "<h2>A</h2><h3>B</h3><h4>C</h4><h2>D</h2>"),
        # Never more than one level down from the heading before.
        ("<h2>A</h2><h4 id='x'>B</h4>", 2, "<h2>A</h2><h3 id='x'>B</h3>"),
        # Under a live update's <h3> title, the body starts at h4.
        ("<h2>A</h2><p>x</p><h3>B</h3><h2>C</h2>", 4, "<h4>A</h4><p>x</p><h5>B</h5><h4>C</h4>"),
        # A first heading lower than a later one: both at the top, never above it.
        ("<h4>A</h4><h2>B</h2><h3>C</h3>", 2, "<h2>A</h2><h2>B</h2><h3>C</h3>"),
        ("<p>No headings</p>", 2, "<p>No headings</p>"),
        (None, 2, ""),
    ],
)
def test_outline_headings_leaves_no_level_skipped(body, top, expected):
    assert outline_headings(body, top) == expected


def test_outline_headings_keeps_text_that_only_looks_like_a_heading():
    assert outline_headings("<h3>&lt;h1&gt; tags</h3><p>h4 and <hr> rules</p>", 2) == (
        "<h2>&lt;h1&gt; tags</h2><p>h4 and <hr> rules</p>"
    )


def test_outline_headings_keeps_safe_input_safe_and_escapes_the_rest():
    template = Template("{% load newsroom %}{{ body|outline_headings:2 }}")
    assert template.render(Context({"body": mark_safe("<h3>A</h3>")})) == "<h2>A</h2>"
    assert template.render(Context({"body": "<h3>A</h3>"})) == "&lt;h2&gt;A&lt;/h2&gt;"
