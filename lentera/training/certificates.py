"""The certificate of attendance as a PDF (WeasyPrint), from the certificate's recorded facts only: holder,
course, date, trainer, the verification code and a QR code of the public verification page."""

from __future__ import annotations

import base64
import io

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from .models import Certificate


def verify_url(certificate: Certificate) -> str:
    return settings.LENTERA_BASE_URL.rstrip("/") + reverse("training:verify", args=[certificate.code])


def pretty_code(code: str) -> str:
    """ABCD-EFGH-JKMN-PQRS: the printed form (the check ignores dashes)."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def _qr_data_uri(text: str) -> str:
    import qrcode
    import qrcode.image.svg

    img = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=6)
    buf = io.BytesIO()
    img.save(buf)
    return "data:image/svg+xml;base64," + base64.b64encode(buf.getvalue()).decode()


def render_pdf(certificate: Certificate) -> bytes:
    """Always in Indonesian (the official language of the certificate)."""
    import weasyprint

    session = certificate.registration.session
    url = verify_url(certificate)
    with translation.override("id"):
        html = render_to_string(
            "training/certificate_pdf.html",
            {
                "certificate": certificate,
                "code": pretty_code(certificate.code),
                "session": session,
                "trainer": session.trainer.full_name,
                "url": url,
                "qr": _qr_data_uri(url),
                "site": settings.LENTERA_SITE_NAME,
            },
        )
    return weasyprint.HTML(string=html).write_pdf()
