"""Breaking items of imported pages and exports, upserted by their identity."""

from articles.models import BreakingItem
from ingest.pipeline.fields import http_url, one_line
from ingest.pipeline.links import find_article
from ingest.pipeline.vocabulary import upsert
from ingest.records import ImportFailure


def write_breaking(record):
    """Upsert a BreakingRecord; (action, label). ImportFailure for a bad field.

    A line read from a page that the ticker already carries under no identity of ours
    (typed in the admin, or imported otherwise) is the same news: "unchanged", not a
    second line.
    """
    text = one_line(record.text, "ticker text", 500, required=True)
    external_id = record.external_id or BreakingItem.external_id_for(record.text, record.attribution)
    values = {
        "text": text,
        "url": http_url(record.url, "ticker link"),
        "attribution": one_line(record.attribution, "attribution", 200),
        "position": record.position,
        "article_id": find_article(record.article_url) if record.article_url else None,
    }
    if record.starts_at:
        values["starts_at"] = record.starts_at
    if record.ends_at:
        if record.starts_at and record.ends_at <= record.starts_at:
            raise ImportFailure("ticker item ends before it starts")
        values["ends_at"] = record.ends_at
    if (
        external_id.startswith("ticker:")
        and not BreakingItem.objects.filter(external_id=external_id).exists()
        and BreakingItem.objects.filter(text__iexact=text).exists()
    ):
        return "unchanged", text[:60]
    _, action = upsert(BreakingItem, {"external_id": external_id}, values)
    return action, text[:60]
