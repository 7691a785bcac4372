"""E-mails of the service desk (issue #16): the reporter hears of the desk's replies, of status changes and of
the resolution; an officer hears of a ticket given to them and of a target about to pass. Written in the
recipient's language inside the service's transaction, sent after the commit by a django-tasks task (a rolled
back change sends nothing). Internal notes never go out by e-mail."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from lentera.core.calendar import JAKARTA

from .models import Ticket
from .states import Status


def _language(user: Any) -> str:
    return getattr(user, "preferred_language", "") or settings.LANGUAGE_CODE


def _enqueue(subject: str, body: str, recipients: list[str]) -> None:
    from .tasks import send_desk_mail

    recipients = [r for r in recipients if r]
    if recipients:
        transaction.on_commit(lambda: send_desk_mail.enqueue(subject, body, recipients))


def _url(path: str) -> str:
    return settings.LENTERA_BASE_URL.rstrip("/") + path


def reporter_link(ticket: Ticket, token: str = "") -> str:
    """Where the reporter follows the ticket: their own page, or the anonymous follow-up link (``token``)."""
    if ticket.reporter_id is not None:
        return _url(reverse("servicedesk:mine_detail", args=[ticket.pk]))
    if token:
        return _url(reverse("servicedesk:follow", args=[token]))
    return ""


def to_reporter(ticket: Ticket, event: str, *, body: str = "", token: str = "") -> None:
    """``event``: CREATED, REPLY, STATUS or RESOLVED. ``body`` is the desk's public reply, when there is one."""
    with translation.override(_language(ticket.reporter)):
        subjects = {
            "CREATED": _("Tiket %(number)s tercatat"),
            "REPLY": _("Balasan helpdesk untuk tiket %(number)s"),
            "STATUS": _("Status tiket %(number)s: %(status)s"),
            "RESOLVED": _("Tiket %(number)s selesai"),
        }
        values = {"number": ticket.number, "status": Status(ticket.status).label}
        lines = [f"{ticket.number} - {ticket.subject}", _("Status: %(status)s") % values]
        if body:
            lines.append(body)
        if event == "RESOLVED":
            lines.append(_("Beri penilaian atas layanan helpdesk (1-5) melalui tautan tiket."))
        link = reporter_link(ticket, token)
        if link:
            lines.append(_("Ikuti tiket Anda di: %(link)s") % {"link": link})
        elif ticket.reporter_id is None:
            lines.append(_("Gunakan tautan pada email konfirmasi tiket ini untuk membalas."))
        lines.append(settings.LENTERA_SITE_NAME)
        subject = f"[{settings.LENTERA_SITE_NAME}] " + subjects[event] % values
    _enqueue(subject, "\n\n".join(lines), [ticket.reporter_email])


def to_officer(officer: Any, ticket: Ticket, event: str) -> None:
    """``event``: ASSIGNED (the ticket was given to them), WARNING (a target passes soon) or PASAL18 (to the head
    of the LPSE sub-unit: the Pokja's technical problem is unanswered and the tender's stage ends soon)."""
    with translation.override(_language(officer)):
        values = {"number": ticket.number}
        if event == "ASSIGNED":
            subject = _("Tiket %(number)s ditugaskan kepada Anda") % values
        elif event == "PASAL18":
            subject = _("Pasal 18: tiket %(number)s dari Pokja belum dijawab") % values
        else:
            subject = _("Tiket %(number)s segera melewati batas waktu") % values
        lines = [f"{ticket.number} - {ticket.subject}"]
        if event == "PASAL18":
            lines.append(
                _("Tahapan tender %(stage)s berakhir %(due)s (Permendagri 53/2021 Pasal 18).")
                % {"stage": ticket.stage_label, "due": _wib(ticket.stage_due_at)}
            )
        lines += [
            _("Batas waktu: %(due)s") % {"due": _wib(ticket.due_at)},
            _url(reverse("servicedesk:desk_detail", args=[ticket.pk])),
            settings.LENTERA_SITE_NAME,
        ]
    _enqueue(f"[{settings.LENTERA_SITE_NAME}] {subject}", "\n\n".join(lines), [officer.email])


def _wib(moment: Any) -> str:
    return moment.astimezone(JAKARTA).strftime("%d-%m-%Y %H:%M WIB")
