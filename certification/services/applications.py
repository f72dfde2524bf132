"""Every write to applications for the label: the provider's answers and evidence, and the
reviewers' decisions. Each status change goes through application_transition."""

from collections.abc import Mapping
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext, gettext_lazy
from django.utils.translation import gettext as _

from accounts import selectors as account_selectors
from accounts.models import Organization, OrganizationKind, User
from certification import criteria, evidence
from certification.models import (
    OPEN_APPLICATION_STATUSES,
    Application,
    ApplicationEvent,
    ApplicationStatus,
    Evidence,
    EvidenceKind,
    LabelStatus,
    NotificationKind,
    VerifiedFacts,
)
from certification.selectors import applications as application_selectors
from certification.selectors import facts as fact_selectors
from certification.selectors import labels as label_selectors
from certification.services import facts as facts_services
from certification.services import labels as label_services
from certification.transitions import APPLICATION_ALLOWED
from core import formats
from core.exceptions import ApplicationError, validated
from core.transitions import actor_fields, move
from notifications.services import notify

ANSWER_FIELDS = (
    "lowest_monthly_wage",
    "wage_currency",
    "total_workers",
    "impact_workers",
    "impact_description",
)
REVIEWER_FIELDS = (
    "living_wage_benchmark",
    "benchmark_currency",
    "benchmark_source",
    "benchmark_date",
    "payroll_valid_until",
    "workforce_valid_until",
)


def _require_owner(organization: Organization, user: User) -> None:
    if not account_selectors.is_owner(user=user, organization_id=organization.pk):
        raise ApplicationError(
            _("Only the organization's owner can apply for the label."), code="permission_denied"
        )


def _require_editable(application: Application) -> None:
    if not application.is_editable:
        raise ApplicationError(
            _(
                "The application is {status}; it can be changed only as a "
                "draft or when a reviewer asks for changes."
            ).format(status=application.get_status_display().lower())
        )


def _require_reviewer(application: Application, user: User) -> None:
    if not (user.is_staff and user.has_perm("certification.change_application")):
        raise ApplicationError(
            _("Only certification reviewers decide applications."), code="permission_denied"
        )
    if account_selectors.is_member(user=user, organization_id=application.organization_id):
        raise ApplicationError(
            _("You belong to this organization, so another reviewer must decide its application."),
            code="permission_denied",
        )


def application_transition(
    *,
    application: Application,
    to: str,
    by: User | str,
    reason: str = "",
    allowed: Mapping = APPLICATION_ALLOWED,
) -> Application:
    """The only place an application's status changes; the caller holds its row lock.
    `allowed`: the ordinary table, or what an overturned appeal reopens."""
    move(
        obj=application,
        to=to,
        by=by,
        reason=reason,
        allowed=allowed,
        history=ApplicationEvent,
    )
    return application


@transaction.atomic
def application_start(*, organization: Organization, by: User) -> Application:
    """Open a draft application; a rejected or expired organization may apply again."""
    _require_owner(organization, by)
    if organization.kind != OrganizationKind.PROVIDER:
        raise ApplicationError(_("Only provider organizations can carry the label."))
    if organization.label_applications.filter(
        status__in=sorted(OPEN_APPLICATION_STATUSES)
    ).exists():
        raise ApplicationError(_("Your organization already has an application in progress."))
    revoked = label_selectors.last_revocation(organization=organization)
    if revoked is not None:
        again = label_services.cooling_off_end(timezone.localdate(revoked.created_at))
        if timezone.localdate() < again:
            raise ApplicationError(
                gettext(
                    "Your organization's label was revoked on %(revoked)s; it may apply again "
                    "from %(again)s."
                )
                % {
                    "revoked": formats.day(timezone.localdate(revoked.created_at)),
                    "again": formats.day(again),
                }
            )
    label = label_selectors.label_for_organization(organization)
    warning_days = settings.CERTIFICATION_EXPIRY_WARNING_DAYS
    if (
        label is not None
        and label.status == LabelStatus.ACTIVE
        and (label.valid_until - timezone.localdate()).days > warning_days
    ):
        raise ApplicationError(
            _(
                "Your label is valid until {day}; you can renew it from "
                "{warning_days} days before then."
            ).format(day=formats.day(label.valid_until), warning_days=warning_days)
        )
    previous = application_selectors.latest_application(organization=organization)
    application = Application(organization=organization, created_by=by)
    if previous is not None:  # start from the last answers instead of a blank form
        for name in ANSWER_FIELDS:
            setattr(application, name, getattr(previous, name))
    validated(application)
    application.save()
    ApplicationEvent.objects.create(
        application=application, to_status=ApplicationStatus.DRAFT, **actor_fields(by)
    )
    return application


