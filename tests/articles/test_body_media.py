"""Library images, embeds and tables in a body: what the text policy keeps and refuses
(hostile variants included), what the editor's form refuses with a message, who may
change a library image a body shows (its focal point too), the library grid and picker,
and new rendition names for a new focal point."""

import pytest
from django.urls import reverse

from articles import body_media, embeds
from articles.models import Article, Image
from articles.text_policy import clean_body
from tests.articles.test_admin_workflow import add, change_url, form_data, form_errors
from tests.articles.test_least_privilege import drafted_by, image_change
from tests.factories import ArticleFactory, ImageFactory

pytestmark = pytest.mark.django_db

LIBRARY_FIGURE = (
    '<figure><img src="/media/renditions/7/a-full-800-x.webp" alt="Smoke" data-file="7">'
    "<figcaption>Over the port.</figcaption></figure>"
)
TABLE = (
    '<table><caption>Aid trucks a day</caption><thead><tr><th scope="col">Crossing</th><th>Trucks</th></tr>'
    '</thead><tbody><tr><td>Rafah</td><td colspan="2"><p>120</p></td></tr></tbody></table>'
)


def embed_figure(url, provider="youtube"):
    return f'<figure data-embed="{provider}"><a href="{url}">{url}</a></figure>'


# --- the text policy --------------------------------------------------------------------


def test_a_library_figure_keeps_its_image_id_and_nothing_more():
    assert clean_body(LIBRARY_FIGURE) == LIBRARY_FIGURE
    assert body_media.image_ids(clean_body(LIBRARY_FIGURE)) == [7]


@pytest.mark.parametrize(
    ("html", "kept"),
    [
        ('<img src="/media/a.webp" alt="A" data-file="7 onerror=alert(1)">', "<img"),
        ('<img src="/media/a.webp" alt="A" data-file="-7">', "<img"),
        ('<img src="/media/a.webp" alt="A" data-file="javascript:alert(1)">', "<img"),
        ('<img src="/media/a.webp" alt="A" data-file="07">', "<img"),
        ('<figure data-file="7"><img src="/media/a.webp" alt="A"></figure>', "<figure>"),
        ('<a href="/x" data-file="7">x</a>', "<a"),
        ('<img src="/media/a.webp" alt="A" data-id="7" data-src="//evil.example/x.js">', "<img"),
    ],
)
def test_an_image_reference_anywhere_else_or_of_another_shape_is_dropped(html, kept):
    cleaned = clean_body(html)
    assert kept in cleaned
    assert "data-" not in cleaned
    assert body_media.image_ids(cleaned) == []


def test_a_library_figure_from_another_host_loses_its_picture():
    cleaned = clean_body('<figure><img src="https://evil.example/x.gif" alt="A" data-file="7"></figure>')
    assert "<img" not in cleaned


@pytest.mark.parametrize(
    ("url", "provider", "canonical"),
    [
        ("https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=10", "youtube", "https://www.youtube.com/watch?v=dQw4w9WgXcQ"),
        ("https://youtu.be/dQw4w9WgXcQ", "youtube", "https://www.youtube.com/watch?v=dQw4w9WgXcQ"),
        ("https://www.youtube.com/shorts/dQw4w9WgXcQ", "youtube", "https://www.youtube.com/watch?v=dQw4w9WgXcQ"),
        (
            "https://twitter.com/mfa_russia/status/1437791541585555456",
            "x",
            "https://x.com/mfa_russia/status/1437791541585555456",
        ),
        ("https://x.com/AlMayadeenEng/status/123", "x", "https://x.com/AlMayadeenEng/status/123"),
        ("https://t.me/almayadeen/98765", "telegram", "https://t.me/almayadeen/98765"),
    ],
)
def test_embeds_of_the_three_providers_are_kept_in_canonical_form(url, provider, canonical):
    cleaned = clean_body(embed_figure(url, provider="youtube"))  # the address decides the provider
    assert cleaned.startswith(f'<figure data-embed="{provider}"><a href="{canonical.replace("&", "&amp;")}"')
    assert clean_body(cleaned) == cleaned


