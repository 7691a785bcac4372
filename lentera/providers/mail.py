"""E-mails of registration and verification. Sent after the transaction commits (services use on_commit)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .tokens import make_applicant_token, make_email_token

NO_FEE = gettext_lazy("Pendaftaran dan verifikasi pengguna tidak dipungut biaya dalam bentuk apa pun.")


def _language(user=None) -> str:
    """E-mails go out in the recipient's language (Indonesian unless they chose another), not the request's."""
    return getattr(user, "preferred_language", "") or settings.LANGUAGE_CODE


def _send(to: str, subject: str, lines: list[str]) -> None:
    body = "\n\n".join(lines + [str(NO_FEE), settings.LENTERA_SITE_NAME])
    send_mail(f"[{settings.LENTERA_SITE_NAME}] {subject}", body, None, [to])


def applicant_url(user, base_url: str = "") -> str:
    return base_url + reverse("providers:applicant_enter", args=[make_applicant_token(user)])


def send_signup_link(email: str, base_url: str = "") -> None:
    with translation.override(_language(None)):
        url = base_url + reverse("providers:signup_account", args=[make_email_token(email)])
        _send(
            email,
            _("Verifikasi email pendaftaran penyedia"),
            [
                _("Terima kasih telah mendaftar sebagai penyedia barang/jasa."),
                _("Buka tautan berikut untuk memastikan email ini milik Anda dan melanjutkan pendaftaran:"),
                url,
                _("Abaikan email ini bila Anda tidak merasa mendaftar."),
            ],
        )


def send_applicant_link(user, base_url: str = "") -> None:
    with translation.override(_language(user)):
        _send(
            user.email,
            _("Lanjutkan pendaftaran penyedia"),
            [
                _("Akun Anda (User ID %(user_id)s) menunggu kelengkapan dan verifikasi dokumen.")
                % {"user_id": user.user_id},
                _(
                    "Buka tautan berikut untuk mengunggah dokumen, mengunduh formulir dan mengajukan verifikasi:"
                ),
                applicant_url(user, base_url),
                _(
                    "Bawa dokumen asli (KTP, akta, NPWP) serta formulir pendaftaran dan formulir keikutsertaan yang "
                    "telah ditandatangani ke layanan verifikasi LPSE."
                ),
            ],
        )


def send_rejected(user, round_, base_url: str = "") -> None:
    with translation.override(_language(user)):
        reasons = [
            f"- {check.document.get_kind_display()}: {check.note}"
            for check in round_.checks.select_related("document")
            if not check.matches_original
        ]
        lines = [
            _("Verifikasi dokumen Anda (putaran %(number)s) belum dapat disetujui.")
            % {"number": round_.number},
            _("Alasan per dokumen:"),
            "\n".join(reasons),
        ]
        if round_.note:
            lines.append(_("Catatan verifikator: %(note)s") % {"note": round_.note})
        if user.status == user.Status.PENDING and hasattr(user, "provider"):
            lines += [
                _("Perbaiki dokumen lalu ajukan kembali melalui tautan berikut:"),
                applicant_url(user, base_url),
            ]
        else:
            lines.append(_("Perbaiki dokumen lalu ajukan kembali melalui menu Dokumen setelah masuk."))
        _send(user.email, _("Dokumen perlu diperbaiki"), lines)


def send_approved(user, round_, base_url: str = "") -> None:
    with translation.override(_language(user)):
        login_url = base_url + reverse("accounts:login")
        lines = [_("Dokumen Anda telah diverifikasi dan disetujui.")]
        if round_.subject == round_.Subject.STAFF and not user.has_usable_password():
            uid = urlsafe_base64_encode(force_bytes(user.pk))
            token = default_token_generator.make_token(user)
            set_url = base_url + reverse("accounts:password_reset_confirm", args=[uid, token])
            lines += [
                _("User ID Anda %(user_id)s sudah aktif. Atur kata sandi melalui tautan berikut:")
                % {"user_id": user.user_id},
                set_url,
            ]
        elif round_.subject != round_.Subject.PROVIDER_UPDATE:
            lines.append(
                _("User ID Anda %(user_id)s sudah aktif. Silakan masuk: %(url)s")
                % {"user_id": user.user_id, "url": login_url}
            )
        _send(user.email, _("Verifikasi disetujui"), lines)
