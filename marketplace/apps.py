from django.apps import AppConfig


class MarketplaceConfig(AppConfig):
    name = "marketplace"
    verbose_name = "Marketplace"

    def ready(self):
        from marketplace.models import NotificationKind
        from notifications import kinds

        kinds.register(NotificationKind)
