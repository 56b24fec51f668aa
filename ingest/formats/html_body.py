"""The story text of an article page, as body HTML for the loader (which sanitises it).

Two readings of the page are made and compared:

- trafilatura's main-content extraction (measured against readability-lxml on the
  69-page corpus of ``bench/import_quality``: median token F1 0.995 vs 0.990, pages with
  chrome in the body 17 vs 21, so trafilatura);
- our own reading of the element that holds the body (``itemprop="articleBody"``, the
  ``article-body`` of our own pages, else ``<article>``/``<main>``), which keeps the
  page's own markup (emphasis, tweets as blockquotes, figures with captions) and takes
  "Related News" boxes out as related links.

When the two agree on the text, ours is kept (our own pages round-trip exactly);
otherwise trafilatura's. A page whose JSON-LD ``articleBody`` holds much more text than
both (the story is drawn by JavaScript) gets that text. Hover cards, hidden blocks and
calls to action ("Follow us on Twitter", "Like this story? Share it") are never story.
A body that is empty, or a sliver of what the page's paragraphs hold, is refused.
"""

import copy
import html
import re
from collections import Counter
from urllib.parse import urljoin, urlsplit

import lxml.html
import trafilatura
from trafilatura.settings import use_config

from articles.sanitize import html_to_text
from ingest.formats.html_meta import squash, words
from ingest.records import ImportFailure, LinkRecord


# Where a page keeps the body, most specific first.
def _has_class(name):
    return f".//*[contains(concat(' ', normalize-space(@class), ' '), ' {name} ')]"


BODY_XPATHS = [
    ".//*[@itemprop='articleBody']",
    ".//*[@data-article-body]",
    *(_has_class(name) for name in ("article-body", "article__body", "article-content", "entry-content", "body")),
]
# Never content, wherever it sits.
CHROME_XPATH = (
    "//script|//style|//noscript|//template|//nav|//footer|//form|//button|//iframe|//svg"
    "|//*[@role='navigation']|//*[contains(concat(' ', normalize-space(@class), ' '), ' share')]"
)
# Present in the markup, not shown as text: hover cards over names (TheHill's "rollover"
# people boxes), tooltips, elements hidden by attribute or inline style.
HIDDEN_XPATH = (
    "//*[@hidden or @aria-hidden='true']"
    "|//*[contains(translate(@style, ' ', ''), 'display:none') or contains(translate(@style, ' ', ''),"
    " 'visibility:hidden')]"
    "|//*[contains(@class, 'rollover') or contains(@class, 'hovercard') or contains(@class, 'hover-card')"
    " or contains(@class, 'tooltip') or contains(@class, 'popover')]"
)
_CLASS_WORDS = re.compile(
    r"\b(share|sharing|social|byline|breadcrumb|tags|meta|ad|advert|newsletter|most-read|read-next)\b"
)
# A short block that asks the reader to do something elsewhere: follow, share, subscribe,
# comment, read the publisher's standards. Either the verb starts the block (up to 30
# words), or a very short block (up to 15 words) is about a platform or a subscription.
_CALL_TO_ACTION = re.compile(
    r"^(?:follow|like|share|subscribe|sign up|join|listen|watch|download|get|click|tap|log in|please log in|"
    r"support|read more|see more|also on|more:|related:|related coverage|our standards)\b",
    re.I,
)
_ABOUT_ELSEWHERE = re.compile(
    r"\b(?:on (?:facebook|twitter|instagram|youtube|telegram|tiktok|whatsapp)|newsletter|free app|"
    r"share it with a friend|leave a comment|comments? (?:section|below)|the conversation)\b",
    re.I,
)
SHORT_BLOCK_WORDS = 15
CALL_TO_ACTION_WORDS = 30  # longer blocks are prose that happens to start with such a verb
MIN_SHARE_OF_PAGE = 0.2  # a body with less than this share of the page's paragraph text missed the story
AGREEMENT = 0.9  # token F1 above which our reading and trafilatura's read the same text

_CONFIG = use_config()
# Short stories are stories too: without this trafilatura swaps a body under 250
# characters for a dump of the whole page.
_CONFIG.set("DEFAULT", "MIN_EXTRACTED_SIZE", "1")
_CONFIG.set("DEFAULT", "EXTRACTION_TIMEOUT", "0")  # its timeout uses signals: not in a worker thread


def token_f1(a, b):
    """Token F1 of two texts (bags of case-folded words): 1 for the same words, 0 for none shared."""
    x, y = Counter(words(a)), Counter(words(b))
    common = sum((x & y).values())
    if not common:
        return 0.0
    precision, recall = common / sum(x.values()), common / sum(y.values())
    return 2 * precision * recall / (precision + recall)


def _drop(elements):
    for el in elements:
        if el.getparent() is not None:
            el.drop_tree()


def strip_hidden(doc):
    """Remove what the page carries but does not show (hover cards, hidden blocks)."""
    _drop(doc.xpath(HIDDEN_XPATH))


def _main_container(doc):
    article = (doc.xpath("//article") or [None])[0]
    scope = article if article is not None else doc
    for xpath in BODY_XPATHS:
        found = scope.xpath(xpath)
        if found:
            return found[0], False
    if article is not None:
        return article, True
    main = doc.xpath("//main|//*[@role='main']")
    return (main[0] if main else doc.find("body") if doc.find("body") is not None else doc), True


