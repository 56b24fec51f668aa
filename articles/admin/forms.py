"""Admin forms: the article editing form (workflow rules, edit conflicts, rich text)
and the image upload form (clear validation messages)."""

from dataclasses import dataclass
from datetime import datetime

from django import forms
from django.contrib.admin.widgets import AdminFileWidget
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.forms.models import inlineformset_factory
from django.urls import reverse_lazy
from django.utils import timezone
from django_prose_editor.fields import ProseEditorFormField
from django_prose_editor.widgets import AdminProseEditorWidget

from articles import body_media, embeds, images, prepublish, workflow
from articles.models import Article, Byline, Image
from articles.models.article import SEO_DESCRIPTION_LENGTH, SEO_TITLE_LENGTH
from articles.models.frontpage import TOP_STORIES
from articles.redirects import held_message, holding_redirect

# What the body editor offers. The model sanitises whatever arrives anyway; the
# editor only has to keep what the sanitiser keeps, so an imported body (figures,
# embedded tweets) survives being opened and saved in the editor.
BODY_EDITOR_EXTENSIONS = {
    "Heading": {"levels": [2, 3]},
    "Bold": True,
    "Italic": True,
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto"]},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "HardBreak": True,
    "HorizontalRule": True,
    # Figures pick their image from the library (the image admin's picker); the page
    # shows the library image as it is now (articles.body_media).
    "Figure": {"pickerUrl": reverse_lazy("admin:articles_image_picker")},
    "Caption": True,
    "Image": True,
    # Simple tables, and embeds of YouTube, X and Telegram (static/admin-extra/editor-embeds.js).
    "Table": True,
    "TableRow": True,
    "TableHeader": True,
    "TableCell": True,
    "Embed": True,
    # Embedded tweets are blockquotes with this class; the page styles them.
    "NodeClass": {"cssClasses": {"blockquote": [{"className": "twitter-tweet", "title": "Embedded tweet"}]}},
    "HTML": True,
}


@dataclass(frozen=True)
class StoredState:
    """An article's bookkeeping as the database holds it, which a save is checked against:
    the edit-conflict check (``version``, with who saved it and when), the statuses a
    writer may choose and the audit trail (``status``), the fields a user may not set
    (``workflow.keep_stored_fields``: ``published_at``, ``external_id``), the
    "Updated" time a restored revision must not take away (``revised_at``) and the
    article's address (``section_id``, ``slug``), which a redirect to it does not hold
    against it.

    ``last_edited_by`` and ``section_id`` are ids. Every field is None for an article
    not saved yet.
    """

    version: int | None = None
    status: str | None = None
    last_edited_by: int | None = None
    last_saved_at: datetime | None = None
    published_at: datetime | None = None
    revised_at: datetime | None = None
    external_id: str | None = None
    section_id: int | None = None
    slug: str | None = None

    @classmethod
    def of(cls, article):
        """The state of ``article`` as loaded from the database (nothing changed on it yet)."""
        values = {name: getattr(article, name) for name in cls.FIELDS if name != "last_edited_by"}
        return cls(last_edited_by=article.last_edited_by_id, **values)

    def path(self):
        """The article's public path as stored, or None for an article not saved yet."""
        return Article.path_for(self.section_id, self.slug) if self.section_id else None

    @classmethod
    def load(cls, pk, lock=False):
        """The stored state of the article ``pk``; with ``lock``, its row stays locked until
        the transaction ends, so two saves cannot both pass the edit-conflict check."""
        rows = Article.objects.filter(pk=pk)
        if lock:
            rows = rows.select_for_update()
        row = rows.values(*cls.FIELDS).first()
        return cls(**row) if row else cls()


# The columns a StoredState reads, as values() names them (a foreign key gives its id).
StoredState.FIELDS = tuple(StoredState.__dataclass_fields__)


