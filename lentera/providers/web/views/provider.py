"""The provider's own pages: ADP profile sections, documents (new versions), the two forms."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lentera.accounts.http import AuthedRequest
from lentera.core.access import access
from lentera.core.errors import LenteraError
from lentera.core.roles import Role

from ... import selectors, services
from ...forms_pdf import form_filename, render_form_pdf
from ...models import Provider
from ...sections import (
    SECTIONS,
    VERIFIED_IDENTITY_FIELDS,
    headers,
    identity_label,
    row_values,
    sections_for,
)
from ..forms import IdentityDocumentsForm, IdentityForm, add_service_error, section_form_class
from .common import pdf_response
from .public import documents_context, upload_from_form

SCOPE = "own provider profile"


def _provider_or_404(request: AuthedRequest):
    provider = selectors.provider_for_user(request.user)
    if provider is None:
        raise Http404(_("Akun ini belum memiliki profil penyedia."))
    return provider


@access(Role.PENYEDIA, scope=SCOPE)
def profile_home(request: AuthedRequest) -> HttpResponse:
    provider = _provider_or_404(request)
    sections = [
        (s, headers(s), [(row, row_values(row, s.fields)) for row in s.related(provider)])
        for s in sections_for(provider)
    ]
    context = {
        "provider": provider,
        "sections": sections,
        "completeness": selectors.profile_completeness(provider),
        "blacklisted": services.active_blacklist_entry(npwp=provider.npwp, at=timezone.now()),
        "pending_change": selectors.pending_identity_change(provider),
    }
    return render(request, "providers/profile.html", context)


@access(Role.PENYEDIA, scope=SCOPE)
def profile_identity(request: AuthedRequest) -> HttpResponse:
    """The identity section. A verified provider's changes to verified data go to the Verifikator with their
    supporting documents (services.provider_update_identity); the old values stay in force meanwhile."""
    provider = _provider_or_404(request)
    verified = provider.status == Provider.Status.VERIFIED
    post = request.method == "POST"
    # The form gets its own copy: a bound ModelForm writes the typed values into its instance.
    form = IdentityForm(request.POST if post else None, instance=_provider_or_404(request))
    docs_form = (
        IdentityDocumentsForm(request.POST if post else None, request.FILES if post else None, prefix="dok")
        if verified
        else None
    )
    if post and form.is_valid() and (docs_form is None or docs_form.is_valid()):
        data = {name: form.cleaned_data[name] for name in form.fields}
        try:
            edit = services.provider_update_identity(
                actor=request.user,
                provider=provider,
                data=data,
                documents=docs_form.documents() if docs_form else (),
                note=docs_form.cleaned_data["note"] if docs_form else "",
            )
        except LenteraError as exc:
            add_service_error(form, exc)
        else:
            if edit.change is not None:
                messages.success(
                    request,
                    _(
                        "Perubahan data yang sudah diverifikasi diajukan ke Verifikator. Data lama tetap berlaku "
                        "sampai perubahan disetujui."
                    ),
                )
                return redirect("providers:identity_changes")
            messages.success(request, _("Identitas penyedia diperbarui."))
            return redirect("providers:profile")
    context = {
        "form": form,
        "docs_form": docs_form,
        "provider": provider,
        "verified": verified,
        "pending": selectors.pending_identity_change(provider) if verified else None,
        "verified_labels": [identity_label(f) for f in VERIFIED_IDENTITY_FIELDS],
    }
    status = 400 if (form.errors or (docs_form is not None and docs_form.errors)) else 200
    return render(request, "providers/identity_form.html", context, status=status)


def _section(key: str):
    section = SECTIONS.get(key)
    if section is None:
        raise Http404
    return section


def _section_form_view(request: AuthedRequest, key: str, pk: int | None) -> HttpResponse:
    provider = _provider_or_404(request)
    section = _section(key)
    instance = None
    if pk is not None:
        instance = selectors.section_row(section=section, provider=provider, pk=pk)
        if instance is None:
            raise Http404
    form_class = section_form_class(section)
    form = form_class(request.POST if request.method == "POST" else None, instance=instance)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in section.fields}
        try:
            services.section_save(actor=request.user, provider=provider, section=key, data=data, pk=pk)
        except LenteraError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("%(section)s tersimpan.") % {"section": section.title})
            return redirect("providers:profile")
    return render(
        request, "providers/section_form.html", {"form": form, "title": section.title, "provider": provider}
    )


@access(Role.PENYEDIA, scope=SCOPE)
def section_add(request: AuthedRequest, section: str) -> HttpResponse:
    return _section_form_view(request, section, None)


@access(Role.PENYEDIA, scope=SCOPE)
def section_edit(request: AuthedRequest, section: str, pk: int) -> HttpResponse:
    return _section_form_view(request, section, pk)


@require_POST
@access(Role.PENYEDIA, scope=SCOPE)
def section_delete(request: AuthedRequest, section: str, pk: int) -> HttpResponse:
    provider = _provider_or_404(request)
    _section(section)
    try:
        services.section_delete(actor=request.user, provider=provider, section=section, pk=pk)
    except LenteraError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Data dihapus."))
    return redirect("providers:profile")


@access(Role.PENYEDIA, scope=SCOPE)
def provider_documents(request: AuthedRequest) -> HttpResponse:
    """A verified provider replaces a document (new version) and submits it for verification."""
    provider = _provider_or_404(request)
    form = None
    if request.method == "POST":
        form = upload_from_form(request, request.user, request.user, provider)
        if hasattr(form, "saved"):
            return redirect("providers:documents")
    context = documents_context(request.user, provider, form)
    context.update({"form_url": "providers:form", "doc_url": "providers:document"})
    return render(request, "providers/documents.html", context, status=400 if form and form.errors else 200)


@require_POST
@access(Role.PENYEDIA, scope=SCOPE)
def provider_submit(request: AuthedRequest) -> HttpResponse:
    _provider_or_404(request)
    try:
        services.application_submit(actor=request.user, user=request.user)
    except LenteraError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Dokumen diajukan untuk diverifikasi."))
    return redirect("providers:documents")


@access(Role.PENYEDIA, scope=SCOPE)
def provider_form(request: AuthedRequest, kind: str) -> HttpResponse:
    provider = _provider_or_404(request)
    try:
        content = render_form_pdf(kind, provider)
    except LenteraError:
        raise Http404
    return pdf_response(content, form_filename(kind, provider))
