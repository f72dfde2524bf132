from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from accounts import selectors, services
from accounts.forms import ApiTokenForm, InvitationForm, organization_form_class
from accounts.models import Invitation, InvitationStatus, Membership
from core.exceptions import ApplicationError
from core.forms import add_error


def _own_membership(request) -> Membership:
    membership = selectors.membership_for_user(user=request.user)
    if membership is None:
        raise Http404("You do not belong to an organization yet.")
    return membership


def _owner_membership(request) -> Membership:
    membership = _own_membership(request)
    if not membership.is_owner:
        raise PermissionDenied("Only the organization's owner can do this.")
    return membership


@login_required
def organization_create(request):
    if selectors.membership_for_user(user=request.user) is not None:
        messages.info(request, "You already belong to an organization.")
        return redirect("accounts:organization")
    form_class = organization_form_class(is_provider=request.user.is_provider)
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            organization = services.organization_create(owner=request.user, **form.cleaned_data)
        except ApplicationError as error:
            add_error(form, error)
        else:
            messages.success(request, f"{organization} is set up. Welcome to Fairbid.")
            return redirect("accounts:organization")
    return render(request, "accounts/organization_form.html", {"form": form, "creating": True})


@login_required
def organization_detail(request):
    membership = _own_membership(request)
    form = InvitationForm() if membership.is_owner else None
    return _render_organization(request, membership, invitation_form=form)


def _render_organization(request, membership, *, invitation_form, status=200):
    organization = membership.organization
    context = {
        "membership": membership,
        "organization": organization,
        "members": selectors.organization_members(organization=organization),
        "invitations": selectors.organization_pending_invitations(organization=organization)
        if membership.is_owner
        else [],
        "invitation_form": invitation_form,
    }
    return render(request, "accounts/organization_detail.html", context, status=status)


@login_required
def organization_edit(request):
    membership = _owner_membership(request)
    organization = membership.organization
    form_class = organization_form_class(is_provider=organization.is_provider)
    form = form_class(request.POST or None, instance=organization)
    if request.method == "POST" and form.is_valid():
        try:
            services.organization_update(
                organization=organization, by=request.user, **form.cleaned_data
            )
        except ApplicationError as error:
            add_error(form, error)
        else:
            messages.success(request, "The organization's profile is saved.")
            return redirect("accounts:organization")
    return render(
        request,
        "accounts/organization_form.html",
        {"form": form, "creating": False, "organization": organization},
    )


@login_required
@require_POST
def invitation_create(request):
    membership = _owner_membership(request)
    form = InvitationForm(request.POST)
    if form.is_valid():
        try:
            invitation = services.invitation_create(
                organization=membership.organization,
                by=request.user,
                email=form.cleaned_data["email"],
            )
        except ApplicationError as error:
            form.add_error("email", error.message)
        else:
            messages.success(request, f"An invitation is on its way to {invitation.email}.")
            return redirect("accounts:organization")
    return _render_organization(request, membership, invitation_form=form, status=400)


@login_required
@require_POST
def invitation_revoke(request, pk):
    membership = _owner_membership(request)
    invitation = get_object_or_404(Invitation, pk=pk, organization=membership.organization)
    try:
        services.invitation_revoke(invitation=invitation, by=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"The invitation to {invitation.email} is revoked.")
    return redirect("accounts:organization")


@login_required
@require_POST
def membership_remove(request, pk):
    own = _owner_membership(request)
    membership = get_object_or_404(
        Membership.objects.select_related("user"), pk=pk, organization=own.organization
    )
    try:
        services.membership_remove(membership=membership, by=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"{membership.user.display_name} is no longer a member.")
    return redirect("accounts:organization")


def invitation(request, token):
    """Show an invitation; a signed-in person with the invited address accepts it here."""
    invitation = selectors.invitation_by_token(token=token)
    if invitation is None:
        raise Http404("No such invitation.")
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        try:
            services.invitation_accept(invitation=invitation, user=request.user)
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, f"You have joined {invitation.organization}.")
            return redirect("accounts:organization")
    return render(
        request,
        "accounts/invitation.html",
        {"invitation": invitation, "is_pending": invitation.status == InvitationStatus.PENDING},
    )


@login_required
def api_tokens(request):
    """List, create and revoke personal API tokens; a new key is shown once."""
    form = ApiTokenForm(request.POST or None)
    new_key = None
    if request.method == "POST" and form.is_valid():
        try:
            token, new_key = services.api_token_create(
                user=request.user, name=form.cleaned_data["name"]
            )
        except ApplicationError as error:
            add_error(form, error)
        else:
            messages.success(
                request, f"Token “{token.name}” created. Copy its key now: it is not shown again."
            )
            form = ApiTokenForm()
    return render(
        request,
        "accounts/api_tokens.html",
        {"form": form, "new_key": new_key, "tokens": selectors.api_tokens(user=request.user)},
    )


@login_required
@require_POST
def api_token_revoke(request, pk):
    token = get_object_or_404(selectors.api_tokens(user=request.user), pk=pk)
    services.api_token_revoke(token=token, by=request.user)
    messages.success(request, f"Token “{token.name}” is revoked; it no longer works.")
    return redirect("accounts:api_tokens")
