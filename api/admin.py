"""The admin of the API room: partner keys (shown once, stored hashed, revocable) and
webhook subscriptions with their delivery log."""

from django.contrib import admin, messages
from django.utils import timezone

from api import webhooks
from api.models import ApiKey, WebhookDelivery, WebhookSubscription
from articles.admin.localtime import LocalTimesAdmin


@admin.register(ApiKey)
class ApiKeyAdmin(LocalTimesAdmin, admin.ModelAdmin):
    list_display = ["name", "scope", "user", "prefix", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["scope", ("revoked_at", admin.EmptyFieldListFilter)]
    list_select_related = ["user"]
    search_fields = ["name", "prefix"]
    readonly_fields = ["prefix", "created_at", "last_used_at"]
    autocomplete_fields = ["user"]
    actions = ["revoke"]

    def save_model(self, request, obj, form, change):
        raw = None if change else obj.issue()
        super().save_model(request, obj, form, change)
        if raw:
            # The only time the key exists in clear: only its hash is stored.
            self.message_user(
                request,
                f"The key for “{obj.name}” is {raw} — copy it now: it cannot be shown again.",
                messages.WARNING,
            )

    @admin.action(description="Revoke selected keys (they stop working at once)")
    def revoke(self, request, queryset):
        count = queryset.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
        self.message_user(request, f"{count} key{'s' if count != 1 else ''} revoked.")


@admin.register(WebhookSubscription)
class WebhookSubscriptionAdmin(LocalTimesAdmin, admin.ModelAdmin):
    list_display = ["name", "url", "events", "is_active", "created_at"]
    list_filter = ["is_active"]
    search_fields = ["name", "url"]


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(LocalTimesAdmin, admin.ModelAdmin):
    list_display = ["created_at", "subscription", "event", "article", "status", "attempts", "response_status"]
    list_filter = ["status", "event", "subscription"]
    list_select_related = ["subscription", "article"]
    date_hierarchy = "created_at"
    readonly_fields = [f.name for f in WebhookDelivery._meta.fields]
    actions = ["retry_now"]

    def has_add_permission(self, request):
        return False  # deliveries are made by changes, never by hand

    @admin.action(description="Retry selected deliveries now")
    def retry_now(self, request, queryset):
        ids = list(queryset.exclude(status=WebhookDelivery.Status.DELIVERED).values_list("pk", flat=True))
        WebhookDelivery.objects.filter(pk__in=ids).update(
            status=WebhookDelivery.Status.PENDING, next_attempt_at=timezone.now()
        )
        result = webhooks.deliver_due(ids=ids)
        self.message_user(request, result.summary())
