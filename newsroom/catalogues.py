"""The interface catalogues: ``locale/<language>/LC_MESSAGES/django.po``, compiled to
``.mo`` with Babel (``make install`` runs ``pybabel compile``; the test suite calls
``compile_stale()`` first, so it never reads a catalogue older than its source).

Babel rather than Django's ``compilemessages``: that needs GNU gettext's ``msgfmt``
from the operating system, and the README's fresh machine has only Python.
"""

from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from django.conf import settings


def sources():
    """Every ``django.po`` under ``settings.LOCALE_PATHS``, as Paths."""
    return sorted(po for root in settings.LOCALE_PATHS for po in Path(root).glob("*/LC_MESSAGES/django.po"))


def compile_stale():
    """Compile each catalogue whose ``.mo`` is missing or older than its ``.po``;
    returns the ``.mo`` Paths written. Fuzzy entries are left out, as msgfmt does."""
    written = []
    for po in sources():
        mo = po.with_suffix(".mo")
        if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        with po.open("rb") as source:
            catalog = read_po(source, locale=po.parent.parent.name)
        with mo.open("wb") as target:
            write_mo(target, catalog, use_fuzzy=False)
        written.append(mo)
    return written