@transaction.atomic
def application_update(*, application: Application, by: User, **answers) -> Application:
    _require_owner(application.organization, by)
    _require_editable(application)
    unknown = set(answers) - set(ANSWER_FIELDS)
    if unknown:
        raise TypeError(f"Unknown answers: {sorted(unknown)}")
    for name, value in answers.items():
        setattr(application, name, value)
    application.wage_currency = (application.wage_currency or "").upper()
    validated(application)
    if (
        application.impact_workers is not None
        and application.total_workers is not None
        and application.impact_workers > application.total_workers
    ):
        raise ApplicationError(
            _("Impact workers cannot outnumber all workers."),
            fields={"impact_workers": _("At most the number of all workers.")},
        )
    application.save()
    return application


@transaction.atomic
def application_sign_code(*, application: Application, by: User, name: str) -> Application:
    """The owner signs the Fairbid code of labour practices, with their name and today's date."""
    _require_owner(application.organization, by)
    _require_editable(application)
    name = " ".join(name.split())
    if not name:
        raise ApplicationError(_("Type your full name to sign."), fields={"name": _("Required.")})
    application.code_signed_by = name
    application.code_signed_at = timezone.now()
    validated(application, only=("code_signed_by",))
    application.save(update_fields=["code_signed_by", "code_signed_at", "updated_at"])
    return application


@transaction.atomic
def evidence_add(
    *, application: Application, by: User, kind: str, upload, valid_until: date
) -> Evidence:
    """Keep an uploaded document privately after checking its real type and its size."""
    _require_owner(application.organization, by)
    _require_editable(application)
    limit = settings.CERTIFICATION_EVIDENCE_MAX_BYTES
    if upload.size > limit:
        message = (
            f"The file is {upload.size / 1_048_576:.1f} MB; the limit is "
            f"{limit / 1_048_576:.0f} MB."
        )
        raise ApplicationError(message, fields={"file": message})
    upload.seek(0)
    detected = evidence.detect(upload.read(16))
    upload.seek(0)
    if detected is None:
        message = f"This file is not a {evidence.ACCEPTED} document, whatever its name says."
        raise ApplicationError(message, fields={"file": message})
    if valid_until < timezone.localdate():
        raise ApplicationError(
            _("This document is already out of date."),
            fields={"valid_until": _("The date must be today or later.")},
        )
    content_type, _encoding = detected
    document = Evidence(
        application=application,
        kind=kind,
        original_name=(upload.name or "document")[-200:],
        content_type=content_type,
        size=upload.size,
        valid_until=valid_until,
        uploaded_by=by,
    )
    document.file.save("evidence", upload, save=False)
    document.save()
    return document


@transaction.atomic
def evidence_remove(*, document: Evidence, by: User) -> None:
    application = document.application
    _require_owner(application.organization, by)
    _require_editable(application)
    stored = document.file.name
    storage = document.file.storage
    document.delete()
    transaction.on_commit(lambda: storage.delete(stored))


def _missing_for_submission(application: Application) -> list[str]:
    missing = []
    if application.lowest_monthly_wage is None or not application.wage_currency:
        missing.append("the lowest full-time monthly wage and its currency")
    if application.total_workers is None or application.impact_workers is None:
        missing.append("the number of workers and of impact workers")
    present = {document.kind for document in application.evidence.all()}
    for kind in EvidenceKind:
        if kind not in present:
            missing.append(f"a document: {kind.label.lower()}")
    if not application.code_signed_at:
        missing.append("your signature of the Fairbid labour code")
    return missing


@transaction.atomic
def application_submit(*, application: Application, by: User) -> Application:
    _require_owner(application.organization, by)
    application = Application.objects.select_for_update().get(pk=application.pk)
    _require_editable(application)
    missing = _missing_for_submission(application)
    if missing:
        raise ApplicationError("Before submitting, add " + "; ".join(missing) + ".")
    application.submitted_at = timezone.now()
    application.save(update_fields=["submitted_at", "updated_at"])
    return application_transition(application=application, to=ApplicationStatus.SUBMITTED, by=by)


def _tell_owner(application: Application, message: Promise, subject: Promise) -> None:
    notify(
        recipients=account_selectors.owners_of([application.organization_id])[
            application.organization_id
        ],
        kind=NotificationKind.LABEL_APPLICATION,
        message=message,
        subject=subject,
        action=gettext_lazy("See your label"),
        url=reverse("certification:overview"),
    )


def _locked_for_review(application: Application, by: User) -> Application:
    _require_reviewer(application, by)
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.status == ApplicationStatus.SUBMITTED:
        application_transition(application=application, to=ApplicationStatus.IN_REVIEW, by=by)
    return application


def _require_note(note: str) -> str:
    note = note.strip()
    if not note:
        raise ApplicationError(
            _("Write a note for the provider explaining the decision."),
            fields={"note": _("Required.")},
        )
    return note


@transaction.atomic
def application_start_review(*, application: Application, by: User) -> Application:
    application = _locked_for_review(application, by)
    if application.status != ApplicationStatus.IN_REVIEW:
        raise ApplicationError(_("Only a submitted application can be taken into review."))
    return application


