"""Every owner notice, whole, for every cause of every transition."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from certification import notices
from certification.models import Label, LabelStatus, SuspensionCause
from certification.services.recompute import labels_recompute
from notifications.models import Notification
from tests.factories import LabelFactory, MembershipFactory, VerifiedFactsFactory

END = date(2027, 6, 30)


@pytest.mark.parametrize(
    ("to", "cause", "text"),
    [
        (
            LabelStatus.SUSPENDED,
            SuspensionCause.DATA,
            "Your Fairbid label is now suspended. Reason: R. It becomes active again at the "
            "next nightly check once every criterion named above holds on the verified facts, "
            "for example when the World Bank classifies the country as a low- or "
            "lower-middle-income economy again; editing your profile does not change it.",
        ),
        (
            LabelStatus.SUSPENDED,
            SuspensionCause.EVIDENCE,
            "Your Fairbid label is now suspended. Reason: R. Apply for certification again "
            "with current documents from your label page; a reviewer's approval renews the "
            "label and lifts the suspension.",
        ),
        (
            LabelStatus.SUSPENDED,
            SuspensionCause.FACTS,
            "Your Fairbid label is now suspended. Reason: R. A reviewer lifts the suspension "
            "once they accept facts under which every criterion holds; contact Fairbid's "
            "certification reviewers if the verified facts are wrong.",
        ),
        (
            LabelStatus.SUSPENDED,
            SuspensionCause.REVIEWER,
            "Your Fairbid label is now suspended. Reason: R. A reviewer suspended it and only "
            "a reviewer lifts it; contact Fairbid's certification reviewers to resolve the "
            "reason above.",
        ),
        (
            LabelStatus.EXPIRED,
            "",
            "Your Fairbid label is now expired. Reason: R. To hold the label again, apply for "
            "certification again.",
        ),
        (
            LabelStatus.REVOKED,
            "",
            "Your Fairbid label is now revoked. Reason: R. A revoked label is not restored; "
            "contact Fairbid's certification reviewers if you believe this is a mistake.",
        ),
        (
            LabelStatus.EXPIRING,
            "",
            "Your Fairbid label is now expiring soon. Reason: R. Apply for certification again "
            "before 30 June 2027 to keep the label without a gap.",
        ),
        (
            LabelStatus.ACTIVE,
            "",
            "Your Fairbid label is now active. Reason: R. Nothing more is needed from you.",
        ),
    ],
)
def test_each_notice_is_whole_and_true_for_its_cause(to, cause, text):
    assert notices.label_status_notice(to=to, reason="R.", cause=cause, valid_until=END) == text


def test_an_evidence_lapse_is_told_whole_without_promising_a_nightly_lift(db, incomes):
    label = LabelFactory(valid_from=date(2026, 7, 1), valid_until=END, facts=None)
    VerifiedFactsFactory(label=label, payroll_valid_until=date(2026, 12, 31))
    owner = MembershipFactory(organization=label.organization, owner=True).user

    labels_recompute(today=date(2027, 1, 1))

    label = Label.objects.get(pk=label.pk)
    assert label.suspension_cause == SuspensionCause.EVIDENCE
    [notice] = Notification.objects.filter(recipient=owner)
    assert notice.message == (
        "Your Fairbid label is now suspended. Reason: A criterion no longer holds: The "
        "verified evidence behind the label lapsed on 31 December 2026; apply again with "
        "current documents. Apply for certification again with current documents from your "
        "label page; a reviewer's approval renews the label and lifts the suspension."
    )


def test_the_command_sends_the_expiry_reminders_as_the_nightly_task_does(db, incomes):
    label = LabelFactory(valid_from=date(2026, 7, 1), valid_until=END)
    owner = MembershipFactory(organization=label.organization, owner=True).user
    output = StringIO()

    call_command("recompute_labels", "--today", "2027-06-25", stdout=output)

    assert label.expiry_reminders.get().days_before == 7
    assert Notification.objects.filter(
        recipient=owner, message__startswith="Your Fairbid label ends in 5 days"
    ).exists()
    assert "Expiry reminders sent: 1." in output.getvalue()
