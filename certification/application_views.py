"""The provider's side of certification: its criteria, its label and its applications."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from accounts import selectors as account_selectors
from certification import selectors
from certification.forms import ApplicationAnswersForm, EvidenceForm, SignCodeForm
from certification.models import Evidence
from certification.services import applications as application_services
from core.exceptions import ApplicationError
from core.forms import add_error


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
