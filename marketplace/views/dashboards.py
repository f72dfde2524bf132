"""The home page: a landing page for visitors, and each role's own dashboard."""

from django.shortcuts import render

from accounts import selectors as account_selectors
from accounts.models import OrganizationKind
from certification.selectors import labels as label_selectors
from marketplace import selectors
from marketplace.models import BidStatus, JobStatus

# The buyer's jobs, grouped in this order; empty groups are left out.
BUYER_GROUPS = (
    JobStatus.OPEN,
    JobStatus.AWARDED,
    JobStatus.IN_PROGRESS,
    JobStatus.DELIVERED,
    JobStatus.DRAFT,
    JobStatus.COMPLETED,
    JobStatus.CANCELLED,
)


def home(request):
    user = request.user
    if not user.is_authenticated:
        return render(request, "home/landing.html")
    membership = account_selectors.membership_for_user(user=user)
    if user.is_staff:
        return render(request, "home/staff.html", {"membership": membership})
    if membership is not None and membership.organization.kind == OrganizationKind.PROVIDER:
        return _provider_dashboard(request, membership)
    if user.is_provider:
        return render(request, "home/provider.html", {"membership": membership})
    return _buyer_dashboard(request, membership)


def _buyer_dashboard(request, membership):
    jobs = list(selectors.buyer_jobs(user=request.user))
    groups = [(status, [job for job in jobs if job.status == status]) for status in BUYER_GROUPS]
    return render(
        request,
        "marketplace/dashboard_buyer.html",
        {"membership": membership, "groups": [(s, js) for s, js in groups if js], "jobs": jobs},
    )


def _provider_dashboard(request, membership):
    organization_id = membership.organization_id
    context = {
        "membership": membership,
        "organization": membership.organization,
        "open_bids": selectors.provider_bids(
            organization_id=organization_id, statuses=[BidStatus.ACTIVE]
        ),
        "contracts": selectors.provider_contracts(
            organization_id=organization_id,
            statuses=[JobStatus.AWARDED, JobStatus.IN_PROGRESS, JobStatus.DELIVERED],
        ),
        "completed": selectors.provider_contracts(
            organization_id=organization_id, statuses=[JobStatus.COMPLETED]
        )[:10],
        "invitations": selectors.provider_pending_invitations(organization_id=organization_id),
        "organization_label": label_selectors.label_for_organization(membership.organization),
    }
    return render(request, "marketplace/dashboard_provider.html", context)
