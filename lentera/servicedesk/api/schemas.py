from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Literal

from ninja import Field, Schema

from lentera.core.schemas import InputSchema

from ..enums import Category, LkppBasis, Priority


class TicketIn(InputSchema):
    category: Category
    subject: str = Field(min_length=1, max_length=200)
    description: str = Field(min_length=1, max_length=10000)
    tender_id: int | None = Field(None, ge=1)
    #: API by default; PHONE / VISIT when a helpdesk officer logs a call or a visit
    channel: Literal["API", "PHONE", "VISIT"] = "API"
    priority: Priority | None = None
    reporter_name: str = Field("", max_length=150)
    reporter_email: str = Field("", max_length=254)
    reporter_phone: str = Field("", max_length=32)


class PublicTicketIn(InputSchema):
    """A visitor without an account: the name and e-mail are required (the follow-up link goes there)."""

    category: Category
    subject: str = Field(min_length=1, max_length=200)
    description: str = Field(min_length=1, max_length=10000)
    tender_id: int | None = Field(None, ge=1)
    reporter_name: str = Field(min_length=1, max_length=150)
    reporter_email: str = Field(min_length=3, max_length=254, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class PublicTicketOut(Schema):
    number: str
    status: str
    created_at: dt.datetime
    #: the signed follow-up token (also e-mailed): GET /follow/{token}, POST /follow/{token}/reply
    follow_up_token: str


class MessageIn(InputSchema):
    body: str = Field(min_length=1, max_length=10000)


class DeskMessageIn(MessageIn):
    kind: Literal["REPLY", "NOTE"] = "REPLY"


class ReporterTransitionIn(InputSchema):
    action: Literal["CLOSE", "REOPEN"]
    body: str = Field("", max_length=10000)


class DeskTransitionIn(InputSchema):
    action: Literal["OPEN", "WAIT", "RESOLVE", "CLOSE", "REOPEN"]
    body: str = Field("", max_length=10000)


class AssignIn(InputSchema):
    assignee_id: int | None = Field(None, ge=1, description="an officer's id; empty: the caller")


class MessageOut(Schema):
    kind: str
    author_name: str
    from_desk: bool
    body: str
    created_at: dt.datetime


class TicketOut(Schema):
    id: int
    number: str
    channel: str
    category: str
    subject: str
    priority: str
    status: str
    tender_id: int | None
    assignee_id: int | None
    created_at: dt.datetime
    first_response_due_at: dt.datetime
    resolution_due_at: dt.datetime
    stage_due_at: dt.datetime | None
    tier: str


class TicketDetailOut(TicketOut):
    description: str
    messages: list[MessageOut]
    actions: list[str]


class QueueRowOut(TicketOut):
    due: dt.datetime
    left_hours: float
    breached: bool


class EscalateIn(InputSchema):
    to_tier: Literal["LPSE", "LKPP"]
    reason: str = Field(min_length=1, max_length=5000)
    lkpp_basis: LkppBasis | None = Field(None, description="LKPP forwards: Lampiran 2.5.3 a (UNSOLVED) or b")
    lkpp_reference: str = Field("", max_length=64, description="LKPP forwards: LKPP's helpdesk ticket number")


class FollowUpIn(InputSchema):
    body: str = Field(min_length=1, max_length=5000)
    answered: bool = Field(False, description="true: LKPP's answer (the ticket may then be resolved)")


class FollowUpOut(Schema):
    body: str
    answered: bool
    created_at: dt.datetime


class EscalationOut(Schema):
    id: int
    from_tier: str
    to_tier: str
    trigger: str
    reason: str
    actor_id: int | None
    created_at: dt.datetime
    lkpp_basis: str
    lkpp_reference: str
    lkpp_answered_at: dt.datetime | None
    lkpp_outcome: str
    follow_ups: list[FollowUpOut]


class TicketRatingIn(InputSchema):
    score: int = Field(ge=1, le=5)
    comment: str = Field("", max_length=2000)


class TicketRatingOut(Schema):
    score: int
    comment: str
    created_at: dt.datetime


class MonthStatsOut(Schema):
    month: int
    count: int
    categories: list[int]
    channels: list[int]
    resolved: int
    sla_met_pct: Decimal | None
    median_first_response_hours: Decimal | None
    median_resolution_hours: Decimal | None
    satisfaction: Decimal | None
    ratings: int
    escalated: int
    to_lkpp: int


class StatsOut(Schema):
    year: int
    categories: list[str] = Field(description="the order of each month's 'categories' counts")
    channels: list[str] = Field(description="the order of each month's 'channels' counts")
    months: list[MonthStatsOut]
    total: MonthStatsOut
