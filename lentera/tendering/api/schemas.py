import datetime as dt
from decimal import Decimal
from typing import Any

from ninja import Schema

from lentera.core.schemas import InputSchema


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


class WindowIn(InputSchema):
    stage: str
    starts_at: dt.datetime
    ends_at: dt.datetime


class ScheduleIn(InputSchema):
    windows: list[WindowIn]
    reason: str = ""


class WindowOut(Schema):
    stage: str
    starts_at: dt.datetime
    ends_at: dt.datetime


class TenderCreateIn(InputSchema):
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


class ExtendIn(InputSchema):
    stage: str
    new_ends_at: dt.datetime
    reason: str
    outage_reference: str = ""


class TenderReasonIn(InputSchema):
    reason: str


class QuestionIn(InputSchema):
    text: str
    section: str = ""


class QuestionOut(Schema):
    id: int
    number: int
    text: str
    answer: str


class AnswerIn(InputSchema):
    answer: str


class NpwpIn(InputSchema):
    npwp: str


class PriceIn(InputSchema):
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


class MemberEvaluationIn(InputSchema):
    administrative_pass: bool | None = None
    qualification_pass: bool | None = None
    technical_pass: bool | None = None
    technical_score: Decimal | None = None
    price_reasonable: bool | None = None
    notes: dict[str, str] = {}


class SummaryIn(InputSchema):
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


class ProofIn(InputSchema):
    provider_id: int
    held_at: dt.datetime
    attendees: str
    passed: bool
    notes: str


class ShortlistItem(InputSchema):
    provider_id: int
    passed: bool
    reason: str = ""


class ShortlistIn(InputSchema):
    results: list[ShortlistItem]
    agreeing_member_ids: list[int]


class RoundIn(InputSchema):
    starts_at: dt.datetime
    ends_at: dt.datetime


class AuctionIn(InputSchema):
    rounds: list[RoundIn]
    reason: str = ""


class NegotiationIn(InputSchema):
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


class ObjectionIn(InputSchema):
    text: str


class IdOut(Schema):
    id: int


class DecisionAnswerIn(InputSchema):
    answer: str
    justified: bool
    follow_up: str = ""


class AppealIn(InputSchema):
    text: str
    guarantee_amount: Decimal
    guarantee_number: str
    guarantee_issuer: str
    guarantee_valid_until: dt.date


FactsOut = dict[str, Any]
