"""Reads of the service desk, scoped to the user: a reporter sees their own tickets and the public thread; the
desk (helpdesk officers, the head of the LPSE sub-unit) sees the queue and internal notes."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import F, Prefetch, Q, QuerySet
from django.db.models.functions import Coalesce, Least
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from lentera.accounts import selectors as account_selectors
from lentera.core.calendar import local_date
from lentera.core.clock import db_now
from lentera.core.errors import NotFound
from lentera.core.roles import Role
from lentera.tendering import selectors as tender_selectors
from lentera.tendering.models import Tender

from . import reopen, rules, sla, tokens
from .enums import ArticleStatus, Tier
from .models import (
    Article,
    LkppFollowUp,
    Ticket,
    TicketAttachment,
    TicketEscalation,
    TicketMessage,
    TicketRating,
)
from .states import ACTIVE, OFFICER, REPORTER, Action, actions_for

#: The statuses still worked on, for the pages (strings, so a template can test membership)
ACTIVE_STATES = frozenset(str(s) for s in ACTIVE)


def _base() -> QuerySet[Ticket]:
    return Ticket.objects.select_related("tender", "assignee", "reporter")


def own_tickets(user: Any) -> QuerySet[Ticket]:
    if user is None or not getattr(user, "is_authenticated", False):
        return Ticket.objects.none()
    return _base().filter(reporter=user).order_by("-created_at")


def own_ticket_or_404(*, user: Any, pk: int) -> Ticket:
    ticket = own_tickets(user).filter(pk=pk).first()
    if ticket is None:  # another person's ticket answers like a missing one
        raise NotFound("TICKET_NOT_FOUND", _("Tiket tidak ditemukan."))
    return ticket


def queue(*, include_done: bool = False) -> QuerySet[Ticket]:
    """The desk's queue: active tickets, the nearest deadline first (the stage end or the SLA resolution)."""
    qs = _base().annotate(
        due=Least(Coalesce(F("stage_due_at"), F("resolution_due_at")), F("resolution_due_at"))
    )
    if not include_done:
        qs = qs.filter(status__in=list(ACTIVE))
    return qs.order_by("due", "pk")


def desk_ticket_or_404(pk: int) -> Ticket:
    ticket = _base().filter(pk=pk).first()
    if ticket is None:
        raise NotFound("TICKET_NOT_FOUND", _("Tiket tidak ditemukan."))
    return ticket


def thread(ticket: Ticket, *, desk: bool) -> list[TicketMessage]:
    qs = (
        TicketMessage.objects.filter(ticket=ticket)
        .select_related("author", "article")
        .prefetch_related(
            "attachments", Prefetch("attachments", TicketAttachment.objects.all(), to_attr="attachment_list")
        )
    )
    if not desk:
        qs = qs.exclude(kind=TicketMessage.Kind.NOTE)
    return list(qs)


def clock_of(ticket: Ticket, at: dt.datetime | None = None) -> dict[str, Any]:
    """What the desk sees of the deadlines: the nearest due time, the time left, breaches."""
    at = at or db_now()
    due = ticket.due_at
    open_ = ticket.status in ACTIVE
    first_late = ticket.first_response_at is None and open_ and at > ticket.first_response_due_at
    if ticket.first_response_at is not None:
        first_late = ticket.first_response_at > ticket.first_response_due_at
    return {
        "due": due,
        "left": due - at,
        "left_hours": round((due - at).total_seconds() / 3600, 1),
        "breached": open_ and at > due,
        "first_response_breached": first_late,
        "paused": ticket.waiting_since is not None,
        **escalation_due(ticket, at),
    }


def escalation_due(ticket: Ticket, at: dt.datetime) -> dict[str, Any]:
    """The read-time check against the database clock: the targets breached now and the tier the ticket is
    due for, even before the scan or the next write records the escalation."""
    breaches = rules.sla_breaches(
        now=at,
        active=ticket.status in ACTIVE,
        first_response_due_at=ticket.first_response_due_at,
        first_response_at=ticket.first_response_at,
        due_at=ticket.due_at,
        waiting=ticket.waiting_since is not None,
    )
    tier = rules.breach_escalation_tier(tier=ticket.tier) if breaches else str(ticket.tier)
    return {"breaches": breaches, "tier": tier, "tier_label": Tier(tier).label}


def queue_rows(*, include_done: bool = False) -> list[dict[str, Any]]:
    at = db_now()
    return [{"ticket": t, **clock_of(t, at)} for t in queue(include_done=include_done)]


