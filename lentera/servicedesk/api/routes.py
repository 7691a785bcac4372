"""Service desk API: a signed-in person opens tickets and follows their own; the desk works the queue. Thin: the
same selectors and services as the pages."""

from typing import Any

from django.http import FileResponse, HttpResponse
from ninja import File, Form, Router, Status
from ninja.files import UploadedFile

from lentera.accounts.http import AuthedRequest
from lentera.core import request_context
from lentera.core.access import api_access
from lentera.core.api import PUBLIC, rate_limited
from lentera.core.roles import Role

from .. import (
    escalations,
    knowledge,
    rotation,
    satisfaction,
    selectors,
    services,
    stats,
    stats_export,
    throttle,
)
from ..enums import Category, Channel
from ..models import Article, Ticket, TicketAttachment
from . import schemas as s

router = Router(tags=["servicedesk"])
PREFIX = "/servicedesk/"
DESK = services.OFFICER_ROLES


def _out(ticket: Ticket) -> dict[str, Any]:
    return {
        "id": ticket.pk,
        "number": ticket.number,
        "channel": ticket.channel,
        "category": ticket.category,
        "subject": ticket.subject,
        "priority": ticket.priority,
        "status": ticket.status,
        "tender_id": ticket.tender_id,
        "assignee_id": ticket.assignee_id,
        "created_at": ticket.created_at,
        "first_response_due_at": ticket.first_response_due_at,
        "resolution_due_at": ticket.resolution_due_at,
        "stage_due_at": ticket.stage_due_at,
        "tier": ticket.tier,
        "answer_scope": ticket.answer_scope,
        "referral_to": ticket.referral_to,
        "referral_note": ticket.referral_note,
    }


def _detail(ticket: Ticket, *, desk: bool) -> dict[str, Any]:
    return {
        **_out(ticket),
        "description": ticket.description,
        "messages": selectors.thread(ticket, desk=desk),
        "actions": selectors.desk_actions(ticket) if desk else selectors.reporter_actions(ticket),
        "reopen_until": selectors.reopen_until(ticket),
    }


@router.post("/tickets", response={201: s.TicketDetailOut}, summary="Open a ticket")
@api_access(any_user=True, scope="for oneself; PHONE / VISIT: helpdesk officers")
def ticket_create(request: AuthedRequest, payload: s.TicketIn):
    data = payload.dict()
    tender = selectors.linkable_tender(
        user=request.user, role=getattr(request, "acting_role", None), tender_id=data.pop("tender_id")
    )
    ticket = services.ticket_create(actor=request.user, tender=tender, **data)
    return Status(201, _detail(ticket, desk=False))


@router.get("/tickets", response=list[s.TicketOut], summary="My tickets")
@api_access(any_user=True, scope="the caller's own tickets")
def ticket_list(request: AuthedRequest):
    return [_out(t) for t in selectors.own_tickets(request.user)[:200]]


@router.get("/tickets/{ticket_id}", response=s.TicketDetailOut, summary="One of my tickets")
@api_access(any_user=True, scope="the caller's own ticket")
def ticket_detail(request: AuthedRequest, ticket_id: int):
    return _detail(selectors.own_ticket_or_404(user=request.user, pk=ticket_id), desk=False)


@router.post("/tickets/{ticket_id}/reply", response=s.TicketDetailOut, summary="Reply on my ticket")
@api_access(any_user=True, scope="the caller's own ticket")
def ticket_reply(request: AuthedRequest, ticket_id: int, payload: s.MessageIn):
    ticket = selectors.own_ticket_or_404(user=request.user, pk=ticket_id)
    ticket = services.ticket_reply(actor=request.user, ticket=ticket, body=payload.body)
    return _detail(ticket, desk=False)


@router.post(
    "/tickets/{ticket_id}/transitions", response=s.TicketDetailOut, summary="Close or reopen my ticket"
)
@api_access(any_user=True, scope="the caller's own ticket")
def ticket_transition(request: AuthedRequest, ticket_id: int, payload: s.ReporterTransitionIn):
    ticket = selectors.own_ticket_or_404(user=request.user, pk=ticket_id)
    ticket = services.ticket_transition(
        actor=request.user, ticket=ticket, action=payload.action, body=payload.body
    )
    return _detail(ticket, desk=False)


