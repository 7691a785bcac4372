"""Reads of the reporting app. Every figure starts from the reader's scope as the planning app decides it (the
Kepala UKPBJ, Admin UKPBJ and auditor see their instansi's RUP and packages); the tenders, contracts, orders and
objections are those of these packages, read through their own apps' selectors (never their tables)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from django.utils.translation import gettext_lazy as _

from lentera.accounts import selectors as account_selectors
from lentera.accounts.models import Agency
from lentera.catalog import selectors as catalog_selectors
from lentera.contracts import selectors as contract_selectors
from lentera.core import notices as core_notices
from lentera.core.calendar import JAKARTA, local_date
from lentera.core.clock import db_now
from lentera.core.errors import NotFound
from lentera.governance.maturity import selectors as maturity_selectors
from lentera.governance.programme import selectors as programme_selectors
from lentera.governance.standards import selectors as standards_selectors
from lentera.planning import selectors as planning_selectors
from lentera.planning.models import Method
from lentera.planning.scope import agency_filter, agency_ids, holds_everywhere
from lentera.providers import selectors as provider_selectors
from lentera.servicedesk import stats as desk_stats
from lentera.tendering import selectors as tender_selectors
from lentera.training import selectors as training_selectors

from . import figures, rules, sections
from . import service_figures as lpse_figures
from .models import AvailabilitySample, Report
from .states import EDITORS, READERS


def _rows_from(
    *,
    rup: list[dict[str, Any]],
    packages: list[dict[str, Any]],
    tenders: list[dict[str, Any]],
    orders: list[dict[str, Any]],
    **extra: Any,
) -> figures.Rows:
    """The rows with what follows these packages and tenders: contracts, handovers, payments, RUP links."""
    contracts = contract_selectors.contract_rows_for_report(tender_ids=[t["id"] for t in tenders])
    contract_ids = [c["id"] for c in contracts]
    return figures.Rows(
        rup=rup,
        packages=packages,
        tenders=tenders,
        contracts=contracts,
        handovers=contract_selectors.handover_rows_for_report(contract_ids=contract_ids),
        payments=contract_selectors.payment_rows_for_report(contract_ids=contract_ids),
        orders=orders,
        rup_links=planning_selectors.rup_package_links_for_report(package_ids=[p["id"] for p in packages]),
        **extra,
    )


def rows_for(*, user: Any, role: str | None, year: int) -> figures.Rows:
    """Every row a figure of `year` needs, scoped to the reader."""
    rup = planning_selectors.rup_rows_for_report(user=user, role=role, fiscal_year=year)
    packages = planning_selectors.package_rows_for_report(user=user, role=role, fiscal_year=year)
    package_ids = [p["id"] for p in packages]
    tenders = tender_selectors.tender_rows_for_report(package_ids=package_ids)
    tender_ids = [t["id"] for t in tenders]
    wanted = set(package_ids)
    selection_reports = [
        r
        for r in planning_selectors.selection_report_rows_for_report(user=user, role=role)
        if r["package_id"] in wanted
    ]
    return _rows_from(
        rup=rup,
        packages=packages,
        tenders=tenders,
        orders=catalog_selectors.order_rows_for_report(package_ids=package_ids),
        objections=tender_selectors.objection_rows_for_report(tender_ids=tender_ids),
        appeals=tender_selectors.appeal_rows_for_report(tender_ids=tender_ids),
        selection_reports=selection_reports,
    )


def public_rows(*, year: int) -> figures.Rows:
    """The rows of the public monitoring: every instansi's announced RUP items and the packages whose selection is
    public (handed to selection, planning.selectors.PUBLIC_PACKAGE_STATUSES, or with a tender announced or an
    e-purchasing order placed), with their tenders, contracts, handovers, payments and orders; no selection
    report, objection or person."""
    rup, all_packages = planning_selectors.public_rows_for_report(fiscal_year=year)
    all_ids = [p["id"] for p in all_packages]
    tenders = tender_selectors.tender_rows_for_report(package_ids=all_ids)
    orders = catalog_selectors.order_rows_for_report(package_ids=all_ids)
    shown = {t["package_id"] for t in tenders if t["announced_at"] is not None} | {
        o["package_id"] for o in orders
    }
    public_statuses = set(planning_selectors.PUBLIC_PACKAGE_STATUSES)
    packages = [p for p in all_packages if p["status"] in public_statuses or p["id"] in shown]
    package_ids = {p["id"] for p in packages}
    return _rows_from(
        rup=rup,
        packages=packages,
        tenders=[t for t in tenders if t["package_id"] in package_ids and t["announced_at"] is not None],
        orders=[o for o in orders if o["package_id"] in package_ids],
    )


def public_monitoring(*, filters: figures.Filters) -> list[dict[str, Any]]:
    """The public subset of the monitoring (no personal data: totals per stage, method and work unit only) for the
    public portal: the pipeline and breakdowns, selections and efficiency, contracts and timeliness."""
    if filters.as_of is None:
        filters = dataclasses.replace(filters, as_of=local_date(db_now()))
    return sections.public_sections(figures.Scoped(public_rows(year=filters.year), filters))


def scoped(*, user: Any, role: str | None, filters: figures.Filters) -> figures.Scoped:
    """The rows narrowed to the filters; lateness is judged today unless the filters name a day."""
    if filters.as_of is None:
        filters = dataclasses.replace(filters, as_of=local_date(db_now()))
    return figures.Scoped(rows_for(user=user, role=role, year=filters.year), filters)


def dashboard(*, user: Any, role: str | None, filters: figures.Filters) -> dict[str, Any]:
    """The live dashboard's figures: the pipeline, efficiency, breakdowns and the drill-down levels."""
    s = scoped(user=user, role=role, filters=filters)
    unit_rows = figures.by_work_unit(s)
    return {
        "scoped": s,
        "filters": filters,
        "pipeline": figures.pipeline(s),
        "efficiency": {**figures.efficiency(s), **figures.local_shares(s)},
        "timeliness": figures.timeliness(s),
        "by_method": figures.by_method(s),
        "by_unit": unit_rows,
        "by_agency": figures.by_agency(s),
        "packages": figures.package_list(s) if filters.work_unit_id else [],
        "unit_name": next((u["label"] for u in unit_rows if u["key"] == filters.work_unit_id), ""),
    }


