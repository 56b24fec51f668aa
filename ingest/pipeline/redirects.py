"""Redirects of an export, upserted by their old path on this site (``settings.SITE_ID``)."""

from django.conf import settings
from django.core.exceptions import ValidationError

from articles.models import Redirect
from ingest.pipeline.fields import http_url
from ingest.pipeline.vocabulary import apply_changes
from ingest.records import ImportFailure


def write_redirect(record):
    """Upsert a RedirectRecord; (action, label). ImportFailure when the paths break the
    rules an editor's redirect follows (``Redirect.clean``: an old path starting with "/"
    and without a query string, neither longer than the table holds) or the target is
    neither a path of ours, nor an http(s) address, nor "" (gone)."""
    new_path = (record.new_path or "").strip()
    if new_path and not new_path.startswith("/"):
        new_path = http_url(new_path, "redirect target")  # another site: an http(s) address only
    redirect = Redirect(site_id=settings.SITE_ID, old_path=(record.old_path or "").strip(), new_path=new_path)
    try:
        redirect.clean()  # both paths in their stored form, as save() would store them
        redirect.validate_constraints(exclude={"site"})
    except ValidationError as exc:
        messages = "; ".join(f"{field}: {' '.join(errors)}" for field, errors in exc.message_dict.items())
        raise ImportFailure(f"redirect {record.old_path[:80]!r}: {messages}") from None
    existing = Redirect.objects.filter(site_id=settings.SITE_ID, old_path=redirect.old_path).first()
    label = f"{redirect.old_path} → {redirect.new_path or '(gone)'}"
    if existing is None:
        redirect.save()
        return "created", label
    return apply_changes(existing, {"new_path": redirect.new_path}), label
