from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ContractsConfig(AppConfig):
    name = "contracts"
    verbose_name = _("Contracts")

    def ready(self):
        # Sent after every `migrate`, once the permissions of all earlier apps exist.
        post_migrate.connect(_sync_staff_groups, sender=self)

        from contracts.models import NotificationKind
        from contracts.receivers import contract_from_accepted_award
        from marketplace.signals import award_accepted
        from notifications import kinds

        kinds.register(NotificationKind)
        award_accepted.connect(contract_from_accepted_award, dispatch_uid="contracts-from-award")


def _sync_staff_groups(sender, using, **kwargs):
    from contracts.services import staff

    staff.staff_groups_sync(using=using)