@router.get("/desk/queue", response=list[s.QueueRowOut], summary="The desk's queue, nearest deadline first")
@api_access(*DESK, scope="the LPSE's help desk")
def desk_queue(request: AuthedRequest):
    return [{**_out(r["ticket"]), **r} for r in selectors.queue_rows()[:500]]


@router.get("/desk/tickets/{ticket_id}", response=s.TicketDetailOut, summary="A ticket with internal notes")
@api_access(*DESK, scope="the LPSE's help desk")
def desk_detail(request: AuthedRequest, ticket_id: int):
    return _detail(selectors.desk_ticket_or_404(ticket_id), desk=True)


@router.post("/desk/tickets/{ticket_id}/assign", response=s.TicketDetailOut, summary="Assign to an officer")
@api_access(*DESK, scope="the LPSE's help desk")
def desk_assign(request: AuthedRequest, ticket_id: int, payload: s.AssignIn):
    ticket = selectors.desk_ticket_or_404(ticket_id)
    assignee = selectors.officer_or_none(payload.assignee_id) if payload.assignee_id else request.user
    ticket = services.ticket_assign(actor=request.user, ticket=ticket, assignee=assignee)
    return _detail(ticket, desk=True)


@router.post(
    "/desk/tickets/{ticket_id}/messages", response=s.TicketDetailOut, summary="Reply or internal note"
)
@api_access(*DESK, scope="the LPSE's help desk")
def desk_message(request: AuthedRequest, ticket_id: int, payload: s.DeskMessageIn):
    ticket = selectors.desk_ticket_or_404(ticket_id)
    if payload.kind == "NOTE":
        return _detail(services.ticket_note(actor=request.user, ticket=ticket, body=payload.body), desk=True)
    article = selectors.citable_article_or_none(payload.article_slug)
    return _detail(
        services.ticket_reply(actor=request.user, ticket=ticket, body=payload.body, article=article),
        desk=True,
    )


@router.post("/desk/tickets/{ticket_id}/transitions", response=s.TicketDetailOut, summary="Change the status")
@api_access(*DESK, scope="the LPSE's help desk")
def desk_transition(request: AuthedRequest, ticket_id: int, payload: s.DeskTransitionIn):
    ticket = selectors.desk_ticket_or_404(ticket_id)
    return _detail(
        services.ticket_transition(
            actor=request.user,
            ticket=ticket,
            action=payload.action,
            body=payload.body,
            scope=payload.scope or "",
        ),
        desk=True,
    )


@router.post(
    "/desk/tickets/{ticket_id}/out-of-scope",
    response=s.TicketDetailOut,
    summary="Close a question outside the desk's scope, with a referral",
)
@api_access(*DESK, scope="the LPSE's help desk")
def desk_out_of_scope(request: AuthedRequest, ticket_id: int, payload: s.OutOfScopeIn):
    ticket = selectors.desk_ticket_or_404(ticket_id)
    ticket = services.ticket_close_out_of_scope(
        actor=request.user,
        ticket=ticket,
        referral_to=payload.referral_to,
        note=payload.note,
        body=payload.body,
    )
    return _detail(ticket, desk=True)


def _escalation(e) -> dict[str, Any]:
    return {
        "id": e.pk,
        "from_tier": e.from_tier,
        "to_tier": e.to_tier,
        "trigger": e.trigger,
        "reason": e.reason,
        "actor_id": e.actor_id,
        "created_at": e.created_at,
        "lkpp_basis": e.lkpp_basis,
        "lkpp_reference": e.lkpp_reference,
        "lkpp_answered_at": e.lkpp_answered_at,
        "lkpp_outcome": e.lkpp_outcome,
        "follow_ups": e.follow_up_list,
    }


@router.get(
    "/desk/tickets/{ticket_id}/escalations",
    response=list[s.EscalationOut],
    summary="The ticket's escalations",
)
@api_access(*DESK, scope="the LPSE's help desk")
def desk_escalations(request: AuthedRequest, ticket_id: int):
    ticket = selectors.desk_ticket_or_404(ticket_id)
    return [_escalation(e) for e in selectors.escalations_of(ticket)]