@pytest.mark.parametrize(
    "url",
    [
        "https://youtube.com.evil.example/watch?v=dQw4w9WgXcQ",
        "https://evilyoutube.com/watch?v=dQw4w9WgXcQ",
        "https://www.youtube.com@evil.example/watch?v=dQw4w9WgXcQ",
        "https://x.com.evil.example/a/status/1",
        "https://x.com@evil.example/a/status/1",
        "https://t.me.evil.example/channel/1",
        "https://xn--youtube-9za.com/watch?v=dQw4w9WgXcQ",
        "https:\\\\evil.example\\youtube.com/watch?v=dQw4w9WgXcQ",
        "https://www.youtube.com:8443/watch?v=dQw4w9WgXcQ",
        "javascript:alert(1)//youtube.com/watch?v=dQw4w9WgXcQ",
        "https://vimeo.com/123456",
        "https://www.facebook.com/watch/?v=1",
        "https://x.com/a/likes",
        "https://t.me/joinchat/abcdef",
    ],
)
def test_an_embed_of_another_or_lookalike_host_is_no_embed(url):
    assert embeds.parse_embed(url) is None
    cleaned = clean_body(embed_figure(url))
    assert "data-embed" not in cleaned
    assert 'href="javascript' not in cleaned


def test_an_embed_figure_with_more_than_one_link_is_no_embed():
    html = (
        '<figure data-embed="youtube"><a href="https://youtu.be/dQw4w9WgXcQ">v</a>'
        '<a href="https://evil.example">x</a></figure>'
    )
    assert "data-embed" not in clean_body(html)


def test_an_unknown_provider_name_is_dropped():
    cleaned = clean_body('<figure data-embed="evil" onclick="x"><a href="https://youtu.be/dQw4w9WgXcQ">v</a></figure>')
    assert 'data-embed="evil"' not in cleaned and "onclick" not in cleaned


def test_a_simple_table_is_kept():
    assert clean_body(TABLE) == TABLE


@pytest.mark.parametrize(
    ("html", "gone"),
    [
        ('<table style="width:100%"><tr><td>1</td></tr></table>', "style"),
        ('<table><tr><td onclick="alert(1)">1</td></tr></table>', "onclick"),
        ('<table><tr><td rowspan="999">1</td></tr></table>', "rowspan"),
        ('<table><tr><td colspan="2 onmouseover=alert(1)">1</td></tr></table>', "colspan"),
        ('<table><tr><th scope="javascript:x">1</th></tr></table>', "scope"),
        ('<table background="javascript:alert(1)"><tr><td>1</td></tr></table>', "background"),
        ("<table><tr><td><script>alert(1)</script>1</td></tr></table>", "script"),
        (
            '<table class="x" width="900" border="1"><colgroup><col width="10"></colgroup><tr><td>1</td></tr></table>',
            "col",
        ),
    ],
)
def test_a_table_keeps_no_style_script_or_layout_attribute(html, gone):
    cleaned = clean_body(html)
    assert "<table>" in cleaned and "<td" in cleaned or "<th" in cleaned
    assert gone not in cleaned.replace("<table>", "")


# --- the editor's form -------------------------------------------------------------------


def test_the_editor_refuses_an_embed_of_another_host_with_a_clear_message(editor_client):
    response = add(editor_client, body="<p>Intro.</p>" + embed_figure("https://vimeo.com/123456"))
    assert response.status_code == 200
    message = form_errors(response)
    assert "cannot be embedded" in message and "vimeo.com" in message and "YouTube, X (Twitter) and Telegram" in message
    assert not Article.objects.exists()


def test_the_editor_keeps_embeds_tables_and_library_figures(editor_client):
    image = ImageFactory()
    figure = LIBRARY_FIGURE.replace('data-file="7"', f'data-file="{image.pk}"')
    body = "<p>Intro.</p>" + embed_figure("https://youtu.be/dQw4w9WgXcQ") + TABLE + figure
    response = add(editor_client, headline="Aid at the crossing", body=body)
    assert response.status_code == 302, form_errors(response)
    stored = Article.objects.get().body
    assert '<figure data-embed="youtube">' in stored
    assert "<caption>Aid trucks a day</caption>" in stored
    assert body_media.image_ids(stored) == [image.pk]


# --- least privilege ------------------------------------------------------------------


def test_writer_cannot_change_an_image_a_published_body_shows(writer_client):
    image = ImageFactory(alt_text="In a published body")
    ArticleFactory(body=f'<p>x</p><figure><img src="/media/a.webp" alt="a" data-file="{image.pk}"></figure>')
    assert image_change(writer_client, image, focal_x="0.1").status_code == 403
    image.refresh_from_db()
    assert image.focal_x == 0.5


