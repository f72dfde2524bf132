"""Premium use reports: a provider organization says how it used the fair-trade premiums it
received; the label's public page shows received and reported totals per year, and premiums
left unreported too long become finding candidates for reviewers."""

from collections import defaultdict
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import Sum
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.translation import gettext

from accounts.models import Organization, User
from accounts.selectors import is_member
from core.exceptions import ApplicationError, validated
from core.formats import money
from files.services import files_store
from impact.figures import ZERO, premium_payouts
from impact.models import PremiumUse

PREMIUM_USE_FIELDS = ["used_on", "amount", "currency", "purpose", "description"]


@transaction.atomic
def premium_use_report(
    *,
    organization: Organization,
    by: User,
    used_on: date,
    amount: Decimal,
    currency: str,
    purpose: str,
    description: str,
    evidence=None,
) -> PremiumUse:
    """Record how the organization used premiums: its members only; the evidence file, if
    any, is checked and kept privately by the files app."""
    if not organization.is_provider or not is_member(user=by, organization_id=organization.pk):
        raise ApplicationError(
            gettext("Only members of the provider organization report its premium uses."),
            code="permission_denied",
        )
    if used_on and used_on > timezone.localdate():
        raise ApplicationError(
            gettext("Report a use once it has happened."),
            fields={"used_on": gettext("This day is in the future.")},
        )
    use = PremiumUse(
        organization=organization,
        used_on=used_on,
        amount=amount,
        currency=currency,
        purpose=purpose,
        description=(description or "").strip(),
        reported_by=by,
    )
    validated(use)
    if evidence:
        use.evidence = files_store(uploads=[evidence], by=by, field="evidence")[0]
    use.save()
    return use


# --- Reads ---------------------------------------------------------------------------------


def premium_uses(*, organization: Organization):
    return organization.premium_uses.select_related("evidence", "reported_by")


def _received(organization_id: int):
    return premium_payouts().filter(milestone__contract__provider_id=organization_id)


def premiums_by_year(*, organization_id: int) -> list[dict]:
    """Premium received (released to the organization) and reported used, per year and
    currency, newest year first (two queries)."""
    cells = defaultdict(lambda: {"received": ZERO, "reported": ZERO})
    received = (
        _received(organization_id)
        .annotate(year=ExtractYear("created_at"))
        .values("year", "currency")
        .annotate(total=Sum("premium"))
        .order_by()
    )
    for row in received:
        cells[row["year"], row["currency"]]["received"] += row["total"]
    reported = (
        PremiumUse.objects.filter(organization_id=organization_id)
        .annotate(year=ExtractYear("used_on"))
        .values("year", "currency")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    for row in reported:
        cells[row["year"], row["currency"]]["reported"] += row["total"]
    return [
        {"year": year, "currency": currency, **cells[year, currency]}
        for year, currency in sorted(cells, key=lambda key: (-key[0], key[1]))
    ]


def unreported_premiums(*, organization_id: int, now=None) -> dict[str, Decimal]:
    """Per currency, the premium received more than IMPACT_PREMIUM_REPORT_WITHIN ago that
    the organization's reports do not yet account for (two queries)."""
    cutoff = (now or timezone.now()) - settings.IMPACT_PREMIUM_REPORT_WITHIN
    due = dict(
        _received(organization_id)
        .filter(created_at__lte=cutoff)
        .values("currency")
        .annotate(total=Sum("premium"))
        .order_by()
        .values_list("currency", "total")
    )
    reported = dict(
        PremiumUse.objects.filter(organization_id=organization_id)
        .values("currency")
        .annotate(total=Sum("amount"))
        .order_by()
        .values_list("currency", "total")
    )
    missing = {code: total - reported.get(code, ZERO) for code, total in due.items()}
    return {code: amount for code, amount in sorted(missing.items()) if amount > 0}


def unreported_findings(label) -> list[str]:
    """Finding candidates for the label's reviewers: premiums left unreported too long."""
    missing = unreported_premiums(organization_id=label.organization_id)
    months = settings.IMPACT_PREMIUM_REPORT_WITHIN.days // 30
    return [
        gettext(
            "%(amount)s of fair-trade premium received more than %(months)s months ago has no "
            "reported use."
        )
        % {"amount": money(amount, currency), "months": months}
        for currency, amount in missing.items()
    ]


def label_premium_section(label) -> dict:
    return {"premium_years": premiums_by_year(organization_id=label.organization_id)}
