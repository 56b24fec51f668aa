"""The admin's date-and-time fields, safe around daylight-saving changes.

Django's split date/time field re-reads the local time it displayed and refuses any
time that is ambiguous or does not exist in the site's zone. A story published at
23:30 on the night Beirut's clocks go back could then never be saved again, whatever
field the editor changed. ``LocalDateTimeField`` follows ``articles.localtime``
instead:

- a value the editor left as displayed keeps the stored instant exactly (including
  which of two identical wall-clock times it was, and its seconds' fractions);
- an ambiguous time typed by hand is the earlier instant, and the admin says so;
- a time that does not exist is refused with a message naming the missing hour.

``LocalTimesAdmin`` puts the field on every ``DateTimeField`` of a ModelAdmin or an
inline and reports the choices made for ambiguous times after the save.
"""

from datetime import datetime

from django import forms
from django.contrib import messages
from django.contrib.admin import widgets
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from articles import localtime


class LocalDateTimeField(forms.SplitDateTimeField):
    """A split date/time form field reading wall-clock times in the current time zone
    by the rules of ``articles.localtime`` (see the module docstring).

    ``notes`` lists, after cleaning, what was made of an ambiguous time (for messages).
    """

    def __init__(self, **kwargs):
        zone = timezone.get_current_timezone_name()
        rule = (
            f"Time in {zone}. When clocks go back, a time that happens twice is read as the first one "
            "(summer time); a time skipped when clocks go forward is refused."
        )
        kwargs["help_text"] = f"{kwargs['help_text']} {rule}" if kwargs.get("help_text") else rule
        super().__init__(**kwargs)
        self.notes = []

    def _clean_bound_field(self, bf):
        # Django cleans a field from its submitted data alone; this one also needs the
        # stored instant, to keep it when the editor left the displayed value alone.
        # form.initial holds it with full precision (bf.initial drops microseconds).
        self.notes = []  # the field object is shared by copies of the form: start afresh
        initial = bf.form.initial.get(bf.name, self.initial)
        if callable(initial):
            initial = initial()
        value = bf.initial if self.disabled else bf.data
        kept = self.unchanged_instant(value, initial)
        return kept if kept is not None else self.clean(value)

    def unchanged_instant(self, value, initial):
        """``initial`` (an aware datetime) when ``value`` (the submitted [date, time]) is its
        local rendering, to the second; else None."""
        if not isinstance(initial, datetime) or timezone.is_naive(initial):
            return None
        if not isinstance(value, (list, tuple)) or len(value) != 2:
            return None
        date_field, time_field = self.fields
        try:
            submitted = datetime.combine(date_field.clean(value[0]), time_field.clean(value[1]))
        except (ValidationError, TypeError):
            return None
        shown = localtime.local_wall_time(initial).replace(microsecond=0)
        return initial if submitted == shown else None

    def compress(self, data_list):
        if not data_list:
            return None
        date, time = data_list
        if date in self.empty_values:
            raise ValidationError(self.error_messages["invalid_date"], code="invalid_date")
        if time in self.empty_values:
            raise ValidationError(self.error_messages["invalid_time"], code="invalid_time")
        naive = datetime.combine(date, time)
        try:
            aware = localtime.resolve(naive)
        except localtime.NonexistentTime as error:
            raise ValidationError(str(error), code="nonexistent_time") from None
        if localtime.is_ambiguous(naive):
            self.notes.append(localtime.ambiguity_note(naive))
        return aware


class LocalTimesAdmin:
    """ModelAdmin / InlineModelAdmin mixin: every ``DateTimeField`` is edited with
    ``LocalDateTimeField`` in the admin's split widget, and each ambiguous time read
    by a save is reported to the editor as a message."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, models.DateTimeField):
            kwargs = {"form_class": LocalDateTimeField, "widget": widgets.AdminSplitDateTime, **kwargs}
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def save_form(self, request, form, change):
        self.report_time_notes(request, form)
        return super().save_form(request, form, change)

    def save_formset(self, request, form, formset, change):
        for inline_form in formset.forms:
            self.report_time_notes(request, inline_form)
        return super().save_formset(request, form, formset, change)

    def report_time_notes(self, request, form):
        """Tell the editor which instant each ambiguous time of ``form`` became."""
        for name, field in form.fields.items():
            for note in getattr(field, "notes", ()):
                label = field.label or form[name].label
                messages.info(request, f"{label}: {note}")
