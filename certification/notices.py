"""What Fairbid tells a label's owners, as text from plain values. No ORM here.

The text is lazy: notify writes it in each owner's language."""

from datetime import date

from django.utils.functional import Promise, lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext, ngettext_lazy
from django.utils.translation import gettext_lazy as _

from certification.models import AppealSubject, EvidenceKind, LabelStatus, SuspensionCause
from core.formats import day_lazy

LABEL_STATUS_WORDS = {
    LabelStatus.ACTIVE: _("active"),
    LabelStatus.EXPIRING: _("expiring soon"),
    LabelStatus.TRANSITION: _("in transition, because your country graduated"),
    LabelStatus.EXPIRED: _("expired"),
    LabelStatus.SUSPENDED: _("suspended"),
    LabelStatus.REVOKED: _("revoked"),
}


def _what_restores(*, to: str, cause: str, valid_until: date) -> Promise:
    """What would bring the label back (or keep it), for the owner's notice."""
    if to == LabelStatus.SUSPENDED:
        return SUSPENSION_REMEDIES[cause or SuspensionCause.REVIEWER]
    if to == LabelStatus.EXPIRED:
        return _("To hold the label again, apply for certification again.")
    if to == LabelStatus.REVOKED:
        return format_lazy(
            _(
                "A revoked label is not restored. Your organization may apply for the label "
                "again from {day}; contact Fairbid's certification reviewers if you believe "
                "this is a mistake."
            ),
            day=day_lazy(valid_until),
        )
    if to == LabelStatus.EXPIRING:
        return format_lazy(
            _("Apply for certification again before {day} to keep the label without a gap."),
            day=day_lazy(valid_until),
        )
    if to == LabelStatus.TRANSITION:
        return format_lazy(
            _(
                "The World Bank decides each year which economies are low or lower-middle "
                "income; the label is for those. Until the end of {day} your label stays in "
                'force, and buyers see it as certified, with the words "country graduated, in '
                'transition". If the World Bank classifies the country as eligible again, the '
                "label becomes active again at the next nightly check; otherwise it ends after "
                "{day}."
            ),
            day=day_lazy(valid_until),
        )
    return _("Nothing more is needed from you.")


# What lifts a suspension, by its cause.
SUSPENSION_REMEDIES = {
    SuspensionCause.DATA: _(
        "It becomes active again at the next nightly check once every criterion named above "
        "holds on the verified facts, for example when the World Bank classifies the country "
        "as a low- or lower-middle-income economy again; editing your profile does not "
        "change it."
    ),
    SuspensionCause.EVIDENCE: _(
        "Apply for certification again with current documents from your label page; a "
        "reviewer's approval renews the label and lifts the suspension."
    ),
    SuspensionCause.FINDING: _(
        "A reviewer lifts it by closing the finding once what it requires is done; send your "
        "evidence to Fairbid's certification reviewers."
    ),
    SuspensionCause.FACTS: _(
        "A reviewer lifts the suspension once they accept facts under which every criterion "
        "holds; contact Fairbid's certification reviewers if the verified facts are wrong."
    ),
    SuspensionCause.REVIEWER: _(
        "A reviewer suspended it and only a reviewer lifts it; contact Fairbid's "
        "certification reviewers to resolve the reason above."
    ),
}


def label_status_notice(*, to: str, reason: str, cause: str, valid_until: date) -> Promise:
    """The owner's notice of a change: the new status, the reason, what would restore it."""
    return format_lazy(
        _("Your Fairbid label is now {status}. Reason: {reason} {what_restores}"),
        status=LABEL_STATUS_WORDS[to],
        reason=reason,
        what_restores=_what_restores(to=to, cause=cause, valid_until=valid_until),
    )


def label_status_subject(*, to: str) -> Promise:
    return format_lazy(_("Your Fairbid label is now {status}"), status=LABEL_STATUS_WORDS[to])


