"""Ending a contract early: both sides agree (each with a reason kept in the history), and
what is funded and not released goes back to the buyer; unfunded milestones are cancelled."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import selectors as account_selectors
from contracts.models import Contract, ContractStatus, MilestoneStatus, NotificationKind
from contracts.services.contracts import (
    contract_transition,
    locked_contract,
    require_active,
    require_party,
)
from contracts.services.milestones import milestone_transition, refund
from core.exceptions import ApplicationError
from marketplace.services import jobs as job_services
from notifications.services import interpolated, notify

# Money held for these goes back to the buyer when the contract ends early. An approved
# milestone is released in the same transaction as its approval, and a disputed one waits
# for its mediator.
REFUNDABLE = (MilestoneStatus.FUNDED, MilestoneStatus.SUBMITTED, MilestoneStatus.CHANGES_REQUESTED)


def _tell_the_other_side(contract: Contract, side: str, message: str) -> None:
    recipients = (
        [contract.buyer]
        if side == "provider"
        else account_selectors.members_of(contract.provider_id)
    )
    notify(
        recipients=recipients,
        kind=NotificationKind.CONTRACT_END_PROPOSED,
        message=message,
        url=contract.get_absolute_url(),
    )


@transaction.atomic
def contract_end_agree(*, contract: Contract, by, reason: str) -> Contract:
    """One side agrees to end the contract early; when the other side has agreed too, the
    contract ends: held money is refunded, unfunded milestones cancelled."""
    contract = locked_contract(contract.pk)
    side = require_party(contract, by)
    require_active(contract)
    reason = " ".join((reason or "").split())
    if not reason:
        raise ApplicationError(
            _("Say why the contract should end."), fields={"reason": _("Required.")}
        )
    if len(reason) > 2000:
        raise ApplicationError(
            _("Please keep the reason under 2,000 characters."), fields={"reason": _("Too long.")}
        )
    if contract.milestones.filter(status=MilestoneStatus.DISPUTED).exists():
        raise ApplicationError(
            _("A milestone is in dispute: its mediator decides first."),
            code="invalid_transition",
        )
    now = timezone.now()
    setattr(contract, f"end_agreed_by_{side}_at", now)
    contract.end_reason = reason
    contract.save(update_fields=[f"end_agreed_by_{side}_at", "end_reason", "updated_at"])
    if not (contract.end_agreed_by_buyer_at and contract.end_agreed_by_provider_at):
        _tell_the_other_side(
            contract,
            side,
            interpolated(
                gettext_lazy(
                    "The other side proposes to end the contract for “%(job)s” early: %(reason)s. "
                    "Agree on the contract page to end it; funded work not yet released is then "
                    "refunded to the buyer."
                ),
                {"job": contract.job, "reason": reason},
            ),
        )
        return contract
    return _end(contract, by=by, reason=reason)


def _end(contract: Contract, *, by, reason: str) -> Contract:
    milestones = list(
        contract.milestones.select_for_update()
        .filter(status__in=[*REFUNDABLE, MilestoneStatus.PENDING])
        .order_by("pk")
    )
    for milestone in milestones:
        milestone.contract = contract
        if milestone.status == MilestoneStatus.PENDING:
            milestone_transition(
                milestone=milestone, to=MilestoneStatus.CANCELLED, by=by, reason=reason
            )
        else:
            refund(milestone=milestone, by=by)
            milestone_transition(
                milestone=milestone, to=MilestoneStatus.REFUNDED, by=by, reason=reason
            )
    contract_transition(contract=contract, to=ContractStatus.ENDED, by=by, reason=reason)
    job_services.job_close_under_contract(job=contract.job, by=by, completed=False, reason=reason)
    notify(
        recipients=[contract.buyer, *account_selectors.members_of(contract.provider_id)],
        kind=NotificationKind.CONTRACT_ENDED,
        message=interpolated(
            gettext_lazy(
                "The contract for “%(job)s” ended early by agreement; what was funded and "
                "not released is refunded to the buyer."
            ),
            {"job": contract.job},
        ),
        url=contract.get_absolute_url(),
    )
    return contract
