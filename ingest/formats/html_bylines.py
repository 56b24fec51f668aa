"""Who wrote an article page: the byline as a list of names.

Declared authors come first (the article's JSON-LD ``author``, then the ``<meta>``
conventions); the byline printed under the headline is read when the page declares
no person, and wins when it names everyone the metadata names and more (JSON-LD often
lists only the first of three writers). Every name is cleaned the same way: "By",
"Analysis by", "Par" go; job titles and affiliations after a comma go ("Jill Disis, CNN
Business" is Jill Disis); all-capitals names are put in title case. What is not a
person's or a desk's name is never an author: "No Author", the site's own name when a
tag merely repeats it, a date, a handle, a sentence.
"""

import re

from ingest.formats.html_meta import is_site, ld_text, squash, types_of

AUTHOR_META = (
    "author",
    "article:author",
    "og:article:author",
    "article:author_name",
    "byl",
    "dc.creator",
    "dcterms.creator",
    "sailthru.author",
    "parsely-author",
)
ORGANISATION_TYPES = {"Organization", "NewsMediaOrganization", "Corporation", "NGO", "GovernmentOrganization"}
JUNK_NAMES = {"no author", "unknown", "none", "null", "admin", "administrator", "author", "authors", "anonymous", "by"}
# Words that make a comma-separated part of a byline a job title, not a second writer.
JOB_WORDS = re.compile(
    r"\b(?:writer|reporter|editor|editor-at-large|correspondent|columnist|contributor|contributing|producer|"
    r"journalist|journaliste|analyst|bureau|chief|photographer|intern|presenter|anchor)s?\b",
    re.I,
)
# Name particles written in lower case ("Ursula von der Leyen", "Bashar al-Assad").
# Six writers with long names, job titles and the outlet fit in a quarter of this.
MAX_BYLINE_CHARS = 1_000
PARTICLES = {"de", "da", "del", "della", "der", "den", "van", "von", "bin", "ibn", "al", "el", "la", "le", "du", "dos"}
_LEAD = re.compile(
    r"^(?:(?:an?\s+)?(?:analysis|opinion|commentary|column|story|words|text|written|reported|reporting|report|"
    r"interview|photos?|video)\s+)?(?:by|par|von|por|door)\b\s*:?\s*",
    re.I,
)
_MONTH_THEN_DAY = re.compile(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d|\d", re.I)
# An address starts where a word does: tried from inside a long word, "\S+@" would scan
# to the word's end from each of its characters (the square of its length).
_HANDLE = re.compile(r"@\w+|(?<!\S)\S+@\S+|https?://\S+")
_WITH_PARENS = re.compile(r"\(\s*(?:avec|with|and|con|mit|et)\s+([^)]*)\)", re.I)
_SPLIT = re.compile(r"\s*[,;]\s*|\s+(?:and|&|et|y|und|avec|with|con)\s+", re.I)
# A full stop after a word (not after an initial or "Jr"): what follows is the outlet.
_SENTENCE_STOP = re.compile(r"(?<=[a-z]{3})\.\s+(?=[A-Z])")
_CUT = re.compile(r"\s(?:\||•|·|-|–|—)\s")
_JOINER_END = re.compile(r"(?:,|&|\b(?:and|et|avec|with|y|und|by|par|von|por|by:))\s*$", re.I)
_JOINER_START = re.compile(r"^\s*(?:,|&|\(?\s*(?:and|et|avec|with|y|und)\b)", re.I)
_BYLINE_ATTR = re.compile(r"byline|author|auteur|autor|writer|reporter|signature|contributor|credit", re.I)
_NOT_BYLINE_ATTR = re.compile(r"caption|photo|image|img|media|avatar|bio\b|about", re.I)
_AUTHOR_HREF = re.compile(
    r"/(?:authors?|by|people|profiles?|staff|writers?|journaliste|auteur|contributors?|reporters?)/", re.I
)


def is_affiliation(part, sites):
    """Whether ``part`` (after a writer's name) is a job title or the outlet, not another writer."""
    if is_site(part, sites) or JOB_WORDS.search(part):
        return True
    site_words = {w for site in sites for w in re.findall(r"\w{3,}", site)}
    return any(w.casefold() in site_words for w in re.findall(r"\w{3,}", part))


def valid_name(name):
    """Whether ``name`` reads as a person's or desk's name: 1-6 capitalised words, no digits,
    no handle, not a placeholder such as "No Author"."""
    if not (2 <= len(name) <= 80) or name.casefold() in JUNK_NAMES or re.search(r"\d|@|https?:", name):
        return False
    parts = name.split()
    if not 1 <= len(parts) <= 6:
        return False
    for part in parts:
        letters = re.sub(r"^[^\w]+", "", part)
        head = re.split(r"[-'’]", letters, maxsplit=1)[0].casefold()
        if not letters or not (letters[0].isupper() or head in PARTICLES):
            return False
    return True


def tidy(name):
    """All-capitals names of two or more words in title case ("JILL LAWLESS" -> "Jill Lawless")."""
    name = squash(name).strip(" ,;:|-–—")
    if name.isupper() and len(name.split()) >= 2:
        name = name.title()
    return name


def names_from_text(text, sites):
    """The names in one byline string, or [] when it is not a byline.

    "By LISA MASCARO, MARY CLARE JALONICK and ERIC TUCKER" -> three names;
    "Analysis by Chris Cillizza, CNN Editor-at-large" -> ["Chris Cillizza"];
    "Martin Untersinger (avec Damien Leloup et Morgane Tual)" -> three names.
    A text over MAX_BYLINE_CHARS is no byline (and every rule below would pay for it).
    """
    if len(text) > MAX_BYLINE_CHARS:
        return []
    text = _HANDLE.sub(" ", squash(text))
    text = _LEAD.sub("", text.strip())
    date = _MONTH_THEN_DAY.search(text)
    if date:
        text = text[: date.start()]
    text = _CUT.split(text)[0]
    text = _WITH_PARENS.sub(r", \1", text)
    text = _SENTENCE_STOP.split(text)[0]  # "Finian Cunningham. Sputnik International": the outlet follows
    names = []
    for n, part in enumerate(_SPLIT.split(text)):
        part = tidy(part)
        if not part:
            continue
        if n and names and is_affiliation(part, sites):
            continue
        if not valid_name(part):
            return []
        names.append(part)
    return [n for n in names if not is_site(n, sites)]


def _groups(el):
    """The element's text cut where one inner element ends and an unrelated one starts:
    "By" + "Tom Rogan" join, "Tom Rogan" + "| November 18" do not."""
    groups = []
    for piece in el.itertext():
        piece = squash(piece)
        if not piece:
            continue
        if groups and (_JOINER_END.search(groups[-1]) or _JOINER_START.match(piece)):
            groups[-1] = f"{groups[-1]} {piece}"
        else:
            groups.append(piece)
    return groups


def _names_in(el, sites):
    for group in _groups(el):
        names = names_from_text(group, sites)
        if names:
            return names
    return []


def _is_candidate(el):
    if not isinstance(el.tag, str) or el.tag in ("script", "style", "meta", "link", "img"):
        return False
    attrs = " ".join(el.get(a, "") for a in ("class", "id", "itemprop", "rel", "data-testid"))
    if el.tag == "a" and _AUTHOR_HREF.search(el.get("href", "")):
        return True
    return bool(_BYLINE_ATTR.search(attrs)) and not _NOT_BYLINE_ATTR.search(attrs)


def printed_byline(doc, anchor, sites, limit=600):
    """Names in the first byline printed after ``anchor`` (the headline element), or [].

    The search stops at the third long paragraph: a byline sits between the headline
    and the story, and what comes after (author bios, teasers "By TOI staff") is not it.
    """
    started, seen, long_paragraphs = anchor is None, 0, 0
    for el in doc.iter():
        if not started:
            started = el is anchor
            continue
        seen += 1
        if seen > limit:
            break
        if el.tag == "p" and len(el.text_content().split()) >= 30:
            long_paragraphs += 1
            if long_paragraphs >= 3:
                break
        if _is_candidate(el) and not el.xpath("ancestor::figure|ancestor::nav|ancestor::footer"):
            names = _names_in(el, sites)
            if names:
                return names
    return []


def _ld_authors(value, by_id, sites):
    """[(name, is_organisation)] named by a JSON-LD ``author`` value, in its order."""
    out = []
    for item in value if isinstance(value, list) else [value]:
        if isinstance(item, dict) and set(item) <= {"@id", "@type"} and item.get("@id") in by_id:
            item = by_id[item["@id"]]  # a reference into the @graph
        if isinstance(item, str):
            out += [(name, False) for name in names_from_text(item, sites)]
        elif isinstance(item, dict):
            name = ld_text(item.get("name"))
            if types_of(item) & ORGANISATION_TYPES:
                if name and name.casefold() not in JUNK_NAMES:
                    out.append((name, True))
            elif name:
                out += [(person, False) for person in names_from_text(name, sites)]
    return out


def authors(doc, node, nodes, meta, anchor, sites):
    """The article's byline: a list of names (possibly empty), in byline order."""
    by_id = {n["@id"]: n for n in nodes if isinstance(n.get("@id"), str)}
    listed = _ld_authors(node.get("author"), by_id, sites)
    declared = [
        names_from_text(value, sites)
        for key in AUTHOR_META
        for value in meta.get(key, [])
        if value and not value.startswith(("http:", "https:", "/"))
    ]
    declared = [names for names in declared if names]
    printed = printed_byline(doc, anchor, sites)
    if not any(not is_organisation for _, is_organisation in listed):
        if not listed and declared:
            listed = [(name, False) for name in declared[0]]
        else:
            # A page that names only an organisation (its house byline) or nobody: the
            # printed byline, else the organisation.
            return printed or [name for name, _ in listed]
    people = [name for name, _ in listed]
    known = {p.casefold() for p in people}
    for other in [printed, *declared]:
        extra = [o for o in other if o.casefold() not in known]
        # A fuller list that names everyone already known, plus people (two words or
        # more: "PTI, Washington" adds a dateline, not a writer).
        if extra and known <= {o.casefold() for o in other} and all(len(o.split()) >= 2 for o in extra):
            people = other
            known = {p.casefold() for p in people}
    return people
