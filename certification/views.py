"""Certification's pages. Public: the register, a label's verification page, its badge, and
the form anyone may use to raise a concern about a label. A provider's own: its criteria, its
label and its applications."""

import contextlib
from functools import partial

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.permissions import provider_membership_or_403
from certification import extensions
from certification.forms import (
    AppealForm,
    ApplicationAnswersForm,
    ConcernAnswerForm,
    ConcernForm,
    EvidenceForm,
    LabelRegisterForm,
    SignCodeForm,
    concern_form_token,
)
from certification.models import CURRENT_STATUSES, AppealFile, Evidence, LabelStatus
from certification.selectors import appeals as appeal_selectors
from certification.selectors import applications as application_selectors
from certification.selectors import concerns as concern_selectors
from certification.selectors import facts as fact_selectors
from certification.selectors import labels as label_selectors
from certification.services import appeals as appeal_services
from certification.services import applications as application_services
from certification.services import concerns as concern_services
from core.text import xml_safe
from core.views import form_status, page_query, paginate, run_form, run_service
from files.responses import download_response

# --- The label's public pages -------------------------------------------------------------

REGISTER_PAGE_SIZE = 25
# The embeddable badge is fetched by other sites; a short cache keeps it live.
BADGE_MAX_AGE = 5 * 60
# The badge's right-hand word and colour. Only a label in force says "certified".
BADGE_LOOKS = {
    LabelStatus.ACTIVE: ("certified", "#135f2b"),
    LabelStatus.EXPIRING: ("certified", "#135f2b"),
    LabelStatus.TRANSITION: ("in transition", "#23435f"),
    LabelStatus.SUSPENDED: ("suspended", "#8a1c1c"),
    LabelStatus.EXPIRED: ("expired", "#4a4a4a"),
    LabelStatus.REVOKED: ("revoked", "#8a1c1c"),
}


def _label_or_404(code: str):
    label = label_selectors.label_by_code(code)
    if label is None:
        raise Http404(_("No label has this code."))
    return label


def label_register(request):
    form = LabelRegisterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    labels = label_selectors.label_register(
        query=filters.get("q", ""),
        country=filters.get("country", ""),
        status=filters.get("status", ""),
    )
    return render(
        request,
        "certification/label_register.html",
        {
            "form": form,
            "page": paginate(request, labels, REGISTER_PAGE_SIZE),
            "query": page_query(request),
            "searched": bool(filters and any(filters.values())),
        },
    )


def _label_page(request, label, *, concern_form=None, concern_refused="", status=None):
    open_to_concerns = label.effective_status in CURRENT_STATUSES
    return render(
        request,
        "certification/label_detail.html",
        {
            "label": label,
            "organization": label.organization,
            "criteria": fact_selectors.label_criteria(label),
            "facts": fact_selectors.current_facts(label),
            "corrective_until": label_selectors.corrective_action_until(label),
            "record": label_selectors.public_record(label),
            "concern_form": (concern_form or ConcernForm()) if open_to_concerns else None,
            "concern_token": concern_form_token(),
            "concern_refused": concern_refused,
            "label_sections": extensions.label_sections(label),
        },
        status=status or form_status(concern_form),
    )


def label_detail(request, code):
    return _label_page(request, _label_or_404(code))


# Concerns are counted per client address in the cache, in a window that starts with the
# first one. REMOTE_ADDR is the client as the web server sees it.
def _concern_count_key(request) -> str:
    return f"certification:concerns:{request.META.get('REMOTE_ADDR', '')}"


def _take_concern_slot(request) -> bool:
    """Count this concern and say whether it is within the limit, in one atomic step of the
    cache (add, else incr): concurrent posts cannot all pass a check made before any of them
    was counted."""
    key = _concern_count_key(request)
    period = settings.CERTIFICATION_CONCERN_RATE_PERIOD
    if cache.add(key, 1, timeout=period):
        return True
    try:
        return cache.incr(key) <= settings.CERTIFICATION_CONCERN_RATE_LIMIT
    except ValueError:  # the window ended between add and incr: this one starts the next
        return cache.add(key, 1, timeout=period)


def _give_back_concern_slot(request) -> None:
    """A post that raised no concern (a mistake in the form) does not count."""
    with contextlib.suppress(ValueError):  # the window has ended meanwhile
        cache.decr(_concern_count_key(request))


@require_POST
def concern_create(request, code):
    label = _label_or_404(code)
    if not _take_concern_slot(request):
        limit = settings.CERTIFICATION_CONCERN_RATE_LIMIT
        hours = settings.CERTIFICATION_CONCERN_RATE_PERIOD // 3600
        refused = (
            f"We accept at most {limit} concerns an hour from one connection, and this one "
            f"has reached that. Please try again in {hours} hour{'s' if hours != 1 else ''}."
        )
        return _label_page(request, label, concern_refused=refused, status=429)
    form = ConcernForm(request.POST)
    if run_form(
        request,
        form,
        lambda text, evidence_url, contact_email, homepage: concern_services.concern_raise(
            label=label, text=text, evidence_url=evidence_url, contact_email=contact_email
        ),
        success=_("Thank you. Fairbid's certification reviewers will look into your concern."),
    ):
        return redirect(reverse("certification:label_detail", args=[label.code]))
    _give_back_concern_slot(request)
    return _label_page(request, label, concern_form=form)