def expiry_reminder(*, valid_until: date, today: date) -> Promise:
    """The owner's reminder that the label ends soon, and how to keep it."""
    left = (valid_until - today).days
    if left == 0:
        return format_lazy(
            _(
                "Your Fairbid label ends today, on {day}. To keep it without a gap, apply for "
                "certification again before then."
            ),
            day=day_lazy(valid_until),
        )
    return format_lazy(
        ngettext_lazy(
            "Your Fairbid label ends in {count} day, on {day}. To keep it without a gap, apply "
            "for certification again before then.",
            "Your Fairbid label ends in {count} days, on {day}. To keep it without a gap, "
            "apply for certification again before then.",
            left,
        ),
        count=left,
        day=day_lazy(valid_until),
    )


def expiry_reminder_subject(*, valid_until: date) -> Promise:
    return format_lazy(_("Your Fairbid label ends on {day}"), day=day_lazy(valid_until))


# What to upload for each verified fact of the profile.
FACT_EVIDENCE = {
    "country": _(
        "a registration certificate or business licence showing the country the "
        "organization is now based in"
    ),
    "employee_count": _("a current payroll summary showing the number of employees"),
    "local_ownership_percent": _(
        "the current register of the organization's owners and their shares"
    ),
}
FACT_NAMES = {
    "country": _("the country"),
    "employee_count": _("the number of employees"),
    "local_ownership_percent": _("the local ownership share"),
}


def _join(items: list) -> str:
    items = [str(item) for item in items]
    if len(items) == 1:
        return items[0]
    return gettext("{items} and {last}").format(items=", ".join(items[:-1]), last=items[-1])


_listed = lazy(_join, str)


def facts_changed(*, changed: list[str]) -> Promise:
    """The owner changed verified facts in the profile: what happens, and what to upload."""
    return format_lazy(
        _(
            "You changed {names} in your organization's profile. Your Fairbid label keeps "
            "resting on the facts a reviewer verified until a reviewer checks the change. "
            "Please keep ready {uploads}: the reviewer will ask you for it to verify the change."
        ),
        names=_listed([FACT_NAMES[name] for name in changed]),
        uploads=_listed([FACT_EVIDENCE[name] for name in changed]),
    )


def facts_accepted(*, note: str) -> Promise:
    return format_lazy(
        _(
            "A reviewer verified the changes to your organization's facts; your Fairbid label "
            "now rests on them. Reviewer's note: {note}"
        ),
        note=note,
    )


def facts_refused(*, note: str) -> Promise:
    return format_lazy(
        _(
            "A reviewer did not accept the changes to your organization's facts; your Fairbid "
            "label keeps resting on the facts verified before. Reviewer's note: {note}"
        ),
        note=note,
    )


def finding_recorded(*, problem: str, action: str, deadline: date) -> Promise:
    return format_lazy(
        _(
            "A reviewer recorded a minor finding on your Fairbid label: {problem} What must be "
            "done by {day}: {action} Until then the label stays in force and its public page "
            'says "corrective action open until {day}"; if it is not done by then, the label '
            "is suspended."
        ),
        problem=problem,
        action=action,
        day=day_lazy(deadline),
    )


def finding_closed(*, note: str) -> Promise:
    return format_lazy(
        _("A reviewer closed a finding on your Fairbid label. Reviewer's note: {note}"),
        note=note,
    )


APPEAL_OUTCOMES = {
    (AppealSubject.REJECTION, True): _(
        "A reviewer overturned the rejection of your label application on appeal: your "
        "application is back in review, and a reviewer will decide it again."
    ),
    (AppealSubject.SUSPENSION, True): _(
        "A reviewer overturned the suspension of your Fairbid label on appeal: the suspension "
        "is lifted."
    ),
    (AppealSubject.REVOCATION, True): _(
        "A reviewer overturned the revocation of your Fairbid label on appeal: the label is "
        "restored to the status it had before."
    ),
    (AppealSubject.REJECTION, False): _(
        "A reviewer upheld the rejection of your label application on appeal; it stays "
        "rejected. You may apply again."
    ),
    (AppealSubject.SUSPENSION, False): _(
        "A reviewer upheld the suspension of your Fairbid label on appeal; it stays suspended."
    ),
    (AppealSubject.REVOCATION, False): _(
        "A reviewer upheld the revocation of your Fairbid label on appeal; it stays revoked."
    ),
}


