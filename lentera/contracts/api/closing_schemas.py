"""Schemas of the closing API: keadaan kahar, warnings, the grace decision, the guarantee's extension, the
termination, and the lateness facts of a contract."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Literal

from ninja import Schema

from lentera.core.schemas import InputSchema


class WarningIn(InputSchema):
    number: str
    issued_on: dt.date
    text: str


class WarningOut(Schema):
    sequence: int
    number: str
    issued_on: dt.date
    text: str
    days_late: int


class GraceIn(InputSchema):
    granted: bool
    reason: str
    last_day: dt.date | None = None


class GraceOut(Schema):
    granted: bool
    last_day: dt.date | None
    reason: str
    decided_on: dt.date
    days_late: int


class GuaranteeExtendIn(InputSchema):
    valid_until: dt.date
    number: str = ""


class GuaranteeValidityOut(Schema):
    number: str
    amount: Decimal
    valid_from: dt.date
    valid_until: dt.date


class TerminationIn(InputSchema):
    ground: Literal[
        "NEED_CANNOT_WAIT", "UNABLE_WITH_GRACE", "GRACE_EXPIRED", "DEFAULT", "FRAUD", "COMPLAINT_UPHELD"
    ]
    explanation: str
    terminated_on: dt.date


class TerminationOut(Schema):
    ground: str
    explanation: str
    terminated_on: dt.date
    days_late: int
    penalty_total: Decimal
    provider_fault: bool
    guarantee_claimed: bool
    guarantee_number: str
    guarantee_amount: Decimal | None
    sanction_proposal_id: int | None
    advance_outstanding: Decimal
    advance_guarantee_claimed: Decimal
    advance_to_repay: Decimal


class ForceMajeureOut(Schema):
    id: int
    event: str
    event_from: dt.date
    event_until: dt.date
    effect: str
    days: int
    end_before: dt.date
    end_after: dt.date
    evidence_name: str
    evidence_sha256: str


class LatenessOut(Schema):
    days_late: int
    penalty: Decimal
    penalty_cap: Decimal
    penalty_capped: bool
    limit: dt.date
    can_terminate: bool
    next_step: str


class ClosingOut(Schema):
    contract_id: int
    state: str
    end_on: dt.date
    lateness: LatenessOut
    warnings: list[WarningOut]
    grace: GraceOut | None
    force_majeures: list[ForceMajeureOut]
    termination: TerminationOut | None
    guarantee: GuaranteeValidityOut | None
