"""The provider directory, a provider's public profile, and a buyer's invitation to bid sent
from it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Organization, OrganizationKind
from core.views import page_query, paginate, run_service
from marketplace import extensions, selectors
from marketplace.forms import DirectoryFilterForm, JobInviteForm
from marketplace.services import jobs as job_services


def provider_directory(request):
    form = DirectoryFilterForm(request.GET or None, countries=selectors.provider_countries())
    filters = form.cleaned_data if form.is_valid() else {}
    organizations = selectors.provider_directory(
        country=filters.get("country", ""),
        category=filters.get("category", ""),
        min_rating=filters.get("min_rating"),
        label=filters.get("label", ""),
    )
    return render(
        request,
        "marketplace/provider_directory.html",
        {"form": form, "page": paginate(request, organizations), "query": page_query(request)},
    )


def provider_profile(request, slug):
    organization = selectors.provider_profile(slug=slug)
    if organization is None:
        raise Http404(_("No such provider."))
    invite_jobs = (
        selectors.jobs_open_for_invitations(user=request.user)
        if request.user.is_authenticated
        else None
    )
    return render(
        request,
        "marketplace/provider_profile.html",
        {
            "organization": organization,
            "reviews": paginate(request, selectors.provider_reviews(organization=organization), 10),
            "invite_form": JobInviteForm(jobs=invite_jobs) if invite_jobs else None,
            "provider_facts": extensions.provider_facts([organization.pk])[organization.pk],
        },
    )


@login_required
@require_POST
def job_invite(request, slug):
    organization = get_object_or_404(Organization, slug=slug, kind=OrganizationKind.PROVIDER)
    form = JobInviteForm(request.POST, jobs=selectors.jobs_open_for_invitations(user=request.user))
    if not form.is_valid():
        messages.error(request, _("Choose one of your draft or open jobs to invite them to."))
        return redirect("marketplace:provider_profile", slug=slug)
    job = form.cleaned_data["job"]
    run_service(
        request,
        lambda: job_services.job_invite(job=job, by=request.user, organization=organization),
        success=_("{organization} is invited to bid on “{job}”.").format(
            organization=organization, job=job
        ),
    )
    return redirect("marketplace:provider_profile", slug=slug)
