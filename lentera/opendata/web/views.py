"""Open data pages: what is published and how, red flags for auditors, and the benchmark's ceiling view."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET

from lentera.core.access import access
from lentera.core.roles import Role

from .. import redflags, redflags_ratings, selectors

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


def _titled(flags, titles: dict[str, str]) -> list[dict]:
    """The flags with their indicator's name (the code stays in the API)."""
    return [{"title": titles.get(f.code, f.code), "flag": f} for f in flags]


@access(public=True)
@require_GET
def redflag_list(request: HttpRequest) -> HttpResponse:
    """Per-tender indicators are public: they are computed from the published facts only (no personal data,
    nothing sealed; docs/red-flags.md). The per-provider list ("bids often, never wins") stays for auditors."""
    year = _year(request)
    titles = {code: str(title) for code, title in redflags.TENDER_INDICATORS}
    rows = [
        {**r, "raised_titles": [titles.get(f.code, f.code) for f in r["raised"]]}
        for r in redflags.ranked_cached(fiscal_year=year)[:500]
    ]
    auditor = getattr(request, "acting_role", None) in AUDIT_ROLES
    return TemplateResponse(
        request,
        "opendata/redflags.html",
        {
            "rows": rows,
            "year": year,
            "years": [y["fiscal_year"] for y in selectors.fiscal_years()],
            "indicators": titles,
            "show_providers": auditor,
            "never_winning": redflags.never_winning_cached(fiscal_year=year) if auditor else [],
            "terminated": redflags.terminated_per_provider_cached(fiscal_year=year) if auditor else [],
            "low_rated": redflags_ratings.low_rating_per_provider_cached(fiscal_year=year) if auditor else [],
        },
    )


@access(public=True)
@require_GET
def redflag_detail(request: HttpRequest, code: str) -> HttpResponse:
    titles = {c: str(title) for c, title in redflags.TENDER_INDICATORS}
    for row in redflags.ranked_cached():
        if row["tender"].code == code:
            return TemplateResponse(
                request,
                "opendata/redflag_detail.html",
                {"row": row, "flags": _titled(row["flags"], titles), "indicators": titles},
            )
    raise Http404
