"""Import files built to hurt the importer: each bad item fails alone with its reason,
nothing is read outside what the operator named, and parsing stays linear in size."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from articles.models import Article
from tests.ingest.test_import_bad_input import good, html_page

pytestmark = pytest.mark.django_db


def run(*paths, fails=True):
    out, err = StringIO(), StringIO()
    if fails:
        with pytest.raises(CommandError, match=r"failed"):
            call_command("import_articles", *map(str, paths), stdout=out, stderr=err)
    else:
        try:
            call_command("import_articles", *map(str, paths), stdout=out, stderr=err)
        except CommandError:
            pytest.fail(err.getvalue())
    return out.getvalue(), err.getvalue()


def six_good_lines_around(bad):
    rows = [good(url=f"/news/politics/good-{n}", headline=f"Good {n}") for n in range(6)]
    return "\n".join(rows[:3] + [bad] + rows[3:]) + "\n"


# --- JSON: nesting and duplicate keys ---------------------------------------------


@pytest.mark.parametrize("levels", [65, 100_000])
def test_a_deeply_nested_line_fails_alone(tmp_path, levels):
    path = tmp_path / "deep.jsonl"
    deep = '{"headline": "Deep", "extra": ' + "[" * levels + "]" * levels + "}"
    path.write_text(six_good_lines_around(deep))
    out, err = run(path)
    assert err.strip().splitlines() == [f"{path}:4: JSON nested deeper than 64 levels"]
    assert Article.objects.count() == 6
    assert "6 created, 0 updated, 0 unchanged, 1 failed" in out


def test_a_deeply_nested_first_line_is_still_json_lines(tmp_path):
    path = tmp_path / "deep-first.txt"
    path.write_text('{"x": ' + "[" * 100_000 + "]" * 100_000 + "}\n" + good() + "\n")
    out, err = run(path)
    assert f"{path}:1: JSON nested deeper than 64 levels" in err
    assert "1 created, 0 updated, 0 unchanged, 1 failed" in out


def test_duplicate_keys_are_an_error(tmp_path):
    path = tmp_path / "dupkey.jsonl"
    line = good(status="draft")[:-1] + ', "status": "published"}'
    path.write_text(six_good_lines_around(line))
    out, err = run(path)
    assert err.strip().splitlines() == [f"{path}:4: duplicate key 'status' in a JSON object"]
    assert Article.objects.count() == 6
    assert not Article.objects.filter(status="draft").exists()


def test_duplicate_keys_in_a_nested_object_are_an_error(tmp_path):
    path = tmp_path / "dupkey.jsonl"
    path.write_text(good(hero_image={"file": "a.jpg", "alt": "x"}).replace('"alt": "x"', '"alt": "x", "alt": "y"'))
    _, err = run(path)
    assert f"{path}:1: duplicate key 'alt' in a JSON object" in err


def ld_page(ld):
    head = (
        f'<script type="application/ld+json">{ld}</script>'
        '<meta property="article:published_time" content="2024-01-02T10:00:00Z">'
    )
    return html_page(head, "<article><h1>A headline here</h1><p>Body text of the story.</p></article>")


@pytest.mark.parametrize(
    ("ld", "reason"),
    [
        ('{"@type": "NewsArticle", "headline": "A", "headline": "B"}', "JSON-LD: duplicate key 'headline'"),
        # Not JSON (single quotes): read by the JSON5 parser, which has the same rules.
        ("{'@type': 'NewsArticle', 'author': 'A', 'author': 'B'}", "JSON-LD: duplicate key 'author'"),
        ('{"@type": "NewsArticle", "x": ' + "[" * 5000 + "]" * 5000 + "}", "JSON-LD: JSON nested deeper than 64"),
        ("{'@type': 'NewsArticle', 'x': " + "[" * 3000 + "]" * 3000 + "}", "JSON-LD: JSON nested deeper than 64"),
        ('{"@type": "NewsArticle", "x": ' + "[" * 200 + "]" * 200 + "}", "JSON-LD: JSON nested deeper than 64"),
    ],
    ids=["json-dup", "json5-dup", "json-deep", "json5-deep", "json-200"],
)
def test_json_ld_with_duplicate_keys_or_deep_nesting_fails_the_page(tmp_path, ld, reason):
    path = tmp_path / "page.html"
    path.write_text(ld_page(ld))
    out, err = run(path)
    assert f"{path}: {reason}" in err
    assert "Traceback" not in err
    assert not Article.objects.exists()


def test_json_ld_that_is_fine_still_imports(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(
        ld_page(
            "{'@type': 'NewsArticle', 'headline': 'A headline here', 'author': 'Jane Roe', "
            "'articleSection': 'Politics',}"
        )
    )
    out, err = run(path, fails=False)
    assert err == ""
    assert Article.objects.get().headline == "A headline here"
