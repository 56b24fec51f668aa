"""Nothing on a public page moves once it has painted: cumulative layout shift
(CLS, as Lighthouse and Chrome's field data measure it) under 0.1 on a 390 px
phone, on every page type, including while the breaking ticker rotates.

The menu is closed by the stylesheet from the first paint (not by the script after
it), and the ticker's box has a fixed height whatever line it shows."""

import pytest

from articles.editions import reverse
from tests.browser.content import build_newsroom, public_pages
from tests.browser.helpers import PHONE, format_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# "Good" CLS per web.dev's Core Web Vitals thresholds.
GOOD_CLS = 0.1
# Every layout shift from the first paint on, buffered: the observer starts before
# the page's own scripts, so nothing is missed. No shift is excused as following an
# input (hadRecentInput): the test makes none, and Chromium flags shifts soon after
# a navigation that way.
RECORD_SHIFTS = """
    window.__shifts = [];
    new PerformanceObserver(list => {
        for (const entry of list.getEntries()) {
            window.__shifts.push({value: entry.value, nodes: entry.sources.map(s => s.node
                ? (s.node.nodeName + (s.node.className ? "." + String(s.node.className).replace(/ /g, ".") : ""))
                : "?")});
        }
    }).observe({type: "layout-shift", buffered: true});
"""
TICKER_ROTATION_MS = 6000
# Resolves once the page has painted (no timer: the test's fake clock rules those).
FIRST_PAINT = """() => new Promise(resolve => new PerformanceObserver((list, observer) => {
    observer.disconnect();
    resolve();
}).observe({type: "paint", buffered: true}))"""


@pytest.fixture
def newsroom(db):
    return build_newsroom()


def every_page_type(newsroom):
    pages = public_pages(newsroom)
    pages.update({f"article-{name}": a.get_absolute_url() for name, a in newsroom.formats().items()})
    pages.update(
        {
            "region": reverse("public:region", kwargs={"slug": "west-asia"}, edition=newsroom.edition),
            "authors": reverse("public:authors", edition=newsroom.edition),
            "breaking": reverse("public:breaking", edition=newsroom.edition),
            "no results": reverse("public:search", edition=newsroom.edition) + "?q=zzyzx",
        }
    )
    return pages


class HeldScripts:
    """Holds back the page's scripts until it has painted once, as a phone network
    does: served from localhost, the script would always win the race against the
    first paint and hide what readers see."""

    def __init__(self):
        self.painted, self.held = False, []

    def __call__(self, route):
        if self.painted:
            route.fallback()
        else:
            self.held.append(route)

    def open(self, page, url):
        """Go to ``url``, let it paint without scripts, then release them; the response."""
        self.painted = False
        response = page.goto(url, wait_until="commit")
        page.evaluate(FIRST_PAINT)
        self.painted = True
        while self.held:
            self.held.pop(0).continue_()
        page.wait_for_load_state("load")
        return response


def phone_page(new_context, **kwargs):
    context = new_context(viewport=PHONE, is_mobile=True, has_touch=True, **kwargs)
    context.add_init_script(RECORD_SHIFTS)
    scripts = HeldScripts()
    context.route("**/static/**/*.js", scripts)
    page = context.new_page()
    # Timers under the test's control: the ticker's rotations run in no time.
    page.clock.install()
    return page, scripts


def layout_shifts(page):
    page.wait_for_timeout(200)  # let the observer deliver the last entries
    return page.evaluate("window.__shifts")


def test_no_public_page_shifts_on_a_phone(new_context, newsroom):
    page, scripts = phone_page(new_context)
    problems = []
    for name, url in every_page_type(newsroom).items():
        response = scripts.open(page, url)
        assert response.status == (404 if name == "404" else 200), f"{url} answered {response.status}"
        page.clock.run_for(3 * TICKER_ROTATION_MS + 500)  # three rotations of the ticker
        shifts = layout_shifts(page)
        cls = sum(s["value"] for s in shifts)
        if cls >= GOOD_CLS:
            problems.append(f"{name} ({url}): CLS {cls:.3f}; {shifts[:6]}")
    assert not problems, "layout shifts at 390 px:\n" + "\n".join(problems)


def test_the_phone_ticker_keeps_its_height_and_shows_whole_lines(new_context, newsroom):
    page, scripts = phone_page(new_context)
    scripts.open(page, f"{newsroom.prefix}/")
    boxes = []
    for _ in range(4):
        boxes.append(
            page.evaluate(
                """() => {
                    const list = document.querySelector(".ticker-items");
                    const shown = [...list.children].filter(li => li.getClientRects().length > 0);
                    const line = parseFloat(getComputedStyle(list).lineHeight);
                    return {list: list.getBoundingClientRect().height, line, shown: shown.length,
                            item: shown[0].getBoundingClientRect().height,
                            text: shown[0].textContent.trim().slice(0, 30),
                            page: document.querySelector("main").getBoundingClientRect().top};
                }"""
            )
        )
        page.clock.run_for(TICKER_ROTATION_MS)
    assert len({b["text"] for b in boxes}) >= 3, f"the ticker did not rotate: {boxes}"
    for box in boxes:
        assert box["shown"] == 1, box
        # Two whole lines: never a line cut through the middle.
        assert box["list"] == pytest.approx(2 * box["line"], abs=0.5), box
        assert box["item"] <= box["list"] + 0.5, box
    assert len({round(b["list"]) for b in boxes}) == 1 and len({round(b["page"]) for b in boxes}) == 1, boxes


def test_the_phone_menu_opens_without_javascript(new_context, newsroom):
    context = new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto("/")
    politics = page.get_by_role("navigation", name="Main").get_by_role("link", name="Politics")
    assert not politics.is_visible()
    page.get_by_role("link", name="Menu").click()
    assert politics.is_visible()


def test_the_phone_menu_is_a_button_with_its_state(new_context, newsroom):
    page = new_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    page.goto("/")
    button = page.get_by_role("button", name="Menu")
    politics = page.get_by_role("navigation", name="Main").get_by_role("link", name="Politics")
    assert button.get_attribute("aria-expanded") == "false" and not politics.is_visible()
    button.tap()
    assert button.get_attribute("aria-expanded") == "true" and politics.is_visible()
    page.keyboard.press("Escape")
    assert button.get_attribute("aria-expanded") == "false" and not politics.is_visible()
    button.focus()
    page.keyboard.press(" ")
    assert politics.is_visible()


def test_phone_pages_have_tap_targets_of_24px_and_headings_in_order(new_context, newsroom, axe_script):
    """Lighthouse's two accessibility audits that cost the home and article pages
    points, as axe-core rules at 390 px: target-size (WCAG 2.2 2.5.8, 24 px) and
    heading-order. Not in the default run of test_accessibility (a best-practice
    rule and a WCAG 2.2 rule), so named here."""
    page = new_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    report = {}
    for name, url in every_page_type(newsroom).items():
        page.goto(url)
        # Through the DevTools protocol: a <script> tag would be an inline script, which the
        # site's Content-Security-Policy refuses (tests/browser/helpers.py does the same).
        page.evaluate(axe_script.read_text())
        violations = page.evaluate(
            """async () => (await axe.run(document, {runOnly: ["target-size", "heading-order"], iframes: false}))
                .violations.map(v => ({id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                    nodes: v.nodes.map(n => ({target: n.target.join(" "), html: n.html.slice(0, 200),
                                              summary: n.failureSummary}))}))"""
        )
        if violations:
            report[f"{name} {url}"] = format_violations(violations)
    assert not report, "\n\n".join(f"== {name}\n{text}" for name, text in report.items())
