"""The interface language (issue 14): public pages in the site's language with real
Arabic and Spanish catalogues, right to left in Arabic, dates written the language's
way; the admin in each editor's language; English pages exactly as before."""

from datetime import UTC, datetime

import pytest
from django.template import Context, Template, TemplateSyntaxError
from django.urls import reverse
from django.utils import translation

from articles.models import Article, Correction
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    BreakingItemFactory,
    parse_html,
    section,
)

pytestmark = pytest.mark.django_db

# 14 Sep 2021 09:39 in Beirut (the site's time zone): the seed article's time.
SEED_TIME = datetime(2021, 9, 14, 6, 39, tzinfo=UTC)
ARABIC_BODY = (
    "<p>عقد الرئيس السوري بشار الأسد اجتماعاً مع نظيره الروسي فلاديمير بوتين في موسكو، حيث ناقش "
    "الجانبان التقدم المحرز في العملية السياسية وعودة اللاجئين.</p>"
)


def _default_edition_speaks(settings, language, direction):
    """SITE_LANGUAGE=<language>: the default edition (no URL prefix) speaks it, as the
    settings module makes it at start-up."""
    settings.LANGUAGE_CODE = language
    default = settings.EDITIONS[settings.DEFAULT_EDITION]
    settings.EDITIONS = {
        **settings.EDITIONS,
        settings.DEFAULT_EDITION: {**default, "language": language, "direction": direction},
    }


@pytest.fixture
def arabic_site(settings):
    _default_edition_speaks(settings, "ar", "rtl")


@pytest.fixture
def spanish_site(settings):
    _default_edition_speaks(settings, "es", "ltr")


@pytest.fixture
def story():
    author, other = AuthorFactory(name="Lina Haddad"), AuthorFactory(name="Omar Aziz")
    article = ArticleFactory(
        headline="بوتين: الجهود المشتركة هزمت الإرهاب في سوريا",
        body=ARABIC_BODY * 4,
        language="ar",
        source="Al Mayadeen",
        section=section("news/politics"),
        published_at=SEED_TIME,
        authors=[author, other],
    )
    article.tags.add("سوريا")
    BreakingItemFactory(text="استئناف محادثات وقف إطلاق النار في موسكو")
    return article


def html_root(response):
    return parse_html(response).getroottree().getroot()


def test_english_pages_are_unchanged_left_to_right(client, story):
    story.language = "en"
    story.save()
    response = client.get(story.get_absolute_url())
    root = html_root(response)
    assert (root.get("lang"), root.get("dir")) == ("en", "ltr")
    text = root.text_content()
    assert "1 Min Read" in text and "14 Sep 2021 09:39" in text and "By Lina Haddad and Omar Aziz" in text
    assert response["Content-Language"] == "en"


def test_an_arabic_article_page_is_right_to_left_with_arabic_labels_and_dates(client, arabic_site, story):
    response = client.get(story.get_absolute_url())
    root = html_root(response)
    assert (root.get("lang"), root.get("dir")) == ("ar", "rtl")
    assert response["Content-Language"] == "ar"
    text = root.text_content()
    assert "14 سبتمبر 2021 09:39" in text
    assert "دقيقة واحدة للقراءة" in text  # reading time, in Arabic's singular
    assert "بقلم Lina Haddad و Omar Aziz" in " ".join(text.split())
    assert "المصدر: Al Mayadeen" in text
    assert root.xpath('//nav[@aria-label="مسار التنقل"]//a/text()')[0] == "الرئيسية"
    assert root.xpath('//a[@class="ticker-label"]/text()') == ["عاجل"]
    assert "Min Read" not in text and "Source:" not in text and "BREAKING" not in text
    # The story is in the page's language: no lang of its own.
    assert root.xpath("//article[contains(@class, 'article ')]/@lang") == []


def test_a_story_in_another_language_than_the_page_says_so(client, arabic_site, story):
    story.language = "en"
    story.save()
    article = html_root(client.get(story.get_absolute_url())).xpath("//article[contains(@class, 'article ')]")[0]
    assert (article.get("lang"), article.get("dir")) == ("en", "ltr")
    # Its card on the home page too.
    card = html_root(client.get("/")).xpath("//article[contains(@class, 'card')]")[0]
    assert (card.get("lang"), card.get("dir")) == ("en", "ltr")
    story.language = "ar"
    story.save()
    assert html_root(client.get("/")).xpath("//article[contains(@class, 'card')]/@lang") == []


@pytest.mark.parametrize(
    ("url_name", "kwargs", "label"),
    [
        ("public:home", {}, "الأكثر قراءة"),
        ("public:search", {}, "ابحث"),
        ("public:breaking", {}, "الأخبار العاجلة"),
        ("public:corrections", {}, "تصحيحات وتوضيحات"),
        ("public:authors", {}, "الكتّاب"),
    ],
)
def test_arabic_pages_carry_arabic_labels(client, arabic_site, story, url_name, kwargs, label):
    response = client.get(reverse(url_name, kwargs=kwargs))
    root = html_root(response)
    assert (root.get("lang"), root.get("dir")) == ("ar", "rtl")
    assert label in root.text_content()
    assert root.xpath('//a[@class="skip-link"]/text()') == ["انتقل إلى المحتوى"]


