"""Breaking items of imported pages and exports, upserted by their identity."""

from articles import editions
from articles.models import BreakingItem
from ingest.pipeline.fields import http_url, one_line
from ingest.pipeline.links import find_article
from ingest.pipeline.vocabulary import upsert
from ingest.records import ImportFailure
from ingest.times import instant


def write_breaking(record, tz=None, edition=None):
    """Upsert a BreakingRecord into the ticker of ``edition`` (a code; None: the default
    edition's); (action, label). ImportFailure for a bad field. Naive
    times are local times in ``tz`` (None: the current zone), read by ``ingest.times``.

    A line read from a page that the ticker already carries under no identity of ours
    (typed in the admin, or imported otherwise) is the same news: "unchanged", not a
    second line.
    """
    text = one_line(record.text, "ticker text", 500, required=True)
    external_id = record.external_id or BreakingItem.external_id_for(record.text, record.attribution)
    edition = edition or editions.default_code()
    values = {
        "edition": edition,
        "text": text,
        "url": http_url(record.url, "ticker link"),
        "attribution": one_line(record.attribution, "attribution", 200),
        "position": record.position,
        "article_id": find_article(record.article_url) if record.article_url else None,
    }
    starts_at = instant(record.starts_at, tz, "breaking item start")
    ends_at = instant(record.ends_at, tz, "breaking item end")
    if starts_at:
        values["starts_at"] = starts_at
    if ends_at:
        if starts_at and ends_at <= starts_at:
            raise ImportFailure("ticker item ends before it starts")
        values["ends_at"] = ends_at
    if (
        external_id.startswith("ticker:")
        and not BreakingItem.objects.filter(external_id=external_id).exists()
        and BreakingItem.objects.filter(text__iexact=text, edition=edition).exists()
    ):
        return "unchanged", text[:60]
    _, action = upsert(BreakingItem, {"external_id": external_id}, values)
    return action, text[:60]
