from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo data for trying Fairbid out (`manage.py seed_demo`); never used in production."""

    name = "demo"
    verbose_name = "Demo data"