@transaction.atomic
def application_record_benchmark(
    *,
    application: Application,
    by: User,
    living_wage_benchmark: Decimal,
    benchmark_currency: str,
    benchmark_source: str,
    benchmark_date: date | None = None,
    payroll_valid_until: date | None = None,
    workforce_valid_until: date | None = None,
) -> Application:
    """The reviewer records the local living-wage benchmark that fair pay is judged against
    (with its source and date), and until when they accept each kind of evidence: the
    provider's date is only a proposal, and no date may pass the end of the label that an
    approval today would grant."""
    _require_reviewer(application, by)
    application.living_wage_benchmark = living_wage_benchmark
    application.benchmark_currency = benchmark_currency.upper()
    application.benchmark_source = benchmark_source
    application.benchmark_date = benchmark_date
    application.payroll_valid_until = payroll_valid_until
    application.workforce_valid_until = workforce_valid_until
    _check_reviewer_dates(application, today=timezone.localdate(), required=False)
    validated(application)
    application.save(update_fields=[*REVIEWER_FIELDS, "updated_at"])
    return application


def _check_reviewer_dates(application: Application, *, today: date, required: bool) -> None:
    """The benchmark's date is past; each evidence validity lies between today and the end
    of a label granted today. With required, every date must be there."""
    end = label_services.label_valid_until(today)
    errors = {}
    if application.benchmark_date is None:
        if required:
            errors["benchmark_date"] = gettext("Record when the benchmark was published.")
    elif application.benchmark_date > today:
        errors["benchmark_date"] = gettext("The benchmark's date cannot be in the future.")
    for name in ("payroll_valid_until", "workforce_valid_until"):
        value = getattr(application, name)
        if value is None:
            if required:
                errors[name] = gettext("Decide until when you accept this evidence.")
        elif value < today:
            errors[name] = gettext("This date has passed.")
        elif value > end:
            errors[name] = gettext("At most the label's last day, %(day)s.") % {
                "day": formats.day(end)
            }
    if errors:
        raise ApplicationError(
            gettext("Please correct the reviewer's dates: %(problems)s")
            % {"problems": " ".join(errors.values())},
            fields=errors,
        )


def _decide(application: Application, *, to: str, by: User, note: str) -> Application:
    application.decided_at = timezone.now()
    application.decided_by = by
    application.reviewer_note = note
    application.save(update_fields=["decided_at", "decided_by", "reviewer_note", "updated_at"])
    return application_transition(application=application, to=to, by=by, reason=note)


@transaction.atomic
def application_request_changes(*, application: Application, by: User, note: str) -> Application:
    note = _require_note(note)
    application = _locked_for_review(application, by)
    _decide(application, to=ApplicationStatus.CHANGES_REQUESTED, by=by, note=note)
    _tell_owner(
        application,
        format_lazy(
            gettext_lazy("A reviewer asked for changes to your label application: {note}"),
            note=note,
        ),
        gettext_lazy("Changes requested to your label application"),
    )
    return application


@transaction.atomic
def application_reject(*, application: Application, by: User, note: str) -> Application:
    note = _require_note(note)
    application = _locked_for_review(application, by)
    _decide(application, to=ApplicationStatus.REJECTED, by=by, note=note)
    _tell_owner(
        application,
        format_lazy(
            gettext_lazy("Your label application was not approved: {note} You may apply again."),
            note=note,
        ),
        gettext_lazy("Your label application was not approved"),
    )
    return application


@transaction.atomic
def application_approve(*, application: Application, by: User, note: str) -> Application:
    """Approve when every criterion holds, granting the label or renewing the current one."""
    note = _require_note(note)
    application = _locked_for_review(application, by)
    if application.status != ApplicationStatus.IN_REVIEW:
        raise ApplicationError(
            _("An application that is {status} cannot be approved.").format(
                status=application.get_status_display().lower()
            )
        )
    today = timezone.localdate()
    _check_reviewer_dates(application, today=today, required=True)
    facts = fact_selectors.application_facts(application)
    results = fact_selectors.facts_criteria(VerifiedFacts(**facts), on=today)
    if not criteria.all_passed(results):
        raise ApplicationError(
            "Every criterion must hold before approval: " + criteria.failing_explanations(results)
        )
    label = label_selectors.label_for_organization(application.organization)
    if label is not None and label.status in (
        LabelStatus.ACTIVE,
        LabelStatus.EXPIRING,
        LabelStatus.SUSPENDED,
    ):
        label = label_services.label_renew(label=label, by=by, reason=f"Renewed: {note}")
    else:
        label = label_services.label_grant(organization=application.organization, by=by)
    facts_services.facts_record(
        label=label,
        values=facts,
        by=by,
        reason=gettext("Verified at the approval of application #%(number)s.")
        % {"number": application.pk},
    )
    application.label = label
    application.save(update_fields=["label", "updated_at"])
    _decide(application, to=ApplicationStatus.APPROVED, by=by, note=note)
    _tell_owner(
        application,
        format_lazy(
            gettext_lazy(
                "Your organization carries the Fairbid label until {day}. "
                "Its public code is {code}."
            ),
            day=formats.day_lazy(label.valid_until),
            code=label.code,
        ),
        gettext_lazy("Your organization carries the Fairbid label"),
    )
    return application