@router.post(
    "/desk/tickets/{ticket_id}/escalations",
    response={201: s.EscalationOut},
    summary="Escalate (LKPP: the head of the LPSE sub-unit, with LKPP's ticket number)",
)
@api_access(*DESK, scope="the LPSE's help desk")
def desk_escalate(request: AuthedRequest, ticket_id: int, payload: s.EscalateIn):
    ticket = selectors.desk_ticket_or_404(ticket_id)
    made = escalations.ticket_escalate(
        actor=request.user,
        ticket=ticket,
        to_tier=payload.to_tier,
        reason=payload.reason,
        lkpp_basis=str(payload.lkpp_basis or ""),
        lkpp_reference=payload.lkpp_reference,
    )
    return Status(201, next(_escalation(e) for e in selectors.escalations_of(ticket) if e.pk == made.pk))


@router.post(
    "/desk/tickets/{ticket_id}/escalations/{escalation_id}/follow-ups",
    response={201: s.EscalationOut},
    summary="Record LKPP's follow-up or answer on a forwarded ticket",
)
@api_access(*DESK, scope="the LPSE's help desk")
def desk_follow_up(request: AuthedRequest, ticket_id: int, escalation_id: int, payload: s.FollowUpIn):
    ticket = selectors.desk_ticket_or_404(ticket_id)
    forward = selectors.lkpp_forward_or_404(ticket=ticket, pk=escalation_id)
    escalations.lkpp_follow_up(
        actor=request.user, escalation=forward, body=payload.body, answered=payload.answered
    )
    return Status(201, next(_escalation(e) for e in selectors.escalations_of(ticket) if e.pk == forward.pk))


@router.post(
    "/public/tickets",
    auth=PUBLIC,
    response={201: s.PublicTicketOut},
    summary="Open a ticket without an account (returns the follow-up token)",
)
@rate_limited
@api_access(public=True, scope="anyone with a name and an email; rate limited per address like the help form")
def public_ticket_create(request, payload: s.PublicTicketIn):
    throttle.check("help", request_context.client_ip_of(request))  # the help form's counter
    data = payload.dict()
    tender = selectors.linkable_tender(user=request.user, role=None, tender_id=data.pop("tender_id"))
    ticket = services.ticket_create(actor=None, channel=Channel.API, tender=tender, **data)
    return Status(
        201,
        {
            "number": ticket.number,
            "status": ticket.status,
            "created_at": ticket.created_at,
            "follow_up_token": ticket.follow_up_token,
        },
    )


@router.get(
    "/follow/{token}", auth=PUBLIC, response=s.TicketDetailOut, summary="A ticket by its follow-up link"
)
@api_access(public=True, scope="the holder of the ticket's signed follow-up link: the public thread only")
def follow_detail(request, token: str):
    return _detail(selectors.ticket_by_link(token), desk=False)


@router.post(
    "/follow/{token}/reply", auth=PUBLIC, response=s.TicketDetailOut, summary="Reply by the follow-up link"
)
@rate_limited
@api_access(public=True, scope="the holder of the ticket's signed follow-up link")
def follow_reply(request, token: str, payload: s.MessageIn):
    ticket = selectors.ticket_by_link(token)
    throttle.check("follow", token)
    return _detail(services.ticket_reply_by_link(ticket=ticket, body=payload.body), desk=False)


@router.post(
    "/tickets/{ticket_id}/rating", response={201: s.TicketRatingOut}, summary="Rate my resolved ticket"
)
@api_access(any_user=True, scope="the caller's own ticket")
def ticket_rating(request: AuthedRequest, ticket_id: int, payload: s.TicketRatingIn):
    ticket = selectors.own_ticket_or_404(user=request.user, pk=ticket_id)
    return Status(
        201,
        satisfaction.ticket_rate(
            actor=request.user, ticket=ticket, score=payload.score, comment=payload.comment
        ),
    )


@router.post(
    "/follow/{token}/rating",
    auth=PUBLIC,
    response={201: s.TicketRatingOut},
    summary="Rate by the follow-up link",
)
@rate_limited
@api_access(public=True, scope="the holder of the ticket's signed follow-up link")
def follow_rating(request, token: str, payload: s.TicketRatingIn):
    ticket = selectors.ticket_by_link(token)
    throttle.check("follow", token)
    return Status(
        201,
        satisfaction.ticket_rate(
            actor=None, ticket=ticket, score=payload.score, comment=payload.comment, by_link=True
        ),
    )


