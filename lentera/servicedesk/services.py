"""Every write of the service desk: keyword-only, the acting user first, one transaction, one audit event.

Who may act is the transition table's ``party`` (:mod:`.states`): the ticket's reporter, or a helpdesk officer
(Role.HELPDESK or the head of the LPSE sub-unit) holding that role today. A refusal raises and changes nothing.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from lentera.core import audit, uploads
from lentera.core.access import ensure_role
from lentera.core.calendar import local_date
from lentera.core.clock import db_now
from lentera.core.roles import Role
from lentera.tendering import selectors as tender_selectors
from lentera.tendering.models import Tender

from . import alerts, escalations, mail, reopen, rotation, rules, sla, states, tokens
from .enums import OFFICER_CHANNELS, Category, Channel, Priority
from .errors import ServiceDeskError
from .models import Article, Ticket, TicketAttachment, TicketCounter, TicketMessage
from .states import OFFICER, REPORTER, Action, Status

OFFICER_ROLES = (Role.HELPDESK, Role.KASUBAG_LPSE)
#: What a reporter may do in some state; any other action is the desk's (refused 403 to a reporter)
REPORTER_ACTIONS = frozenset(t.action for t in states.TRANSITIONS if REPORTER in t.parties)


def is_officer(user: Any) -> bool:
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return bool(set(user.active_role_codes()) & {str(r) for r in OFFICER_ROLES})


def _signed_in(user: Any) -> bool:
    return user is not None and bool(getattr(user, "is_authenticated", False))


def _next_number(year: int) -> str:
    counter, _created = TicketCounter.objects.select_for_update().get_or_create(year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"LPSE-{year}-{counter.last:06d}"


def _stage_end(tender: Tender, now) -> tuple[Any, str]:
    """The end of the tender's running stage, or of the next one between windows (read from the schedule)."""
    ahead = [row for row in tender_selectors.schedule_of(tender) if row["ends_at"] > now]
    if not ahead:
        return None, ""
    row = min(ahead, key=lambda r: r["ends_at"])
    return row["ends_at"], str(row["label"])


#: Attachments: PDF or a scan, at most 5 MB each, at most 3 per message (Kebijakan Lentera, issue #16).
ATTACHMENT_MAX_BYTES = 5 * 1024 * 1024
ATTACHMENTS_PER_MESSAGE = 3


def _checked(files: Sequence[Any]) -> list[tuple[Any, str, str]]:
    """Refuse before anything is written: too many, too large, empty or not a PDF / JPEG / PNG by content."""
    if len(files) > ATTACHMENTS_PER_MESSAGE:
        raise ServiceDeskError(
            "TOO_MANY_FILES", _("Paling banyak %(max)s lampiran."), max=ATTACHMENTS_PER_MESSAGE
        )
    out = []
    for f in files:
        name = os.path.basename(getattr(f, "name", "") or "")[-150:]
        if (f.size or 0) > ATTACHMENT_MAX_BYTES:
            raise ServiceDeskError("FILE_TOO_LARGE", _("Lampiran %(name)s lebih dari 5 MB."), name=name)
        f.seek(0)
        head = f.read(uploads.HEAD_BYTES)
        f.seek(0)
        mime = uploads.check_content(
            head=head, size=f.size, allowed=uploads.SCAN_TYPES, file_name=name, error=ServiceDeskError
        )
        out.append((f, uploads.storage_name(name, mime), mime))
    return out


def _attach(message: TicketMessage, checked: list[tuple[Any, str, str]]) -> None:
    for f, name, mime in checked:
        attachment = TicketAttachment(
            ticket=message.ticket, message=message, name=name, content_type=mime, size=f.size or 0
        )
        attachment.file.save(name, f, save=False)
        attachment.save()


