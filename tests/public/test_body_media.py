"""The article page and the API show a body's library images as the library holds them
now, its embeds as click-to-load placeholders (nothing from the provider before the
click, under the same CSP), and its tables."""

import pytest

from api.blocks import body_blocks
from api.present import body_library
from tests.factories import ArticleFactory, ImageFactory, image_upload, parse_html

pytestmark = pytest.mark.django_db


def library_figure(image, caption=""):
    figcaption = f"<figcaption>{caption}</figcaption>" if caption else ""
    return f'<figure><img src="/media/stale.webp" alt="stale" data-file="{image.pk}">{figcaption}</figure>'


def page(client, article):
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    return response


def test_a_library_image_shows_its_renditions_alt_caption_and_credit(client):
    image = ImageFactory(alt_text="Smoke over the port", caption="The port after the blast.", credit="AP")
    article = ArticleFactory(body="<p>One.</p>" + library_figure(image))
    doc = parse_html(page(client, article))
    figure = doc.xpath("//div[@class='article-body']//figure[@class='body-image']")[0]
    img = figure.xpath(".//img")[0]
    assert img.get("src") == image.rendition_url("full", width=1200)
    assert img.get("srcset") == image.uncropped_srcset and img.get("sizes")
    assert img.get("alt") == "Smoke over the port"
    assert "The port after the blast." in figure.text_content() and "(AP)" in figure.text_content()
    assert "stale" not in page(client, article).content.decode()


def test_a_change_to_the_library_image_shows_in_the_story(client):
    image = ImageFactory(alt_text="Smoke", caption="First caption", file=image_upload(width=1600, height=900))
    article = ArticleFactory(body=library_figure(image))
    first = page(client, article).content.decode()
    image.caption, image.focal_x = "Corrected caption", 0.1
    image.save()
    second = page(client, article).content.decode()
    assert "Corrected caption" in second and "First caption" not in second
    assert image.uncropped_srcset in second and first != second


def test_the_story_s_own_caption_wins_over_the_library_s(client):
    image = ImageFactory(caption="Library caption", credit="Reuters")
    article = ArticleFactory(body=library_figure(image, caption="Our own caption"))
    text = parse_html(page(client, article)).xpath("//figure[@class='body-image']/figcaption")[0].text_content()
    assert "Our own caption" in text and "Library caption" not in text and "Reuters" in text


def test_an_image_gone_from_the_library_is_left_out(client):
    image = ImageFactory()
    article = ArticleFactory(body="<p>Still here.</p>" + library_figure(image))
    image.delete()
    content = page(client, article).content.decode()
    assert "Still here." in content and "stale.webp" not in content


def test_the_page_renders_library_images_in_one_query(client, django_assert_max_num_queries):
    few = ArticleFactory(body=library_figure(ImageFactory()))
    many = ArticleFactory(body="".join(library_figure(ImageFactory()) for _ in range(6)))
    page(client, few)
    page(client, many)  # warm the site chrome
    from django.core.cache import cache

    cache.clear()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        page(client, few)
    cache.clear()
    with CaptureQueriesContext(connection) as six:
        page(client, many)
    assert len(six) == len(one)


@pytest.mark.parametrize(
    ("url", "provider", "frame"),
    [
        ("https://youtu.be/dQw4w9WgXcQ", "youtube", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
        ("https://twitter.com/mfa/status/42", "x", "https://platform.twitter.com/embed/Tweet.html?id=42&dnt=true"),
        ("https://t.me/almayadeen/7", "telegram", "https://t.me/almayadeen/7?embed=1"),
    ],
)
def test_an_embed_loads_nothing_from_the_provider_until_asked(client, url, provider, frame):
    article = ArticleFactory(body=f'<p>x</p><figure data-embed="{provider}"><a href="{url}">{url}</a></figure>')
    response = page(client, article)
    doc = parse_html(response)
    assert not doc.xpath("//iframe")
    placeholder = doc.xpath(f"//div[@class='article-body']//figure[@class='embed embed-{provider}']")[0]
    assert placeholder.get("data-embed-frame") == frame
    assert placeholder.xpath(".//button[@class='embed-load']")
    assert placeholder.xpath(".//a[@href]")[0].get("href").startswith("https://")
    csp = response["Content-Security-Policy"]
    frame_src = next(d for d in csp.split(";") if d.strip().startswith("frame-src"))
    assert frame.split("/")[2] in frame_src
    assert "script-src 'self'" in csp and "platform.twitter.com" not in csp.split("script-src")[1].split(";")[0]


def test_a_table_is_shown(client):
    article = ArticleFactory(body="<table><caption>Trucks</caption><tbody><tr><td>Rafah</td></tr></tbody></table>")
    doc = parse_html(page(client, article))
    assert doc.xpath("//div[@class='article-body']//table/caption")[0].text_content() == "Trucks"


# --- API blocks ---------------------------------------------------------------------------


def test_api_blocks_give_library_images_with_renditions_embeds_and_tables(client):
    image = ImageFactory(alt_text="Smoke", caption="Library caption", credit="AP")
    body = (
        "<p>One.</p>"
        + library_figure(image)
        + '<figure data-embed="youtube"><a href="https://www.youtube.com/watch?v=dQw4w9WgXcQ">v</a></figure>'
        + "<table><caption>Trucks</caption><thead><tr><th>Crossing</th></tr></thead>"
        + '<tbody><tr><td colspan="2">Rafah</td></tr></tbody></table>'
    )
    article = ArticleFactory(body=body)
    data = client.get(f"/api/v1/articles/{article.pk}").json()
    kinds = [b["type"] for b in data["blocks"]]
    assert kinds == ["paragraph", "image", "embed", "table"]
    picture, embed, table = data["blocks"][1:]
    assert picture["image"]["id"] == image.pk and picture["alt"] == "Smoke" and picture["caption"] == "Library caption"
    assert picture["image"]["credit"] == "AP"
    assert {r["ratio"] for r in picture["image"]["renditions"]} >= {"16x9", "4x3", "1x1", "full"}
    assert "stale" not in picture["url"]
    assert embed["provider"] == "youtube" and embed["frame"] == "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"
    assert embed["url"] == "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
    assert table["caption"] == "Trucks"
    assert table["head"][0][0] == {"html": "Crossing", "text": "Crossing", "header": True, "colspan": 1, "rowspan": 1}
    assert table["rows"][0][0]["colspan"] == 2


def test_api_blocks_leave_out_an_image_gone_from_the_library():
    image = ImageFactory()
    body = "<p>x</p>" + library_figure(image)
    image.delete()
    assert [b["type"] for b in body_blocks(body, library=body_library(body))] == ["paragraph"]
