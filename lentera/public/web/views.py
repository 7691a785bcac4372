"""Public portal pages (no login) and the LPSE's service-notice management."""

from __future__ import annotations

import datetime as dt
import functools

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lentera.core.access import access
from lentera.core.errors import LenteraError, NotFound
from lentera.reporting import exports as reporting_exports
from lentera.reporting import selectors as reporting_selectors
from lentera.reporting.figures import Filters

from .. import audit, labels, selectors, services
from ..models import ServiceNotice
from ..pagecache import cached_page
from ..search import COUNT_CAP, TenderQuery, count, search
from .forms import MonitoringFilterForm, NoticeForm, RupFilterForm, TenderSearchForm

PUBLIC_MAX_AGE = 30


def public_page(view):
    """Open to everyone; GET only; short public cache, varying by language; anonymous visitors are served from
    a short server-side page cache (pagecache.py)."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if response.status_code == 200:
            patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
            patch_vary_headers(response, ["Accept-Language"])
        return response

    return access(public=True)(require_http_methods(["GET", "HEAD"])(cached_page(wrapper)))


def _now() -> dt.datetime:
    return timezone.now()


@public_page
def home(request: HttpRequest) -> HttpResponse:
    now = _now()
    rows = labels.decorate(selectors.open_tenders(now=now, limit=15), now)
    year = timezone.localdate().year
    return TemplateResponse(
        request,
        "public/home.html",
        {
            "open_rows": rows,
            "stats": selectors.key_statistics(year=year),
            "by_stage": selectors.tenders_in_progress_by_stage(now=now),
            "now": now,
        },
    )


def _search_context(request: HttpRequest) -> dict:
    """The search page: filters checked by TenderSearchForm (a wrong one is named next to its field and left
    out of the search, never silently), the page of results and their count."""
    now = _now()
    form = TenderSearchForm(request.GET)
    form.is_valid()
    query = TenderQuery.from_params(request.GET)
    clean = getattr(form, "cleaned_data", {})
    query.fiscal_year = None if "tahun" in form.errors else clean.get("tahun")
    query.work_unit = None if "satker" in form.errors else clean.get("satker")
    query.hps_min = None if "hps_min" in form.errors else clean.get("hps_min")
    query.hps_max = None if "hps_max" in form.errors else clean.get("hps_max")
    page = search(query, now=now)
    total = count(query, now=now)
    labels.decorate(page.rows, now)
    choices = selectors.filter_choices()
    coded = selectors.coded_options()
    next_params = query.params(setelah=page.next_cursor) if page.next_cursor else None
    first_params = query.params(setelah="") if query.after else None
    active = [
        k
        for k in (
            "instansi",
            "satker",
            "metode",
            "jenis",
            "tahap",
            "tahun",
            "sumber_dana",
            "hps_min",
            "hps_max",
        )
        if request.GET.get(k)
    ]
    return {
        "query": query,
        "form": form,
        "page": page,
        "total": total,
        "total_capped": total > COUNT_CAP,
        "count_cap": COUNT_CAP,
        "active_filters": len(active),
        "next_params": next_params,
        "first_params": first_params,
        # pre-rendered option lists (cached per language) with the chosen value marked
        "methods_options": mark_safe(selectors.mark_selected(coded["methods"], query.method)),  # noqa: S308
        "types_options": mark_safe(selectors.mark_selected(coded["types"], query.procurement_type)),  # noqa: S308
        "phases_options": mark_safe(selectors.mark_selected(coded["phases"], query.phase)),  # noqa: S308
        "funding_options": mark_safe(selectors.mark_selected(coded["funding"], query.funding_source)),  # noqa: S308
        "year_options": mark_safe(selectors.mark_selected(coded["years"], query.fiscal_year)),  # noqa: S308
        "agency_options": mark_safe(selectors.mark_selected(choices["agency_options"], query.agency)),  # noqa: S308
        "unit_options": mark_safe(  # noqa: S308 - pre-rendered with format_html_join
            selectors.mark_selected(choices["unit_options"].get(query.agency, ""), query.work_unit)
        ),
        "now": now,
    }


@public_page
def tender_search(request: HttpRequest) -> HttpResponse:
    return TemplateResponse(request, "public/search.html", _search_context(request))


@public_page
def tender_detail(request: HttpRequest, code: str) -> HttpResponse:
    row = selectors.public_tender(code)
    if row is None:
        raise Http404
    now = _now()
    facts = selectors.tender_page_facts(row)
    if facts:
        for entry in facts.get("schedule", []):
            entry["label"] = labels.stage_label(entry["stage"])
        facts["stage_label"] = labels.stage_label(facts.get("stage", ""))
    return TemplateResponse(
        request,
        "public/tender.html",
        {
            "row": row,
            "facts": facts,
            "contract": labels.decorate_contract(facts.get("contract")) if facts else None,
            "method_label": labels.method_label(row.method),
            "type_label": labels.type_label(row.procurement_type),
            "funding_label": labels.funding_label(row.funding_source),
            "phase_label": labels.phase_label(row.phase, row.closing_at, now),
            "now": now,
        },
    )


def _int(value: str | None) -> int | None:
    try:
        return int(value or "")
    except ValueError:
        return None


@public_page
def rup_list(request: HttpRequest) -> HttpResponse:
    """The announced RUP (Perbup PPU 2/2021 Pasal 2 j): search, filters, keyset pages."""
    from lentera.planning import selectors as planning

    form = RupFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    qs = planning.rup_public(
        fiscal_year=filters.get("fiscal_year"),
        work_unit=filters.get("work_unit"),
        procurement_type=filters.get("procurement_type") or None,
        method=filters.get("method") or None,
        funding_source=filters.get("funding_source") or None,
        q=filters.get("q") or None,
    )
    items, next_cursor = planning.keyset_page(qs, cursor=filters.get("cursor"), limit=25)
    next_query = None
    if next_cursor:
        query = request.GET.copy()
        query["cursor"] = next_cursor
        next_query = query.urlencode()
    context = {
        "form": form,
        "items": items,
        "next_query": next_query,
        "work_units": planning.public_work_units(),
        "selected_unit": filters.get("work_unit"),
    }
    return TemplateResponse(request, "public/rup_list.html", context)


@public_page
def rup_detail(request: HttpRequest, code: str) -> HttpResponse:
    """One announced RUP item with every announced revision."""
    from lentera.planning import selectors as planning
    from lentera.planning.models import Method

    try:
        item = planning.rup_public_item(code=code)
    except NotFound:
        raise Http404
    history = list(planning.rup_public_history(item=item))
    method_labels = dict(Method.choices)
    for entry in history:
        method = entry.snapshot.get("planned_method")
        entry.method_label = method_labels.get(method, method)
    return TemplateResponse(request, "public/rup_detail.html", {"item": item, "history": history})


@public_page
def winner_list(request: HttpRequest) -> HttpResponse:
    rows, next_after = selectors.winners(after=_int(request.GET.get("setelah")))
    return TemplateResponse(request, "public/winners.html", {"rows": rows, "next_after": next_after})


@public_page
def contract_list(request: HttpRequest) -> HttpResponse:
    rows, next_after = selectors.contracts(after=_int(request.GET.get("setelah")))
    return TemplateResponse(request, "public/contracts.html", {"rows": rows, "next_after": next_after})


@public_page
def audit_entries(request: HttpRequest) -> HttpResponse:
    """Every audit entry's number, time and hashes; the content of public facts, withheld for the rest."""
    context = audit.page(after_seq=_int(request.GET.get("setelah")))
    return TemplateResponse(request, "public/audit_entries.html", context)


