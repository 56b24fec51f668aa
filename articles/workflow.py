"""Editorial workflow rules: who may move an article to which status.

The admin (forms, actions, permissions) asks these functions; it never decides on its
own. Rules a newsroom expects:

- Publishing, scheduling and unpublishing need the ``articles.publish_article``
  permission (the Editor and Administrator groups).
- Without it, a writer may only keep an article in draft or send it for review, and
  may not touch an article once it is published or scheduled: a change to a live
  page goes out to readers at once, so it is an editor's call. Writers ask an
  editor for corrections to published pieces.
"""

import difflib

from django.utils import timezone
from django.utils.html import format_html, format_html_join

from articles.models import Article
from articles.text_policy import html_to_text

PUBLISH_PERMISSION = "articles.publish_article"
Status = Article.Status
# Statuses a writer may choose; the others are an editor's decision.
WRITER_STATUSES = (Status.DRAFT, Status.IN_REVIEW)


def can_publish(user):
    """Whether ``user`` may publish, schedule and unpublish."""
    return user.has_perm(PUBLISH_PERMISSION)


def can_edit(user, article):
    """Whether ``user`` may change ``article`` at all (model permission aside)."""
    if article is None or article.pk is None or can_publish(user):
        return True
    # The status the article has in the database, not one a form may have set on it.
    return article.stored_status != Status.PUBLISHED


def allowed_statuses(user, current=None):
    """The statuses ``user`` may save an article with, whose stored status is ``current``."""
    if can_publish(user):
        return list(Status)
    allowed = list(WRITER_STATUSES)
    if current and current not in allowed and current != Status.PUBLISHED:
        # An unpublished article a writer reworks may stay unpublished until resubmitted.
        allowed.append(Status(current))
    return allowed


def user_label(user):
    """How the admin names a colleague in messages."""
    if user is None:
        return "someone"
    return user.get_full_name() or user.get_username()


def publish(article, now=None):
    """Mark ``article`` published; a missing publication time becomes now, a future one
    is kept (the article is then scheduled). Returns True when something changed."""
    now = now or timezone.now()
    changed = article.status != Status.PUBLISHED or article.published_at is None
    article.status = Status.PUBLISHED
    if article.published_at is None:
        article.published_at = now
    return changed


def unpublish(article):
    """Take ``article`` off the site; its first publication time is kept."""
    if article.status != Status.PUBLISHED:
        return False
    article.status = Status.UNPUBLISHED
    return True


def submit_for_review(article):
    """Send a draft (or an unpublished article) to the editors."""
    if article.status not in (Status.DRAFT, Status.UNPUBLISHED):
        return False
    article.status = Status.IN_REVIEW
    return True


def transition_message(old_status, article):
    """The audit-log line for a status change of ``article``, or ``""`` when the
    change does not publish, schedule or unpublish anything."""
    new_status = article.status
    if new_status == Status.PUBLISHED and old_status != Status.PUBLISHED:
        when = timezone.localtime(article.published_at).strftime("%d %b %Y %H:%M %Z")
        if article.is_scheduled:
            return f"Scheduled for publication at {when}."
        return f"Published (publication time {when})."
    if old_status == Status.PUBLISHED and new_status != Status.PUBLISHED:
        return f"Unpublished (status now {article.get_status_display()})."
    return ""


# Fields an editor compares when choosing a revision, with how to show them.
COMPARED_FIELDS = ["headline", "standfirst", "body", "status", "published_at", "slug", "source", "hero_caption"]


def _as_text(field, value):
    if value is None:
        return ""
    if field == "body":
        return html_to_text(str(value))  # compare what readers read
    if field == "published_at":
        return timezone.localtime(value).strftime("%d %b %Y %H:%M")
    return str(value)


def word_diff(old, new):
    """HTML of ``old`` → ``new`` word by word: removed words in <del>, added in <ins>."""
    a, b = old.split(), new.split()
    parts = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            parts.append(format_html("{}", " ".join(a[i1:i2])))
            continue
        if op in ("delete", "replace"):
            parts.append(format_html("<del>{}</del>", " ".join(a[i1:i2])))
        if op in ("insert", "replace"):
            parts.append(format_html("<ins>{}</ins>", " ".join(b[j1:j2])))
    return format_html_join(" ", "{}", ((p,) for p in parts))


def revision_changes(old_fields, article):
    """What restoring a revision whose fields are ``old_fields`` would change on
    ``article``: ``[(label, diff_html)]`` for each compared field that differs."""
    changes = []
    for name in COMPARED_FIELDS:
        if name not in old_fields:
            continue
        old = _as_text(name, old_fields[name])
        new = _as_text(name, getattr(article, name))
        if old != new:
            label = Article._meta.get_field(name).verbose_name.capitalize()
            # Read as "from now back to the revision": what the restore would do.
            changes.append((label, word_diff(new, old)))
    return changes
