"""The Verifikator's queue and checklist, documents viewed inline, and the archive (Lampiran 2.3 c)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lentera.accounts import selectors as account_selectors
from lentera.accounts.http import AuthedRequest
from lentera.accounts.models import User
from lentera.core import panels
from lentera.core.access import access
from lentera.core.errors import LenteraError
from lentera.core.roles import Role

from ... import selectors, services
from ...models import VerificationRound
from ..forms import ChecklistForm
from .common import base_url, document_response
from .public import documents_context, upload_from_form

ARCHIVE_ROLES = (Role.VERIFIKATOR, Role.SYSADMIN, Role.ADMIN_UKPBJ)
STAFF_ADMIN_ROLES = (Role.SYSADMIN, Role.ADMIN_UKPBJ)


@access(Role.VERIFIKATOR)
def queue(request: AuthedRequest) -> HttpResponse:
    """Applications waiting, oldest first."""
    return render(request, "providers/queue.html", {"rounds": selectors.verification_queue()})


@access(Role.VERIFIKATOR)
def round_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    """One application: each document inline with its checklist line, the applicant's data beside it."""
    round_ = selectors.round_or_404(pk)
    documents = selectors.round_documents(round_)
    form = ChecklistForm(request.POST if request.method == "POST" else None, documents=documents)
    if request.method == "POST" and round_.outcome == VerificationRound.Outcome.PENDING and form.is_valid():
        decide = services.verification_approve if "approve" in request.POST else services.verification_reject
        try:
            decide(
                actor=request.user,
                round_id=round_.pk,
                checks=form.checks(),
                note=form.cleaned_data["note"],
                base_url=base_url(request),
            )
        except LenteraError as exc:
            form.add_error(None, str(exc))
        else:
            if "approve" in request.POST:
                messages.success(
                    request, _("Disetujui. User ID diaktifkan dan pemohon diberi tahu melalui email.")
                )
            else:
                messages.success(request, _("Ditolak dengan alasan. Pemohon diberi tahu melalui email."))
            return redirect("providers:queue")
    context = {
        "round": round_,
        "form": form,
        "subject_user": round_.user,
        "provider": round_.provider,
        "history": selectors.earlier_rounds_of(round_),
        "assignments": account_selectors.assignments_of(person=round_.user),
    }
    return render(request, "providers/round_detail.html", context, status=400 if form.errors else 200)


@access(any_user=True, scope="own documents; every user's for VERIFIKATOR, SYSADMIN, ADMIN_UKPBJ")
def document_view(request: AuthedRequest, pk: int) -> HttpResponseBase:
    """One stored document, inline (never through MEDIA_URL): its owner, verifiers and admins only."""
    doc = selectors.document_or_404(pk)
    if not selectors.can_see_archive_of(viewer=request.user, acting_role=request.acting_role, owner=doc.user):
        return render(request, "core/403.html", {"rule": None}, status=403)
    return document_response(request, doc, download=request.GET.get("unduh") == "1")


def _user_or_404(pk: int) -> User:
    owner = account_selectors.user_by_pk(pk)
    if owner is None:
        raise Http404
    return owner


def _archive(request: AuthedRequest, owner: User, *, can_manage: bool, form=None) -> HttpResponse:
    provider = selectors.provider_for_user(owner)
    context = documents_context(owner, provider, form) | {
        "owner": owner,
        "all_documents": selectors.documents_of(owner),
        "can_manage": can_manage,
        "doc_url": "providers:document",
        # facts other apps keep about the provider (e.g. contracts' performance ratings), for staff roles
        "panels": panels.collect("provider.staff", provider=provider, role=request.acting_role)
        if provider
        else [],
    }
    return render(request, "providers/archive.html", context, status=400 if form and form.errors else 200)


@access(any_user=True, scope="own documents")
def archive_mine(request: AuthedRequest) -> HttpResponse:
    """My documents (every version) and my verification history."""
    return _archive(request, request.user, can_manage=False)


@access(*ARCHIVE_ROLES)
def archive_index(request: AuthedRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    users = selectors.users_for_status_management(query)[:50] if query else []
    return render(request, "providers/archive_index.html", {"users": users, "q": query})


@access(*ARCHIVE_ROLES)
def archive_user(request: AuthedRequest, pk: int) -> HttpResponse:
    owner = _user_or_404(pk)
    can_manage = request.acting_role in STAFF_ADMIN_ROLES and not hasattr(owner, "provider")
    form = None
    if request.method == "POST":
        if not can_manage:
            return render(request, "core/403.html", {"rule": None}, status=403)
        form = upload_from_form(request, request.user, owner, None)
        if hasattr(form, "saved"):
            return redirect("providers:archive_user", pk=owner.pk)
    return _archive(request, owner, can_manage=can_manage, form=form)


@require_POST
@access(*STAFF_ADMIN_ROLES, scope="staff (non-provider) accounts")
def archive_submit(request: AuthedRequest, pk: int) -> HttpResponse:
    """An admin resubmits a staff member's replaced surat tugas / SK for verification."""
    owner = _user_or_404(pk)
    if hasattr(owner, "provider"):
        return render(request, "core/403.html", {"rule": None}, status=403)
    try:
        services.application_submit(actor=request.user, user=owner)
    except LenteraError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Diajukan untuk diverifikasi."))
    return redirect("providers:archive_user", pk=owner.pk)