@router.get("/desk/stats", response=s.StatsOut, summary="The desk's statistics per month of a year")
@api_access(Role.KASUBAG_LPSE, scope="the head of the LPSE sub-unit")
def desk_stats(request: AuthedRequest, year: int):
    data = stats.desk_statistics(year)
    return {
        "year": data["year"],
        "categories": list(Category.values),
        "channels": list(Channel.values),
        "months": data["months"],
        "total": data["total"],
    }


@router.get("/desk/stats/xlsx", summary="The desk's statistics of a year as an XLSX workbook")
@api_access(Role.KASUBAG_LPSE, scope="the head of the LPSE sub-unit")
def desk_stats_xlsx(request: AuthedRequest, year: int):
    response = HttpResponse(stats_export.statistics_xlsx(year), content_type=stats_export.CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="statistik-helpdesk-{year}.xlsx"'
    return response


# ------------------------------------------------------------------------------------------ attachments


def _download(attachment: TicketAttachment) -> FileResponse:
    response = FileResponse(
        attachment.file.open("rb"),
        content_type=attachment.content_type,
        as_attachment=True,
        filename=attachment.name,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@router.post(
    "/tickets/{ticket_id}/attachments",
    response=s.TicketDetailOut,
    summary="Reply on my ticket with files (multipart: body, files; PDF/JPEG/PNG, 3 x 5 MB)",
)
@api_access(any_user=True, scope="the caller's own ticket")
def ticket_reply_files(
    request: AuthedRequest,
    ticket_id: int,
    body: Form[str] = "",
    files: File[list[UploadedFile] | None] = None,
):
    ticket = selectors.own_ticket_or_404(user=request.user, pk=ticket_id)
    ticket = services.ticket_reply(actor=request.user, ticket=ticket, body=body, attachments=files or [])
    return _detail(ticket, desk=False)


@router.get("/tickets/{ticket_id}/attachments/{attachment_id}", summary="A file of my ticket")
@api_access(any_user=True, scope="the caller's own ticket (never a file of an internal note)")
def ticket_attachment(request: AuthedRequest, ticket_id: int, attachment_id: int):
    ticket = selectors.own_ticket_or_404(user=request.user, pk=ticket_id)
    return _download(selectors.attachment_or_404(ticket=ticket, pk=attachment_id, desk=False))


@router.post(
    "/desk/tickets/{ticket_id}/attachments",
    response=s.TicketDetailOut,
    summary="The desk's reply with files (multipart: body, files; PDF/JPEG/PNG, 3 x 5 MB)",
)
@api_access(*DESK, scope="the LPSE's help desk")
def desk_reply_files(
    request: AuthedRequest,
    ticket_id: int,
    body: Form[str] = "",
    files: File[list[UploadedFile] | None] = None,
):
    ticket = selectors.desk_ticket_or_404(ticket_id)
    ticket = services.ticket_reply(actor=request.user, ticket=ticket, body=body, attachments=files or [])
    return _detail(ticket, desk=True)


@router.get("/desk/tickets/{ticket_id}/attachments/{attachment_id}", summary="A file of a ticket")
@api_access(*DESK, scope="the LPSE's help desk")
def desk_attachment(request: AuthedRequest, ticket_id: int, attachment_id: int):
    ticket = selectors.desk_ticket_or_404(ticket_id)
    return _download(selectors.attachment_or_404(ticket=ticket, pk=attachment_id, desk=True))


@router.post(
    "/follow/{token}/attachments",
    auth=PUBLIC,
    response=s.TicketDetailOut,
    summary="Reply with files by the follow-up link (multipart: body, files)",
)
@rate_limited
@api_access(public=True, scope="the holder of the ticket's signed follow-up link")
def follow_reply_files(
    request, token: str, body: Form[str] = "", files: File[list[UploadedFile] | None] = None
):
    ticket = selectors.ticket_by_link(token)
    throttle.check("follow", token)
    ticket = services.ticket_reply_by_link(ticket=ticket, body=body, attachments=files or [])
    return _detail(ticket, desk=False)


@router.get(
    "/follow/{token}/attachments/{attachment_id}", auth=PUBLIC, summary="A file of the ticket the link opens"
)
@api_access(public=True, scope="the holder of the follow-up link (never a file of an internal note)")
def follow_attachment(request, token: str, attachment_id: int):
    ticket = selectors.ticket_by_link(token)
    return _download(selectors.attachment_or_404(ticket=ticket, pk=attachment_id, desk=False))


# ------------------------------------------------------------------------------------------ knowledge base


def _article(a: Article) -> dict[str, Any]:
    return {
        "slug": a.slug,
        "category": a.category,
        "title": a.title,
        "body": a.body,
        "title_id": a.title_id,
        "title_en": a.title_en,
        "body_id": a.body_id,
        "body_en": a.body_en,
        "status": a.status,
        "published_at": a.published_at,
        "updated_at": a.updated_at,
    }


@router.get(
    "/articles", auth=PUBLIC, response=s.KbArticlePageOut, summary="Search the published knowledge base"
)
@api_access(public=True, scope="anyone: published articles only")
def article_list(request, q: str = "", page: int = 1):
    found = selectors.published_articles_page(q[:200], page)
    return {
        "count": found.paginator.count,
        "page": found.number,
        "pages": found.paginator.num_pages,
        "items": [_article(a) for a in found.object_list],
    }


@router.get("/articles/{slug}", auth=PUBLIC, response=s.KbArticleOut, summary="A published article")
@api_access(public=True, scope="anyone: a published article (a draft answers 404)")
def article_detail(request, slug: str):
    return _article(selectors.published_article_or_404(slug))


@router.post("/articles", response={201: s.KbArticleOut}, summary="Write an article (draft or published)")
@api_access(*DESK, scope="the LPSE's help desk")
def article_create(request: AuthedRequest, payload: s.KbArticleIn):
    return Status(201, _article(knowledge.article_create(actor=request.user, **payload.dict())))


@router.put("/articles/{slug}", response=s.KbArticleOut, summary="Edit, publish or unpublish an article")
@api_access(*DESK, scope="the LPSE's help desk: any article")
def article_update(request: AuthedRequest, slug: str, payload: s.KbArticleIn):
    article = selectors.desk_article_or_404(slug=slug)
    return _article(knowledge.article_update(actor=request.user, article=article, **payload.dict()))


@router.get("/desk/articles", response=list[s.KbArticleOut], summary="Every article, drafts included")
@api_access(*DESK, scope="the LPSE's help desk")
def desk_articles(request: AuthedRequest):
    return [_article(a) for a in selectors.desk_articles()[:500]]


@router.post(
    "/desk/tickets/{ticket_id}/article",
    response={201: s.KbArticleOut},
    summary="A draft article from a resolved ticket (question and final public answer, no personal data)",
)
@api_access(*DESK, scope="the LPSE's help desk")
def desk_ticket_article(request: AuthedRequest, ticket_id: int):
    ticket = selectors.desk_ticket_or_404(ticket_id)
    return Status(201, _article(knowledge.article_from_ticket(actor=request.user, ticket=ticket)))


# ------------------------------------------------------------------------------------------ round robin


def _rotation() -> dict[str, Any]:
    data = selectors.rotation_rows()
    last = data["last_assigned"]
    return {
        "officers": [
            {"id": r["user"].pk, "full_name": r["user"].full_name, "in_rotation": r["in_rotation"]}
            for r in data["officers"]
        ],
        "last_assigned_id": last.pk if last else None,
        "updated_at": data["updated_at"],
    }


@router.get(
    "/desk/rotation", response=s.RotationOut, summary="The officers in the round robin of new tickets"
)
@api_access(*DESK, scope="the LPSE's help desk")
def desk_rotation(request: AuthedRequest):
    return _rotation()


@router.put("/desk/rotation", response=s.RotationOut, summary="Set the officers on duty (round robin)")
@api_access(Role.KASUBAG_LPSE, scope="the head of the LPSE sub-unit")
def desk_rotation_set(request: AuthedRequest, payload: s.RotationIn):
    rotation.rotation_set(actor=request.user, user_ids=payload.member_ids)
    return _rotation()