class ArticleAdminForm(forms.ModelForm):
    """The article form of the admin.

    ``user`` is who edits: the statuses offered and the publishing checks follow the
    workflow for them (``articles.workflow``). ``live_state`` is given by the revision
    view only: the article's ``StoredState`` from before django-reversion wrote the old
    revision into the database, which the form must compare with instead. The admin
    builds its form classes itself, so it hands both over with ``form_for``.
    """

    body = ProseEditorFormField(
        config={"extensions": BODY_EDITOR_EXTENSIONS},
        widget=AdminProseEditorWidget,
        required=False,
        help_text=Article._meta.get_field("body").help_text,
    )
    loaded_version = forms.IntegerField(
        widget=forms.HiddenInput,
        required=False,
        help_text="The version of the article this form was opened on; detects edits made in between.",
    )
    video_url = forms.URLField(
        required=False,
        assume_scheme="https",
        label="Video URL",
        help_text=Article._meta.get_field("video_url").help_text,
    )
    new_tags = forms.CharField(
        required=False,
        label="New tags",
        help_text="Tags not in the list yet, separated by commas, e.g. “Syria, Bashar al-Assad”.",
    )
    substantive_update = forms.BooleanField(
        required=False,
        label="Substantive update",
        help_text="Tick for a change readers should know about (new facts, a correction): "
        "the article then shows “Updated” with the time of this save. Leave unticked for typo fixes.",
    )
    # Not a column: the lead and top stories are front-page pins (articles.frontpage),
    # which the article form still sets for good, as it always did; expiries and the
    # other slots are on the front-page screen.
    home_position = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=TOP_STORIES + 1,
        label="Home position",
        help_text="Home page placement: 1 is the lead story, 2–7 the top stories. Empty: newest first. "
        "The front page screen shows every slot, with expiries.",
    )
    # Offered on the revision page only (revision_form.html): restoring a revision
    # leaves the story's front-page pins alone unless the editor ticks this.
    take_off_front_page = forms.BooleanField(
        required=False,
        label="Also take it off the front page",
        help_text="Unpin this story from every slot of the home page when restoring.",
    )
    # Shown (by the change form's template) only once the pre-publish checks have
    # warned: ticking it is the editor's conscious decision to publish as it is.
    publish_anyway = forms.BooleanField(
        required=False,
        label="Publish anyway",
        help_text="I have read the warnings above and want to publish (or schedule) this article as it is.",
    )

    class Meta:
        model = Article
        fields = [
            "kicker",
            "headline",
            "standfirst",
            "body",
            "section",
            "slug",
            "regions",
            "tags",
            "status",
            "published_at",
            "revised_at",
            "hero_image",
            "hero_caption",
            "hero_credit",
            "format",
            "video_url",
            "source",
            "language",
            "seo_title",
            "seo_description",
            "social_image",
        ]
        widgets = {
            "kicker": forms.TextInput(attrs={"size": 30}),
            # data-count-to: the change form's script counts characters against the limit
            # search engines show (articles.models.article.SEO_*_LENGTH).
            "seo_title": forms.TextInput(attrs={"size": 90, "data-count-to": SEO_TITLE_LENGTH}),
            "seo_description": forms.Textarea(attrs={"rows": 3, "cols": 90, "data-count-to": SEO_DESCRIPTION_LENGTH}),
            "headline": forms.TextInput(attrs={"size": 90}),
            "slug": forms.TextInput(attrs={"size": 90}),
            "standfirst": forms.Textarea(attrs={"rows": 3, "cols": 90}),
            "hero_caption": forms.TextInput(attrs={"size": 80}),
        }

    # Editorial meaning of fields whose model has no help text.
    EXTRA_HELP = {
        "section": "The primary section: it decides the URL and the breadcrumb.",
        "regions": "Regions the story is about; it appears on each region's page.",
        "format": "Page layout: video shows the video URL, gallery the gallery images, live the live updates.",
        "hero_image": "Shown at the top and on cards, cropped around the image's focal point.",
        "language": "Language code of the text, e.g. “en”.",
    }

    def __init__(self, *args, user, live_state=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.live_state = live_state
        self._stored = None  # read on first use, re-read (locked) by the edit-conflict check
        self.prepublish_warnings = []  # failed pre-publish checks of the last clean()
        if "published_at" in self.fields and hasattr(self.fields["published_at"].widget, "widgets"):
            # Two inputs under one label: each needs its own accessible name.
            date_input, time_input = self.fields["published_at"].widget.widgets
            date_input.attrs["aria-label"] = "Publication date"
            time_input.attrs["aria-label"] = "Publication time"
        for name, text in self.EXTRA_HELP.items():
            if name in self.fields and not self.fields[name].help_text:
                self.fields[name].help_text = text
        if self.instance.pk:
            # A restored autosave brings the version it was made on (articles.editing).
            self.initial.setdefault("loaded_version", self.stored_state().version)
            if "home_position" in self.fields:
                self.initial["home_position"] = self.instance.home_position
            if "body" in self.fields and "data-file=" in (self.instance.body or ""):
                # A re-cropped library image has new rendition names: the editor shows the current one.
                self.initial["body"] = body_media.with_current_sources(self.instance.body)
        if "status" in self.fields:
            current = self.stored_state().status if self.instance.pk else None
            self.fields["status"].choices = [(s.value, s.label) for s in workflow.allowed_statuses(self.user, current)]
            if not workflow.can_publish(self.user):
                self.fields["status"].help_text = "Writers keep drafts or send them for review; editors publish."

    def stored_state(self, lock=False):
        """The article's ``StoredState``: as stored, or as it was before a revision was
        reverted into the database (the revision view's ``live_state``)."""
        if self.live_state is not None:
            return self.live_state
        if self._stored is None or lock:
            self._stored = StoredState.load(self.instance.pk, lock=lock)
        return self._stored

    def clean_body(self):
        """The body as sent, unless it embeds an address that is no YouTube video, X post
        or Telegram post: refused with the reason, not quietly turned into a link."""
        body = self.cleaned_data.get("body") or ""
        refused = [url for url in body_media.submitted_embed_urls(body) if embeds.parse_embed(url) is None]
        if refused:
            raise ValidationError([embeds.refusal(url) for url in refused], code=body_media.EMBED_REFUSED)
        return body

    def clean(self):
        cleaned = super().clean()
        if not workflow.can_publish(self.user):
            # published_at is read-only for writers, so a value can only come from a crafted request.
            if any(key.startswith("published_at") and value for key, value in self.data.items()):
                raise ValidationError(
                    "Only editors can publish or schedule: leave the publication time empty.", code="cannot_schedule"
                )
            if any(key.startswith("home_position") and value for key, value in self.data.items()):
                raise ValidationError("Only editors can place articles on the home page.", code="cannot_place")
        if "slug" in self.fields and not cleaned.get("slug") and cleaned.get("headline") and cleaned.get("section"):
            # The model would make it on save, but the constraints are checked before that.
            cleaned["slug"] = self.instance.slug = Article.free_slug(cleaned["headline"], cleaned["section"])
        self.check_address_not_held(cleaned)
        status = cleaned.get("status")
        if status == Article.Status.PUBLISHED and "published_at" in self.fields and not cleaned.get("published_at"):
            # Publishing without a time means now; a future time means scheduled.
            cleaned["published_at"] = timezone.now()
            self.instance.published_at = cleaned["published_at"]
        if self.instance.pk:
            self.check_not_stale()
        self.check_before_publishing(cleaned)
        return cleaned

    def check_address_not_held(self, cleaned):
        """Refuse an address (section + slug) that a redirect keeps for a story that moved:
        the new article would shadow the 301 and the old links would reach another story.
        The article's own old address is free to take back (``holding_redirect``)."""
        section, slug = cleaned.get("section"), cleaned.get("slug")
        if "slug" not in self.fields or not section or not slug:
            return
        path = Article.url_for(section.path, slug, section.edition)
        own = self.stored_state().path() if self.instance.pk else None
        new_path = holding_redirect(path, own_path=own)
        if new_path is not None:
            self.add_error("slug", ValidationError(held_message(path, new_path), code="address_held"))

    def publishes(self, cleaned):
        """Whether this save publishes or schedules the article (it was not published)."""
        if cleaned.get("status") != Article.Status.PUBLISHED:
            return False
        return not self.instance.pk or self.stored_state().status != Article.Status.PUBLISHED

    def check_before_publishing(self, cleaned):
        """Refuse, once, to publish or schedule an article that fails the pre-publish
        checks (``articles.prepublish``): the form comes back with the warnings and a
        "Publish anyway" box, and the same save with the box ticked goes through.

        Only an editor publishing is checked; a writer's draft or submission never is
        (writers cannot publish: ``workflow.can_publish``).
        """
        if not workflow.can_publish(self.user) or not self.publishes(cleaned):
            return
        new_tags = [t for t in cleaned.get("new_tags", "").split(",") if t.strip()]
        candidate = prepublish.Candidate(
            headline=cleaned.get("headline") or "",
            standfirst=cleaned.get("standfirst") or "",
            body=cleaned.get("body") or "",
            hero_image=cleaned.get("hero_image"),
            byline_count=self.byline_count(),
            tag_count=len(cleaned.get("tags") or []) + len(new_tags),
        )
        self.prepublish_warnings = prepublish.warnings(candidate)
        if self.prepublish_warnings and not cleaned.get("publish_anyway"):
            raise ValidationError(
                "Before publishing, check: %(problems)s Fix them, or tick “Publish anyway” and save again.",
                code="prepublish_warnings",
                params={"problems": " ".join(w.problem for w in self.prepublish_warnings)},
            )

    def byline_count(self):
        """How many bylines the article will have after this save: the byline rows sent
        with the form (the admin's inline, prefix ``bylines``), valid, with an author and
        not deleted; the stored count when the form came without them."""
        rows = BYLINE_ROWS(self.data, instance=self.instance, prefix="bylines")
        if not rows.management_form.is_valid():
            return self.instance.bylines.count() if self.instance.pk else 0
        return sum(
            1
            for row in rows.forms
            if row.is_valid() and row.cleaned_data.get("author") and not row.cleaned_data.get("DELETE")
        )

    def check_not_stale(self):
        """Refuse the save when someone saved the article after this form was opened."""
        loaded = self.cleaned_data.get("loaded_version")
        stored = self.stored_state(lock=True)
        if loaded is not None and loaded == stored.version:
            return
        editor = None
        if stored.last_edited_by:
            editor = get_user_model().objects.filter(pk=stored.last_edited_by).first()
        when = timezone.localtime(stored.last_saved_at).strftime("%H:%M") if stored.last_saved_at else "?"
        who = workflow.user_label(editor)
        if editor is not None and editor.pk == self.user.pk:
            # A second tab, or a double click on Save: still refused, but say so.
            who = f"You ({who}, in another tab or an earlier click on Save)"
        raise ValidationError(
            "%(who)s saved this article at %(when)s while you were editing it (now version %(version)s). "
            "Your changes have NOT been saved and are still in this form: copy what you need, "
            "then reload the page to see their version and apply your changes again.",
            code="edit_conflict",
            params={"who": who, "when": when, "version": stored.version},
        )


# The byline rows of the change form, read again by the pre-publish check (the admin
# validates the inline itself only after the article form).
BYLINE_ROWS = inlineformset_factory(Article, Byline, fields=["author", "position"], extra=0, can_delete=True)


def form_for(form_class, *, user, live_state=None, initial=None):
    """``form_class`` (an ``ArticleAdminForm`` subclass made by ``ModelAdmin.get_form``) whose
    forms are made for ``user``, with ``live_state`` (see ``ArticleAdminForm``) and, when
    given, ``initial`` over the article's values (a restored autosave).

    Django's change view instantiates the form class itself with data, files and the
    instance only; this subclass adds the arguments ``ArticleAdminForm`` requires.
    """

    class ArticleFormForUser(form_class):
        def __init__(self, *args, **kwargs):
            if initial:
                kwargs["initial"] = {**initial, **(kwargs.get("initial") or {})}
            super().__init__(*args, user=user, live_state=live_state, **kwargs)

    return ArticleFormForUser


class ValidatedImageField(forms.ImageField):
    """An image field whose errors say what is wrong (too big, truncated, a bomb)
    instead of Django's generic "upload a valid image"."""

    def to_python(self, data):
        upload = forms.FileField.to_python(self, data)
        if upload is None:
            return None
        images.validate_image_file(upload)
        return super().to_python(data)


class ImageAdminForm(forms.ModelForm):
    file = ValidatedImageField(
        widget=AdminFileWidget,
        help_text=Image._meta.get_field("file").help_text,
    )

    class Meta:
        model = Image
        fields = ["file", "alt_text", "caption", "credit", "focal_x", "focal_y"]
        widgets = {"caption": forms.TextInput(attrs={"size": 80}), "alt_text": forms.TextInput(attrs={"size": 80})}
