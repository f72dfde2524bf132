from django import template

from accounts import selectors as account_selectors
from contracts import selectors
from marketplace.templatetags.marketplace_tags import bid_price

register = template.Library()


@register.inclusion_tag("contracts/_job_panel.html", takes_context=True)
def job_contract(context, job):
    """On the job page, for the two parties: the contract instead of the budget."""
    user = context["request"].user
    contract = selectors.contract_for_job(job)
    if contract is None or not selectors.may_view(contract=contract, user=user):
        return {"contract": None}
    milestones = list(contract.milestones.all())
    return {
        "contract": contract,
        "milestones": milestones,
        "next": selectors.next_step(contract),
    }


@register.inclusion_tag("contracts/_dashboard_card.html", takes_context=True)
def contracts_card(context):
    """On both dashboards: the person's active contracts and what is due next on each."""
    user = context["request"].user
    contracts = selectors.active_contracts_for(user)
    return {
        "rows": [(contract, selectors.next_step(contract)) for contract in contracts],
        "user": user,
        "provider": account_selectors.provider_membership_for(user=user) is not None,
    }


@register.simple_tag
def contract_price(contract) -> str:
    """The agreed price as the bid gave it: "8.00 USD per hour, up to 30 hours a week" on an
    hourly contract."""
    return bid_price(contract, contract.job)


@register.filter
def get_item(mapping, key):
    return mapping.get(key)


@register.inclusion_tag("contracts/_provider_disputes.html")
def provider_disputes(organization):
    """On a provider's profile: its disputes, opened and how they were decided."""
    return {"counts": selectors.dispute_counts(organization_id=organization.pk)}
