"""Providers API: sign-up and the applicant's application (public, with the applicant token), the provider's
own profile and eligibility, verification, User ID status, the blacklist."""

import dataclasses
import datetime as dt
from typing import Any

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from ninja import Body, File, Form, Router, Status
from ninja.files import UploadedFile
from ninja.security import APIKeyHeader

from lentera.accounts import selectors as account_selectors
from lentera.accounts.http import AuthedRequest
from lentera.accounts.models import User
from lentera.core.access import api_access
from lentera.core.api import PUBLIC
from lentera.core.clock import db_now
from lentera.core.errors import AccessDenied, NotFound
from lentera.core.roles import Role

from .. import selectors, services
from ..errors import ProvidersError
from ..forms_pdf import form_filename, render_form_pdf
from ..models import IdentityChange, Provider, VerificationRound
from ..sections import SECTIONS
from ..tokens import make_applicant_token, read_applicant_token
from . import proposals
from .schemas import (
    ApplicationOut,
    BlacklistIn,
    BlacklistOut,
    DocumentOut,
    EligibilityOut,
    EmailIn,
    EmailSentOut,
    IdentityApproveIn,
    IdentityChangeOut,
    IdentityRefuseIn,
    MyProviderOut,
    ProviderDecisionIn,
    ProviderOut,
    ProviderReasonIn,
    RoundDetailOut,
    RoundOut,
    SectionRowOut,
    SignupIn,
    SignupOut,
    StaffOut,
    UserStatusOut,
)

router = Router(tags=["providers"])
PREFIX = "/providers/"
router.add_router("/", proposals.router)  # blacklist proposals after a contract's termination

APPLICANT_HEADER = "X-Applicant-Token"
STATUS_ROLES = (Role.VERIFIKATOR, Role.SYSADMIN, Role.ADMIN_UKPBJ)
BLACKLIST_ROLES = (Role.VERIFIKATOR, Role.ADMIN_UKPBJ, Role.SYSADMIN, Role.PA, Role.KPA)


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def _round_out(r: VerificationRound) -> dict[str, Any]:
    documents, checks = selectors.round_parts(r)
    return {
        "id": r.pk,
        "user_id": r.user.user_id,
        "provider_id": r.provider_id,
        "subject": r.subject,
        "number": r.number,
        "submitted_at": r.submitted_at,
        "outcome": r.outcome,
        "decided_at": r.decided_at,
        "note": r.note,
        "document_ids": [d.pk for d in documents],
        "checks": [
            {"document_id": c.document_id, "matches_original": c.matches_original, "note": c.note}
            for c in checks
        ],
    }


class ApplicantToken(APIKeyHeader):
    """``X-Applicant-Token``: the pending applicant's token from the sign-up or the e-mailed link. Its presence
    is checked here (401 without it); :func:`_applicant` reads and checks the token itself."""

    param_name = APPLICANT_HEADER

    def authenticate(self, request: HttpRequest, key: str | None):
        return key or None


APPLICANT = ApplicantToken()


def _applicant(request: HttpRequest) -> tuple[User, Provider]:
    """The pending applicant named by the X-Applicant-Token header (from the sign-up or the e-mailed link)."""
    try:
        user = read_applicant_token(request.headers.get(APPLICANT_HEADER, ""))
    except ProvidersError as exc:
        raise ProvidersError(exc.code, exc.message, status=401)
    provider = selectors.provider_for_user(user)
    if user.status != User.Status.PENDING or provider is None:
        raise ProvidersError(
            "APPLICATION_CLOSED", _("Pendaftaran ini sudah selesai; silakan masuk."), status=409
        )
    return user, provider


def _application(user: User, provider: Provider) -> dict[str, Any]:
    return {
        "user_id": user.user_id,
        "account_status": user.status,
        "provider": provider,
        "documents": list(selectors.documents_of(user)),
        "rounds": [_round_out(r) for r in selectors.rounds_of(user)],
    }