def test_a_body_showing_image_12_does_not_count_as_using_image_1(writer, writer_client):
    first = ImageFactory(alt_text="Mine")
    Image.objects.filter(pk=first.pk).update(uploaded_by=writer)
    other = ImageFactory()
    Image.objects.filter(pk=other.pk).update(id=first.pk * 10 + 2)
    ArticleFactory(body=f'<figure><img src="/media/a.webp" alt="a" data-file="{first.pk * 10 + 2}"></figure>')
    first.refresh_from_db()
    assert image_change(writer_client, first, focal_x="0.2").status_code == 302


def test_writer_sets_the_focal_point_of_an_image_only_her_draft_body_shows(writer, writer_client):
    image = ImageFactory(alt_text="Her picture")
    mine = drafted_by(writer)
    Article.objects.filter(pk=mine.pk).update(
        body=f'<figure><img src="/media/a.webp" alt="a" data-file="{image.pk}"></figure>'
    )
    assert image_change(writer_client, image, focal_x="0.2", focal_y="0.3").status_code == 302
    image.refresh_from_db()
    assert (image.focal_x, image.focal_y) == (0.2, 0.3)


# --- renditions follow the focal point ----------------------------------------------------


def test_a_new_focal_point_gives_new_rendition_urls(editor_client):
    image = ImageFactory(alt_text="The port")
    before = {ratio: image.rendition_url(ratio, width=800) for ratio in ("16x9", "4x3", "1x1")}
    assert image_change(editor_client, image, focal_x="0.1", focal_y="0.9").status_code == 302
    image.refresh_from_db()
    after = {ratio: image.rendition_url(ratio, width=800) for ratio in ("16x9", "4x3", "1x1")}
    assert all(after[ratio] and after[ratio] != before[ratio] for ratio in after)
    assert image.file.storage.exists(image.renditions["16x9"][0]["name"])
    assert not image.file.storage.exists(before["16x9"].removeprefix("/media/"))


# --- the library grid and the picker -------------------------------------------------------


def test_the_library_grid_searches_credit_and_filters_by_use(editor_client):
    in_body = ImageFactory(alt_text="Crowd at the crossing", credit="Reuters")
    unused = ImageFactory(alt_text="Empty street", credit="AP")
    ArticleFactory(body=f'<figure><img src="/media/a.webp" alt="a" data-file="{in_body.pk}"></figure>')
    url = reverse("admin:articles_image_changelist")
    found = editor_client.get(url, {"q": "reuters"}).context["cl"].result_list
    assert list(found) == [in_body]
    assert list(editor_client.get(url, {"use": "body"}).context["cl"].result_list) == [in_body]
    assert list(editor_client.get(url, {"use": "unused"}).context["cl"].result_list) == [unused]
    page = editor_client.get(url).content.decode()
    assert 'class="media-grid"' in page and in_body.rendition_url("1x1", width=240) in page


def test_the_picker_searches_the_library_and_hands_over_the_id_never_the_original(writer_client):
    wanted = ImageFactory(alt_text="Smoke over the port", caption="Beirut port")
    ImageFactory(alt_text="Something else")
    response = writer_client.get(reverse("admin:articles_image_picker"), {"q": "port", "CKEditorFuncNum": "-1"})
    assert response.status_code == 200
    page = response.content.decode()
    assert f'data-id="{wanted.pk}"' in page and "Something else" not in page
    assert wanted.rendition_url("full", width=800) in page
    assert wanted.file.url not in page
    assert 'data-func-num="-1"' in page


def test_the_editor_offers_the_library_picker_tables_and_embeds(editor_client):
    page = editor_client.get(reverse("admin:articles_article_add")).content.decode()
    assert reverse("admin:articles_image_picker") in page
    assert "editor-embeds.js" in page
    assert "&quot;Table&quot;" in page or '"Table"' in page


def test_the_editor_and_the_api_show_a_re_cropped_library_image_at_its_current_rendition(editor_client, client):
    image = ImageFactory(alt_text="The port")
    stale = image.rendition_url("full", width=800)
    article = ArticleFactory(body=f'<p>x</p><figure><img src="{stale}" alt="old" data-file="{image.pk}"></figure>')
    image.focal_x = 0.1
    image.save()
    current = image.rendition_url("full", width=800)
    assert current != stale
    body = form_data(editor_client.get(change_url(article)))["body"]
    assert current in body and stale not in body and 'alt="The port"' in body
    api_body = client.get(f"/api/v1/articles/{article.pk}").json()["body_html"]
    assert current in api_body and stale not in api_body
