"""An article body as readers get it: library images as the library holds them now, and
embeds that load nothing from a third party until the reader asks.

The stored body (``articles.body_media`` describes its references) is sanitised and
kept as stored; this runs where the page is rendered, once per cached page:

- a library image (``<img data-file="12">``, in its figure or alone) becomes the
  image's renditions with ``srcset``, its alt text, and its caption (the story's own
  figcaption when the editor wrote one, else the library's) and credit; an image no
  longer in the library is left out rather than shown broken;
- an embed (``<figure data-embed>``) becomes a placeholder naming the provider, with a
  link to the post and a button; ``static/js/site.js`` puts the provider's frame
  (``articles.embeds``: youtube-nocookie, X without tracking, Telegram's embed page)
  in its place on click. Without the script, the link remains.
"""

import html as html_lib
import re

from django.utils.html import format_html

from articles import body_media, embeds
from articles.text_policy import stored_html

# As the text policy stores them (bleach writes attributes with '"').
_LIBRARY_FIGURE = re.compile(
    r'<figure>\s*(<img\b[^>]*?\sdata-file="\d+"[^>]*>)\s*(?:<figcaption>(.*?)</figcaption>)?\s*</figure>', re.DOTALL
)
_LIBRARY_IMG = re.compile(r'<img\b[^>]*?\sdata-file="(\d+)"[^>]*>')
_EMBED = re.compile(r'<figure data-embed="[a-z]+"><a [^>]*?href="([^"]*)"[^>]*>[^<]*</a></figure>')
# How wide a body picture is shown: the article column, or the screen on a phone.
BODY_IMAGE_SIZES = "(min-width: 1000px) 760px, 100vw"
BODY_IMAGE_WIDTH = 1200
# What each provider's frame shows, for the button and the frame's title.
NOUNS = {"youtube": "video", "x": "post", "telegram": "post"}


def _picture(image):
    width = min(image.width or BODY_IMAGE_WIDTH, BODY_IMAGE_WIDTH)
    height = round(width * image.height / image.width) if image.width else round(width * 9 / 16)
    return format_html(
        '<img src="{}" srcset="{}" sizes="{}" alt="{}" width="{}" height="{}" loading="lazy" decoding="async">',
        image.rendition_url("full", width=BODY_IMAGE_WIDTH),
        image.uncropped_srcset,
        BODY_IMAGE_SIZES,
        image.alt_text,
        width,
        height,
    )


def _figure(image, caption_html):
    """The figure of ``image`` with ``caption_html`` (the story's sanitised figcaption
    content, "" for none: then the library's caption) and the library's credit."""
    caption = format_html("{}", image.caption) if not caption_html.strip() else stored_html(caption_html)
    credit = format_html(' <span class="credit">({})</span>', image.credit) if image.credit else ""
    figcaption = format_html("<figcaption>{}{}</figcaption>", caption, credit) if caption or credit else ""
    return format_html(
        '<figure class="body-image" data-image="{}">{}{}</figure>', image.pk, _picture(image), figcaption
    )


def embed_placeholder(embed):
    """The click-to-load placeholder of an ``articles.embeds.Embed``."""
    name, noun = embed.provider_name, NOUNS[embed.provider]
    return format_html(
        '<figure class="embed embed-{provider}" data-embed-frame="{frame}" data-embed-title="{name} {noun}">'
        '<p class="embed-notice">This {noun} is hosted by {name}. It is loaded only if you ask, '
        "and {name} may then set cookies and see your visit.</p>"
        '<p class="embed-actions"><button type="button" class="embed-load">Load the {noun} from {name}</button> '
        '<a href="{url}" rel="noopener noreferrer nofollow">Open it on {name}</a></p></figure>',
        provider=embed.provider,
        frame=embed.frame,
        name=name,
        noun=noun,
        url=embed.url,
    )


def reader_body(html):
    """The stored body ``html`` as the page shows it (a safe str): its library images and
    embeds rendered as described above. One query when the body shows library images,
    none otherwise."""
    html = html or ""
    ids = body_media.image_ids(html)
    if not ids and "data-embed" not in html:
        return stored_html(html)
    library = body_media.library_images(html)

    def figure(match):
        image = library.get(int(_LIBRARY_IMG.search(match.group(1)).group(1)))
        return _figure(image, match.group(2) or "") if image else ""

    def lone_image(match):
        image = library.get(int(match.group(1)))
        return _picture(image) if image else ""

    def embed(match):
        found = embeds.parse_embed(html_lib.unescape(match.group(1)))
        return embed_placeholder(found) if found else match.group(0)

    html = _LIBRARY_FIGURE.sub(figure, html)
    html = _LIBRARY_IMG.sub(lone_image, html)
    html = _EMBED.sub(embed, html)
    return stored_html(html)