def _pdf(kind: str, provider: Provider) -> HttpResponse:
    response = HttpResponse(render_form_pdf(kind, provider), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{form_filename(kind, provider)}"'
    return response


# --- Public: sign-up and the applicant's application -------------------------------------------------------


@router.post(
    "/signup/email", response={202: EmailSentOut}, auth=PUBLIC, summary="Sign-up step 1: e-mail link"
)
@api_access(public=True)
def signup_email(request: HttpRequest, payload: EmailIn):
    email = services.signup_email_request(email=payload.email, base_url=_base_url(request))
    return Status(202, {"email": email})


@router.post("/signup", response={201: SignupOut}, auth=PUBLIC, summary="Sign-up step 2: account and profile")
@api_access(public=True)
def signup(request: HttpRequest, payload: SignupIn):
    provider = services.registration_create(**payload.dict(), base_url=_base_url(request))
    return Status(
        201,
        {
            "user_id": provider.account.user_id,
            "provider": provider,
            "applicant_token": make_applicant_token(provider.account),
        },
    )


@router.get("/application", response=ApplicationOut, auth=APPLICANT, summary="The applicant's application")
@api_access(public=True)
def application(request: HttpRequest):
    return _application(*_applicant(request))


@router.post(
    "/application/documents",
    response={201: DocumentOut},
    auth=APPLICANT,
    summary="Upload an applicant's document",
)
@api_access(public=True)
def application_document(
    request: HttpRequest,
    kind: Form[str],
    file: File[UploadedFile],
    number: Form[str] = "",
    issued_on: Form[dt.date | None] = None,
    issuer: Form[str] = "",
):
    user, _provider = _applicant(request)
    doc = services.document_upload(
        actor=user, user=user, kind=kind, file=file, number=number, issued_on=issued_on, issuer=issuer
    )
    return Status(201, doc)


@router.post(
    "/application/submit", response={201: RoundOut}, auth=APPLICANT, summary="Submit for verification"
)
@api_access(public=True)
def application_submit(request: HttpRequest):
    user, _provider = _applicant(request)
    return Status(201, _round_out(services.application_submit(actor=user, user=user)))


@router.get("/application/forms/{kind}", auth=APPLICANT, summary="Registration / participation form (PDF)")
@api_access(public=True)
def application_form(request: HttpRequest, kind: str):
    return _pdf(kind, _applicant(request)[1])


@router.get(
    "/blacklist", response=list[BlacklistOut], auth=PUBLIC, summary="Active blacklist entries (public)"
)
@api_access(public=True)
def blacklist(request: HttpRequest):
    return list(selectors.active_blacklist())


# --- The provider's own profile ----------------------------------------------------------------------------


def _my_provider(request: AuthedRequest) -> Provider:
    provider = selectors.provider_for_user(request.user)
    if provider is None:
        raise NotFound("PROVIDER_NOT_FOUND", _("Akun ini belum memiliki profil penyedia."))
    return provider


@router.get("/me", response=MyProviderOut, summary="My provider profile and its completeness")
@api_access(Role.PENYEDIA, scope="own provider profile")
def me(request: AuthedRequest):
    provider = _my_provider(request)
    return {
        "provider": provider,
        "completeness": dataclasses.asdict(selectors.profile_completeness(provider)),
    }


@router.get("/me/qualification", summary="My qualification data (ADP), as tendering reads it")
@api_access(Role.PENYEDIA, scope="own provider profile")
def my_qualification(request: AuthedRequest):
    return dataclasses.asdict(selectors.qualification_data(_my_provider(request)))


@router.get("/me/eligibility", response=EligibilityOut, summary="May I register for and bid in a tender now?")
@api_access(Role.PENYEDIA, scope="own provider profile")
def my_eligibility(request: AuthedRequest):
    provider = _my_provider(request)
    at = db_now()
    services.ensure_can_bid(provider=provider, at=at)
    return {"eligible": True, "provider_id": provider.pk, "checked_at": at}


def _change_message(change: IdentityChange) -> str:
    documents = selectors.identity_change_documents(change)
    if change.status == IdentityChange.Status.PENDING and not documents:
        return str(
            _(
                "Perubahan data yang sudah diverifikasi menunggu verifikasi ulang; data lama tetap berlaku. "
                "Unggah dokumen pendukung (POST /api/v1/providers/me/identity-change/documents: kind, file) "
                "agar Verifikator dapat memeriksanya."
            )
        )
    if change.status == IdentityChange.Status.PENDING:
        return str(_("Menunggu verifikasi oleh Verifikator; data lama tetap berlaku sampai disetujui."))
    return str(change.get_status_display())


def _change_out(change: IdentityChange) -> dict[str, Any]:
    return {
        "id": change.pk,
        "provider_id": change.provider_id,
        "provider_name": change.provider.name,
        "number": change.number,
        "status": change.status,
        "proposed": change.proposed,
        "previous": change.previous,
        "note": change.note,
        "requested_by": change.requested_by.user_id,
        "requested_at": change.requested_at,
        "decided_by": change.decided_by.user_id if change.decided_by else None,
        "decided_at": change.decided_at,
        "reason": change.reason,
        "documents": selectors.identity_change_documents(change),
        "message": _change_message(change),
    }


@router.patch(
    "/me/identity",
    response={200: ProviderOut, 202: IdentityChangeOut},
    summary="Edit my identity section (verified data: 202, a pending change for the Verifikator)",
    description=(
        "A provider not yet verified edits directly (200, the provider). Once verified, a change to data the "
        "Verifikator checked (name, business_form, address, city, province, postal_code, representative_name, "
        "representative_position, representative_nik) is not written: it becomes a pending identity change "
        "(202), decided by the Verifikator against supporting documents uploaded with POST "
        "/me/identity-change/documents; the old values stay in force until then. Telephone, e-mail and "
        "is_small_business are written at once. Refused with 409 IDENTITY_CHANGE_PENDING while another change "
        "waits."
    ),
)
@api_access(Role.PENYEDIA, scope="own provider profile")
def my_identity(request: AuthedRequest, payload: Body[dict[str, Any]]):
    edit = services.provider_update_identity(actor=request.user, provider=_my_provider(request), data=payload)
    if edit.change is not None:
        return Status(202, _change_out(edit.change))
    return Status(200, edit.provider)


def _my_pending_change(request: AuthedRequest) -> IdentityChange:
    change = selectors.pending_identity_change(_my_provider(request))
    if change is None:
        raise NotFound("IDENTITY_CHANGE_NONE", _("Tidak ada perubahan identitas yang menunggu verifikasi."))
    return change


@router.get(
    "/me/identity-change", response=IdentityChangeOut, summary="My identity change waiting for verification"
)
@api_access(Role.PENYEDIA, scope="own provider profile")
def my_identity_change(request: AuthedRequest):
    return _change_out(_my_pending_change(request))


@router.get(
    "/me/identity-changes", response=list[IdentityChangeOut], summary="History of my identity changes"
)
@api_access(Role.PENYEDIA, scope="own provider profile")
def my_identity_changes(request: AuthedRequest):
    return [_change_out(c) for c in selectors.identity_changes_of(_my_provider(request))]


@router.post(
    "/me/identity-change/documents",
    response={201: IdentityChangeOut},
    summary="Add a supporting document (PDF, JPEG, PNG) to my pending identity change",
)
@api_access(Role.PENYEDIA, scope="own provider profile")
def my_identity_change_document(request: AuthedRequest, kind: Form[str], file: File[UploadedFile]):
    change = services.identity_change_add_document(
        actor=request.user, provider=_my_provider(request), kind=kind, file=file
    )
    return Status(201, _change_out(change))


@router.post(
    "/me/identity-change/withdraw", response=IdentityChangeOut, summary="Withdraw my pending identity change"
)
@api_access(Role.PENYEDIA, scope="own provider profile")
def my_identity_change_withdraw(request: AuthedRequest):
    return _change_out(services.identity_change_withdraw(actor=request.user, provider=_my_provider(request)))


def _row_out(section: str, obj) -> dict[str, Any]:
    fields = SECTIONS[section].fields
    return {"id": obj.pk, "section": section, "data": {f: getattr(obj, f) for f in fields}}


@router.post("/me/sections/{section}", response={201: SectionRowOut}, summary="Add a row to an ADP section")
@api_access(Role.PENYEDIA, scope="own provider profile")
def section_add(request: AuthedRequest, section: str, payload: Body[dict[str, Any]]):
    obj = services.section_save(
        actor=request.user, provider=_my_provider(request), section=section, data=payload
    )
    return Status(201, _row_out(section, obj))


@router.put("/me/sections/{section}/{row_id}", response=SectionRowOut, summary="Edit a row of an ADP section")
@api_access(Role.PENYEDIA, scope="own provider profile")
def section_edit(request: AuthedRequest, section: str, row_id: int, payload: Body[dict[str, Any]]):
    provider = _my_provider(request)
    obj = services.section_save(
        actor=request.user, provider=provider, section=section, data=payload, pk=row_id
    )
    return _row_out(section, obj)


@router.delete(
    "/me/sections/{section}/{row_id}", response={204: None}, summary="Remove a row of an ADP section"
)
@api_access(Role.PENYEDIA, scope="own provider profile")
def section_remove(request: AuthedRequest, section: str, row_id: int):
    services.section_delete(actor=request.user, provider=_my_provider(request), section=section, pk=row_id)
    return Status(204, None)


@router.post("/me/documents", response={201: DocumentOut}, summary="Upload a new version of my document")
@api_access(Role.PENYEDIA, scope="own documents")
def my_document(
    request: AuthedRequest,
    kind: Form[str],
    file: File[UploadedFile],
    number: Form[str] = "",
    issued_on: Form[dt.date | None] = None,
    issuer: Form[str] = "",
):
    _my_provider(request)
    doc = services.document_upload(
        actor=request.user,
        user=request.user,
        kind=kind,
        file=file,
        number=number,
        issued_on=issued_on,
        issuer=issuer,
    )
    return Status(201, doc)


@router.post("/me/submit", response={201: RoundOut}, summary="Submit my changed documents for verification")
@api_access(Role.PENYEDIA, scope="own documents")
def my_submit(request: AuthedRequest):
    _my_provider(request)
    return Status(201, _round_out(services.application_submit(actor=request.user, user=request.user)))


# --- Verification ------------------------------------------------------------------------------------------


@router.get("/verification/queue", response=list[RoundOut], summary="Applications waiting, oldest first")
@api_access(Role.VERIFIKATOR)
def verification_queue(request: AuthedRequest):
    return [_round_out(r) for r in selectors.verification_queue_with_parts()]


@router.get("/verification/rounds/{round_id}", response=RoundDetailOut, summary="One application")
@api_access(Role.VERIFIKATOR)
def verification_round(request: AuthedRequest, round_id: int):
    r = selectors.round_or_404(round_id)
    return {
        **_round_out(r),
        "full_name": r.user.full_name,
        "email": r.user.email,
        "provider": r.provider,
        "documents": selectors.round_documents(r),
    }


def _checks(payload: ProviderDecisionIn) -> list[services.CheckInput]:
    return [services.CheckInput(c.document_id, c.matches_original, c.note) for c in payload.checks]


@router.post(
    "/verification/rounds/{round_id}/approve", response=RoundOut, summary="Approve; activates the User ID"
)
@api_access(Role.VERIFIKATOR)
def verification_approve(request: AuthedRequest, round_id: int, payload: ProviderDecisionIn):
    r = services.verification_approve(
        actor=request.user,
        round_id=round_id,
        checks=_checks(payload),
        note=payload.note,
        base_url=_base_url(request),
    )
    return _round_out(r)


@router.post("/verification/rounds/{round_id}/reject", response=RoundOut, summary="Reject with reasons")
@api_access(Role.VERIFIKATOR)
def verification_reject(request: AuthedRequest, round_id: int, payload: ProviderDecisionIn):
    r = services.verification_reject(
        actor=request.user,
        round_id=round_id,
        checks=_checks(payload),
        note=payload.note,
        base_url=_base_url(request),
    )
    return _round_out(r)


@router.get(
    "/verification/identity-changes",
    response=list[IdentityChangeOut],
    summary="Identity changes of verified providers waiting, oldest first",
)
@api_access(Role.VERIFIKATOR)
def identity_change_queue(request: AuthedRequest):
    return [_change_out(c) for c in selectors.identity_change_queue_with_documents()]


def _change_for_review(change_id: int) -> IdentityChange:
    change = selectors.identity_change_for_review(change_id)
    if change is None:
        raise NotFound("IDENTITY_CHANGE_NOT_FOUND", _("Perubahan identitas tidak ditemukan."))
    return change


@router.get(
    "/verification/identity-changes/{change_id}", response=IdentityChangeOut, summary="One identity change"
)
@api_access(Role.VERIFIKATOR)
def identity_change_detail(request: AuthedRequest, change_id: int):
    return _change_out(_change_for_review(change_id))


@router.post(
    "/verification/identity-changes/{change_id}/approve",
    response=IdentityChangeOut,
    summary="Approve an identity change; the new values take effect",
)
@api_access(Role.VERIFIKATOR)
def identity_change_approve(request: AuthedRequest, change_id: int, payload: IdentityApproveIn):
    return _change_out(
        services.identity_change_approve(actor=request.user, change_id=change_id, note=payload.note)
    )


@router.post(
    "/verification/identity-changes/{change_id}/refuse",
    response=IdentityChangeOut,
    summary="Refuse an identity change with a reason; the old values stay",
)
@api_access(Role.VERIFIKATOR)
def identity_change_refuse(request: AuthedRequest, change_id: int, payload: IdentityRefuseIn):
    return _change_out(
        services.identity_change_refuse(actor=request.user, change_id=change_id, reason=payload.reason)
    )


@router.get(
    "/identity-change-documents/{document_id}",
    summary="A supporting document of an identity change (the provider, verifiers, admins)",
)
@api_access(any_user=True, scope="own provider's documents; every one for VERIFIKATOR, SYSADMIN, ADMIN_UKPBJ")
def identity_change_document(request: AuthedRequest, document_id: int):
    doc = selectors.identity_document(document_id)
    role = request.headers.get("X-Lentera-Role") or getattr(request, "acting_role", None)
    if doc is None:
        raise NotFound("DOCUMENT_NOT_FOUND", _("Dokumen tidak ditemukan."))
    if not selectors.can_see_identity_document(viewer=request.user, acting_role=role, document=doc):
        raise AccessDenied("DOCUMENT_FORBIDDEN", _("Anda tidak berhak melihat dokumen ini."))
    assert doc.file.name is not None  # a stored document always has its file
    response = FileResponse(default_storage.open(doc.file.name, "rb"), content_type=doc.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@router.get("/documents/{document_id}", summary="A stored document (owner, verifiers, admins)")
@api_access(any_user=True, scope="own documents; every user's for VERIFIKATOR, SYSADMIN, ADMIN_UKPBJ")
def document(request: AuthedRequest, document_id: int):
    doc = selectors.document_or_404(document_id)
    role = request.headers.get("X-Lentera-Role") or getattr(request, "acting_role", None)
    if not selectors.can_see_archive_of(viewer=request.user, acting_role=role, owner=doc.user):
        raise AccessDenied("DOCUMENT_FORBIDDEN", _("Anda tidak berhak melihat dokumen ini."))
    assert doc.file.name is not None  # a stored Document always has its file
    response = FileResponse(default_storage.open(doc.file.name, "rb"), content_type=doc.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- Administration ----------------------------------------------------------------------------------------


@router.post("/staff", response={201: StaffOut}, summary="Register a staff user with the surat tugas / SK")
@api_access(Role.SYSADMIN, Role.ADMIN_UKPBJ)
def staff_register(
    request: AuthedRequest,
    user_id: Form[str],
    full_name: Form[str],
    email: Form[str],
    role: Form[str],
    work_unit_id: Form[int],
    decree_number: Form[str],
    decree_date: Form[dt.date],
    file: File[UploadedFile],
    nip: Form[str] = "",
    phone: Form[str] = "",
):
    user = services.staff_register(
        actor=request.user,
        user_id=user_id,
        full_name=full_name,
        email=email,
        role=role,
        work_unit=account_selectors.work_unit_by_pk(work_unit_id),
        decree_number=decree_number,
        decree_date=decree_date,
        file=file,
        nip=nip,
        phone=phone,
    )
    round_ = selectors.last_round_of(user)
    assert round_ is not None  # staff_register opens the user's first verification round
    return Status(201, {"user_id": user.user_id, "status": user.status, "round_id": round_.pk})


def _user(user_id: str) -> User:
    user = account_selectors.user_by_login(user_id)
    if user is None:
        raise Http404
    return user


@router.post(
    "/accounts/{user_id}/deactivate", response=UserStatusOut, summary="Deactivate a User ID, with reason"
)
@api_access(*STATUS_ROLES)
def account_deactivate(request: AuthedRequest, user_id: str, payload: ProviderReasonIn):
    return services.account_deactivate(actor=request.user, user=_user(user_id), reason=payload.reason)


@router.post(
    "/accounts/{user_id}/reactivate", response=UserStatusOut, summary="Reactivate a User ID, with reason"
)
@api_access(*STATUS_ROLES)
def account_reactivate(request: AuthedRequest, user_id: str, payload: ProviderReasonIn):
    return services.account_reactivate(actor=request.user, user=_user(user_id), reason=payload.reason)


@router.post(
    "/blacklist", response={201: BlacklistOut}, summary="Enter a blacklist sanction (PA/KPA request)"
)
@api_access(*BLACKLIST_ROLES)
def blacklist_create(request: AuthedRequest, payload: BlacklistIn):
    data = payload.dict()
    requester_id = data.pop("requested_by_user_id")
    requester = _user(requester_id) if requester_id else None
    proposal_id = data.pop("proposal_id")
    proposal = selectors.blacklist_proposal_or_404(proposal_id) if proposal_id else None
    return Status(
        201,
        services.blacklist_create(actor=request.user, requested_by=requester, proposal=proposal, **data),
    )
