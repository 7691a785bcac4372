import datetime as dt
from decimal import Decimal
from typing import Any

from ninja import Schema


class TenderSummary(Schema):
    id: int
    code: str
    title: str
    method: str
    procurement_type: str
    status: str
    stage: str
    hps_total: Decimal | None
    announced_at: dt.datetime | None
    attempt: int


class WindowIn(Schema):
    stage: str
    starts_at: dt.datetime
    ends_at: dt.datetime


class ScheduleIn(Schema):
    windows: list[WindowIn]
    reason: str = ""


class WindowOut(Schema):
    stage: str
    starts_at: dt.datetime
    ends_at: dt.datetime


class TenderCreateIn(Schema):
    title: str = ""
    qualification: str = "PASCA"
    envelope: str = "ONE_FILE"
    evaluation_method: str = "LOWEST_PRICE"
    technical_weight: Decimal | None = None
    price_weight: Decimal | None = None
    passing_technical_score: Decimal | None = None
    economic_life_years: int | None = None
    reverse_auction: bool = False
    invited_provider_npwp: str = ""
    invitation_reason: str = ""


class ExtendIn(Schema):
    stage: str
    new_ends_at: dt.datetime
    reason: str
    outage_reference: str = ""


class ReasonIn(Schema):
    reason: str


class QuestionIn(Schema):
    text: str
    section: str = ""


class QuestionOut(Schema):
    id: int
    number: int
    text: str
    answer: str


class AnswerIn(Schema):
    answer: str


class NpwpIn(Schema):
    npwp: str


class PriceIn(Schema):
    price: Decimal


class OfferOut(Schema):
    id: int
    provider_id: int
    provider: str
    read_price: Decimal | None
    corrected_price: Decimal | None
    negotiated_price: Decimal | None
    opened_at: dt.datetime
    source_reference: str


class MemberEvaluationIn(Schema):
    administrative_pass: bool | None = None
    qualification_pass: bool | None = None
    technical_pass: bool | None = None
    technical_score: Decimal | None = None
    price_reasonable: bool | None = None
    notes: dict[str, str] = {}


class SummaryIn(Schema):
    summary: str = ""


class ResultOut(Schema):
    offer_id: int
    provider: str
    passed: bool
    rank: int | None
    corrected_price: Decimal | None
    technical_score: Decimal | None
    final_score: Decimal | None
    life_cycle_cost: Decimal | None
    below_80_percent: bool
    failure_reasons: list[str]


class DecisionOut(Schema):
    id: int
    round: int
    scope: str
    agreeing_member_ids: list[int]
    results: list[ResultOut]


class ProofIn(Schema):
    provider_id: int
    held_at: dt.datetime
    attendees: str
    passed: bool
    notes: str


class ShortlistItem(Schema):
    provider_id: int
    passed: bool
    reason: str = ""


class ShortlistIn(Schema):
    results: list[ShortlistItem]
    agreeing_member_ids: list[int]


class RoundIn(Schema):
    starts_at: dt.datetime
    ends_at: dt.datetime


class AuctionIn(Schema):
    rounds: list[RoundIn]
    reason: str = ""


class NegotiationIn(Schema):
    technical_notes: str
    agreed_price: Decimal


class WinnerOut(Schema):
    id: int
    round: int
    winner_offer_id: int
    winner: str
    reserve1: str | None
    reserve2: str | None
    announced_at: dt.datetime | None


class ObjectionIn(Schema):
    text: str


class IdOut(Schema):
    id: int


class DecisionAnswerIn(Schema):
    answer: str
    justified: bool
    follow_up: str = ""


class AppealIn(Schema):
    text: str
    guarantee_amount: Decimal
    guarantee_number: str
    guarantee_issuer: str
    guarantee_valid_until: dt.date


class AwardLetterIn(Schema):
    number: str
    issued_on: dt.date


class AwardLetterOut(Schema):
    id: int
    number: str
    value: Decimal
    performance_guarantee_amount: Decimal | None


class ContractIn(Schema):
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


class RecordIn(Schema):
    reason: str
    value: Decimal
    start_on: dt.date
    end_on: dt.date
    number: str
    provider_npwp: str = ""
    description: str = ""


FactsOut = dict[str, Any]
