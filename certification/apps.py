from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CertificationConfig(AppConfig):
    name = "certification"
    verbose_name = "Certification"

    def ready(self):
        # Sent after every `migrate`, once the permissions of all earlier apps exist.
        post_migrate.connect(_sync_reviewer_group, sender=self)

        from accounts.signals import organization_facts_changed
        from certification.models import NotificationKind
        from certification.receivers import flag_label_after_fact_change
        from notifications import kinds

        kinds.register(NotificationKind)
        organization_facts_changed.connect(
            flag_label_after_fact_change, dispatch_uid="certification-flag-label"
        )


def _sync_reviewer_group(sender, using, **kwargs):
    from certification.services import reviewers as reviewer_services

    reviewer_services.reviewer_group_sync(using=using)
