"""Contracts' answers to what the apps below it announce."""

from contracts.services.contracts import contract_create_from_award


def contract_from_accepted_award(sender, job, by, **kwargs):
    """The provider accepted the award: the contract is made in the same transaction."""
    contract_create_from_award(job=job, by=by)