def reporter_actions(ticket: Ticket) -> list[str]:
    """The reporter's buttons; REOPEN only while the reopen window is open (database clock)."""
    found = actions_for(ticket.status, REPORTER)
    if Action.REOPEN in found and not reopen.window_open(ticket, db_now()):
        found.remove(Action.REOPEN)
    return found


def reopen_until(ticket: Ticket) -> dt.datetime | None:
    """Until when the reporter may reopen the resolved ``ticket`` (shown on their page); None when it is not
    resolved or the window has passed."""
    if not reopen.window_open(ticket, db_now()):
        return None
    assert ticket.resolved_at is not None  # window_open is False without it
    return sla.reopen_until(ticket.resolved_at)


def desk_actions(ticket: Ticket) -> list[str]:
    return actions_for(ticket.status, OFFICER)


def officers() -> list[Any]:
    seen: dict[int, Any] = {}
    for role in (Role.HELPDESK, Role.KASUBAG_LPSE):
        for user in account_selectors.users_with_role(role=role):
            seen.setdefault(user.pk, user)
    return list(seen.values())


def officer_or_none(pk: int | None) -> Any:
    if pk is None:
        return None
    return next((u for u in officers() if u.pk == pk), None)


def user_or_none(user_id: str | None) -> Any:
    return account_selectors.user_by_login(user_id) if user_id else None


def linkable_tender(*, user: Any, role: str | None, tender_id: int | None) -> Tender | None:
    """The tender a ticket may name: one the person may see (a visitor: a public tender); 404 otherwise."""
    if tender_id is None:
        return None
    try:
        return tender_selectors.one_or_404(
            tender_selectors.tenders_visible_to(user=user, role=role), tender_id
        )
    except Http404:
        raise NotFound("TENDER_NOT_FOUND", _("Tender tidak ditemukan.")) from None


def attachment_or_404(*, ticket: Ticket, pk: int, desk: bool) -> TicketAttachment:
    """A file of a ticket the caller already reached (the reporter never gets one sent with an internal note)."""
    qs = TicketAttachment.objects.filter(ticket=ticket, pk=pk)
    if not desk:
        qs = qs.exclude(message__kind=TicketMessage.Kind.NOTE)
    found = qs.first()
    if found is None:
        raise NotFound("ATTACHMENT_NOT_FOUND", _("Lampiran tidak ditemukan."))
    return found


def pasal18_alerts(at: dt.datetime | None = None) -> list[Ticket]:
    """Pasal 18 tickets the desk has not answered yet whose tender stage ends within the alert lead: raised to
    the head of the LPSE sub-unit on the work dashboard."""
    at = at or db_now()
    return list(
        _base()
        .filter(
            status__in=list(ACTIVE),
            first_response_at__isnull=True,
            stage_due_at__gt=at,
            stage_due_at__lte=at + rules.pasal18_alert_lead(local_date(at)),
        )
        .order_by("stage_due_at")
    )


def active_count_and_due() -> tuple[int, dt.datetime | None]:
    qs = queue()
    first = qs.first()
    return qs.count(), (first.due_at if first is not None else None)


def breach_candidates(at: dt.datetime | None = None) -> QuerySet[Ticket]:
    """Active tickets with a target passed at ``at`` (the scan escalates each one not escalated yet)."""
    at = at or db_now()
    due = Least(Coalesce(F("stage_due_at"), F("resolution_due_at")), F("resolution_due_at"))
    return (
        Ticket.objects.filter(status__in=list(ACTIVE))
        .annotate(due=due)
        .filter(
            Q(first_response_at__isnull=True, first_response_due_at__lt=at)
            | Q(waiting_since__isnull=True, due__lt=at)
        )
        .order_by("pk")
    )


def escalations_of(ticket: Ticket) -> list[TicketEscalation]:
    """The ticket's escalations with LKPP's follow-ups (the desk's history of who held it)."""
    return list(
        TicketEscalation.objects.filter(ticket=ticket)
        .select_related("actor")
        .prefetch_related(
            Prefetch("follow_ups", LkppFollowUp.objects.select_related("actor"), to_attr="follow_up_list")
        )
    )


def lkpp_forward_or_404(*, ticket: Ticket, pk: int) -> TicketEscalation:
    found = TicketEscalation.objects.filter(ticket=ticket, pk=pk, to_tier=Tier.LKPP).first()
    if found is None:
        raise NotFound("ESCALATION_NOT_FOUND", _("Penerusan ke LKPP tidak ditemukan."))
    return found


