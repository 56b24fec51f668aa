"""Editorial workflow rules: who may move an article to which status.

The admin (forms, actions, permissions) asks these functions; it never decides on its
own. Rules a newsroom expects:

- Publishing, scheduling and unpublishing need the ``articles.publish_article``
  permission (the Editor and Administrator groups).
- Without it, a writer may only keep an article in draft or send it for review, and
  may not touch an article once it is published or scheduled: a change to a live
  page goes out to readers at once, so it is an editor's call. Writers ask an
  editor for corrections to published pieces.
- Ownership: a writer works on her own stories (``owns``: she created it, or a byline
  author linked to her login is on it, which is how a story is shared with her). She
  sees those and what readers see; another writer's draft, an editor's embargoed piece
  and deleted articles (``can_recover``) are editors' business.
- Images: a writer uploads images and edits those that only her own unpublished
  stories use (``can_change_image``); an image on a published or scheduled story, or an
  author's photo, changes what readers see at once, so it is an editor's act.
- Fields a writer never sets (``EDITOR_FIELDS``), and the import identity nobody sets
  in the admin (``IMPORT_FIELDS``), keep their stored value whatever a form or a
  restored revision brings (``keep_stored_fields``).
"""

import difflib

from django.db.models import Q
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from articles import body_media
from articles.models import Article, Author, Byline, GalleryItem
from articles.models.article import owned_q, published_q
from articles.text_policy import html_to_text

PUBLISH_PERMISSION = "articles.publish_article"
Status = Article.Status
# Statuses a writer may choose; the others are an editor's decision.
WRITER_STATUSES = (Status.DRAFT, Status.IN_REVIEW)
# Read-only for writers in the form; a restored revision must not bring old values back
# either (an old publication time would backdate or schedule the story when published).
EDITOR_FIELDS = ("published_at",)
# Written by the importer only: an identity typed in the admin would let a later wire
# import overwrite (and publish) the article that carries it.
IMPORT_FIELDS = ("external_id",)


def can_publish(user):
    """Whether ``user`` may publish, schedule and unpublish (the Editor and Administrator
    roles): also the mark of who sees every article, whoever owns it."""
    return user.has_perm(PUBLISH_PERMISSION)


def owns(user, article):
    """Whether ``article`` is one of ``user``'s stories: she created it in the admin, or a
    byline author linked to her login (``Author.user``) is on it. One query, remembered
    on the article for the request's other checks (inlines ask too)."""
    if article is None or article.pk is None:
        return True  # being created: it will be hers
    if article.created_by_id is not None and article.created_by_id == user.pk:
        return True
    known = article.__dict__.setdefault("_owned_by", {})
    if user.pk not in known:
        known[user.pk] = Byline.objects.filter(article=article, author__user_id=user.pk).exists()
    return known[user.pk]


def can_view(user, article):
    """Whether ``user`` may see ``article`` in the admin (its form, history, preview):
    editors every article; writers their own and the ones readers see."""
    return can_publish(user) or article is None or article.is_published or owns(user, article)


def can_edit(user, article):
    """Whether ``user`` may change ``article`` at all (model permission aside): editors
    always; writers their own stories (``owns``) until they are published or scheduled."""
    if article is None or article.pk is None or can_publish(user):
        return True
    # The status the article has in the database, not one a form may have set on it.
    return article.stored_status != Status.PUBLISHED and owns(user, article)


def visible_articles(user, queryset):
    """``queryset`` narrowed to what ``user`` may see in the admin (``can_view``): the
    changelist, bulk actions, autocomplete, change form, history and revisions all
    start from it."""
    if can_publish(user):
        return queryset
    return queryset.filter(owned_q(user) | published_q())


def can_recover(user):
    """Whether ``user`` may list and read deleted articles (django-reversion's recover
    pages): their text was taken off the desk by an editor, so editors only."""
    return can_publish(user)


def can_change_image(user, image):
    """Whether ``user`` may change ``image`` (file, alt text, caption, credit, crops);
    the model permission aside.

    Editors always. A writer: a new image; an image every story using it (as hero, in
    a gallery or in its body: ``articles.body_media``) is one of her unpublished ones
    (``can_edit``); an image no story uses that she uploaded. Never an author's photo:
    author pages show it. The focal point is part of the image: the same rule.
    """
    if image is None or image.pk is None or can_publish(user):
        return True
    if Author.objects.filter(photo=image).exists():
        return False
    in_gallery = GalleryItem.objects.filter(image=image).values("article")
    using = list(
        Article.objects.filter(Q(hero_image=image) | Q(pk__in=in_gallery) | body_media.uses_image_q(image.pk)).only(
            "pk", "status", "created_by"
        )
    )
    if not using:
        return image.uploaded_by_id is not None and image.uploaded_by_id == user.pk
    return all(can_edit(user, article) for article in using)


def keep_stored_fields(user, article, stored):
    """Put back on ``article`` the stored values of the fields ``user`` may not set
    (``EDITOR_FIELDS`` for writers, ``IMPORT_FIELDS`` for everyone); ``stored`` has them
    as attributes (the admin's ``StoredState``; all None for a new article)."""
    fields = IMPORT_FIELDS if can_publish(user) else EDITOR_FIELDS + IMPORT_FIELDS
    for name in fields:
        setattr(article, name, getattr(stored, name))


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
