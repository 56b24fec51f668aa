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

# As the text policy writes them: bleach quotes every attribute value with '"'.
_IMAGE_REF = re.compile(r'<img\b[^>]*?\sdata-file="(\d+)"')
EMBED_REFUSED = "embed_refused"
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


def submitted_embed_urls(html):
    """The addresses of the embeds in ``html`` as a form submitted it (str), in order:
    what the admin checks so it can refuse another host with a message instead of
    letting the text policy quietly turn the embed into a link."""
    urls = []
    for inner in _SUBMITTED_EMBED.findall(html or ""):
        match = _HREF.search(inner)
        urls.append(next((g for g in match.groups() if g is not None), "") if match else "")
    return urls
