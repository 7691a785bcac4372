from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Literal

from ninja import Field, Schema

from lentera.core.schemas import InputSchema


class AwardLetterIn(InputSchema):
    number: str
    issued_on: dt.date


class AwardLetterOut(Schema):
    id: int
    number: str
    value: Decimal
    performance_guarantee_amount: Decimal | None


#: jenis kontrak (Perpres 16/2018 Pasal 27): models.ContractType
ContractTypeCode = Literal[
    "LUMP_SUM", "UNIT_PRICE", "COMBINED", "TURNKEY", "FRAMEWORK", "OUTPUT", "TIME_BASED"
]


class ContractYearIn(InputSchema):
    """One fiscal year of a multi-year contract and the amount charged to it."""

    year: int = Field(ge=2000, le=2100)
    amount: Decimal


class ContractYearOut(Schema):
    year: int
    amount: Decimal


class ContractIn(InputSchema):
    number: str
    contract_type: ContractTypeCode
    #: kontrak tahun jamak, with every fiscal year of the period and its amount
    multi_year: bool = False
    years: list[ContractYearIn] = []
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


class ContractRecordIn(InputSchema):
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


# ------------------------------------------------------------------ the lifecycle


class RefusalOut(Schema):
    id: int
    kind: str
    number: str
    provider_id: int
    reserve_rank: int
    reason: str
    explanation: str
    reason_accepted: bool
    sanction_proposed: bool
    refused_at: dt.datetime
    reserve_reason: str
    reserve_appointed_at: dt.datetime | None
    sanction_state: str
    sanction_reason: str
    sanction_proposal_id: int | None
    sanction_decided_at: dt.datetime | None


class GuaranteeOut(Schema):
    issuer: str
    number: str
    amount: Decimal
    valid_from: dt.date
    valid_until: dt.date
    required_amount: Decimal | None


class LetterOut(Schema):
    id: int
    tender_id: int
    number: str
    issued_on: dt.date
    provider_id: int
    value: Decimal
    state: str
    reserve_rank: int
    performance_guarantee_required: Decimal | None
    guarantee: GuaranteeOut | None
    refusals: list[RefusalOut]
    contract_id: int | None
    answer_last_day: dt.date
    answer_overdue: bool


class RefuseIn(InputSchema):
    reason: Literal["FORCE_MAJEURE", "OTHER"]
    explanation: str


class SanctionIn(InputSchema):
    propose: bool
    reason: str


class ReserveIn(InputSchema):
    number: str
    issued_on: dt.date
    reason: str


class GuaranteeIn(InputSchema):
    issuer: str
    number: str
    amount: Decimal
    valid_from: dt.date
    valid_until: dt.date


class StartIn(InputSchema):
    number: str
    issued_on: dt.date
    start_on: dt.date


class AdvanceIn(InputSchema):
    amount: Decimal
    guarantee_issuer: str
    guarantee_number: str
    guarantee_amount: Decimal
    guarantee_valid_until: dt.date
    paid_on: dt.date


class InvoiceIn(InputSchema):
    progress_percent: Decimal
    amount: Decimal
    note: str = ""


class ContractDecisionIn(InputSchema):
    note: str = ""


class PayIn(InputSchema):
    paid_on: dt.date


class PaymentOut(Schema):
    id: int
    sequence: int
    progress_percent: Decimal
    gross: Decimal
    retention: Decimal
    penalty: Decimal
    days_late: int
    advance_repayment: Decimal
    net: Decimal
    state: str
    decision_note: str
    paid_on: dt.date | None


class TotalsOut(Schema):
    billed: Decimal
    remaining: Decimal
    retention: Decimal
    retention_released: Decimal
    retention_held: Decimal
    penalty: Decimal
    paid: Decimal
    advance: Decimal
    advance_outstanding: Decimal


class ContractSummaryOut(Schema):
    id: int
    tender_id: int
    number: str
    provider_id: int | None
    value: Decimal
    signed_on: dt.date
    start_on: dt.date
    end_on: dt.date
    state: str


class StartOrderOut(Schema):
    kind: str
    number: str
    issued_on: dt.date
    start_on: dt.date


class AmendmentIn(InputSchema):
    number: str
    kind: Literal["SCOPE", "QUANTITY", "TIME", "VALUE"]
    justification: str
    signed_on: dt.date
    value: Decimal | None = None
    end_on: dt.date | None = None


class AmendmentOut(Schema):
    sequence: int
    number: str
    kind: str
    justification: str
    value_before: Decimal
    value_after: Decimal
    end_before: dt.date
    end_after: dt.date
    signed_on: dt.date


class ContractDetailOut(ContractSummaryOut):
    original_value: Decimal | None
    amendments: list[AmendmentOut]
    start_order: StartOrderOut | None
    payments: list[PaymentOut]
    totals: TotalsOut


# ------------------------------------------------------------------ handover, rating, goods data


class HandoverIn(InputSchema):
    number: str
    handed_on: dt.date
    inspectors: str
    inspected_on: dt.date
    result: Literal["ACCEPTED", "WITH_DEFECTS"]
    defects: str = ""
    note: str = ""
    maintenance_days: int | None = None  # PHO only: at least the rule's minimum
    permanent: bool = True


class HandoverOut(Schema):
    stage: str
    number: str
    handed_on: dt.date
    inspectors: str
    inspected_on: dt.date
    result: str
    defects: str
    note: str
    maintenance_days: int | None
    maintenance_ends_on: dt.date | None


class RetentionReleaseOut(Schema):
    amount: Decimal
    released_on: dt.date


class ContractRatingIn(InputSchema):
    scores: dict[str, int]  # one per criterion of the scale in force (quality, cost, time, service)
    comments: str


class RespondIn(InputSchema):
    response: str


class ContractRatingOut(Schema):
    contract_id: int
    provider_id: int
    scores: dict[str, int]
    average: Decimal
    flagged: bool
    comments: str
    rated_on: dt.date
    response: str
    responded_at: dt.datetime | None


class DeliveryIn(InputSchema):
    name: str
    quantity: Decimal
    unit: str
    unit_price: Decimal
    delivered_on: dt.date


class DeliveryOut(Schema):
    id: int
    name: str
    quantity: Decimal
    unit: str
    unit_price: Decimal
    total: Decimal
    delivered_on: dt.date


class RatingSummaryOut(Schema):
    count: int
    average: Decimal | None
    flagged: bool
    flag_below: Decimal


class ProviderRatingsOut(Schema):
    provider_id: int
    summary: RatingSummaryOut
    ratings: list[ContractRatingOut]


class ContractEndOut(ContractDetailOut):
    """The contract with its handovers, the retention released, the rating and the goods delivered."""

    handovers: list[HandoverOut]
    retention_release: RetentionReleaseOut | None
    #: jenis kontrak ('' when not recorded), kontrak tahun jamak and its split per fiscal year
    contract_type: str
    multi_year: bool
    years: list[ContractYearOut]
    rating: ContractRatingOut | None
    deliveries: list[DeliveryOut]