def work_units_in_scope(*, user: Any, role: str | None, year: int) -> list[tuple[int, str]]:
    """The work units with RUP items or packages in `year` the reader may see (the filter's choices)."""
    units: dict[int, str] = {}
    for r in planning_selectors.rup_rows_for_report(user=user, role=role, fiscal_year=year):
        units[r["work_unit_id"]] = r["work_unit__name"]
    for p in planning_selectors.package_rows_for_report(user=user, role=role, fiscal_year=year):
        units[p["work_unit_id"]] = p["work_unit__name"]
    return sorted(units.items(), key=lambda kv: kv[1])


METHODS = Method


def desk_figures(kind: str, year: int) -> dict[str, Any]:
    """The LPSE help desk's figures for the report's period (tickets reported in it)."""
    first, last = rules.report_period(kind, year)
    start = dt.datetime.combine(first, dt.time.min, tzinfo=JAKARTA)
    end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time.min, tzinfo=JAKARTA)
    return desk_stats.period_statistics(start, end)


def service_figures(filters: figures.Filters) -> dict[str, Any]:
    """The dashboard's service figures: the help desk's for the year (or the chosen semester), the training per
    course of the year and the provider verification times per month."""
    kind = {1: rules.SEMESTER_1, 2: rules.SEMESTER_2}.get(filters.semester or 0, rules.ANNUAL)
    return {
        "desk": desk_figures(kind, filters.year),
        "training": training_figures(filters.year),
        "verification": verification_figures(kind, filters.year),
        "availability": availability_figures(kind, filters.year),
    }


#: The rounds whose times are the *provider* verification times (a staff registration is not a provider's).
PROVIDER_SUBJECTS = ("PROVIDER", "PROVIDER_UPDATE")


def verification_figures(kind: str, year: int) -> dict[str, Any]:
    """The provider verification times of the period per month of decision (the providers app's rounds:
    registrations and document changes of providers, decided in the period)."""
    start, end = lpse_figures.period_bounds(kind, year)
    rows = provider_selectors.verification_round_rows_for_report(
        start=start, end=end, subjects=PROVIDER_SUBJECTS
    )
    return lpse_figures.verification_times(rows, lpse_figures.period_months(kind, year))


def training_figures(year: int) -> list[dict[str, Any]]:
    """The LPSE's training per course for the year (the training app's own statistics, sessions held in it)."""
    return [
        {k: v for k, v in row.items() if k != "course"} for row in training_selectors.course_statistics(year)
    ]


def _agency_in_scope(*, user: Any, role: str | None, agency_id: int) -> bool:
    """The reader may read this instansi's figures: they hold a reading role there (or without an organisation,
    or are a superuser)."""
    if getattr(user, "is_superuser", False):
        return True
    if role is None or role not in READERS:
        return False
    return agency_id in agency_ids(user, [role]) or holds_everywhere(user, [role])


def sanction_figures(*, user: Any, role: str | None, agency_id: int) -> dict[str, list[dict[str, Any]]]:
    """The blacklist entries requested by the instansi's PA/KPA and the proposals of its PPK (the providers app's
    rows; nothing when the reader may not read the instansi)."""
    if not _agency_in_scope(user=user, role=role, agency_id=agency_id):
        return {"entries": [], "proposals": []}
    return {
        "entries": provider_selectors.sanction_rows_for_report(agency_ids=[agency_id]),
        "proposals": provider_selectors.sanction_proposal_rows_for_report(agency_ids=[agency_id]),
    }


