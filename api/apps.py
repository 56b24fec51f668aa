from django.apps import AppConfig


class ApiConfig(AppConfig):
    """The content API (OpenAPI 3.1), its keys and webhooks."""

    name = "api"
    verbose_name = "Content API"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # The webhook signal handlers: announce content changes to subscribers.
        from api import webhooks  # noqa: F401
