"""The label's public pages: the register, a label's verification page, its badge, and the
form anyone may use to raise a concern about a label."""

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_POST

from certification import selectors
from certification.forms import ConcernForm, LabelRegisterForm, concern_form_token
from certification.models import CURRENT_STATUSES, LabelStatus
from certification.services import concerns as concern_services
from core.exceptions import ApplicationError

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
