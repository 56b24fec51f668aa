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

from articles.text_policy import html_to_text
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
# comment, write in, read the publisher's standards. Either the verb starts the block (up
# to 30 words), or a short block (up to 45 words) is about a platform, a subscription or
# the comments.
_CALL_TO_ACTION = re.compile(
    r"^(?:follow|like|share|subscribe|sign up|join|listen|watch|download|get|click|tap|log in|please log in|"
    r"support|read more|see more|also on|more:|related:|related coverage|our standards)\b",
    re.I,
)
_ABOUT_ELSEWHERE = re.compile(
    r"\b(?:us on (?:facebook|twitter|instagram|youtube|telegram|tiktok|whatsapp)|newsletter|free app|"
    r"share it with a friend|leave a comment|comments? (?:section|below)|be part of the conversation|"
    r"no comments yet|letters to the editor|tell us what you think|your feedback|email us|here(?:'|’)s our email)\b",
    re.I,
)
# Promotion for the publisher itself, up to PROMO_WORDS long.
_PROMO = re.compile(
    r"\b(?:if you enjoyed this|members get|support (?:our|independent) journalism|become a (?:member|subscriber)|"
    r"subscribe (?:now|today)|start your free trial)\b",
    re.I,
)
PROMO_WORDS = 80
# "Topics: uber, libertarians", "Tags: ...": the page's index terms, not story.
_LABEL_LINE = re.compile(r"^(?:topics|tags|filed under|categories|keywords|more about)\s*:", re.I)
# A heading that opens the page's recommendations ends the story: it and all after it go.
_END_OF_STORY = re.compile(
    r"(?:you (?:might|may) also like|related(?: news| stories| articles| videos| coverage| content| links)?|"
    r"more stories|most (?:read|popular|viewed|shared)|recommended(?: for you)?|"
    r"(?:what to )?read next|featured(?: slide ?shows| stories| videos)?|recent(?: slide ?shows| stories)?|"
    r"top stories|partner news|trending(?: now)?|comments|see also|also read)\s*[:.]?",
    re.I,
)
# A stamp the page prints inside its story: "Updated at 1:23 p.m.", "Published 10:18am IST".
_STAMP = re.compile(r"^(?:updated|last updated|published|first published|posted)\b\s*(?:at|on|:)?\s*\S*\d", re.I)
STAMP_WORDS = 12
LINK_SHARE = 0.8  # a block whose text is this much link text is a teaser for another story (headings: half)
TEASER_BLURB_WORDS = 50
SHORT_BLOCK_WORDS = 45
CALL_TO_ACTION_WORDS = 30  # longer blocks are prose that happens to start with such a verb
MIN_SHARE_OF_PAGE = 0.2  # a body with less than this share of the page's paragraph text missed the story

# A story of a few lines is still a story: for such pages trafilatura's default is to swap
# its result for a dump of the whole page as one block (its "baseline"); in precision mode
# it keeps the story.
_CONFIG = use_config()
_CONFIG.set("DEFAULT", "EXTRACTION_TIMEOUT", "0")  # its timeout uses signals: not in a worker thread


def _is_one_block(fragment):
    return len(lxml.html.fragment_fromstring(fragment, create_parent="div")) <= 1


def _overlap(ours, theirs):
    """(precision, recall) of ``ours`` against ``theirs`` as bags of case-folded words."""
    x, y = Counter(words(ours)), Counter(words(theirs))
    common = sum((x & y).values())
    return common / max(1, sum(x.values())), common / max(1, sum(y.values()))


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


