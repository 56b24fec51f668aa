"""Admin forms: the article editing form (workflow rules, edit conflicts, rich text)
and the image upload form (clear validation messages)."""

from django import forms
from django.contrib.admin.widgets import AdminFileWidget
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone
from django_prose_editor.fields import ProseEditorFormField
from django_prose_editor.widgets import AdminProseEditorWidget

from articles import images, workflow
from articles.models import Article, Image
from articles.models.taxonomy import unique_slug

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
    "Figure": True,
    "Caption": True,
    "Image": True,
    # Embedded tweets are blockquotes with this class; the page styles them.
    "NodeClass": {"cssClasses": {"blockquote": [{"className": "twitter-tweet", "title": "Embedded tweet"}]}},
    "HTML": True,
}


class ArticleAdminForm(forms.ModelForm):
    """The article form of the admin.

    The admin subclasses it per request with ``user`` set (see
    ``ArticleAdmin.get_form``); ``live_state`` may carry the article's stored state
    captured before a revision was reverted into the database.
    """

    user = None
    live_state = None

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

    class Meta:
        model = Article
        fields = [
            "headline",
            "standfirst",
            "body",
            "section",
            "slug",
            "regions",
            "tags",
            "status",
            "published_at",
            "updated_at",
            "home_position",
            "hero_image",
            "hero_caption",
            "format",
            "video_url",
            "source",
            "language",
            "external_id",
        ]
        widgets = {
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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "published_at" in self.fields and hasattr(self.fields["published_at"].widget, "widgets"):
            # Two inputs under one label: each needs its own accessible name.
            date_input, time_input = self.fields["published_at"].widget.widgets
            date_input.attrs["aria-label"] = "Publication date"
            time_input.attrs["aria-label"] = "Publication time"
        for name, text in self.EXTRA_HELP.items():
            if name in self.fields and not self.fields[name].help_text:
                self.fields[name].help_text = text
        if self.instance.pk:
            self.initial["loaded_version"] = self.stored_state()["version"]
        if "status" in self.fields and self.user is not None:
            current = self.stored_state()["status"] if self.instance.pk else None
            self.fields["status"].choices = [(s.value, s.label) for s in workflow.allowed_statuses(self.user, current)]
            if not workflow.can_publish(self.user):
                self.fields["status"].help_text = "Writers keep drafts or send them for review; editors publish."

    def stored_state(self, lock=False):
        """Version, status and last editor of the article as stored (or as they were
        before a revision was reverted into the database, for the revision view)."""
        if self.live_state is not None:
            return self.live_state
        if not hasattr(self, "_stored_state") or lock:
            qs = Article.objects.filter(pk=self.instance.pk)
            if lock:
                # Held until the admin's transaction ends, so two saves cannot both pass.
                qs = qs.select_for_update()
            row = qs.values("version", "status", "last_edited_by", "modified_at").first()
            self._stored_state = row or {
                "version": None,
                "status": None,
                "last_edited_by": None,
                "modified_at": None,
            }
        return self._stored_state

    def clean(self):
        cleaned = super().clean()
        user = self.user
        if user is not None and not workflow.can_publish(user):
            # published_at is read-only for writers, so a value can only come from a crafted request.
            if any(key.startswith("published_at") and value for key, value in self.data.items()):
                raise ValidationError(
                    "Only editors can publish or schedule: leave the publication time empty.", code="cannot_schedule"
                )
            if any(key.startswith("home_position") and value for key, value in self.data.items()):
                raise ValidationError("Only editors can place articles on the home page.", code="cannot_place")
        if "slug" in self.fields and not cleaned.get("slug") and cleaned.get("headline") and cleaned.get("section"):
            # The model would make it on save, but the constraints are checked before that.
            cleaned["slug"] = self.instance.slug = unique_slug(
                Article, cleaned["headline"], section_id=cleaned["section"].pk
            )
        status = cleaned.get("status")
        if status == Article.Status.PUBLISHED and "published_at" in self.fields and not cleaned.get("published_at"):
            # Publishing without a time means now; a future time means scheduled.
            cleaned["published_at"] = timezone.now()
            self.instance.published_at = cleaned["published_at"]
        if self.instance.pk:
            self.check_not_stale()
        return cleaned

    def check_not_stale(self):
        """Refuse the save when someone saved the article after this form was opened."""
        loaded = self.cleaned_data.get("loaded_version")
        stored = self.stored_state(lock=True)
        if loaded is not None and loaded == stored["version"]:
            return
        editor = None
        if stored["last_edited_by"]:
            editor = get_user_model().objects.filter(pk=stored["last_edited_by"]).first()
        when = timezone.localtime(stored["modified_at"]).strftime("%H:%M") if stored["modified_at"] else "?"
        who = workflow.user_label(editor)
        if editor is not None and self.user is not None and editor.pk == self.user.pk:
            # A second tab, or a double click on Save: still refused, but say so.
            who = f"You ({who}, in another tab or an earlier click on Save)"
        raise ValidationError(
            "%(who)s saved this article at %(when)s while you were editing it (now version %(version)s). "
            "Your changes have NOT been saved and are still in this form: copy what you need, "
            "then reload the page to see their version and apply your changes again.",
            code="edit_conflict",
            params={"who": who, "when": when, "version": stored["version"]},
        )


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
