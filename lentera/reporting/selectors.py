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
from lentera.core.calendar import JAKARTA, local_date
from lentera.core.clock import db_now
from lentera.core.errors import NotFound
from lentera.planning import selectors as planning_selectors
from lentera.planning.models import Method
from lentera.planning.scope import agency_filter, agency_ids
from lentera.servicedesk import stats as desk_stats
from lentera.tendering import selectors as tender_selectors
from lentera.training import selectors as training_selectors

from . import figures, rules
from .models import Report
from .states import EDITORS, READERS


def rows_for(*, user: Any, role: str | None, year: int) -> figures.Rows:
    """Every row a figure of `year` needs, scoped to the reader."""
    rup = planning_selectors.rup_rows_for_report(user=user, role=role, fiscal_year=year)
    packages = planning_selectors.package_rows_for_report(user=user, role=role, fiscal_year=year)
    package_ids = [p["id"] for p in packages]
    tenders = tender_selectors.tender_rows_for_report(package_ids=package_ids)
    tender_ids = [t["id"] for t in tenders]
    contracts = contract_selectors.contract_rows_for_report(tender_ids=tender_ids)
    contract_ids = [c["id"] for c in contracts]
    wanted = set(package_ids)
    selection_reports = [
        r
        for r in planning_selectors.selection_report_rows_for_report(user=user, role=role)
        if r["package_id"] in wanted
    ]
    return figures.Rows(
        rup=rup,
        packages=packages,
        tenders=tenders,
        contracts=contracts,
        handovers=contract_selectors.handover_rows_for_report(contract_ids=contract_ids),
        payments=contract_selectors.payment_rows_for_report(contract_ids=contract_ids),
        orders=catalog_selectors.order_rows_for_report(package_ids=package_ids),
        objections=tender_selectors.objection_rows_for_report(tender_ids=tender_ids),
        appeals=tender_selectors.appeal_rows_for_report(tender_ids=tender_ids),
        selection_reports=selection_reports,
    )


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
        "efficiency": figures.efficiency(s),
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


def training_figures(year: int) -> list[dict[str, Any]]:
    """The LPSE's training per course for the year (the training app's own statistics, sessions held in it)."""
    return [
        {k: v for k, v in row.items() if k != "course"} for row in training_selectors.course_statistics(year)
    ]


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
