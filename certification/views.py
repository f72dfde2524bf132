"""Certification's pages. Public: the register, a label's verification page, its badge, and
the form anyone may use to raise a concern about a label. A provider's own: its criteria, its
label and its applications."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_POST

from accounts import selectors as account_selectors
from certification import selectors
from certification.forms import (
    ApplicationAnswersForm,
    ConcernForm,
    EvidenceForm,
    LabelRegisterForm,
    SignCodeForm,
    concern_form_token,
)
from certification.models import CURRENT_STATUSES, Evidence, LabelStatus
from certification.services import applications as application_services
from certification.services import concerns as concern_services
from core.exceptions import ApplicationError
from core.forms import add_error

# --- The label's public pages -------------------------------------------------------------

REGISTER_PAGE_SIZE = 25
# The embeddable badge is fetched by other sites; a short cache keeps it live.
BADGE_MAX_AGE = 5 * 60
# The badge's right-hand word and colour. Only a label in force says "certified".
BADGE_LOOKS = {
    LabelStatus.ACTIVE: ("certified", "#135f2b"),
    LabelStatus.EXPIRING: ("certified", "#135f2b"),
    LabelStatus.SUSPENDED: ("suspended", "#8a1c1c"),
    LabelStatus.EXPIRED: ("expired", "#4a4a4a"),
    LabelStatus.REVOKED: ("revoked", "#8a1c1c"),
}


def _label_or_404(code: str):
    label = selectors.label_by_code(code)
    if label is None:
        raise Http404("No label has this code.")
    return label


def label_register(request):
    form = LabelRegisterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    labels = selectors.label_register(
        query=filters.get("q", ""),
        country=filters.get("country", ""),
        status=filters.get("status", ""),
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "certification/label_register.html",
        {
            "form": form,
            "page": Paginator(labels, REGISTER_PAGE_SIZE).get_page(request.GET.get("page")),
            "query": query.urlencode(),
            "searched": bool(filters and any(filters.values())),
        },
    )


def _label_page(request, label, *, concern_form=None, concern_refused="", status=200):
    open_to_concerns = label.status in CURRENT_STATUSES
    return render(
        request,
        "certification/label_detail.html",
        {
            "label": label,
            "organization": label.organization,
            "criteria": selectors.criteria_breakdown(label.organization),
            "concern_form": (concern_form or ConcernForm()) if open_to_concerns else None,
            "concern_token": concern_form_token(),
            "concern_refused": concern_refused,
        },
        status=status,
    )


def label_detail(request, code):
    return _label_page(request, _label_or_404(code))


# Concerns are counted per client address in the cache, in a window that starts with the
# first one. REMOTE_ADDR is the client as the web server sees it.
def _concern_count_key(request) -> str:
    return f"certification:concerns:{request.META.get('REMOTE_ADDR', '')}"


def _concerns_left(request) -> int:
    return settings.CERTIFICATION_CONCERN_RATE_LIMIT - cache.get(_concern_count_key(request), 0)


def _count_concern(request) -> None:
    key = _concern_count_key(request)
    if not cache.add(key, 1, timeout=settings.CERTIFICATION_CONCERN_RATE_PERIOD):
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, timeout=settings.CERTIFICATION_CONCERN_RATE_PERIOD)


@require_POST
def concern_create(request, code):
    label = _label_or_404(code)
    if _concerns_left(request) <= 0:
        limit = settings.CERTIFICATION_CONCERN_RATE_LIMIT
        hours = settings.CERTIFICATION_CONCERN_RATE_PERIOD // 3600
        refused = (
            f"We accept at most {limit} concerns an hour from one connection, and this one "
            f"has reached that. Please try again in {hours} hour{'s' if hours != 1 else ''}."
        )
        return _label_page(request, label, concern_refused=refused, status=429)
    form = ConcernForm(request.POST)
    if form.is_valid():
        try:
            concern_services.concern_raise(
                label=label,
                text=form.cleaned_data["text"],
                evidence_url=form.cleaned_data["evidence_url"],
                contact_email=form.cleaned_data["contact_email"],
            )
        except ApplicationError as error:
            for field, message in error.fields.items():
                form.add_error(field if field in form.fields else None, message)
            if not error.fields:
                form.add_error(None, error.message)
        else:
            _count_concern(request)
            messages.success(
                request,
                "Thank you. Fairbid's certification reviewers will look into your concern.",
            )
            return redirect(reverse("certification:label_detail", args=[label.code]))
    return _label_page(request, label, concern_form=form)


def label_badge_svg(request, code):
    label = _label_or_404(code)
    word, colour = BADGE_LOOKS[label.status]
    svg = render_to_string(
        "certification/badge.svg",
        {"label": label, "organization": label.organization, "word": word, "colour": colour},
    )
    response = HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")
    patch_cache_control(response, public=True, max_age=BADGE_MAX_AGE)
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    return response


# --- A provider organization's own certification ------------------------------------------


def _provider_membership(request):
    membership = account_selectors.membership_for_user(user=request.user)
    if membership is None or not membership.organization.is_provider:
        raise PermissionDenied("Certification is for members of a provider organization.")
    return membership


@login_required
def overview(request):
    membership = _provider_membership(request)
    organization = membership.organization
    label = selectors.label_for_organization(organization)
    return render(
        request,
        "certification/overview.html",
        {
            "membership": membership,
            "organization": organization,
            "label": label,
            "label_history": selectors.label_history(label) if label else [],
            "breakdown": selectors.criteria_breakdown(organization),
            "application": selectors.open_application(organization=organization),
            "past_applications": selectors.decided_applications(organization=organization),
        },
    )


@login_required
@require_POST
def start(request):
    membership = _provider_membership(request)
    try:
        application_services.application_start(
            organization=membership.organization, by=request.user
        )
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect("certification:overview")
    messages.success(request, "Your application is started. Answer, upload, sign, then submit.")
    return redirect("certification:application")


def _open_application(request):
    membership = _provider_membership(request)
    application = selectors.open_application(organization=membership.organization)
    if application is None:
        raise Http404("Your organization has no application in progress.")
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
            "breakdown": selectors.criteria_breakdown(membership.organization),
            "history": selectors.application_history(application=application),
        },
        status=400 if any(f is not None and f.errors for f in (answers, upload, sign)) else 200,
    )


@login_required
def application(request):
    membership, application = _open_application(request)
    if request.method != "POST":
        return _render_application(request, membership, application)
    form = ApplicationAnswersForm(request.POST, instance=application)
    if form.is_valid():
        try:
            application_services.application_update(
                application=application, by=request.user, **form.cleaned_data
            )
        except ApplicationError as error:
            add_error(form, error)
        else:
            messages.success(request, "Your answers are saved.")
            return redirect("certification:application")
    return _render_application(request, membership, application, answers=form)


@login_required
@require_POST
def evidence_upload(request):
    membership, application = _open_application(request)
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            application_services.evidence_add(
                application=application,
                by=request.user,
                kind=form.cleaned_data["kind"],
                upload=form.cleaned_data["file"],
                valid_until=form.cleaned_data["valid_until"],
            )
        except ApplicationError as error:
            add_error(form, error)
        else:
            messages.success(request, "The document is uploaded and kept private.")
            return redirect("certification:application")
    return _render_application(request, membership, application, upload=form)


@login_required
@require_POST
def evidence_remove(request, pk):
    membership, application = _open_application(request)
    document = get_object_or_404(application.evidence, pk=pk)
    try:
        application_services.evidence_remove(document=document, by=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"{document.original_name} is removed.")
    return redirect("certification:application")


@login_required
@require_POST
def sign_code(request):
    membership, application = _open_application(request)
    form = SignCodeForm(request.POST)
    if form.is_valid():
        try:
            application_services.application_sign_code(
                application=application, by=request.user, name=form.cleaned_data["name"]
            )
        except ApplicationError as error:
            add_error(form, error)
        else:
            messages.success(request, "You signed the Fairbid code of labour practices.")
            return redirect("certification:application")
    return _render_application(request, membership, application, sign=form)


@login_required
@require_POST
def submit(request):
    _, application = _open_application(request)
    try:
        application_services.application_submit(application=application, by=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect("certification:application")
    messages.success(request, "Your application is submitted. A reviewer will look at it soon.")
    return redirect("certification:overview")


@login_required
def evidence_download(request, pk):
    """A document, to the members of its organization and to reviewers only."""
    document = get_object_or_404(Evidence.objects.select_related("application"), pk=pk)
    if not selectors.may_download(document=document, user=request.user):
        raise Http404("No such document.")
    return FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.original_name,
        content_type=document.content_type,
    )
