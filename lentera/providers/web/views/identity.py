"""Changes to a verified provider's identity: the provider's pending change and history, the Verifikator's
list and review (Perbup PPU 2/2021 Pasal 4 d 3-4; Permendagri 53/2021 Lampiran 2.5.1 b 2)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lentera.accounts.http import AuthedRequest
from lentera.core.access import access
from lentera.core.errors import LenteraError
from lentera.core.roles import Role

from ... import selectors, services
from ..forms import IdentityChangeDocumentForm, IdentityDecisionForm, add_service_error
from .common import stored_file_response

SCOPE = "own provider profile"


def _provider_or_404(request: AuthedRequest):
    provider = selectors.provider_for_user(request.user)
    if provider is None:
        raise Http404(_("Akun ini belum memiliki profil penyedia."))
    return provider


@access(Role.PENYEDIA, scope=SCOPE)
def identity_changes(request: AuthedRequest) -> HttpResponse:
    """The pending change (values in force beside those proposed, its documents, add one, withdraw) and the
    history of every change asked for."""
    provider = _provider_or_404(request)
    pending = selectors.pending_identity_change(provider)
    form = None
    if pending is not None:
        post = request.method == "POST"
        form = IdentityChangeDocumentForm(request.POST if post else None, request.FILES if post else None)
        if post and form.is_valid():
            try:
                services.identity_change_add_document(
                    actor=request.user,
                    provider=provider,
                    kind=form.cleaned_data["kind"],
                    file=form.cleaned_data["file"],
                )
            except LenteraError as exc:
                add_service_error(form, exc)
            else:
                messages.success(request, _("Dokumen pendukung ditambahkan."))
                return redirect("providers:identity_changes")
    context = {
        "provider": provider,
        "pending": pending,
        "comparison": selectors.identity_comparison(pending) if pending else [],
        "history": [c for c in selectors.identity_changes_of(provider) if not c.is_pending],
        "form": form,
    }
    return render(
        request, "providers/identity_changes.html", context, status=400 if form and form.errors else 200
    )


@require_POST
@access(Role.PENYEDIA, scope=SCOPE)
def identity_change_withdraw(request: AuthedRequest) -> HttpResponse:
    provider = _provider_or_404(request)
    try:
        services.identity_change_withdraw(actor=request.user, provider=provider)
    except LenteraError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Pengajuan perubahan identitas ditarik. Data lama tetap berlaku."))
    return redirect("providers:identity_changes")


@access(any_user=True, scope="own provider's documents; every one for VERIFIKATOR, SYSADMIN, ADMIN_UKPBJ")
def identity_document(request: AuthedRequest, pk: int) -> HttpResponseBase:
    """A supporting document of an identity change, inline: the provider's own user, verifiers and admins."""
    doc = selectors.identity_document(pk)
    if doc is None:
        raise Http404
    if not selectors.can_see_identity_document(
        viewer=request.user, acting_role=request.acting_role, document=doc
    ):
        return render(request, "core/403.html", {"rule": None}, status=403)
    name = doc.file.name
    assert name is not None  # a stored document always has its file
    filename = f"perubahan-{doc.change.number}-{doc.kind.lower()}-{doc.pk}.{name.rsplit('.', 1)[-1]}"
    return stored_file_response(
        request,
        name=name,
        content_type=doc.content_type,
        filename=filename,
        download=request.GET.get("unduh") == "1",
    )


@access(Role.VERIFIKATOR)
def identity_queue(request: AuthedRequest) -> HttpResponse:
    """Identity changes of verified providers waiting, oldest first."""
    return render(request, "providers/identity_queue.html", {"changes": selectors.identity_change_queue()})


@access(Role.VERIFIKATOR)
def identity_review(request: AuthedRequest, pk: int) -> HttpResponse:
    """One change: the values in force beside those proposed, the documents inline, approve or refuse."""
    change = selectors.identity_change_for_review(pk)
    if change is None:
        raise Http404
    form = IdentityDecisionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and change.is_pending and form.is_valid():
        approve = "approve" in request.POST
        try:
            if approve:
                services.identity_change_approve(
                    actor=request.user, change_id=change.pk, note=form.cleaned_data["reason"]
                )
            else:
                services.identity_change_refuse(
                    actor=request.user, change_id=change.pk, reason=form.cleaned_data["reason"]
                )
        except LenteraError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                _("Perubahan disetujui; data baru berlaku.")
                if approve
                else _("Perubahan ditolak dengan alasan; data lama tetap berlaku."),
            )
            return redirect("providers:identity_queue")
    context = {
        "change": change,
        "provider": change.provider,
        "comparison": selectors.identity_comparison(change),
        "documents": selectors.identity_change_documents(change),
        "history": [c for c in selectors.identity_changes_of(change.provider) if c.pk != change.pk],
        "form": form,
    }
    return render(request, "providers/identity_review.html", context, status=400 if form.errors else 200)