def _required(value: str, field: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ServiceDeskError("FIELD_REQUIRED", _("Isian “%(field)s” wajib diisi."), field=field)
    return value


@transaction.atomic
def ticket_create(
    *,
    actor: Any,
    category: str,
    subject: str,
    description: str,
    channel: str = Channel.WEB,
    reporter_name: str = "",
    reporter_email: str = "",
    reporter_phone: str = "",
    reporter: Any = None,
    tender: Tender | None = None,
    priority: str | None = None,
    attachments: Sequence[Any] = (),
    system: bool = False,
) -> Ticket:
    """Open a ticket: a signed-in person for themself (web or API), an anonymous visitor with name and email
    (web or API; the new follow-up token is on ``ticket.follow_up_token``), or a helpdesk officer logging a phone call or a visit (``reporter`` then names the caller's account
    if they have one). ``system``: Lentera's own ticket (channel SYSTEM, no actor), from a domain event only."""
    if (
        channel not in Channel.values
        or category not in Category.values
        or (channel == Channel.SYSTEM) != system
    ):
        raise ServiceDeskError("INVALID_CHOICE", _("Saluran atau kategori tidak dikenal."))
    checked = _checked(attachments)
    officer_logged = channel in OFFICER_CHANNELS
    if system:  # Lentera's own ticket from a domain event (opening_link): no person reported it
        reporter = None
    elif officer_logged:
        ensure_role(actor, *OFFICER_ROLES)
    elif _signed_in(actor):
        reporter = actor
    else:
        reporter = None
        if channel not in (Channel.WEB, Channel.API):
            raise ServiceDeskError("AUTH_REQUIRED", _("Login diperlukan."), status=401)
        reporter_email = _required(reporter_email, str(_("email")))
    if priority is not None and not (officer_logged or system) and not is_officer(actor):
        priority = None  # only the desk sets a priority; a reporter's ticket starts normal
    priority = priority or Priority.NORMAL
    if priority not in Priority.values:
        raise ServiceDeskError("INVALID_CHOICE", _("Prioritas tidak dikenal."))
    if reporter is not None:
        reporter_name = reporter_name or reporter.full_name
        reporter_email = reporter_email or reporter.email
    reporter_name = _required(reporter_name, str(_("nama pelapor")))
    subject = _required(subject, str(_("perihal")))
    description = _required(description, str(_("uraian")))
    now = db_now()
    stage_due_at, stage_label = None, ""
    if tender is not None:
        ends_at, label = _stage_end(tender, now)
        decision = rules.pokja_technical_problem(
            category=category,
            reporter_is_operator=reporter is not None and tender_selectors.is_operator(tender, reporter),
            stage_ends_at=ends_at,
        )
        if decision is not None:
            priority = decision.priority
            stage_due_at, stage_label = decision.due_at, label if decision.due_at else ""
    target = rules.sla_target(category=category, priority=priority, on=local_date(now))
    ticket = Ticket.objects.create(
        number=_next_number(local_date(now).year),
        channel=channel,
        category=category,
        subject=subject[:200],
        description=description,
        reporter=reporter,
        reporter_name=reporter_name[:150],
        reporter_email=reporter_email,
        reporter_phone=reporter_phone,
        logged_by=actor if officer_logged else None,
        tender=tender,
        priority=priority,
        stage_due_at=stage_due_at,
        stage_label=stage_label,
        first_response_due_at=sla.add_working_hours(now, target.first_response_hours),
        resolution_due_at=sla.add_working_hours(now, target.resolution_hours),
        created_at=now,
    )
    report = TicketMessage.objects.create(
        ticket=ticket,
        kind=TicketMessage.Kind.REPORT,
        author=reporter,
        author_name=reporter_name,
        body=description,
        created_at=now,
    )
    _attach(report, checked)
    if reporter is None and reporter_email:  # no account: the reporter follows the ticket by a signed link
        token, ticket.follow_up_hash = tokens.new_link_secret(ticket.pk)
        ticket.save(update_fields=["follow_up_hash"])
        ticket.follow_up_token = token  # not stored (only its hash): the API hands it to the visitor once
        mail.to_reporter(ticket, "CREATED", token=token)
    audit.record(
        actor=actor if _signed_in(actor) else None,
        action="servicedesk.ticket.create",
        obj=ticket,
        after={
            "number": ticket.number,
            "channel": channel,
            "category": category,
            "priority": priority,
            "tender": tender.pk if tender else None,
            "stage_due_at": stage_due_at.isoformat() if stage_due_at else None,
            "attachments": [name for _f, name, _mime in checked],
        },
    )
    rotation.assign_next(ticket, now)  # round robin among the officers on duty (the rotation row locked)
    if stage_due_at is not None:  # reported already inside the alert lead: the head of the sub-unit hears now
        alerts.record_pasal18_alert(ticket, now)
    return ticket


def _party(actor: Any, ticket: Ticket, action: str) -> str:
    """REPORTER for the ticket's own reporter when the table lets them act, else OFFICER (checked today)."""
    if _signed_in(actor) and ticket.reporter_id == actor.pk:
        if states.allowed(ticket.status, action, REPORTER):
            return REPORTER
        if not is_officer(actor) and action in REPORTER_ACTIONS:
            states.transition(ticket.status, action, REPORTER)  # refuses (409): not in this state
    ensure_role(actor, *OFFICER_ROLES)
    return OFFICER


def _locked(ticket: Ticket) -> Ticket:
    return Ticket.objects.select_for_update().get(pk=ticket.pk)


def _unpause(ticket: Ticket, now) -> None:
    """Leaving 'waiting on the reporter': the resolution clock moves on by the working hours it was paused."""
    if ticket.waiting_since is not None:
        paused = sla.working_hours_between(ticket.waiting_since, now)
        if paused:
            ticket.resolution_due_at = sla.add_working_hours(ticket.resolution_due_at, paused)
        ticket.waiting_since = None


def _act(
    *,
    actor: Any,
    ticket: Ticket,
    action: str,
    body: str = "",
    kind: str | None = None,
    attachments: Sequence[Any] = (),
    by_link: bool = False,
    article: Article | None = None,
    **changes: Any,
) -> Ticket:
    checked = _checked(attachments)
    ticket = _locked(ticket)
    if by_link:  # the anonymous reporter through their follow-up link (the selector checked the token)
        if ticket.reporter_id is not None or not ticket.follow_up_hash:
            raise ServiceDeskError("TICKET_NOT_FOUND", _("Tiket tidak ditemukan."), status=404)
        party, actor = REPORTER, None
    else:
        party = _party(actor, ticket, action)
    before = ticket.status
    to = states.transition(ticket.status, action, party)
    if article is not None:
        _ensure_citable(article, party)
    now = db_now()
    escalations.record_breaches(ticket, now)  # the write-time check of the SLA (never only the scan)
    if action == Action.REOPEN and party == REPORTER:
        reopen.ensure_reopen_window(ticket, now)  # the database clock, whether or not the closing scan ran
    if to == Status.RESOLVED:
        escalations.ensure_lkpp_answered(ticket)
    if kind is not None:
        body = _required(body, str(_("pesan")))
        message = TicketMessage.objects.create(
            ticket=ticket,
            kind=kind,
            author=actor,
            author_name=actor.full_name if actor is not None else ticket.reporter_name,
            from_desk=party == OFFICER,
            body=body,
            article=article,
            created_at=now,
        )
        _attach(message, checked)
    if party == OFFICER and kind == TicketMessage.Kind.REPLY and ticket.first_response_at is None:
        ticket.first_response_at = now
    if before == Status.WAITING and to != Status.WAITING:
        _unpause(ticket, now)
    if to == Status.WAITING and before != Status.WAITING:
        ticket.waiting_since = now
    if to == Status.RESOLVED:
        ticket.resolved_at = now
    if to == Status.CLOSED:
        ticket.closed_at = now
    if action == Action.REOPEN:
        ticket.resolved_at = ticket.closed_at = None
        ticket.answer_scope = ticket.referral_to = ticket.referral_note = ""
    for name, value in changes.items():
        setattr(ticket, name, value)
    ticket.status = to
    ticket.save()
    audit.record(
        actor=actor,
        action=f"servicedesk.ticket.{str(action).lower()}",
        obj=ticket,
        before={"status": before},
        after={
            "status": to,
            "party": party,
            **({"article": article.slug} if article is not None else {}),
            **{k: getattr(v, "pk", v) for k, v in changes.items()},
        },
    )
    _notify(actor, ticket, party=party, action=action, changed=to != before, reply=body if kind else "")
    return ticket


def _ensure_citable(article: Article, party: str) -> None:
    """Only the desk cites an article in a reply, and only a published one (the reporter must be able to open
    it)."""
    if party != OFFICER:
        raise ServiceDeskError(
            "ARTICLE_DESK_ONLY", _("Hanya petugas helpdesk yang merujuk artikel."), status=403
        )
    if not Article.objects.filter(pk=article.pk, status="PUBLISHED").exists():
        raise ServiceDeskError(
            "ARTICLE_NOT_PUBLISHED", _("Hanya artikel yang sudah terbit yang dapat dirujuk."), status=409
        )


def _notify(actor: Any, ticket: Ticket, *, party: str, action: str, changed: bool, reply: str) -> None:
    """E-mails after the commit: the reporter hears of what the desk did (never of a note, never of their own
    act); the officer a ticket is given to hears of it (unless they took it themself)."""
    if party == OFFICER and action != Action.NOTE and ticket.reporter_id != getattr(actor, "pk", None):
        if action == Action.RESOLVE:
            mail.to_reporter(ticket, "RESOLVED", body=reply)
        elif reply:
            mail.to_reporter(ticket, "REPLY", body=reply)
        elif changed:
            mail.to_reporter(ticket, "STATUS")
    if action == Action.ASSIGN and ticket.assignee_id != getattr(actor, "pk", None):
        mail.to_officer(ticket.assignee, ticket, "ASSIGNED")


@transaction.atomic
def ticket_open(*, actor: Any, ticket: Ticket) -> Ticket:
    return _act(actor=actor, ticket=ticket, action=Action.OPEN)


@transaction.atomic
def ticket_assign(*, actor: Any, ticket: Ticket, assignee: Any) -> Ticket:
    """Give the ticket to a helpdesk officer (the officer themself, or another one)."""
    if not is_officer(assignee):
        raise ServiceDeskError("NOT_AN_OFFICER", _("Tiket hanya dapat ditugaskan kepada petugas helpdesk."))
    return _act(actor=actor, ticket=ticket, action=Action.ASSIGN, assignee=assignee)


@transaction.atomic
def ticket_reply(
    *,
    actor: Any,
    ticket: Ticket,
    body: str,
    attachments: Sequence[Any] = (),
    article: Article | None = None,
) -> Ticket:
    """A public reply (the desk's answer, or the reporter's message), with up to three files; the desk's reply
    may cite a published knowledge-base article (the reporter sees its link)."""
    return _act(
        actor=actor,
        ticket=ticket,
        action=Action.REPLY,
        body=body,
        kind=TicketMessage.Kind.REPLY,
        attachments=attachments,
        article=article,
    )


@transaction.atomic
def ticket_reply_by_link(
    *, actor: Any = None, ticket: Ticket, body: str, attachments: Sequence[Any] = ()
) -> Ticket:
    """The anonymous reporter's reply through the follow-up link (``ticket`` came from
    ``selectors.ticket_by_link``); the same table row as a signed-in reporter's reply."""
    return _act(
        actor=actor,
        ticket=ticket,
        action=Action.REPLY,
        body=body,
        kind=TicketMessage.Kind.REPLY,
        attachments=attachments,
        by_link=True,
    )


@transaction.atomic
def ticket_note(*, actor: Any, ticket: Ticket, body: str) -> Ticket:
    """An internal note: the desk sees it, the reporter never does."""
    return _act(actor=actor, ticket=ticket, action=Action.NOTE, body=body, kind=TicketMessage.Kind.NOTE)


@transaction.atomic
def ticket_wait(*, actor: Any, ticket: Ticket, body: str) -> Ticket:
    """Ask the reporter for something (a public reply); the resolution clock pauses until they answer."""
    return _act(actor=actor, ticket=ticket, action=Action.WAIT, body=body, kind=TicketMessage.Kind.REPLY)


@transaction.atomic
def ticket_resolve(*, actor: Any, ticket: Ticket, body: str, scope: str = "") -> Ticket:
    """The solution, as a public reply, marked technical: application or infrastructure (``scope``; by default
    from the category, ``rules.default_answer_scope``). The desk answers nothing else (``rules.answer_in_scope``,
    Lampiran 2.3 d 7): an out-of-scope question is closed with a referral (:func:`ticket_close_out_of_scope`)."""
    scope = scope or rules.default_answer_scope(category=ticket.category)
    if not rules.answer_in_scope(scope=scope):
        raise ServiceDeskError(
            "ANSWER_OUT_OF_SCOPE",
            _(
                "Helpdesk hanya menjawab permasalahan teknis aplikasi dan infrastruktur; tutup tiket ini "
                "sebagai di luar lingkup dengan rujukan."
            ),
            status=409,
        )
    return _act(
        actor=actor,
        ticket=ticket,
        action=Action.RESOLVE,
        body=body,
        kind=TicketMessage.Kind.REPLY,
        answer_scope=scope,
    )


@transaction.atomic
def ticket_close_out_of_scope(
    *, actor: Any, ticket: Ticket, referral_to: str, body: str, note: str = ""
) -> Ticket:
    """Close a question outside the help desk's scope (a procurement-law judgement, a tender's or a contract's
    decision) with a referral: the public reply says where the question belongs, the ticket records it (the
    reporter sees it) and the statistics count it (Permendagri 53/2021 Lampiran 2.3 d 7, ``rules.answer_in_scope``
    and ``rules.referral_allowed``)."""
    note = (note or "").strip()[:500]
    if not rules.referral_allowed(referral_to=referral_to, note=note, on=local_date(db_now())):
        raise ServiceDeskError(
            "REFERRAL_REQUIRED",
            _("Pilih pihak rujukan (untuk “pihak lain”, tulis keterangannya)."),
        )
    return _act(
        actor=actor,
        ticket=ticket,
        action=Action.OUT_OF_SCOPE,
        body=body,
        kind=TicketMessage.Kind.REPLY,
        answer_scope="OUT_OF_SCOPE",
        referral_to=referral_to,
        referral_note=note,
    )


@transaction.atomic
def ticket_close(*, actor: Any, ticket: Ticket) -> Ticket:
    return _act(actor=actor, ticket=ticket, action=Action.CLOSE)


@transaction.atomic
def ticket_reopen(*, actor: Any, ticket: Ticket, body: str) -> Ticket:
    return _act(actor=actor, ticket=ticket, action=Action.REOPEN, body=body, kind=TicketMessage.Kind.REPLY)


#: The transitions the API and the pages run by name; OPEN and CLOSE carry no message.
TRANSITION_SERVICES: dict[str, Callable[..., Ticket]] = {
    Action.OPEN: ticket_open,
    Action.WAIT: ticket_wait,
    Action.RESOLVE: ticket_resolve,
    Action.CLOSE: ticket_close,
    Action.REOPEN: ticket_reopen,
}


def ticket_transition(*, actor: Any, ticket: Ticket, action: str, body: str = "", scope: str = "") -> Ticket:
    """Run the status change named ``action`` (each service has its own transaction and audit event);
    ``scope`` marks a resolution (application / infrastructure)."""
    service = TRANSITION_SERVICES.get(str(action).upper())
    if service is None:
        raise ServiceDeskError("UNKNOWN_ACTION", _("Tindakan tidak dikenal."))
    if action.upper() in (Action.OPEN, Action.CLOSE):
        return service(actor=actor, ticket=ticket)
    if action.upper() == Action.RESOLVE:
        return service(actor=actor, ticket=ticket, body=body, scope=scope)
    return service(actor=actor, ticket=ticket, body=body)
