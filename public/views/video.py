"""Video addresses → what a page embeds (article videos, live updates' embeds)."""

import re
from urllib.parse import parse_qs, urlsplit

_YOUTUBE_ID = re.compile(r"^[\w-]{6,20}$")


def video_embed(url):
    """How to show a video URL without tracking readers.

    YouTube through youtube-nocookie, Vimeo with ``dnt=1``, an .mp4 in a ``<video>``
    element; anything else is only linked (we never iframe unknown hosts).
    """
    if not url:
        return None
    parts = urlsplit(url)
    host = (parts.hostname or "").lower().removeprefix("www.").removeprefix("m.")
    video_id = ""
    if host == "youtu.be":
        video_id = parts.path.strip("/")
    elif host in ("youtube.com", "youtube-nocookie.com"):
        if parts.path == "/watch":
            video_id = parse_qs(parts.query).get("v", [""])[0]
        elif parts.path.startswith(("/embed/", "/shorts/", "/live/")):
            video_id = parts.path.split("/")[2]
    if video_id and _YOUTUBE_ID.match(video_id):
        return {"kind": "iframe", "src": f"https://www.youtube-nocookie.com/embed/{video_id}"}
    if host in ("vimeo.com", "player.vimeo.com"):
        vimeo_id = parts.path.rstrip("/").rsplit("/", 1)[-1]
        if vimeo_id.isdigit():
            return {"kind": "iframe", "src": f"https://player.vimeo.com/video/{vimeo_id}?dnt=1"}
    if parts.scheme in ("http", "https") and parts.path.lower().endswith(".mp4"):
        return {"kind": "video", "src": url}
    return {"kind": "link", "src": url}