def _take_related(asides, record):
    """Links in a "Related News" box are related articles, not body text."""
    for aside in asides:
        for link in aside.xpath(".//a[@href]"):
            record.related.append(LinkRecord(headline=link.text_content().strip(), url=link.get("href")))
        aside.drop_tree()


def own_reading(doc, standfirst, record):
    """Our reading of the body element (``doc`` is changed): its HTML, related links taken out."""
    _drop(doc.xpath(CHROME_XPATH))
    _take_related(doc.xpath("//article//aside[contains(@class, 'related')]"), record)
    container, whole = _main_container(doc)
    if whole:
        # The article element holds the header too: take headline, byline and the
        # standfirst out, keep what follows.
        for el in container.xpath(".//h1|.//header|.//*[@class]"):
            chrome = el.tag in ("h1", "header") or (
                el.tag in ("div", "p", "ul", "aside", "section") and _CLASS_WORDS.search(el.get("class", ""))
            )
            if chrome and el.getparent() is not None:
                el.drop_tree()
        for el in container.xpath("./p|./div/p"):
            if standfirst and el.text_content().strip() == standfirst:
                el.drop_tree()
                break
    _take_related(container.xpath(".//aside"), record)
    parts = [container.text or ""] if (container.text or "").strip() else []
    for child in container:
        if isinstance(child, lxml.html.HtmlElement):
            parts.append(lxml.html.tostring(child, encoding="unicode", with_tail=True))
    return "".join(parts).strip()


def extracted(doc, url, headline):
    """trafilatura's reading of ``doc`` (not changed) as body HTML, without the headline."""
    result = trafilatura.extract(
        copy.deepcopy(doc),
        url=url or None,
        output_format="html",
        include_links=True,
        include_formatting=True,
        include_tables=True,
        include_images=False,
        include_comments=False,
        config=_CONFIG,
    )
    if not result:
        return ""
    body = lxml.html.document_fromstring(result).find("body")
    if body is None:
        return ""
    for el in list(body):
        # The headline is the record's, not the body's first line.
        if el.tag in ("h1", "h2") and squash(el.text_content()).casefold() == headline.casefold():
            body.remove(el)
    return "".join(lxml.html.tostring(el, encoding="unicode", with_tail=False) for el in body).strip()


def _is_call_to_action(text):
    n = len(text.split())
    return bool(
        (n <= CALL_TO_ACTION_WORDS and _CALL_TO_ACTION.match(text))
        or (n <= SHORT_BLOCK_WORDS and _ABOUT_ELSEWHERE.search(text))
    )


def _drop_calls_to_action(fragment):
    root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    found = [
        el
        for el in root.iter("p", "li", "h2", "h3", "h4", "div", "blockquote")
        if _is_call_to_action(squash(el.text_content()))
    ]
    if not found:
        return fragment  # untouched: our own pages' markup round-trips byte for byte
    _drop(found)
    return "".join(
        [root.text or ""] + [lxml.html.tostring(el, encoding="unicode", with_tail=True) for el in root]
    ).strip()


def _absolute_links(fragment, url):
    """Relative ``<a href>`` made absolute against the page's URL (images stay as they are:
    the sanitiser accepts a relative ``src`` only for our own media)."""
    if not fragment or not urlsplit(url or "").scheme.startswith("http"):
        return fragment
    root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    changed = False
    for link in root.iter("a"):
        href = (link.get("href") or "").strip()
        if href and not href.startswith("#") and not urlsplit(href).scheme:
            link.set("href", urljoin(url, href))
            changed = True
    if not changed:
        return fragment
    return "".join([root.text or ""] + [lxml.html.tostring(el, encoding="unicode", with_tail=True) for el in root])


def page_paragraph_words(doc):
    """Words in the page's paragraphs outside navigation, headers, footers and asides:
    what a reader would call the page's text."""
    total = 0
    for p in doc.xpath("//p[not(ancestor::nav or ancestor::footer or ancestor::aside or ancestor::header)]"):
        n = len(p.text_content().split())
        if n >= 8:
            total += n
    return total


def _paragraphs(text):
    return "".join(f"<p>{html.escape(line)}</p>" for line in (squash(x) for x in text.split("\n")) if line)


def body_html(doc, *, url, headline, standfirst, ld_body, record):
    """The article body as HTML (``doc`` is not changed). Raises ImportFailure when the page's
    story cannot be found: never an empty or sliver body."""
    clean = copy.deepcopy(doc)
    strip_hidden(clean)
    machine = extracted(clean, url, headline)
    ours = own_reading(copy.deepcopy(clean), standfirst, record)
    ours_text, machine_text = html_to_text(ours), html_to_text(machine)
    agree = ours_text and (not machine_text or token_f1(ours_text, machine_text) >= AGREEMENT)
    chosen = ours if agree else machine
    chosen = _drop_calls_to_action(chosen) if chosen else ""
    chosen_words = len(html_to_text(chosen).split())
    ld_words = len(ld_body.split())
    if ld_words > 2 * chosen_words:
        # The story is in the structured data only (drawn by script): take it from there.
        chosen, chosen_words = _paragraphs(ld_body), ld_words
    if not chosen_words:
        raise ImportFailure("no article text found in the page (no body element, and the extractor found none)")
    page_words = page_paragraph_words(clean)
    if chosen_words < MIN_SHARE_OF_PAGE * page_words:
        raise ImportFailure(
            f"the extracted body has {chosen_words} words while the page's paragraphs hold {page_words}: "
            "the article text was not found"
        )
    return _absolute_links(chosen, url)