@public_page
def blacklist(request: HttpRequest) -> HttpResponse:
    entries = selectors.blacklist(today=timezone.localdate())
    return TemplateResponse(request, "public/blacklist.html", {"entries": entries})


@public_page
def provider_detail(request: HttpRequest, pk: int) -> HttpResponse:
    data = selectors.provider_public(pk)
    if data is None:
        raise Http404
    return TemplateResponse(request, "public/provider.html", data)


@public_page
def buyer_indicators(request: HttpRequest) -> HttpResponse:
    from lentera.opendata import redflags

    year = _int(request.GET.get("tahun"))
    return TemplateResponse(
        request,
        "public/buyers.html",
        {
            "buyers": redflags.buyer_aggregates_cached(fiscal_year=year),
            "year": year or "",
            "definitions": redflags.BUYER_INDICATORS,
        },
    )


def _monitoring_filters(request: HttpRequest) -> tuple[Filters, MonitoringFilterForm]:
    this_year = timezone.localdate().year
    form = MonitoringFilterForm(
        {"tahun": request.GET.get("tahun") or this_year, "semester": request.GET.get("semester", "")}
    )
    if not form.is_valid():
        return Filters(year=this_year), form
    return Filters(year=int(form.cleaned_data["tahun"]), semester=form.cleaned_data["semester"]), form