def appeal_decided(*, subject: str, overturned: bool, note: str) -> Promise:
    """The owner's notice of the outcome of the organization's appeal, with the reviewer's
    note. An appeal is decided once; this is the final word."""
    return format_lazy(
        _("{outcome} Reviewer's note: {note} This decision on the appeal is final."),
        outcome=APPEAL_OUTCOMES[(subject, overturned)],
        note=note,
    )


def appeal_decided_subject(*, overturned: bool) -> Promise:
    if overturned:
        return _("Your appeal was successful")
    return _("Your appeal was not successful")


# The verified evidence behind a label, by kind, as the owner's notices name it.
EVIDENCE_NAMES = {
    EvidenceKind.PAYROLL: _("payroll evidence (fair pay)"),
    EvidenceKind.WORKFORCE: _("workforce evidence (impact workers)"),
}


def evidence_lapse_reminder(*, kind: str, valid_until: date, today: date) -> Promise:
    """The owner's reminder that a piece of verified evidence lapses before the label ends,
    and how to keep the label in force."""
    left = (valid_until - today).days
    return format_lazy(
        ngettext_lazy(
            "The {evidence} behind your Fairbid label lapses in {count} day, on {day}. Submit "
            "an evidence update from your certification page before then; once a reviewer "
            "accepts it, the label rests on it. Without current evidence the label is "
            "suspended the day after.",
            "The {evidence} behind your Fairbid label lapses in {count} days, on {day}. Submit "
            "an evidence update from your certification page before then; once a reviewer "
            "accepts it, the label rests on it. Without current evidence the label is "
            "suspended the day after.",
            left,
        ),
        evidence=EVIDENCE_NAMES[kind],
        count=left,
        day=day_lazy(valid_until),
    )


def evidence_lapse_subject(*, kind: str, valid_until: date) -> Promise:
    return format_lazy(
        _("Your label's {evidence} lapses on {day}"),
        evidence=EVIDENCE_NAMES[kind],
        day=day_lazy(valid_until),
    )


def concern_acknowledgement_subject(*, code: str) -> Promise:
    return format_lazy(_("We received your concern about the label {code}"), code=code)


def concern_acknowledgement(*, code: str, answer_due: date, url: str) -> Promise:
    """The email to the person who raised a concern, when they gave an address."""
    return format_lazy(
        _(
            "Thank you for your concern about the Fairbid label {code}. Fairbid's certification "
            "reviewers look into every concern. The organization is told of it, without your "
            "name or address, and may answer until {day}; a reviewer reads its answer before "
            "deciding. We will email you the outcome. The label's public page: {url}"
        ),
        code=code,
        day=day_lazy(answer_due),
        url=url,
    )


def concern_outcome_subject(*, code: str) -> Promise:
    return format_lazy(_("The outcome of your concern about the label {code}"), code=code)


def concern_outcome(*, code: str, upheld: bool, url: str) -> Promise:
    if upheld:
        outcome = _(
            "Fairbid's certification reviewers upheld your concern about the label {code}. "
            "What followed from it is listed in the label's public record: {url}"
        )
    else:
        outcome = _(
            "Fairbid's certification reviewers looked into your concern about the label {code} "
            "and did not uphold it. The label's public page: {url}"
        )
    return format_lazy(outcome, code=code, url=url)


def concern_raised(*, code: str, text: str, answer_due: date) -> Promise:
    """The owner's notice of a concern about its label; never who raised it."""
    return format_lazy(
        _(
            "Someone raised a concern about your Fairbid label {code}: {text} You may answer "
            "it on your label page until {day}; a reviewer reads your answer before deciding, "
            "and does not suspend or revoke the label for it before then."
        ),
        code=code,
        text=text,
        day=day_lazy(answer_due),
    )


def concern_decided(*, upheld: bool, note: str) -> Promise:
    if upheld:
        outcome = _(
            "A reviewer upheld the concern about your Fairbid label. Reviewer's note: {note}"
        )
    else:
        outcome = _(
            "A reviewer dismissed the concern about your Fairbid label. Reviewer's note: {note}"
        )
    return format_lazy(outcome, note=note)
