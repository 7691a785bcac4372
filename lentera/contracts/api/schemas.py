from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ninja import Schema

from lentera.core.schemas import InputSchema


class AwardLetterIn(InputSchema):
    number: str
    issued_on: dt.date


class AwardLetterOut(Schema):
    id: int
    number: str
    value: Decimal
    performance_guarantee_amount: Decimal | None


class ContractIn(InputSchema):
    number: str
    signed_on: dt.date
    start_on: dt.date
    end_on: dt.date
    value: Decimal | None = None
    kind: str = "AGREEMENT"
    provider_signatory: str = ""
    provider_signatory_title: str = ""
    description: str = ""


class ContractOut(Schema):
    id: int
    number: str
    value: Decimal
    signed_on: dt.date


class RecordIn(InputSchema):
    reason: str
    value: Decimal
    start_on: dt.date
    end_on: dt.date
    number: str
    provider_npwp: str = ""
    description: str = ""


class RecordOut(Schema):
    """The completed record (a tender row of method swakelola / darurat) and its contract."""

    tender_id: int
    code: str
    method: str
    status: str
    contract_id: int
    contract_number: str
    value: Decimal