@public_page
def monitoring(request: HttpRequest) -> HttpResponse:
    """The public subset of the procurement monitoring: totals only, no personal data (docs/reporting.md)."""
    f, form = _monitoring_filters(request)
    tables = reporting_exports.rendered(reporting_selectors.public_monitoring(filters=f))
    query = f"tahun={f.year}" + (f"&semester={f.semester}" if f.semester else "")
    return TemplateResponse(
        request,
        "public/monitoring.html",
        {"form": form, "filters": f, "sections": tables, "query": query, "computed_at": _now()},
    )


@public_page
def monitoring_csv(request: HttpRequest) -> HttpResponse:
    f, _form = _monitoring_filters(request)
    text = reporting_exports.csv_text(reporting_selectors.public_monitoring(filters=f))
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    stem = f"monitoring-publik-{f.year}" + (f"-s{f.semester}" if f.semester else "")
    response["Content-Disposition"] = f'attachment; filename="{stem}.csv"'
    return response


@public_page
def notice_list(request: HttpRequest) -> HttpResponse:
    active = selectors.active_notices()
    shown = {n.id for n in active}
    history = [n for n in selectors.notice_history() if n.pk not in shown]
    return TemplateResponse(request, "public/notices.html", {"notices": active, "history": history})


# --- LPSE staff: service notices ---------------------------------------------------------------------------

NOTICE_ROLES = services.NOTICE_ROLES


@access(*NOTICE_ROLES, scope="LPSE service notices")
def notice_manage(request: HttpRequest) -> HttpResponse:
    return TemplateResponse(
        request, "public/notice_manage.html", {"rows": selectors.notices_for_staff_with_tenders()}
    )


@access(*NOTICE_ROLES, scope="LPSE service notices")
@require_http_methods(["GET", "POST"])
def notice_create(request: HttpRequest) -> HttpResponse:
    form = NoticeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.notice_create(actor=request.user, **form.cleaned_data)
        except LenteraError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Pengumuman layanan diterbitkan."))
            return redirect("public:notice_manage")
    return TemplateResponse(request, "public/notice_form.html", {"form": form, "notice": None})


def _notice_or_404(pk: int) -> ServiceNotice:
    notice = selectors.notice_or_none(pk)
    if notice is None:
        raise Http404
    return notice


@access(*NOTICE_ROLES, scope="LPSE service notices")
@require_http_methods(["GET", "POST"])
def notice_edit(request: HttpRequest, pk: int) -> HttpResponse:
    notice = _notice_or_404(pk)
    initial = {f: getattr(notice, f) for f in services.NOTICE_FIELDS}
    form = NoticeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.notice_update(actor=request.user, notice=notice, **form.cleaned_data)
        except LenteraError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Pengumuman layanan diperbarui."))
            return redirect("public:notice_manage")
    return TemplateResponse(request, "public/notice_form.html", {"form": form, "notice": notice})


@access(*NOTICE_ROLES, scope="LPSE service notices")
@require_http_methods(["POST"])
def notice_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    notice = _notice_or_404(pk)
    try:
        services.notice_withdraw(actor=request.user, notice=notice)
    except LenteraError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Pengumuman layanan ditarik."))
    return redirect("public:notice_manage")
