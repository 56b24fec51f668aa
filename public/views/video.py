"""Video addresses → what a page embeds (article videos, live updates' embeds)."""

from urllib.parse import urlsplit

from articles.embeds import youtube_id


def video_embed(url):
    """How to show a video URL without tracking readers.

    YouTube through youtube-nocookie, Vimeo with ``dnt=1``, an .mp4 in a ``<video>``
    element; anything else is only linked (we never iframe unknown hosts).
    """
    if not url:
        return None
    parts = urlsplit(url)
    host = (parts.hostname or "").lower().removeprefix("www.").removeprefix("m.")
    # One reading of YouTube addresses for videos, live updates and body embeds.
    if video_id := youtube_id(url):
        return {"kind": "iframe", "src": f"https://www.youtube-nocookie.com/embed/{video_id}"}
    if host in ("vimeo.com", "player.vimeo.com"):
        vimeo_id = parts.path.rstrip("/").rsplit("/", 1)[-1]
        if vimeo_id.isdigit():
            return {"kind": "iframe", "src": f"https://player.vimeo.com/video/{vimeo_id}?dnt=1"}
    if parts.scheme in ("http", "https") and parts.path.lower().endswith(".mp4"):
        return {"kind": "video", "src": url}
    return {"kind": "link", "src": url}
