"""Certification's answers to what the apps below it announce."""

from certification.services import fact_changes as fact_change_services


def flag_label_after_fact_change(sender, organization, changed, by, **kwargs):
    """A verified fact changed in the profile: the label waits for a reviewer (inside the
    profile's transaction, so both commit together)."""
    fact_change_services.fact_change_note(organization=organization, by=by)
