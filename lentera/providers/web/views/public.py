"""Public pages: provider sign-up (no login), the applicant's application, and the public blacklist."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lentera.core.access import access
from lentera.core.errors import LenteraError

from ... import rules, selectors, services
from ...forms_pdf import form_filename, render_form_pdf
from ...models import Document, Provider
from ...tokens import read_applicant_token, read_email_token
from ..forms import DocumentUploadForm, SignupAccountForm, SignupEmailForm, add_service_error
from .common import applicant_login, base_url, current_applicant, document_response, pdf_response


@access(public=True)
def signup_email(request: HttpRequest) -> HttpResponse:
    """Step 1: the e-mail address, proven by a signed link. The page states that registration is free."""
    form = SignupEmailForm(request.POST if request.method == "POST" else None)
    sent_to = None
    if request.method == "POST" and form.is_valid():
        try:
            sent_to = services.signup_email_request(
                email=form.cleaned_data["email"], base_url=base_url(request)
            )
        except LenteraError as exc:
            add_service_error(form, exc)
    return render(request, "providers/signup_email.html", {"form": form, "sent_to": sent_to})


@access(public=True)
def signup_account(request: HttpRequest, token: str) -> HttpResponse:
    """Step 2 (from the e-mail link): User ID, password and the provider's profile."""
    try:
        email = read_email_token(token)
    except LenteraError as exc:
        return render(request, "providers/link_invalid.html", {"error": exc}, status=400)
    form = SignupAccountForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            provider = services.registration_create(
                email_token=token,
                user_id=data["user_id"],
                full_name=data["full_name"],
                password=data["password1"],
                phone=data["phone"],
                business_form=data["business_form"],
                name=data["name"],
                npwp=data["npwp"],
                address=data["address"],
                city=data["city"],
                province=data["province"],
                postal_code=data["postal_code"],
                provider_phone=data["provider_phone"],
                representative_name=data["representative_name"],
                representative_position=data["representative_position"],
                base_url=base_url(request),
            )
        except LenteraError as exc:
            add_service_error(form, exc)
        else:
            applicant_login(request, provider.account)
            messages.success(
                request, _("Akun dan profil penyedia tersimpan. Lengkapi dokumen lalu ajukan verifikasi.")
            )
            return redirect("providers:applicant_home")
    return render(request, "providers/signup_account.html", {"form": form, "email": email})


@access(public=True)
def applicant_enter(request: HttpRequest, token: str) -> HttpResponse:
    """The link e-mailed to a pending applicant: opens their application in this browser."""
    try:
        user = read_applicant_token(token)
    except LenteraError as exc:
        return render(request, "providers/link_invalid.html", {"error": exc}, status=400)
    if user.status != user.Status.PENDING:
        messages.info(request, _("Akun Anda sudah aktif. Silakan masuk."))
        return redirect("accounts:login")
    applicant_login(request, user)
    return redirect("providers:applicant_home")


@access(public=True)
def applicant_link(request: HttpRequest) -> HttpResponse:
    """Ask for a new link to one's application (same answer whether or not the address is known)."""
    form = SignupEmailForm(request.POST if request.method == "POST" else None)
    sent = False
    if request.method == "POST" and form.is_valid():
        services.applicant_link_request(email=form.cleaned_data["email"], base_url=base_url(request))
        sent = True
    return render(request, "providers/applicant_link.html", {"form": form, "sent": sent})


def _no_application(request: HttpRequest) -> HttpResponse:
    return render(request, "providers/applicant_none.html", status=403)


def documents_context(user, provider: Provider | None, upload_form=None) -> dict:
    kinds = rules.provider_allowed_documents(provider) if provider else rules.STAFF_REQUIRED_DOCUMENTS
    required = rules.provider_required_documents(provider) if provider else rules.STAFF_REQUIRED_DOCUMENTS
    current = selectors.current_documents_of(user)
    last_round = selectors.last_round_of(user)
    rows = [
        {"kind": k, "label": Document.Kind(k).label, "required": k in required, "doc": current.get(k)}
        for k in kinds
    ]
    return {
        "applicant": user,
        "provider": provider,
        "rows": rows,
        "rounds": selectors.rounds_of(user),
        "last_round": last_round,
        "pending": last_round is not None and last_round.outcome == last_round.Outcome.PENDING,
        "rejected_documents": selectors.rejected_documents_of(user),
        "upload_form": upload_form or DocumentUploadForm(kinds=kinds),
        "max_mb": rules.upload_max_bytes() // (1024 * 1024),
    }


def upload_from_form(request: HttpRequest, actor, user, provider) -> DocumentUploadForm:
    """Parse the upload form and call the service; returns the form (with errors if refused)."""
    kinds = rules.provider_allowed_documents(provider) if provider else rules.STAFF_REQUIRED_DOCUMENTS
    form = DocumentUploadForm(request.POST, request.FILES, kinds=kinds)
    if form.is_valid():
        data = form.cleaned_data
        try:
            doc = services.document_upload(
                actor=actor,
                user=user,
                kind=data["kind"],
                file=data["file"],
                number=data["number"],
                issued_on=data["issued_on"],
                issuer=data["issuer"],
            )
        except LenteraError as exc:
            add_service_error(form, exc)
        else:
            messages.success(
                request,
                _("%(kind)s versi %(v)s tersimpan.") % {"kind": doc.get_kind_display(), "v": doc.version},
            )
            form.saved = doc
    return form


@access(public=True)
def applicant_home(request: HttpRequest) -> HttpResponse:
    """The pending applicant's page: documents, the two forms to download, rejection reasons, submission."""
    found = current_applicant(request)
    if found is None:
        return _no_application(request)
    user, provider = found
    form = None
    if request.method == "POST":
        form = upload_from_form(request, user, user, provider)
        if hasattr(form, "saved"):
            return redirect("providers:applicant_home")
    context = documents_context(user, provider, form)
    context.update({"form_url": "providers:applicant_form", "doc_url": "providers:applicant_document"})
    return render(
        request, "providers/applicant_home.html", context, status=400 if form and form.errors else 200
    )


@require_POST
@access(public=True)
def applicant_submit(request: HttpRequest) -> HttpResponse:
    found = current_applicant(request)
    if found is None:
        return _no_application(request)
    user, _provider = found
    try:
        services.application_submit(actor=user, user=user)
    except LenteraError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request, _("Dokumen diajukan untuk diverifikasi. Bawa dokumen asli ke layanan verifikasi.")
        )
    return redirect("providers:applicant_home")


@access(public=True)
def applicant_form(request: HttpRequest, kind: str) -> HttpResponse:
    found = current_applicant(request)
    if found is None:
        return _no_application(request)
    _user, provider = found
    try:
        content = render_form_pdf(kind, provider)
    except LenteraError:
        raise Http404
    return pdf_response(content, form_filename(kind, provider))


@access(public=True)
def applicant_document(request: HttpRequest, pk: int) -> HttpResponseBase:
    found = current_applicant(request)
    if found is None:
        return _no_application(request)
    doc = selectors.document_of(user=found[0], pk=pk)
    if doc is None:
        raise Http404
    return document_response(request, doc)
