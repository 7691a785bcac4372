"""Reporting API: the dashboard's figures and the semester / annual report's workflow. Thin: the same selectors
and services as the pages."""

from typing import Any

from ninja import Field, Query, Router, Schema, Status

from lentera.accounts.http import AuthedRequest
from lentera.core.access import api_access
from lentera.core.roles import Role

from .. import figures, sections, selectors, services
from . import schemas as s

router = Router(tags=["reporting"])
PREFIX = "/reporting/"
READ = (Role.KEPALA_UKPBJ, Role.ADMIN_UKPBJ, Role.AUDITOR)
EDIT = (Role.KEPALA_UKPBJ, Role.ADMIN_UKPBJ)
TIMELINESS_KEYS = ("rup_not_started", "rup_started_late", "overdue_selections", "late_contracts", "penalties")


class DashboardQuery(Schema):
    year: int = Field(ge=2000, le=2100)
    semester: int | None = Field(None, ge=1, le=2)
    work_unit_id: int | None = Field(None, ge=1)
    method: str = Field("", max_length=24)


def _breakdown(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            "key": str(r["key"]),
            "label": str(r["label"]),
            "rup_count": r["rup"].count,
            "rup_value": r["rup"].value,
            "package_count": r["packages"].count,
            "contract_value": r["contracts"].value,
            "order_value": r["orders"].value,
            "realisation_pct": r["realisation_pct"],
        }
        for r in rows
    ]


@router.get(
    "/dashboard", response=s.DashboardOut, summary="The pipeline, efficiency and breakdowns of a year"
)
@api_access(*READ, scope="own instansi (the packages planning lets the role read)")
def dashboard(request: AuthedRequest, q: Query[DashboardQuery]):
    f = figures.Filters(year=q.year, semester=q.semester, work_unit_id=q.work_unit_id, method=q.method)
    data = selectors.dashboard(user=request.user, role=request.acting_role, filters=f)
    p = data["pipeline"]
    return {
        "year": f.year,
        "semester": f.semester,
        "work_unit_id": f.work_unit_id,
        "method": f.method,
        "stages": [{"stage": k, "count": v.count, "value": v.value} for k, v in p["stages"].items()],
        "realisation_pct": p["realisation_pct"],
        "gap": p["gap"],
        "paid_pct": p["paid_pct"],
        "cancelled_packages": p["cancelled"].count,
        "efficiency": data["efficiency"],
        "timeliness": [
            {"stage": k, "count": data["timeliness"][k].count, "value": data["timeliness"][k].value}
            for k in TIMELINESS_KEYS
        ],
        "by_method": _breakdown(data["by_method"]),
        "by_work_unit": _breakdown(data["by_unit"]),
    }


class PeriodQuery(Schema):
    year: int = Field(ge=2000, le=2100)
    semester: int | None = Field(None, ge=1, le=2)


def _kind(semester: int | None) -> str:
    return {1: "S1", 2: "S2"}.get(semester or 0, "ANNUAL")


def _month_out(row: dict[str, Any]) -> dict[str, Any]:
    year, month = row["month"] or (None, None)
    return {**{k: v for k, v in row.items() if k != "month"}, "year": year, "month": month}


@router.get(
    "/verification-times",
    response=s.VerificationTimesOut,
    summary="Provider verification times (median, p90) per month",
)
@api_access(*READ, scope="the LPSE's verification rounds (no person, no provider)")
def verification_times(request: AuthedRequest, q: Query[PeriodQuery]):
    times = selectors.verification_figures(_kind(q.semester), q.year)
    return {
        "year": q.year,
        "semester": q.semester,
        "months": [_month_out(r) for r in times["months"]],
        "total": _month_out(times["total"]),
    }


@router.get(
    "/availability",
    response=s.AvailabilityOut,
    summary="LPSE availability (health checks) per month",
)
@api_access(*READ, scope="the LPSE's own health checks")
def availability(request: AuthedRequest, q: Query[PeriodQuery]):
    figs = selectors.availability_figures(_kind(q.semester), q.year)
    return {
        "year": q.year,
        "semester": q.semester,
        "interval_minutes": figs["interval"],
        "months": [_month_out(r) for r in figs["months"]],
        "total": _month_out(figs["total"]),
    }


@router.get("/reports", response=list[s.MonitoringReportOut], summary="Reports of the caller's instansi")
@api_access(*READ, scope="own instansi")
def report_list(request: AuthedRequest):
    return selectors.reports_listed(user=request.user, role=request.acting_role)


@router.post("/reports", response={201: s.MonitoringReportOut}, summary="A new draft report for a period")
@api_access(*EDIT, scope="own instansi")
def report_create(request: AuthedRequest, payload: s.MonitoringReportIn):
    report = services.report_create(actor=request.user, role=request.acting_role, **payload.dict())
    return Status(201, report)


@router.get("/reports/{report_id}", response=s.ReportDetailOut, summary="A report with its sections")
@api_access(*READ, scope="own instansi")
def report_detail(request: AuthedRequest, report_id: int):
    report = selectors.report_for(user=request.user, role=request.acting_role, pk=report_id)
    if report.snapshot is not None:
        content = report.snapshot
    else:
        content = sections.freeze(
            services.compute_sections(actor=request.user, role=request.acting_role, report=report)
        )
    return {**s.MonitoringReportOut.from_orm(report).dict(), "sections": content}


@router.put(
    "/reports/{report_id}/text", response=s.MonitoringReportOut, summary="The analysis and recommendations"
)
@api_access(*EDIT, scope="own instansi; a draft or a report under review")
def report_text(request: AuthedRequest, report_id: int, payload: s.TextIn):
    report = selectors.report_for(user=request.user, role=request.acting_role, pk=report_id)
    return services.report_update_text(
        actor=request.user, role=request.acting_role, report=report, **payload.dict()
    )


@router.post(
    "/reports/{report_id}/transitions",
    response=s.MonitoringReportOut,
    summary="Review, return, approve, submit",
)
@api_access(*EDIT, scope="own instansi; approve and submit: Kepala UKPBJ")
def report_transition(request: AuthedRequest, report_id: int, payload: s.TransitionIn):
    report = selectors.report_for(user=request.user, role=request.acting_role, pk=report_id)
    return services.report_transition(
        actor=request.user, role=request.acting_role, report=report, **payload.dict()
    )


@router.post(
    "/reports/{report_id}/corrections",
    response={201: s.MonitoringReportOut},
    summary="A corrected new version",
)
@api_access(*EDIT, scope="own instansi; an approved or submitted version")
def report_correct(request: AuthedRequest, report_id: int, payload: s.CorrectionIn):
    report = selectors.report_for(user=request.user, role=request.acting_role, pk=report_id)
    new = services.report_correct(
        actor=request.user, role=request.acting_role, report=report, reason=payload.reason
    )
    return Status(201, new)
