"""Small helpers shared by the admin modules."""

from django.utils.html import format_html


def thumbnail(image, size=64, ratio="1x1"):
    """An ``<img>`` of ``image``'s smallest rendition of ``ratio``, or a dash.

    Reads the rendition index stored on the image: no query, no file access.
    """
    if image is None or not image.file:
        return "–"
    return format_html(
        '<img src="{}" alt="{}" width="{}" height="{}" loading="lazy" class="admin-thumb">',
        image.rendition_url(ratio, width=size),
        image.alt_text,
        size,
        size if ratio == "1x1" else round(size * 9 / 16),
    )