def label_badge_svg(request, code):
    label = _label_or_404(code)
    word, colour = BADGE_LOOKS[label.effective_status]
    svg = render_to_string(
        "certification/badge.svg",
        {
            "label": label,
            # A name stored before names were checked may hold what XML cannot.
            "organization_name": xml_safe(label.organization.name),
            "word": word,
            "colour": colour,
        },
    )
    response = HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")
    patch_cache_control(response, public=True, max_age=BADGE_MAX_AGE)
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    return response


# --- A provider organization's own certification ------------------------------------------


def _provider_membership(request):
    return provider_membership_or_403(
        request.user, refusal=_("Certification is for members of a provider organization.")
    )


def _answer_form(pk: int, data=None) -> ConcernAnswerForm:
    # One form a concern on the page: its fields' ids name the concern.
    return ConcernAnswerForm(data, auto_id=f"concern-{pk}-%s")


def _concern_rows(label, *, sent=None, sent_pk=None) -> list:
    """Each open concern about the label with the owner's answer form while it may answer."""
    if label is None:
        return []
    today = timezone.localdate()
    return [
        (
            concern,
            sent
            if concern.pk == sent_pk
            else (
                _answer_form(concern.pk)
                if concern_selectors.answer_time_open(concern, today=today)
                else None
            ),
        )
        for concern in concern_selectors.open_concerns(label)
    ]


@login_required
def overview(request):
    return _render_overview(request, _provider_membership(request))


def _render_overview(request, membership, *, sent=None, sent_pk=None):
    organization = membership.organization
    label = label_selectors.label_for_organization(organization)
    return render(
        request,
        "certification/overview.html",
        {
            "membership": membership,
            "organization": organization,
            "label": label,
            "label_history": label_selectors.label_history(label) if label else [],
            "fact_change": label_selectors.pending_fact_change(label) if label else None,
            "renewal_days": settings.CERTIFICATION_EXPIRY_WARNING_DAYS,
            "appeal_days": settings.CERTIFICATION_APPEAL_DAYS,
            "breakdown": application_selectors.criteria_breakdown(organization),
            "application": application_selectors.open_application(organization=organization),
            "past_applications": application_selectors.decided_applications(
                organization=organization
            ),
            "concern_rows": _concern_rows(label, sent=sent, sent_pk=sent_pk),
        },
        status=form_status(sent),
    )


@login_required
@require_POST
def concern_answer(request, pk):
    """The owner answers a concern about the organization's label."""
    membership = _provider_membership(request)
    label = label_selectors.label_for_organization(membership.organization)
    if label is None:
        raise Http404(_("No such concern."))
    concern = get_object_or_404(concern_selectors.open_concerns(label), pk=pk)
    form = _answer_form(concern.pk, request.POST)
    if run_form(
        request,
        form,
        lambda answer: concern_services.concern_answer(
            concern=concern, by=request.user, answer=answer
        ),
        success=_("Your answer is sent; the reviewer reads it before deciding."),
    ):
        return redirect(reverse("certification:overview") + "#concerns")
    return _render_overview(request, membership, sent=form, sent_pk=concern.pk)


@login_required
@require_POST
def start(request):
    membership = _provider_membership(request)
    started = run_service(
        request,
        lambda: application_services.application_start(
            organization=membership.organization, by=request.user
        ),
        success=_("Your application is started. Answer, upload, sign, then submit."),
    )
    return redirect("certification:application" if started else "certification:overview")


def _open_application(request):
    membership = _provider_membership(request)
    application = application_selectors.open_application(organization=membership.organization)
    if application is None:
        raise Http404(_("Your organization has no application in progress."))
    return membership, application


def _render_application(request, membership, application, *, answers=None, upload=None, sign=None):
    return render(
        request,
        "certification/application.html",
        {
            "membership": membership,
            "application": application,
            "answers_form": answers or ApplicationAnswersForm(instance=application),
            "evidence_form": upload or EvidenceForm(),
            "sign_form": sign or SignCodeForm(initial={"name": request.user.get_full_name()}),
            "breakdown": application_selectors.criteria_breakdown(membership.organization),
            "history": application_selectors.application_history(application=application),
        },
        status=form_status(answers, upload, sign),
    )


