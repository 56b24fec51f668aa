"""The Arabic site in a real browser (issue 14): right to left, with Arabic stories,
labels and dates. The layout tests that hold the English site run here as they are
(same pages, same bounds), and a few things only a right-to-left page can get wrong
are checked besides. Writes screenshots/rtl-<page>-<width>.png for people to review.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.editions import reverse
from tests.browser import test_accessibility as accessibility
from tests.browser import test_layout_stability as layout
from tests.browser.content import build_newsroom
from tests.browser.helpers import PHONE, horizontal_overflow, screenshot
from tests.factories import ArticleFactory, BreakingItemFactory, ImageFactory, image_upload, section

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# Written for these tests: plausible news prose, long enough to wrap many times.
ARABIC_PARAGRAPH = (
    "عقد الرئيس السوري بشار الأسد اجتماعاً مع نظيره الروسي فلاديمير بوتين في موسكو، حيث ناقش الجانبان "
    "التقدم المحرز في العملية السياسية وعودة اللاجئين، إضافة إلى إعادة إعمار البنية التحتية التي تضررت "
    "خلال سنوات الحرب الطويلة. وقال مسؤولون إن المحادثات استمرت أكثر من ساعتين (وشملت التجارة والطاقة) "
    "والوضع في شمال البلاد، حيث صمد وقف هش لإطلاق النار منذ 6 أشهر رغم خروقات متكررة."
)
ARABIC_BODY = (
    f"<p>{ARABIC_PARAGRAPH}</p><h2>ما الذي اتُّفق عليه</h2>"
    "<p>نشر الجانبان <a href='https://example.org/statement'>بياناً مشتركاً</a> بعد الاجتماع.</p>"
    "<ul><li>وقف لإطلاق النار في الشمال</li><li>تبادل للأسرى</li></ul>"
    f"<p>{ARABIC_PARAGRAPH}</p>"
    "<blockquote><p>محادثات في موسكو اليوم.</p>— وزارة الخارجية (@mfa) 14 سبتمبر 2021</blockquote>"
)
ARABIC_STORIES = [
    ("بوتين: الجهود المشتركة هزمت الإرهاب في سوريا", "في زيارة غير معلنة، الرئيس السوري يلتقي نظيره الروسي في موسكو."),
    ("الميناء يستعيد نشاطه بعد أسابيع من الإغلاق", "سفن الشحن تعود إلى الأرصفة وسط ترقّب لانخفاض أسعار السلع."),
    ("البرلمان يناقش موازنة العام المقبل", "النواب يطالبون بزيادة الإنفاق على الصحة والتعليم."),
    ("أسعار القمح ترتفع للشهر الثالث على التوالي", "خبراء يحذّرون من أثر الجفاف على محاصيل المنطقة."),
]
ARABIC_TICKER = [
    "استئناف محادثات وقف إطلاق النار في موسكو",
    "سماع دوي انفجارات قرب ميناء اللاذقية، بحسب سكان، ولا إصابات حتى الآن",
    "وزراء خارجية روسيا وإيران وتركيا يعلنون أن الجولة المقبلة من محادثات اللجنة الدستورية ستعقد في "
    "جنيف قبل نهاية الشهر، بعد مشاورات مع مبعوث الأمم المتحدة ووفدي الطرفين",
]


@pytest.fixture
def newsroom(db, settings):
    """The browser tests' newsroom in the Arabic edition (``/ar/``), with its lead story,
    ticker and newest stories in Arabic."""
    newsroom = build_newsroom("ar")
    now = timezone.now()
    standard = newsroom.standard
    standard.headline, standard.standfirst = ARABIC_STORIES[0]
    standard.body, standard.language, standard.source = ARABIC_BODY, "ar", "الميادين"
    standard.save()
    newsroom.live.language = "ar"  # its updates stay English: it shows the page's labels
    newsroom.live.save()
    hero = ImageFactory(file=image_upload("port.jpg", color=(30, 90, 120)), alt_text="سفن في الميناء عند الفجر")
    for n, (headline, standfirst) in enumerate(ARABIC_STORIES[1:], start=1):
        ArticleFactory(
            headline=headline,
            standfirst=standfirst,
            body=ARABIC_BODY,
            language="ar",
            hero_image=hero,
            section=section("news/politics", edition="ar"),
            published_at=now - timedelta(minutes=5 * n),
        )
    for minutes, text in enumerate(ARABIC_TICKER, start=1):
        BreakingItemFactory(
            text=text,
            attribution="الميادين" if minutes == 1 else "",
            starts_at=now - timedelta(minutes=minutes),
            edition="ar",
        )
    return newsroom


# --- the English layout tests, on the Arabic site -----------------------------------


def test_no_arabic_page_shifts_on_a_phone(new_context, newsroom):
    layout.test_no_public_page_shifts_on_a_phone(new_context, newsroom)


def test_the_arabic_phone_ticker_keeps_its_height_and_shows_whole_lines(new_context, newsroom):
    layout.test_the_phone_ticker_keeps_its_height_and_shows_whole_lines(new_context, newsroom)


# The two menu tests of test_layout_stability, with the names an Arabic reader hears.
MENU, MAIN_NAVIGATION = "القائمة", "القائمة الرئيسية"


def test_the_arabic_phone_menu_opens_without_javascript(new_context, newsroom):
    page = new_context(viewport=PHONE, java_script_enabled=False).new_page()
    page.goto("/ar/")
    politics = page.get_by_role("navigation", name=MAIN_NAVIGATION).get_by_role("link", name="Politics")
    assert not politics.is_visible()
    page.get_by_role("link", name=MENU).click()
    assert politics.is_visible()


def test_the_arabic_phone_menu_is_a_button_with_its_state(new_context, newsroom):
    page = new_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    page.goto("/ar/")
    button = page.get_by_role("button", name=MENU)
    politics = page.get_by_role("navigation", name=MAIN_NAVIGATION).get_by_role("link", name="Politics")
    assert button.get_attribute("aria-expanded") == "false" and not politics.is_visible()
    button.tap()
    assert button.get_attribute("aria-expanded") == "true" and politics.is_visible()
    page.keyboard.press("Escape")
    assert button.get_attribute("aria-expanded") == "false" and not politics.is_visible()


def test_arabic_phone_pages_have_tap_targets_and_headings_in_order(new_context, newsroom, axe_script):
    layout.test_phone_pages_have_tap_targets_of_24px_and_headings_in_order(new_context, newsroom, axe_script)


def test_arabic_public_pages_have_no_serious_or_critical_accessibility_violations(new_context, newsroom, axe_script):
    accessibility.test_public_pages_have_no_serious_or_critical_accessibility_violations(
        new_context, newsroom, axe_script
    )


# --- what only a right-to-left page can get wrong -------------------------------------


def test_arabic_pages_are_right_to_left_and_never_scroll_sideways(new_context, newsroom):
    pages = layout.every_page_type(newsroom)
    problems = []
    for width in (320, 390, 1280):
        page = new_context(viewport={"width": width, "height": 800}).new_page()
        for name, url in pages.items():
            response = page.goto(url)
            assert response.status == (404 if name == "404" else 200), f"{url} answered {response.status}"
            html = page.evaluate("() => [document.documentElement.lang, document.documentElement.dir]")
            assert html == ["ar", "rtl"], f"{name}: <html lang dir> is {html}"
            assert page.locator("h1").count() == 1, f"{name} ({url}) should have exactly one <h1>"
            overflow = horizontal_overflow(page)
            if overflow["extra"] > 0:
                problems.append(f"{name} at {width}px: {overflow['extra']}px too wide; {overflow['culprits']}")
    assert not problems, "\n".join(problems)


def boxes(page, *selectors):
    return page.evaluate(
        """selectors => selectors.map(s => {
            const r = document.querySelector(s).getBoundingClientRect();
            return {left: r.left, right: r.right};
        })""",
        list(selectors),
    )


def test_the_layout_is_mirrored(new_context, newsroom):
    """The logo starts the header on the right, the search ends it on the left; the text
    column starts at the right and the Most Read column sits on its left; the live
    blog's timeline and a quote's rule are on the right."""
    page = new_context().new_page()
    page.goto("/ar/")
    logo, search = boxes(page, ".logo", ".header-search")
    assert logo["left"] > search["right"], (logo, search)
    page.goto(newsroom.standard.get_absolute_url())
    article, aside = boxes(page, "article.article", ".article-aside")
    assert article["left"] > aside["right"], (article, aside)
    quote_rule = page.evaluate(
        "() => { const s = getComputedStyle(document.querySelector('.article-body blockquote'));"
        " return [s.borderRightWidth, s.borderLeftWidth]; }"
    )
    assert quote_rule == ["4px", "0px"]
    page.goto(newsroom.live.get_absolute_url())
    timeline = page.evaluate(
        "() => { const s = getComputedStyle(document.querySelector('.live-feed'));"
        " return [s.borderRightWidth, s.borderLeftWidth]; }"
    )
    assert timeline == ["3px", "0px"]


def test_the_pagination_arrows_point_the_reading_way(new_context, newsroom):
    for n in range(45):  # three pages: the second has both links
        ArticleFactory(headline=f"خبر رقم {n}", language="ar", section=section("news/economy", edition="ar"))
    page = new_context().new_page()
    page.goto("/ar/news/economy?page=2")
    # "Newer" is on the right (the start) and its arrow, drawn "←", is shown pointing right.
    newer, older = boxes(page, ".pagination a[rel=prev]", ".pagination a[rel=next]")
    assert newer["left"] > older["right"]
    transform = page.evaluate("() => getComputedStyle(document.querySelector('.pagination .arrow')).transform")
    assert transform == "matrix(-1, 0, 0, 1, 0, 0)"


def test_the_phone_ticker_is_whole_on_screen(new_context, newsroom):
    page = new_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    page.goto("/ar/")
    label, items = boxes(page, ".ticker-label", ".ticker-items")
    assert items["left"] >= 0 and label["right"] <= PHONE["width"], (label, items)
    assert label["left"] > items["right"] - 1, "the label should lead, on the right"


def test_arabic_text_is_set_in_an_arabic_face_without_letter_spacing(new_context, newsroom):
    page = new_context().new_page()
    page.goto("/ar/")
    family, spacing = page.evaluate(
        "() => { const s = getComputedStyle(document.querySelector('.menu-item > a'));"
        " return [getComputedStyle(document.body).fontFamily, s.letterSpacing]; }"
    )
    assert family.startswith('"Noto Sans Arabic"'), family
    assert spacing == "normal"


def test_screenshots_of_the_arabic_home_section_and_article(new_context, newsroom):
    """screenshots/rtl-{home,section,article}-{390,1280}.png, for people to look at."""
    for width in (390, 1280):
        page = new_context(viewport={"width": width, "height": 844 if width == 390 else 900}).new_page()
        for name, url in (
            ("home", "/ar/"),
            ("section", reverse("public:section", kwargs={"path": "news/politics"}, edition="ar")),
            ("article", newsroom.standard.get_absolute_url()),
        ):
            assert page.goto(url).status == 200
            screenshot(page, f"rtl-{name}")