def test_the_arabic_section_page_and_its_pagination(client, arabic_site, story):
    for n in range(25):
        ArticleFactory(headline=f"خبر رقم {n}", section=section("news/politics"), language="ar")
    root = html_root(client.get("/news/politics"))
    assert root.get("dir") == "rtl"
    pagination = root.xpath('//nav[@class="pagination"]')[0]
    assert pagination.get("aria-label") == "الصفحات"
    assert "الصفحة 1 من 2" in pagination.text_content()
    assert pagination.xpath('.//a[@rel="next"]')[0].text_content().split() == ["الأقدم", "→"]
    # The arrow is marked, so that the stylesheet can mirror it in a right-to-left page.
    assert pagination.xpath('.//a[@rel="next"]/span[@class="arrow"]')


def test_an_arabic_404_and_search_without_results(client, arabic_site):
    response = client.get("/news/politics/no-such-story")
    assert response.status_code == 404
    root = html_root(response)
    assert root.xpath("//h1/text()") == ["الصفحة غير موجودة"] and root.get("dir") == "rtl"
    root = html_root(client.get("/search?q=kremlin"))
    assert "لا مقالات تطابق «kremlin»" in root.text_content()
    # The reader's words keep their own direction inside the Arabic heading.
    assert root.xpath("//h1/bdi/text()") == ["kremlin"]


def test_arabic_search_form_and_its_errors(client, arabic_site):
    root = html_root(client.get("/search?author=nobody"))
    labels = [" ".join(label.text_content().split()) for label in root.xpath('//form[@class="search-form"]//label')]
    assert labels[:3] == ["بحث:", "القسم:", "المنطقة:"]
    assert "لا يوجد كاتب باسم «nobody»." in root.text_content()
    assert root.xpath('//select[@name="format"]/option/text()')[:2] == ["أي نوع", "عادي"]


def test_a_spanish_page_writes_dates_and_reading_time_in_spanish(client, spanish_site, story):
    root = html_root(client.get(story.get_absolute_url()))
    assert (root.get("lang"), root.get("dir")) == ("es", "ltr")
    text = root.text_content()
    assert "14 sept. 2021 09:39" in text and "1 min de lectura" in text and "Por Lina Haddad y Omar Aziz" in text


def test_arabic_plural_forms_of_reading_time(arabic_site):
    template = Template(
        "{% load i18n %}{% blocktranslate count minutes=n %}{{ minutes }} Min Read"
        "{% plural %}{{ minutes }} Min Read{% endblocktranslate %}"
    )
    shown = {n: template.render(Context({"n": n})) for n in (1, 2, 3, 11, 100)}
    assert shown == {
        1: "دقيقة واحدة للقراءة",
        2: "دقيقتان للقراءة",
        3: "3 دقائق للقراءة",
        11: "11 دقيقة للقراءة",
        100: "100 دقيقة للقراءة",
    }


def test_feeds_and_corrections_speak_the_site_language(client, arabic_site, story):
    Correction.objects.create(
        article=story, text="نص التصحيح.", status=Correction.Status.PUBLISHED, published_at=SEED_TIME
    )
    body = client.get(reverse("public:rss_corrections")).content.decode()
    assert "<language>ar</language>" in body and "تصحيح: " in body
    root = html_root(client.get(story.get_absolute_url()))
    assert root.xpath('//aside[@class="corrections-box"]/h2/text()') == ["تصحيح"]


def test_the_newsdate_filter_refuses_an_unknown_kind():
    with pytest.raises(TemplateSyntaxError, match="unknown kind"):
        Template("{% load newsroom %}{{ when|newsdate:'fortnight' }}").render(Context({"when": SEED_TIME}))


def test_the_reader_browser_language_never_changes_a_public_page(client, story):
    response = client.get(story.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="ar")
    assert html_root(response).get("lang") == "en"
    assert "Accept-Language" not in response.get("Vary", "")


# --- the admin ---------------------------------------------------------------------


def test_the_admin_speaks_the_editors_browser_language(editor_client):
    response = editor_client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="ar")
    root = html_root(response)
    assert (root.get("lang"), root.get("dir")) == ("ar", "rtl")
    assert "تسجيل الخروج" in root.text_content()  # Django's own catalogue: "Log out"
    assert "Accept-Language" in response["Vary"]
    # The language does not stay with the thread after the request.
    assert translation.get_language() == "en"


def test_the_admin_stays_english_by_default(editor_client):
    root = html_root(editor_client.get(reverse("admin:index")))
    assert (root.get("lang"), root.get("dir")) == ("en", "ltr")
    assert "Log out" in root.text_content()


def test_an_editor_picks_the_admin_language_in_its_menu(editor_client):
    page = html_root(editor_client.get(reverse("admin:index")))
    options = page.xpath('//form[@class="language-form"]//option')
    assert [(o.get("value"), o.text) for o in options] == [("en", "English"), ("ar", "العربيّة"), ("es", "español")]
    response = editor_client.post(reverse("set_language"), {"language": "es", "next": reverse("admin:index")})
    assert response.status_code == 302
    root = html_root(editor_client.get(reverse("admin:index")))
    assert root.get("lang") == "es" and "Cerrar sesión" in root.text_content()
    # Public pages stay in the site's language whatever the editor chose.
    assert html_root(editor_client.get("/")).get("lang") == "en"


def test_format_names_are_translated_for_readers():
    with translation.override("es"):
        assert str(Article.Format.LIVE.label) == "En vivo"
    assert str(Article.Format.LIVE.label) == "Live"
