"""The label's public pages: the register, a label's verification page and its badge."""

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.cache import patch_cache_control

from certification import selectors
from certification.forms import LabelRegisterForm
from certification.models import LabelStatus

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


def label_detail(request, code):
    label = _label_or_404(code)
    return render(
        request,
        "certification/label_detail.html",
        {
            "label": label,
            "organization": label.organization,
            "criteria": selectors.computed_criteria_for(label.organization),
        },
    )


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
