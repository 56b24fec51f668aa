from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Editorial"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from articles import roles, search, signals  # noqa: F401

        post_migrate.connect(search.ensure_sqlite_index, sender=self, dispatch_uid="articles_fts_triggers")
