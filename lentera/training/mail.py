"""E-mails of the training service: the registrant hears that the seat is confirmed, that they are on the waiting
list, that a seat came free for them, of their cancellation, and that their certificate is ready. Written in the
recipient's language inside the service's transaction, sent after the commit by a django-tasks task (a rolled
back change sends nothing)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from lentera.core.calendar import JAKARTA

from .models import Certificate, Registration


def _language(user: Any) -> str:
    return getattr(user, "preferred_language", "") or settings.LANGUAGE_CODE


def _enqueue(subject: str, body: str, recipients: list[str]) -> None:
    from .tasks import send_training_mail

    recipients = [r for r in recipients if r]
    if recipients:
        transaction.on_commit(lambda: send_training_mail.enqueue(subject, body, recipients))


def _url(path: str) -> str:
    return settings.LENTERA_BASE_URL.rstrip("/") + path


def _when(registration: Registration) -> str:
    s = registration.session
    start, end = s.starts_at.astimezone(JAKARTA), s.ends_at.astimezone(JAKARTA)
    return f"{start:%d-%m-%Y %H:%M}-{end:%H:%M} WIB"


def registration(registration: Registration, event: str, *, reason: str = "") -> None:
    """``event``: CONFIRMED, WAITING, PROMOTED, CANCELLED or SESSION_CANCELLED (with the trainer's reason)."""
    person, session = registration.person, registration.session
    with translation.override(_language(person)):
        values = {"course": session.course.title}
        subjects = {
            "CONFIRMED": _("Pendaftaran pelatihan %(course)s diterima"),
            "WAITING": _("Anda dalam daftar tunggu pelatihan %(course)s"),
            "PROMOTED": _("Kursi tersedia: Anda terdaftar pada pelatihan %(course)s"),
            "CANCELLED": _("Pendaftaran pelatihan %(course)s dibatalkan"),
            "SESSION_CANCELLED": _("Sesi pelatihan %(course)s dibatalkan"),
        }
        where = session.room.name if session.room is not None else session.online_url
        lines = [
            session.course.title,
            _("Jadwal: %(when)s") % {"when": _when(registration)},
            _("Tempat: %(where)s") % {"where": where},
        ]
        if reason:
            lines.append(_("Alasan: %(reason)s") % {"reason": reason})
        if event == "WAITING":
            lines.append(_("Kami memberi tahu Anda bila ada kursi yang kosong."))
        lines.append(_url(reverse("training:mine")))
        lines.append(settings.LENTERA_SITE_NAME)
        subject = f"[{settings.LENTERA_SITE_NAME}] " + subjects[event] % values
    _enqueue(subject, "\n\n".join(lines), [person.email])


def certificate(certificate: Certificate) -> None:
    person = certificate.registration.person
    with translation.override(_language(person)):
        subject = _("Sertifikat pelatihan %(course)s") % {"course": certificate.course_title}
        lines = [
            certificate.course_title,
            _("Kode verifikasi: %(code)s") % {"code": certificate.code},
            _url(reverse("training:mine")),
            settings.LENTERA_SITE_NAME,
        ]
    _enqueue(f"[{settings.LENTERA_SITE_NAME}] {subject}", "\n\n".join(lines), [person.email])
