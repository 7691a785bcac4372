from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Literal

from ninja import Field, Schema

from lentera.core.schemas import InputSchema


class StageOut(Schema):
    stage: str
    count: int
    value: Decimal


class BreakdownOut(Schema):
    key: str
    label: str
    rup_count: int
    rup_value: Decimal
    package_count: int
    contract_value: Decimal
    order_value: Decimal
    realisation_pct: Decimal | None


class DashboardOut(Schema):
    year: int
    semester: int | None
    work_unit_id: int | None
    method: str
    stages: list[StageOut]
    realisation_pct: Decimal | None
    gap: Decimal
    paid_pct: Decimal | None
    cancelled_packages: int
    efficiency: dict[str, Decimal | int | None]
    #: rup_not_started, rup_started_late, overdue_selections, late_contracts, penalties (docs/reporting.md)
    timeliness: list[StageOut]
    by_method: list[BreakdownOut]
    by_work_unit: list[BreakdownOut]


class MonitoringReportOut(Schema):
    id: int
    agency_id: int
    kind: str
    year: int
    version: int
    previous_id: int | None
    state: str
    analysis: str
    recommendations: str
    approved_at: dt.datetime | None
    submitted_on: dt.date | None
    submitted_to: str
    build_status: str
    build_progress: int
    pdf_sha256: str
    xlsx_sha256: str


class ReportDetailOut(MonitoringReportOut):
    sections: list[dict]


class MonitoringReportIn(InputSchema):
    agency_id: int = Field(ge=1)
    kind: Literal["S1", "S2", "ANNUAL"]
    year: int = Field(ge=2000, le=2100)


class TextIn(InputSchema):
    analysis: str = Field("", max_length=20000)
    recommendations: str = Field("", max_length=20000)


class TransitionIn(InputSchema):
    action: Literal["REVIEW", "RETURN", "APPROVE", "SUBMIT"]
    submitted_on: dt.date | None = None
    submitted_to: str = Field("", max_length=300)


class CorrectionIn(InputSchema):
    reason: str = Field(min_length=1, max_length=5000)


class VerificationMonthOut(Schema):
    year: int | None
    month: int | None
    decided: int
    approved: int
    rejected: int
    median_hours: Decimal | None
    p90_hours: Decimal | None


class VerificationTimesOut(Schema):
    year: int
    semester: int | None
    months: list[VerificationMonthOut]
    total: VerificationMonthOut


class AvailabilityMonthOut(Schema):
    year: int | None
    month: int | None
    samples: int
    up: int
    availability_pct: Decimal | None
    downtime_minutes: int
    median_latency_ms: Decimal | None


class AvailabilityOut(Schema):
    year: int
    semester: int | None
    interval_minutes: int
    months: list[AvailabilityMonthOut]
    total: AvailabilityMonthOut