def extracted(doc, url, headline, *, precision=False):
    """trafilatura's reading of ``doc`` as body HTML, without the headline."""
    # As markup: trafilatura's own loader prepares a tree in ways a tree handed in misses
    # (NYT pages lose a fifth of the story that way).
    result = trafilatura.extract(
        lxml.html.tostring(doc, encoding="unicode"),
        url=url or None,
        output_format="html",
        include_links=True,
        include_formatting=True,
        include_tables=True,
        include_images=False,
        include_comments=False,
        favor_precision=precision,
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


def _is_dateline(text):
    """A block that is only a date and time ("November 20, 2019 - 11:28 AMT")."""
    rest = re.sub(
        r"\d+(?:st|nd|rd|th|am|pm|h)?|[^\w\s]|\b(?:[a-z]{3,9}day|jan\w*|feb\w*|mar\w*|apr\w*|may|jun\w*|jul\w*|aug\w*|"
        r"sep\w*|oct\w*|nov\w*|dec\w*|am|pm|a|p|m|[a-z]{2,4}t|utc|uk|et|pt|ct|updated|published|at|on)\b",
        " ",
        text,
        flags=re.I,
    )
    return bool(re.search(r"\d", text)) and not rest.split()


def _is_chrome_block(el, text, standfirst, position):
    """Whether a block of the extracted body is page furniture rather than story: a call to
    action, promotion, index terms, a stamp or dateline, a teaser made of links, or the
    standfirst repeated at the top."""
    n = len(text.split())
    if n <= CALL_TO_ACTION_WORDS and (_CALL_TO_ACTION.match(text) or _LABEL_LINE.match(text)):
        return True
    if (n <= SHORT_BLOCK_WORDS and _ABOUT_ELSEWHERE.search(text)) or (n <= PROMO_WORDS and _PROMO.search(text)):
        return True
    if n <= STAMP_WORDS and (_STAMP.match(text) or _is_dateline(text)):
        return True
    if position < 3 and el.tag != "p" and standfirst and squash(text).casefold() == squash(standfirst).casefold():
        # The standfirst printed under the headline is the record's own field, shown above
        # the body. (A first paragraph equal to it is the lede the description copies.)
        return True
    if el.tag != "blockquote" and n >= 3:
        linked = sum(len(squash(a.text_content())) for a in el.iter("a"))
        share = LINK_SHARE / 2 if el.tag in ("h2", "h3", "h4", "h5", "h6") else LINK_SHARE
        if linked >= share * len(text):
            return True
    return False


def _is_heading(el):
    """A heading, or a bold line standing alone as one (not bold words inside a sentence)."""
    if el.tag in ("h2", "h3", "h4", "h5", "h6"):
        return True
    if el.tag not in ("strong", "b") or (el.tail or "").strip():
        return False
    parent = el.getparent()
    before = el.getprevious()
    lead = (before.tail if before is not None else parent.text if parent is not None else "") or ""
    return not lead.strip()


def _teaser_blurbs(heading):
    """The short paragraphs after a teaser heading (one linking to another story), up to the next heading."""
    out = []
    for sibling in heading.itersiblings():
        if sibling.tag in ("h2", "h3", "h4", "h5", "h6") or len(sibling.text_content().split()) > TEASER_BLURB_WORDS:
            break
        out.append(sibling)
    return out


def drop_furniture(fragment, standfirst=""):
    """``fragment`` without page furniture (see _is_chrome_block), and without everything
    from a heading that opens the page's recommendations ("You Might Also Like",
    "Related Videos") on. Unchanged, byte for byte, when there is none."""
    root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    found = []
    blocks = ("p", "li", "h2", "h3", "h4", "h5", "h6", "div", "blockquote", "strong", "b")
    for position, el in enumerate(root.iter(*blocks)):
        text = squash(el.text_content())
        if not text:
            continue
        if _is_heading(el) and _END_OF_STORY.fullmatch(text):
            found.append(el)
            node = el
            while node is not root:  # everything after it, at every level
                found += list(node.itersiblings())
                node = node.getparent()
            break
        if el.tag not in ("strong", "b") and _is_chrome_block(el, text, standfirst, position):
            found.append(el)
            if el.tag in ("h2", "h3", "h4", "h5", "h6"):
                found += _teaser_blurbs(el)
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
    # Ours only where it reads what trafilatura reads, nearly word for word: then its markup
    # is the page's own. Anything more in ours is what trafilatura judged not to be story.
    precision, recall = _overlap(html_to_text(ours), html_to_text(machine))
    if precision >= 0.98 and recall < 0.95 and _is_one_block(machine):
        # All of ours inside one block of much more: trafilatura's dump of a short page.
        machine = extracted(clean, url, headline, precision=True) or machine
        precision, recall = _overlap(html_to_text(ours), html_to_text(machine))
    chosen = ours if ours.strip() and (not machine or (precision >= 0.98 and recall >= 0.95)) else machine
    chosen = drop_furniture(chosen, standfirst) if chosen else ""
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
