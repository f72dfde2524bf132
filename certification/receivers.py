"""Certification's answers to what the apps below it announce."""

from certification.tasks import recompute_labels_for_organization
from core.tasks import enqueue_on_commit


def recheck_label_after_fact_change(sender, organization, changed, by, **kwargs):
    """A fact the criteria judge changed: re-check the organization's label after commit (the
    nightly run catches up if the broker cannot take the task)."""
    enqueue_on_commit(recompute_labels_for_organization, organization.pk)
