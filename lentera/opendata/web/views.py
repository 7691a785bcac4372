"""Open data pages: what is published and how, red flags for auditors, and the benchmark's ceiling view."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET

from lentera.core.access import access
from lentera.core.roles import Role

from .. import redflags, selectors

AUDIT_ROLES = (Role.AUDITOR, Role.KEPALA_UKPBJ)


@access(public=True)
@require_GET
def ping(request: HttpRequest) -> HttpResponse:
    """A constant JSON answer through the whole middleware stack: the benchmark's ceiling."""
    return JsonResponse({"ok": True})


@access(public=True)
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    return TemplateResponse(
        request,
        "opendata/index.html",
        {
            "years": selectors.fiscal_years(),
            "tender_indicators": redflags.TENDER_INDICATORS,
            "buyer_indicators": redflags.BUYER_INDICATORS,
        },
    )


def _year(request: HttpRequest) -> int | None:
    try:
        return int(request.GET.get("tahun") or "")
    except ValueError:
        return None


@access(*AUDIT_ROLES, scope="every tender")
@require_GET
def redflag_list(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    rows = redflags.ranked_cached(fiscal_year=year)
    return TemplateResponse(
        request,
        "opendata/redflags.html",
        {
            "rows": rows[:500],
            "year": year or "",
            "indicators": dict(redflags.TENDER_INDICATORS),
            "never_winning": redflags.never_winning_cached(fiscal_year=year),
        },
    )


@access(*AUDIT_ROLES, scope="every tender")
@require_GET
def redflag_detail(request: HttpRequest, code: str) -> HttpResponse:
    for row in redflags.ranked_cached():
        if row["tender"].code == code:
            return TemplateResponse(
                request,
                "opendata/redflag_detail.html",
                {"row": row, "indicators": dict(redflags.TENDER_INDICATORS)},
            )
    raise Http404
