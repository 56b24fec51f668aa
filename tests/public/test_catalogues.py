"""The Arabic and Spanish catalogues are complete for what readers see.

Three checks, each able to fail on its own: every string the public templates and
code mark for translation is in both catalogues (so `makemessages` was re-run after a
change); every entry there has a translation with the same placeholders; and no
public template shows a word that is not marked for translation at all.
"""

import io
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.messages.extract import extract
from babel.messages.pofile import read_po
from django.conf import settings
from django.utils.translation.template import templatize

from newsroom.catalogues import sources

ROOT = Path(settings.BASE_DIR)
LANGUAGES = ("ar", "es")
# What readers see: the site's templates (the admin's are Django's, with its catalogues)
# and the code that writes page texts, feed texts and labels.
PUBLIC_TEMPLATES = sorted(
    p for p in (ROOT / "templates").rglob("*.html") if "admin" not in p.relative_to(ROOT / "templates").parts
)
PUBLIC_CODE = [
    *sorted((ROOT / "public").rglob("*.py")),
    ROOT / "newsroom" / "settings.py",
    ROOT / "articles" / "models" / "article.py",
    ROOT / "articles" / "models" / "correction.py",
]
# Django's translation functions, as Babel's extractor takes them (argument positions;
# "c" marks the context).
KEYWORDS = {
    "_": None,
    "gettext": None,
    "gettext_lazy": None,
    "gettext_noop": None,
    "ngettext": (1, 2),
    "ngettext_lazy": (1, 2),
    "pgettext": ((1, "c"), 2),
    "pgettext_lazy": ((1, "c"), 2),
    "npgettext": ((1, "c"), 2, 3),
    "npgettext_lazy": ((1, "c"), 2, 3),
}


def catalogue(language):
    (po,) = [p for p in sources() if p.parent.parent.name == language]
    with po.open("rb") as f:
        return read_po(f, locale=language)


def marked_strings(path):
    """(context, msgid) of every string ``path`` marks for translation."""
    source = path.read_text()
    if path.suffix == ".html":
        source = templatize(source, origin=str(path))
    found = set()
    for _line, message, _comments, context in extract("python", io.BytesIO(source.encode()), keywords=KEYWORDS):
        found.add((context, message[0] if isinstance(message, tuple) else message))
    return found


def test_there_are_catalogues_for_arabic_and_spanish():
    assert sorted(p.parent.parent.name for p in sources()) == sorted(LANGUAGES)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_marked_public_string_is_in_the_catalogue(language):
    known = {(m.context, m.id if isinstance(m.id, str) else m.id[0]) for m in catalogue(language) if m.id}
    missing = sorted(
        f"{path.relative_to(ROOT)}: {msgid!r}" + (f" (context {context!r})" if context else "")
        for path in [*PUBLIC_TEMPLATES, *PUBLIC_CODE]
        for context, msgid in marked_strings(path)
        if (context, msgid) not in known
    )
    assert not missing, "run manage.py makemessages -l ar -l es, then translate:\n" + "\n".join(missing)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_catalogue_entry_is_translated_with_its_placeholders(language):
    cat = catalogue(language)
    problems = []
    for message in cat:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(strings):
            problems.append(f"untranslated or fuzzy: {message.id!r}")
    # Babel's checkers: placeholders, plural forms, python-format flags.
    problems += [f"{m.id!r}: {'; '.join(map(str, errors))}" for m, errors in cat.check()]
    assert not problems, "\n".join(problems)


# --- literal text in templates --------------------------------------------------

# Django template syntax, removed before the HTML is read: comments, translated
# text (and the blocks it spans), then every other tag and variable.
_COMMENT = re.compile(r"{%\s*comment\s*%}.*?{%\s*endcomment\s*%}|{#.*?#}", re.S)
_BLOCKTRANSLATE = re.compile(r"{%\s*blocktrans(?:late)?\b.*?{%\s*endblocktrans(?:late)?\s*%}", re.S)
_TAG_OR_VARIABLE = re.compile(r"{%.*?%}|{{.*?}}", re.S)
# Attributes whose text a reader (or a screen reader) gets.
READ_ATTRIBUTES = {"alt", "title", "aria-label", "placeholder", "data-copied"}
_LETTER = re.compile(r"[^\W\d_]")


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        for name, value in attrs:
            if name in READ_ATTRIBUTES and value and _LETTER.search(value):
                self.found.append(f'{tag}[{name}="{value}"]')

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip and _LETTER.search(data):
            self.found.append(" ".join(data.split()))


def untranslated_text(source):
    """Words in a template's HTML that no translation tag covers."""
    for pattern in (_COMMENT, _BLOCKTRANSLATE, _TAG_OR_VARIABLE):
        source = pattern.sub(" ", source)
    parser = _Text()
    parser.feed(source)
    return parser.found


def test_the_literal_text_check_finds_words_outside_translation_tags():
    source = '{% load i18n %}<p title="Share">{% translate "Home" %} Older {{ n }}</p>{% comment %}Note{% endcomment %}'
    assert untranslated_text(source) == ['p[title="Share"]', "Older"]


@pytest.mark.parametrize("path", PUBLIC_TEMPLATES, ids=lambda p: str(p.relative_to(ROOT / "templates")))
def test_public_templates_have_no_untranslated_words(path):
    assert untranslated_text(path.read_text()) == []
