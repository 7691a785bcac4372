"""The help desk's knowledge base (issue #16: "public articles (FAQ) in Indonesian and English, searchable, linked
from tickets; a resolved ticket can be turned into an article"): every write of an article.

Helpdesk officers (Role.HELPDESK, the head of the LPSE sub-unit) write, edit and publish articles; each write is
one transaction with an audit event (``servicedesk.article.<action>``). A resolved ticket becomes a *draft*: its
question and the desk's final public reply, with the reporter's personal data taken out (:func:`redact`); internal
notes, status lines and the reporter's own messages are never copied, and an officer reviews it before publishing.
"""

from __future__ import annotations

import re
from typing import Any

from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lentera.core import audit
from lentera.core.access import ensure_role
from lentera.core.clock import db_now
from lentera.core.roles import Role

from .enums import ArticleStatus, Category
from .errors import ServiceDeskError
from .models import Article, Ticket, TicketMessage
from .states import Status

OFFICER_ROLES = (Role.HELPDESK, Role.KASUBAG_LPSE)
#: What replaces a piece of personal data in a draft made from a ticket
REDACTED = "[…]"
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
#: phone numbers, NIK (16 digits), NPWP (15-16 digits with dots and dashes): 8 or more digits with separators
_NUMBER = re.compile(r"(?<![\w])\+?\d[\d .\-()]{6,}\d(?![\w])")
_URL_TOKEN = re.compile(r"/bantuan/ikuti/[^\s/]+/?")


def redact(text: str, *, known: list[str]) -> str:
    """``text`` without personal data: the reporter's own name, e-mail and phone (``known``), any e-mail address,
    any long number (phone, NIK, NPWP, account) and any follow-up link."""
    for value in sorted({k.strip() for k in known if k and len(k.strip()) >= 3}, key=len, reverse=True):
        text = re.sub(re.escape(value), REDACTED, text, flags=re.IGNORECASE)
    text = _URL_TOKEN.sub(REDACTED, text)
    text = _EMAIL.sub(REDACTED, text)
    return _NUMBER.sub(REDACTED, text)


def _unique_slug(title: str, *, exclude: int | None = None) -> str:
    base = (slugify(title) or "artikel")[:100].strip("-") or "artikel"
    slug, n = base, 1
    taken = Article.objects.exclude(pk=exclude) if exclude else Article.objects.all()
    while taken.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _clean(value: str, field: str, *, required: bool, limit: int | None = None) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ServiceDeskError("FIELD_REQUIRED", _("Isian “%(field)s” wajib diisi."), field=field)
    if limit is not None and len(value) > limit:
        raise ServiceDeskError(
            "FIELD_TOO_LONG", _("Isian “%(field)s” paling banyak %(max)s karakter."), field=field, max=limit
        )
    return value


def _fields(*, category: str, title_id: str, title_en: str, body_id: str, body_en: str) -> dict[str, str]:
    if category not in Category.values:
        raise ServiceDeskError("INVALID_CHOICE", _("Kategori tidak dikenal."))
    return {
        "category": category,
        "title_id": _clean(title_id, str(_("judul (Indonesia)")), required=True, limit=200),
        "title_en": _clean(title_en, str(_("judul (Inggris)")), required=False, limit=200),
        "body_id": _clean(body_id, str(_("isi (Indonesia)")), required=True),
        "body_en": _clean(body_en, str(_("isi (Inggris)")), required=False),
    }


def _status(published: bool) -> str:
    return ArticleStatus.PUBLISHED if published else ArticleStatus.DRAFT


@transaction.atomic
def article_create(
    *,
    actor: Any,
    category: str,
    title_id: str,
    body_id: str,
    title_en: str = "",
    body_en: str = "",
    published: bool = False,
    source_ticket: Ticket | None = None,
) -> Article:
    """A new article (a draft unless ``published``); its slug comes from the Indonesian title, made unique."""
    ensure_role(actor, *OFFICER_ROLES)
    data = _fields(category=category, title_id=title_id, title_en=title_en, body_id=body_id, body_en=body_en)
    now = db_now()
    article = Article.objects.create(
        slug=_unique_slug(data["title_id"]),
        status=_status(published),
        published_at=now if published else None,
        source_ticket=source_ticket,
        created_by=actor,
        created_at=now,
        updated_at=now,
        **data,
    )
    audit.record(
        actor=actor,
        action="servicedesk.article.create",
        obj=article,
        after={
            "slug": article.slug,
            "status": article.status,
            "source_ticket": getattr(source_ticket, "pk", None),
        },
    )
    return article


@transaction.atomic
def article_update(
    *,
    actor: Any,
    article: Article,
    category: str,
    title_id: str,
    body_id: str,
    title_en: str = "",
    body_en: str = "",
    published: bool = False,
) -> Article:
    """Edit an article; ``published`` publishes a draft or takes a published article back to draft. The slug
    stays (links in replies and bookmarks keep working)."""
    ensure_role(actor, *OFFICER_ROLES)
    data = _fields(category=category, title_id=title_id, title_en=title_en, body_id=body_id, body_en=body_en)
    locked = Article.objects.select_for_update().get(pk=article.pk)
    before = {"status": locked.status, **{k: getattr(locked, k) for k in data}}
    now = db_now()
    status = _status(published)
    if status == ArticleStatus.PUBLISHED and locked.status != ArticleStatus.PUBLISHED:
        locked.published_at = now
    for name, value in data.items():
        setattr(locked, name, value)
    locked.status = status
    locked.updated_at = now
    locked.save()
    action = ("publish" if published else "unpublish") if before["status"] != status else "update"
    audit.record(
        actor=actor,
        action=f"servicedesk.article.{action}",
        obj=locked,
        before=before,
        after={"status": status, **data},
    )
    return locked


def _final_reply(ticket: Ticket) -> TicketMessage | None:
    """The desk's last public reply on the ticket (never a note, a status line or the reporter's message)."""
    return (
        TicketMessage.objects.filter(ticket=ticket, kind=TicketMessage.Kind.REPLY, from_desk=True)
        .order_by("-created_at", "-pk")
        .first()
    )


@transaction.atomic
def article_from_ticket(*, actor: Any, ticket: Ticket) -> Article:
    """A draft article from a resolved (or closed) ticket: the subject as its title, the question and the desk's
    final public reply as its body, with the reporter's personal data taken out (:func:`redact`)."""
    ensure_role(actor, *OFFICER_ROLES)
    ticket = Ticket.objects.select_for_update().get(pk=ticket.pk)
    if ticket.status not in (Status.RESOLVED, Status.CLOSED):
        raise ServiceDeskError(
            "TICKET_NOT_RESOLVED",
            _("Hanya tiket yang sudah diselesaikan yang dapat dijadikan artikel."),
            status=409,
        )
    answer = _final_reply(ticket)
    if answer is None:
        raise ServiceDeskError("NO_PUBLIC_ANSWER", _("Tiket ini belum memiliki jawaban publik."), status=409)
    known = [ticket.reporter_name, ticket.reporter_email, ticket.reporter_phone]
    if ticket.reporter is not None:
        known += [ticket.reporter.full_name, ticket.reporter.email, ticket.reporter.get_username()]
    body = "\n\n".join(
        [
            gettext("Pertanyaan:"),
            redact(ticket.description, known=known),
            gettext("Jawaban:"),
            redact(answer.body, known=known),
        ]
    )
    return article_create(
        actor=actor,
        category=ticket.category,
        title_id=redact(ticket.subject, known=known)[:200],
        body_id=body,
        source_ticket=ticket,
    )
