"""The e-purchasing notices page of the PPK and the provider: what moved in their negotiations and
mini-competitions, newest first, with a link to each; one button marks them all read. Thin."""

from __future__ import annotations

from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lentera.accounts.http import AuthedRequest
from lentera.core.access import access
from lentera.core.roles import Role
from lentera.core.webactions import run_action

from .. import notices, selectors, services


@access(Role.PPK, Role.PENYEDIA, scope="the user's own e-purchasing notices")
def notices_page(request: AuthedRequest) -> HttpResponse:
    provider = request.acting_role == Role.PENYEDIA
    rows = [
        {"notice": n, "text": notices.text(n), "link": notices.link(n, provider=provider)}
        for n in selectors.own_notices(request.user)[:200]
    ]
    return TemplateResponse(
        request,
        "catalog/notices.html",
        {"rows": rows, "unread": selectors.unread_notice_count(request.user)},
    )


@access(Role.PPK, Role.PENYEDIA, scope="the user marks their own notices read")
@require_POST
def notices_read(request: AuthedRequest) -> HttpResponse:
    return run_action(
        request,
        lambda: services.notices_mark_read(actor=request.user),
        success=_("Semua pemberitahuan ditandai sudah dibaca."),
        back=reverse("catalog:notices"),
    )


@access(
    Role.KEPALA_UKPBJ, Role.ADMIN_UKPBJ, scope="the UKPBJ: the catalogue's orders per unit, provider, method"
)
def statistics(request: AuthedRequest) -> HttpResponse:
    stats = selectors.catalog_statistics()
    tables = [
        (_("Per satuan kerja"), "package__work_unit__name", stats["per_unit"]),
        (_("Per penyedia"), "provider__name", stats["per_provider"]),
        (_("Per cara pembelian"), "method", stats["per_method"]),
    ]
    return TemplateResponse(request, "catalog/statistics.html", {"stats": stats, "tables": tables})
