"""What a stored body refers to: library images and embeds.

A body stores a library image as the editor's figure with the image's id on its <img>
(``<figure><img src="…" alt="…" data-file="12"><figcaption>…</figcaption></figure>``,
django-prose-editor's Figure picker; the text policy keeps ``data-file`` as digits and
nothing else) and an embed as ``<figure data-embed="youtube"><a href="…">…</a></figure>``
(``articles.embeds``). The stored ``src``/``alt`` are the editor's preview only: readers
and the API get the image as the library holds it now (renditions, alt text, caption,
credit), so a new crop or a corrected caption shows in every story that uses it.

This module reads those references out of stored (sanitised) HTML; the public page
renders them (``public.body``), the API turns them into blocks (``api.blocks``), and
the workflow asks which stories use an image (``articles.workflow.can_change_image``).
"""

import re

from django.db.models import Q
from django.utils.html import format_html

from articles.images import UNCROPPED
from articles.models import Image

# As the text policy writes them: bleach quotes every attribute value with '"'.
_IMAGE_REF = re.compile(r'<img\b[^>]*?\sdata-file="(\d+)"')
_IMAGE_TAG = re.compile(r'<img\b[^>]*?\sdata-file="(\d+)"[^>]*>')
# The rendition a stored reference points at: what the editor shows, and the API's HTML.
PREVIEW_WIDTH = 800
EMBED_REFUSED = "embed_refused"  # the ValidationError code of the admin's refusal
# A link inside an embed figure, as an editor's form sends it (before the text policy).
_SUBMITTED_EMBED = re.compile(
    r"<figure\b[^>]*\bdata-embed\b[^>]*>(.*?)</figure>",
    re.IGNORECASE | re.DOTALL,
)
_HREF = re.compile(r"""\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)


def image_ids(html):
    """The ids (ints, in order of appearance, without repeats) of the library images the
    stored body ``html`` shows."""
    seen = dict.fromkeys(int(pk) for pk in _IMAGE_REF.findall(html or ""))
    return list(seen)


def uses_image_q(image_pk):
    """A ``Q`` on Article matching the bodies that show the library image ``image_pk``.

    The quotes end the number, so image 1 never matches a body showing image 12."""
    return Q(body__contains=f'data-file="{int(image_pk)}"')


def library_images(html):
    """{id: Image} of the library images the stored body ``html`` shows (one query when
    it shows any, none otherwise); an id no longer in the library is missing."""
    ids = image_ids(html)
    return Image.objects.in_bulk(ids) if ids else {}


def with_current_sources(html, library=None):
    """The stored body ``html`` with each library image's <img> pointing at the image's
    current rendition, with its current alt text (``library``: {id: Image}, loaded when
    None). A new crop renames the renditions (``articles.images.rendition_tag``), so the
    address stored when the image was picked may be gone: the editor and the API's HTML
    get the one that exists. An image gone from the library keeps its tag as stored."""
    if library is None:
        library = library_images(html)

    def current(match):
        image = library.get(int(match.group(1)))
        if image is None:
            return match.group(0)
        return format_html(
            '<img src="{}" alt="{}" data-file="{}">',
            image.rendition_url(UNCROPPED, width=PREVIEW_WIDTH),
            image.alt_text,
            image.pk,
        )

    return _IMAGE_TAG.sub(current, html or "") if library else html or ""


def submitted_embed_urls(html):
    """The addresses of the embeds in ``html`` as a form submitted it (str), in order:
    what the admin checks so it can refuse another host with a message instead of
    letting the text policy quietly turn the embed into a link."""
    urls = []
    for inner in _SUBMITTED_EMBED.findall(html or ""):
        match = _HREF.search(inner)
        urls.append(next((g for g in match.groups() if g is not None), "") if match else "")
    return urls
