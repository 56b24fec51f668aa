"""Text that arrives from the world: each reader decodes what its source encodes exactly
once, plain fields are stored as text, and names are matched ignoring case in every
script, the way the database keeps them unique."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from taggit.models import Tag

from articles.models import Article, Author

pytestmark = pytest.mark.django_db

STORY = (
    "<p>Brent crude rose three percent on Monday as traders weighed new sanctions on exports.</p>"
    "<p>Analysts in London said the move surprised markets that had expected a quieter week.</p>"
)


def call(*args):
    out, err = StringIO(), StringIO()
    call_command("import_articles", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def page(head="", body=f"<article>{STORY}</article>"):
    return (
        "<!doctype html><html lang='en'><head><meta property='og:site_name' content='Example News'>"
        f"{head}</head><body>{body}</body></html>"
    )


def ld(**node):
    node = {"@type": "NewsArticle", "datePublished": "2025-03-24T23:48:00+03:00", **node}
    return f"<script type='application/ld+json'>{json.dumps(node)}</script>"


@pytest.mark.parametrize(
    ("written", "headline"),
    [
        ("Lebanon&#8217;s parliament meets", "Lebanon’s parliament meets"),  # Yoast
        ("&amp;#8220;Peace&amp;#8221; talks stall", "&#8220;Peace&#8221; talks stall"),  # escaped twice
        ("5 &lt; 6 &amp; AT&amp;T wins", "5 < 6 & AT&T wins"),
        ("AT&T &amp;amp; R&D", "AT&T &amp; R&D"),
    ],
)
def test_json_ld_headlines_are_decoded_exactly_once(written, headline, tmp_path):
    (tmp_path / "p.html").write_text(page(ld(headline=written)))
    call(tmp_path / "p.html", "--section", "news/politics")
    assert Article.objects.get().headline == headline


def test_the_pages_own_text_and_attributes_are_decoded_once_by_the_parser(tmp_path):
    head = (
        ld()
        + "<meta name='description' content='Q&amp;amp;A with &amp;lt;analysts&amp;gt;'>"
        + "<meta property='article:tag' content='R&amp;amp;D'>"
        + "<meta property='article:tag' content='Oil &amp; Gas'>"
    )
    body = f"<article><h1>Oil &amp;amp; gas: 5 &lt; 6</h1>{STORY}</article>"
    (tmp_path / "p.html").write_text(page(head, body))
    call(tmp_path / "p.html", "--section", "news/politics")
    article = Article.objects.get()
    assert article.headline == "Oil &amp; gas: 5 < 6"
    assert article.standfirst == "Q&amp;A with &lt;analysts&gt;"
    assert sorted(article.tags.names()) == ["Oil & Gas", "R&amp;D"]


def row(**fields):
    base = {
        "headline": "Talks resume",
        "section": "news/politics",
        "body_html": "<p>The talks resumed.</p>",
        "published_at": "2021-09-14T09:39:00+03:00",
        "authors": [],
        "tags": [],
    }
    return json.dumps({**base, **fields}, ensure_ascii=False)


def run_jsonl(tmp_path, *rows):
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return call(path)


def test_json_lines_fields_are_text_and_stay_as_they_are(tmp_path):
    text = "&lt;svg onload=alert(1)&gt; 5 < 6 & AT&amp;T"
    run_jsonl(tmp_path, row(external_id="a", headline=text, standfirst=text, tags=[text]))
    article = Article.objects.get()
    assert (article.headline, article.standfirst, list(article.tags.names())) == (text, text, [text])
    out, _ = run_jsonl(tmp_path, row(external_id="a", headline=text, standfirst=text, tags=[text]))
    assert "0 created, 0 updated, 1 unchanged, 0 failed" in out  # nothing decoded the second time


def test_names_in_another_case_and_script_are_one_author_and_one_tag(tmp_path):
    run_jsonl(
        tmp_path,
        row(external_id="a", authors=["Işıl Öztürk"], tags=["Ägypten", "ÄGYPTEN", "Straße"]),
        row(external_id="b", authors=["IŞIL ÖZTÜRK"], tags=["ägypten", "STRASSE", "ΣΊΣΥΦΟΣ"]),
        row(external_id="c", authors=["işil öztürk"], tags=["σίσυφος"]),
    )
    assert Article.objects.count() == 3
    assert list(Author.objects.filter(name__startswith="I").values_list("name", flat=True)) == ["Işıl Öztürk"]
    assert sorted(Tag.objects.values_list("name", flat=True)) == ["Straße", "Ägypten", "ΣΊΣΥΦΟΣ"]
    assert sorted(Article.objects.get(external_id="b").tags.names()) == ["Straße", "Ägypten", "ΣΊΣΥΦΟΣ"]
