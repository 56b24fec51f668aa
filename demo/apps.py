from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo content and the demo login for ``make run``; nothing in the product imports it."""

    name = "demo"
    verbose_name = "Demo"
