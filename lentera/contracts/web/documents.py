"""The contract's PDF records on its page: a party renders the contract summary, the SPMK / Surat Pesanan or a
handover's berita acara (WeasyPrint); the parties and the readers download them. Thin: one service call per
POST, reads through pdf_selectors."""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lentera.accounts.http import AuthedRequest
from lentera.core.access import access
from lentera.core.roles import Role
from lentera.core.webactions import run_action

from .. import pdf_selectors, selectors, services
from ..models import ContractPdf
from .closing import PARTIES_AND_READERS


@access(Role.PPK, Role.PENYEDIA, scope="the package's PPK or the contract's provider")
@require_POST
def pdf_create(request: AuthedRequest, pk: int) -> HttpResponse:
    contract = selectors.contract_or_404(user=request.user, role=request.acting_role, pk=pk)
    kind = request.POST.get("kind", "")
    if kind not in ContractPdf.Kind.values:
        raise Http404
    raw = request.POST.get("handover", "")
    handover = pdf_selectors.handover_of_contract(contract, int(raw) if raw.isdigit() else None)
    return run_action(
        request,
        lambda: services.contract_pdf_create(
            actor=request.user, contract=contract, kind=kind, handover=handover
        ),
        success=_("PDF dibuat; sidik SHA-256 tercatat."),
        back=reverse("contracts:detail", args=[contract.pk]) + "#pdf",
    )


@access(*PARTIES_AND_READERS, scope="the package's PPK, the contract's provider; auditors read")
def pdf_download(request: AuthedRequest, pk: int) -> FileResponse:
    record = pdf_selectors.pdf_or_404(user=request.user, role=request.acting_role, pk=pk)
    return FileResponse(
        record.file.open("rb"),
        content_type="application/pdf",
        as_attachment=True,
        filename=f"{record.title.replace('/', '-')}.pdf",
    )