@login_required
def application(request):
    """The application is one form: answers, evidence, the signature and the submission.
    Whichever button is pressed, the answers typed so far are saved first (or shown again with
    their errors), so nothing typed is lost to an upload or a signature."""
    membership, application = _open_application(request)
    if request.method != "POST":
        return _render_application(request, membership, application)
    answers = ApplicationAnswersForm(request.POST, instance=application)
    sent = any(name in request.POST for name in answers.fields)
    answers_saved = not (sent and answers.has_changed()) or run_form(
        request,
        answers,
        partial(application_services.application_update, application=application, by=request.user),
        success=_("Your answers are saved."),
    )
    # The button pressed names the step; Enter in a field presses the first, "save".
    action = next((name for name in APPLICATION_STEPS if name in request.POST), "save")
    done, forms = APPLICATION_STEPS[action](request, application)
    if answers_saved and done:
        # A submitted application is no longer edited here: the overview says what comes next.
        return redirect(
            "certification:overview"
            if action == "submit_application"
            else "certification:application"
        )
    shown = answers if sent else None
    return _render_application(request, membership, application, answers=shown, **forms)


def _no_further_step(request, application):
    return True, {}


def _upload_evidence(request, application):
    form = EvidenceForm(request.POST, request.FILES)
    uploaded = run_form(
        request,
        form,
        lambda kind, file, valid_until: application_services.evidence_add(
            application=application,
            by=request.user,
            kind=kind,
            upload=file,
            valid_until=valid_until,
        ),
        success=_("The document is uploaded and kept private."),
    )
    return bool(uploaded), {"upload": form}


def _sign_code(request, application):
    form = SignCodeForm(request.POST)
    signed = run_form(
        request,
        form,
        lambda name, agree: application_services.application_sign_code(
            application=application, by=request.user, name=name
        ),
        success=_("You signed the Fairbid code of labour practices."),
    )
    return bool(signed), {"sign": form}


def _remove_evidence(request, application):
    pk = request.POST.get("remove", "")
    if not pk.isdigit():
        raise Http404(_("No such document."))
    document = get_object_or_404(application.evidence, pk=pk)
    removed = run_service(
        request,
        lambda: application_services.evidence_remove(document=document, by=request.user),
        success=_("{original_name} is removed.").format(original_name=document.original_name),
    )
    return bool(removed), {}


def _submit(request, application):
    submitted = run_service(
        request,
        lambda: application_services.application_submit(application=application, by=request.user),
        success=_("Your application is submitted. A reviewer will look at it soon."),
    )
    return bool(submitted), {}


APPLICATION_STEPS = {
    "save": _no_further_step,
    "upload": _upload_evidence,
    "sign": _sign_code,
    "remove": _remove_evidence,
    "submit_application": _submit,
}


@login_required
def evidence_download(request, pk):
    """A document, to the members of its organization and to reviewers only."""
    document = get_object_or_404(Evidence.objects.select_related("application"), pk=pk)
    if not application_selectors.may_download(document=document, user=request.user):
        raise Http404(_("No such document."))
    return FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.download_name,
        content_type=document.content_type,
    )


# --- Appeals ------------------------------------------------------------------------------


def _appeal_form(key: str, data=None, files=None) -> AppealForm:
    # One form a decision on the page: its fields' ids name the decision.
    return AppealForm(data, files, auto_id=f"{key}-%s")


def _render_appeals(request, membership, *, sent=None, sent_key=""):
    """Each decision with its appeal, or the owner's form while it can still be appealed."""
    rows = [
        (
            decision,
            sent
            if decision.key == sent_key
            else (_appeal_form(decision.key) if decision.open_to_appeal else None),
        )
        for decision in appeal_selectors.decisions_for_appeal(membership.organization)
    ]
    return render(
        request,
        "certification/appeals.html",
        {
            "membership": membership,
            "organization": membership.organization,
            "rows": rows,
            "appeal_days": settings.CERTIFICATION_APPEAL_DAYS,
        },
        status=form_status(sent),
    )


@login_required
def appeals(request):
    """The decisions against the organization and their appeals; its owner appeals here."""
    membership = _provider_membership(request)
    if request.method != "POST":
        return _render_appeals(request, membership)
    key = request.POST.get("decision", "")
    decision = appeal_selectors.decision_by_key(organization=membership.organization, key=key)
    if decision is None:
        raise Http404(_("No such decision."))
    form = _appeal_form(key, request.POST, request.FILES)
    if run_form(
        request,
        form,
        lambda statement, files: appeal_services.appeal_lodge(
            decision=decision, by=request.user, statement=statement, uploads=files
        ),
        success=_("Your appeal is lodged. Another reviewer will decide it; you will be told."),
    ):
        return redirect("certification:appeals")
    return _render_appeals(request, membership, sent=form, sent_key=key)


@login_required
def appeal_file(request, pk):
    """A file sent with an appeal, to the members of its organization and to reviewers."""
    appeal_file = get_object_or_404(AppealFile.objects.select_related("appeal", "file"), pk=pk)
    if not appeal_selectors.may_download(appeal_file=appeal_file, user=request.user):
        raise Http404(_("No such document."))
    return download_response(appeal_file.file)
