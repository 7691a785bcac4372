from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Literal

from ninja import Field, Schema

from lentera.core.schemas import InputSchema

from ..enums import Category, LkppBasis, Priority, Referral


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
    article_slug: str | None = Field(
        None, max_length=120, description="REPLY only: a published knowledge-base article the reply cites"
    )


class ReporterTransitionIn(InputSchema):
    action: Literal["CLOSE", "REOPEN"]
    body: str = Field("", max_length=10000)


class DeskTransitionIn(InputSchema):
    action: Literal["OPEN", "WAIT", "RESOLVE", "CLOSE", "REOPEN"]
    body: str = Field("", max_length=10000)
    scope: Literal["APPLICATION", "INFRASTRUCTURE"] | None = Field(
        None, description="RESOLVE: what the answer covered (default: from the category)"
    )


class OutOfScopeIn(InputSchema):
    """Close a question outside the desk's scope (Permendagri 53/2021 Lampiran 2.3 d 7) with a referral."""

    referral_to: Referral
    note: str = Field("", max_length=500, description="required for OTHER: who")
    body: str = Field(min_length=1, max_length=10000, description="the public reply to the reporter")


class AssignIn(InputSchema):
    assignee_id: int | None = Field(None, ge=1, description="an officer's id; empty: the caller")


class TicketAttachmentOut(Schema):
    id: int
    name: str
    content_type: str
    size: int


class MessageOut(Schema):
    kind: str
    author_name: str
    from_desk: bool
    body: str
    created_at: dt.datetime
    article_slug: str | None = Field(None, description="the knowledge-base article the desk's reply cites")
    attachments: list[TicketAttachmentOut] = []

    @staticmethod
    def resolve_article_slug(obj) -> str | None:
        return obj.article.slug if obj.article_id and obj.article.published else None

    @staticmethod
    def resolve_attachments(obj) -> list[dict]:
        return [
            {"id": a.pk, "name": a.name, "content_type": a.content_type, "size": a.size}
            for a in getattr(obj, "attachment_list", [])
        ]


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
    answer_scope: str = Field("", description="APPLICATION, INFRASTRUCTURE, OUT_OF_SCOPE or empty")
    referral_to: str = Field("", description="an out-of-scope ticket: where the question was referred")
    referral_note: str = ""


class TicketDetailOut(TicketOut):
    description: str
    messages: list[MessageOut]
    actions: list[str]
    reopen_until: dt.datetime | None = Field(
        None,
        description="until when the reporter may reopen the resolved ticket (working days, WIB midnight)",
    )


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
    p90_first_response_hours: Decimal | None
    median_resolution_hours: Decimal | None
    p90_resolution_hours: Decimal | None
    satisfaction: Decimal | None
    ratings: int
    escalated: int
    to_lkpp: int
    out_of_scope: int


class StatsOut(Schema):
    year: int
    categories: list[str] = Field(description="the order of each month's 'categories' counts")
    channels: list[str] = Field(description="the order of each month's 'channels' counts")
    months: list[MonthStatsOut]
    total: MonthStatsOut


class KbArticleOut(Schema):
    slug: str
    category: str
    #: in the language asked for (Accept-Language), falling back to Indonesian
    title: str
    body: str
    title_id: str
    title_en: str
    body_id: str
    body_en: str
    status: str
    published_at: dt.datetime | None
    updated_at: dt.datetime


class KbArticlePageOut(Schema):
    count: int
    page: int
    pages: int
    items: list[KbArticleOut]


class KbArticleIn(InputSchema):
    category: Category
    title_id: str = Field(min_length=1, max_length=200)
    body_id: str = Field(min_length=1, max_length=20000)
    title_en: str = Field("", max_length=200)
    body_en: str = Field("", max_length=20000)
    published: bool = False


class RotationMemberOut(Schema):
    id: int
    full_name: str
    in_rotation: bool


class RotationOut(Schema):
    officers: list[RotationMemberOut]
    last_assigned_id: int | None
    updated_at: dt.datetime | None


class RotationIn(InputSchema):
    member_ids: list[int] = Field(
        description="the officers on duty (the whole list; empty: manual assignment)"
    )