def approaching_breach(at: dt.datetime | None = None) -> QuerySet[Ticket]:
    """Active tickets not warned yet whose first-response or resolution target passes within the warning lead
    (the scan mails their officer; it checks each one again under a lock)."""
    at = at or db_now()
    soon = at + rules.breach_warning_lead(local_date(at))
    due = Least(Coalesce(F("stage_due_at"), F("resolution_due_at")), F("resolution_due_at"))
    return (
        Ticket.objects.filter(status__in=list(ACTIVE), breach_warned_at__isnull=True)
        .annotate(due=due)
        .filter(
            Q(first_response_at__isnull=True, first_response_due_at__gt=at, first_response_due_at__lte=soon)
            | Q(waiting_since__isnull=True, due__gt=at, due__lte=soon)
        )
        .order_by("pk")
    )


def ticket_by_link(token: str) -> Ticket:
    """The ticket an anonymous reporter's follow-up link opens; a forged, damaged or replaced link answers like a
    missing ticket. The caller shows only the public thread (never internal notes)."""
    found = tokens.ticket_pk_of(token)
    ticket = _base().filter(pk=found[0], reporter__isnull=True).first() if found else None
    if ticket is None or found is None or not tokens.matches(ticket.follow_up_hash, found[1]):
        raise NotFound("TICKET_NOT_FOUND", _("Tiket tidak ditemukan."))
    return ticket


def rating_of(ticket: Ticket) -> TicketRating | None:
    return TicketRating.objects.filter(ticket=ticket).first()


def may_rate(ticket: Ticket) -> bool:
    """Whether the page offers the rating form (the service checks again under a lock)."""
    return ticket.status in ("RESOLVED", "CLOSED") and rating_of(ticket) is None


# ------------------------------------------------------------------------------------------ knowledge base

#: Articles per page of the public list (and of the API's ``page``)
ARTICLES_PER_PAGE = 20


def published_articles(query: str = "") -> QuerySet[Article]:
    """The public knowledge base: published articles only, searched in the title and body of both languages
    (a plain case-insensitive substring match, the same on PostgreSQL and SQLite)."""
    qs = Article.objects.filter(status=ArticleStatus.PUBLISHED)
    for word in (query or "").replace("\x00", "").split()[:8]:
        qs = qs.filter(
            Q(title_id__icontains=word)
            | Q(title_en__icontains=word)
            | Q(body_id__icontains=word)
            | Q(body_en__icontains=word)
        )
    return qs.order_by("category", "title_id", "pk")


def published_articles_page(query: str = "", page: Any = 1) -> Page:
    """One page of :func:`published_articles` (a page number out of range gives the last page)."""
    return Paginator(published_articles(query), ARTICLES_PER_PAGE).get_page(page)


def published_article_or_404(slug: str) -> Article:
    """A published article by its slug; a draft answers like a missing article."""
    found = published_articles().filter(slug=slug).first()
    if found is None:
        raise NotFound("ARTICLE_NOT_FOUND", _("Artikel tidak ditemukan."))
    return found


def desk_articles() -> QuerySet[Article]:
    """Every article, drafts first, for the desk that writes them."""
    return Article.objects.select_related("source_ticket").order_by("status", "-updated_at", "pk")


def desk_article_or_404(*, pk: int | None = None, slug: str | None = None) -> Article:
    qs = Article.objects.all()
    found = qs.filter(pk=pk).first() if pk is not None else qs.filter(slug=slug or "").first()
    if found is None:
        raise NotFound("ARTICLE_NOT_FOUND", _("Artikel tidak ditemukan."))
    return found


def citable_articles() -> list[Article]:
    """The published articles a desk reply may cite (the reply form's choices)."""
    return list(published_articles())


def citable_article_or_none(slug: str | None) -> Article | None:
    """The article a reply names; a missing or draft one is refused (NotFound) rather than left out."""
    if not slug:
        return None
    return desk_article_or_404(slug=slug)


def rotation_rows() -> dict[str, Any]:
    """The desk's officers with whether each is in the round robin of new tickets, and who had the last turn."""
    from .models import DeskRotation, RotationMember

    members = set(RotationMember.objects.values_list("user_id", flat=True))
    rotation = DeskRotation.objects.filter(pk=1).select_related("last_assigned").first()
    return {
        "officers": [
            {"user": u, "in_rotation": u.pk in members} for u in sorted(officers(), key=lambda u: u.pk)
        ],
        "last_assigned": rotation.last_assigned if rotation else None,
        "updated_at": rotation.updated_at if rotation else None,
    }