def governance_figures(*, user: Any, role: str | None, agency_id: int, year: int) -> dict[str, Any]:
    """The instansi's maturity self-assessment of the year, its LPSE standards register and internal reviews (the
    governance app's rows; nothing when the reader may not read the instansi)."""
    if not _agency_in_scope(user=user, role=role, agency_id=agency_id):
        return {"assessment": None, "standards": [], "reviews": []}
    return {
        "assessment": maturity_selectors.assessment_row_for_report(agency_id=agency_id, year=year),
        "standards": standards_selectors.register_rows_for_report(agency_id=agency_id),
        "reviews": standards_selectors.review_rows_for_report(agency_id=agency_id),
    }


def _programme_figures(*, user: Any, agency_id: int, year: int, kind: str) -> dict[str, Any] | None:
    """The instansi's LPSE team work programme of the year, summarised for the period (governance's own
    activity report, Perbup PPU 2/2021 Pasal 4 huruf b angka 2); ``None`` without a programme."""
    agency = next(iter(account_selectors.agencies_by_pk([agency_id])), None)
    if agency is None:
        return None
    programme = programme_selectors.programmes_of(user=user, agency=agency).filter(year=year).first()
    if programme is None:
        return None
    first, last = rules.report_period(kind, year)
    report = programme_selectors.activity_report(programme=programme, first=first, last=last)
    return {
        "title": programme.title,
        "activities": len(report.rows),
        "status_table": report.status_table,
        "budget": report.budget,
        "period_spent": report.period_spent,
        "spent": report.spent,
        "absorption_pct": report.absorption_pct,
        "mean_achievement_pct": report.mean_achievement_pct,
    }


def team_activity_figures(
    *, user: Any, role: str | None, agency_id: int, kind: str, year: int
) -> dict[str, Any]:
    """What the LPSE team did in the report's period, from the lower apps' own figures: help desk tickets
    reported, answered and resolved; training sessions held; verification rounds decided; service notices; and the
    team's work programme (nothing of the programme when the reader may not read the instansi)."""
    start, end = lpse_figures.period_bounds(kind, year)
    programme = None
    if _agency_in_scope(user=user, role=role, agency_id=agency_id):
        programme = _programme_figures(user=user, agency_id=agency_id, year=year, kind=kind)
    return {
        "desk": desk_stats.period_statistics(start, end),
        "training": training_selectors.sessions_held_for_report(start, end),
        "verifications": provider_selectors.verification_round_rows_for_report(start=start, end=end),
        "notices": core_notices.notices_between(start, end),
        "programme": programme,
    }


def availability_figures(kind: str, year: int) -> dict[str, Any]:
    """The LPSE's availability per month of the period, from the recorded health checks (AvailabilitySample)."""
    from django.conf import settings

    start, end = lpse_figures.period_bounds(kind, year)
    rows: list[dict[str, Any]] = [
        dict(r)
        for r in AvailabilitySample.objects.filter(checked_at__gte=start, checked_at__lt=end)
        .order_by("checked_at")
        .values("checked_at", "ok", "latency_ms")
    ]
    return lpse_figures.availability(
        rows, lpse_figures.period_months(kind, year), settings.LENTERA_HEALTH_INTERVAL_MINUTES
    )


# --- reports ------------------------------------------------------------------------------------------------


def reports_visible_to(*, user: Any, role: str | None):
    if role not in READERS and not getattr(user, "is_superuser", False):
        return Report.objects.none()
    qs = Report.objects.select_related("agency", "created_by", "approved_by")
    return qs.filter(agency_filter(user, [role] if role else [], "agency_id"))


def report_for(*, user: Any, role: str | None, pk: int) -> Report:
    found = reports_visible_to(user=user, role=role).filter(pk=pk).first()
    if found is None:
        raise NotFound("REPORT_NOT_FOUND", _("Laporan tidak ditemukan."))
    return found


def reports_listed(*, user: Any, role: str | None) -> list[Report]:
    return list(reports_visible_to(user=user, role=role).order_by("-year", "kind", "-version"))


def agencies_of(*, user: Any, role: str | None) -> list[Agency]:
    """The instansi for which the reader may write a report: where they hold the acting role."""
    if role not in EDITORS:
        return []
    return list(account_selectors.agencies_by_pk(agency_ids(user, [role])))


def latest_version(*, agency_id: int, kind: str, year: int) -> Report | None:
    return Report.objects.filter(agency_id=agency_id, kind=kind, year=year).order_by("-version").first()


def has_correction(report: Report) -> bool:
    return Report.objects.filter(previous=report).exists()
