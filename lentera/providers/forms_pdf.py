"""The registration form and the participation form (Lampiran 2.5.1 b 2), as PDFs made from the entered data.

The applicant prints, signs and brings them with the original documents to the verification desk.
"""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .errors import ProvidersError
from .models import Provider
from .selectors import current_documents_of

FORMS = {
    "pendaftaran": ("providers/pdf/registration_form.html", _("Formulir Pendaftaran")),
    "keikutsertaan": ("providers/pdf/participation_form.html", _("Formulir Keikutsertaan")),
}


def form_filename(kind: str, provider: Provider) -> str:
    return f"formulir-{kind}-{provider.npwp}.pdf"


def render_form_pdf(kind: str, provider: Provider) -> bytes:
    """Render one of the two forms to PDF bytes with WeasyPrint."""
    from weasyprint import HTML

    if kind not in FORMS:
        raise ProvidersError("FORM_UNKNOWN", _("Formulir tidak dikenal."), status=404)
    template, title = FORMS[kind]
    html = render_to_string(
        template,
        {
            "title": title,
            "provider": provider,
            "account": provider.account,
            "documents": current_documents_of(provider.account),
            "site_name": settings.LENTERA_SITE_NAME,
            "today": timezone.localdate(),
        },
    )
    return HTML(string=html).write_pdf()
