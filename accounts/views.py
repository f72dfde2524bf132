from functools import partial
from http import HTTPStatus

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from accounts import selectors, services
from accounts.forms import ApiTokenForm, InvitationForm, PreferencesForm, organization_form_class
from accounts.models import Invitation, InvitationStatus, Membership
from core.views import REFUSED, form_status, run_form, run_service


def _own_membership(request) -> Membership:
    membership = selectors.membership_for_user(user=request.user)
    if membership is None:
        raise Http404(_("You do not belong to an organization yet."))
    return membership


def _owner_membership(request) -> Membership:
    membership = _own_membership(request)
    if not membership.is_owner:
        raise PermissionDenied(_("Only the organization's owner can do this."))
    return membership


@login_required
def organization_create(request):
    if selectors.membership_for_user(user=request.user) is not None:
        messages.info(request, _("You already belong to an organization."))
        return redirect("accounts:organization")
    form_class = organization_form_class(is_provider=request.user.is_provider)
    form = form_class(request.POST or None)
    create = partial(services.organization_create, owner=request.user)
    if run_form(
        request,
        form,
        create,
        success=lambda org: _("{org} is set up. Welcome to Fairbid.").format(org=org),
    ):
        return redirect("accounts:organization")
    return render(
        request,
        "accounts/organization_form.html",
        {"form": form, "creating": True},
        status=form_status(form),
    )


@login_required
def organization_detail(request):
    membership = _own_membership(request)
    form = InvitationForm() if membership.is_owner else None
    return _render_organization(request, membership, invitation_form=form)


def _render_organization(request, membership, *, invitation_form):
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
    return render(
        request, "accounts/organization_detail.html", context, status=form_status(invitation_form)
    )


@login_required
def organization_edit(request):
    membership = _owner_membership(request)
    organization = membership.organization
    form_class = organization_form_class(is_provider=organization.is_provider)
    form = form_class(request.POST or None, instance=organization)
    update = partial(services.organization_update, organization=organization, by=request.user)
    if run_form(request, form, update, success=_("The organization's profile is saved.")):
        return redirect("accounts:organization")
    return render(
        request,
        "accounts/organization_form.html",
        {"form": form, "creating": False, "organization": organization},
        status=form_status(form),
    )


@login_required
@require_POST
def invitation_create(request):
    membership = _owner_membership(request)
    form = InvitationForm(request.POST)
    invite = partial(
        services.invitation_create, organization=membership.organization, by=request.user
    )
    if run_form(
        request,
        form,
        invite,
        success=lambda sent: _("An invitation is on its way to {email}.").format(email=sent.email),
    ):
        return redirect("accounts:organization")
    return _render_organization(request, membership, invitation_form=form)


@login_required
@require_POST
def invitation_revoke(request, pk):
    membership = _owner_membership(request)
    invitation = get_object_or_404(Invitation, pk=pk, organization=membership.organization)
    run_service(
        request,
        lambda: services.invitation_revoke(invitation=invitation, by=request.user),
        success=_("The invitation to {email} is revoked.").format(email=invitation.email),
    )
    return redirect("accounts:organization")


@login_required
@require_POST
def membership_remove(request, pk):
    own = _owner_membership(request)
    membership = get_object_or_404(
        Membership.objects.select_related("user"), pk=pk, organization=own.organization
    )
    run_service(
        request,
        lambda: services.membership_remove(membership=membership, by=request.user),
        success=_("{display_name} is no longer a member.").format(
            display_name=membership.user.display_name
        ),
    )
    return redirect("accounts:organization")


def invitation(request, token):
    """Show an invitation; a signed-in person with the invited address accepts it here."""
    invitation = selectors.invitation_by_token(token=token)
    if invitation is None:
        raise Http404(_("No such invitation."))
    status = HTTPStatus.OK
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if run_service(
            request,
            lambda: services.invitation_accept(invitation=invitation, user=request.user),
            success=_("You have joined {organization}.").format(
                organization=invitation.organization
            ),
        ):
            return redirect("accounts:organization")
        status = REFUSED
    return render(
        request,
        "accounts/invitation.html",
        {"invitation": invitation, "is_pending": invitation.status == InvitationStatus.PENDING},
        status=status,
    )


@login_required
def api_tokens(request):
    """List, create and revoke personal API tokens; a new key is shown once."""
    form = ApiTokenForm(request.POST or None)
    new_key = None
    created = run_form(
        request,
        form,
        partial(services.api_token_create, user=request.user),
        success=lambda created: _(
            "Token “{name}” created. Copy its key now: it is not shown again."
        ).format(name=created[0].name),
    )
    if created:
        _token, new_key = created.result
        form = ApiTokenForm()
    return render(
        request,
        "accounts/api_tokens.html",
        {"form": form, "new_key": new_key, "tokens": selectors.api_tokens(user=request.user)},
        status=form_status(form),
    )


@login_required
@require_POST
def api_token_revoke(request, pk):
    token = get_object_or_404(selectors.api_tokens(user=request.user), pk=pk)
    run_service(
        request,
        lambda: services.api_token_revoke(token=token, by=request.user),
        success=_("Token “{name}” is revoked; it no longer works.").format(name=token.name),
    )
    return redirect("accounts:api_tokens")


@login_required
def preferences(request):
    """The account's language and whether notifications are emailed; what every
    notification email links to."""
    user = request.user
    form = PreferencesForm(
        request.POST or None,
        initial={
            "language": user.language or translation.get_language(),
            "notification_emails": user.notification_emails,
        },
    )
    update = partial(services.user_preferences_update, user=user)
    if run_form(request, form, update, success=_preferences_saved):
        response = redirect("accounts:preferences")
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, user.language)
        return response
    return render(request, "accounts/preferences.html", {"form": form}, status=form_status(form))


def _preferences_saved(user) -> str:
    # Said in the language just chosen, which the next page is shown in.
    translation.activate(user.language)
    return _("Your preferences are saved.")


@require_POST
def language_set(request):
    """The language switcher: Django's set_language (the cookie, then back to the page), and
    for a signed-in person also their account's language, which wins over the cookie."""
    response = set_language(request)
    language = request.POST.get("language", "")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        services.user_language_set(user=request.user, language=language)
    return response
