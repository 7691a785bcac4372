"""Reads of the providers app, scoped to what the reader may see, and the qualification API for tendering.

Tendering reads a provider's qualification data through :func:`provider_for_user` and
:func:`qualification_data` (frozen dataclasses: a snapshot, safe to keep in an evaluation record).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import models
from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lentera.accounts.models import User
from lentera.core.errors import NotFound
from lentera.core.roles import Role

from .models import (
    BlacklistEntry,
    BlacklistProposal,
    BusinessLicence,
    Document,
    DocumentCheck,
    IdentityChange,
    IdentityChangeDocument,
    Provider,
    VerificationRound,
)
from .sections import VERIFIED_IDENTITY_FIELDS, Section, identity_label, sections_for

#: Who sees every user's documents and verification history besides the user (Lampiran 2.3 c 4).
ARCHIVE_ROLES = frozenset({Role.VERIFIKATOR, Role.SYSADMIN, Role.ADMIN_UKPBJ})


@dataclass(frozen=True)
class Identity:
    provider_id: int
    npwp: str
    name: str
    business_form: str
    address: str
    city: str
    province: str
    phone: str
    email: str
    representative_name: str
    representative_position: str
    is_small_business: bool
    status: str
    verified_at: dt.datetime | None


@dataclass(frozen=True)
class Licence:
    kind: str
    number: str
    issuer: str
    issued_on: dt.date
    expires_on: dt.date | None
    kbli: tuple[str, ...]
    qualification: str

    def valid_on(self, day: dt.date) -> bool:
        return self.issued_on <= day and (self.expires_on is None or self.expires_on >= day)


@dataclass(frozen=True)
class TaxInfo:
    npwp: str
    latest_spt_year: int | None
    latest_spt_receipt: str
    latest_spt_submitted_on: dt.date | None


@dataclass(frozen=True)
class DeedInfo:
    kind: str
    number: str
    date: dt.date
    notary: str
    approval_number: str


@dataclass(frozen=True)
class OwnerInfo:
    name: str
    id_number: str
    share_percent: Decimal


@dataclass(frozen=True)
class ManagerInfo:
    name: str
    position: str
    nik: str


@dataclass(frozen=True)
class ExpertInfo:
    name: str
    education: str
    expertise: str
    years_experience: int
    certificate_name: str
    certificate_number: str
    certificate_expires_on: dt.date | None


@dataclass(frozen=True)
class EquipmentInfo:
    name: str
    quantity: int
    capacity: str
    brand: str
    ownership: str
    condition: str


@dataclass(frozen=True)
class ExperienceInfo:
    contract_name: str
    client: str
    contract_number: str
    contract_date: dt.date
    completed_on: dt.date | None
    value: Decimal
    kbli: tuple[str, ...]


@dataclass(frozen=True)
class QualificationData:
    identity: Identity
    licences: tuple[Licence, ...]
    tax: TaxInfo
    deeds: tuple[DeedInfo, ...]
    owners: tuple[OwnerInfo, ...]
    managers: tuple[ManagerInfo, ...]
    experts: tuple[ExpertInfo, ...]
    equipment: tuple[EquipmentInfo, ...]
    experience: tuple[ExperienceInfo, ...]

    def licences_valid_on(self, day: dt.date) -> tuple[Licence, ...]:
        return tuple(lic for lic in self.licences if lic.valid_on(day))

    def kbli_codes_valid_on(self, day: dt.date) -> frozenset[str]:
        return frozenset(code for lic in self.licences_valid_on(day) for code in lic.kbli)


def provider_for_user(user) -> Provider | None:
    """The provider profile of a logged-in provider account, or None."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return Provider.objects.filter(account=user).first()


def _kbli(text: str) -> tuple[str, ...]:
    return tuple(code.strip() for code in (text or "").split(",") if code.strip())


def qualification_data(provider: Provider) -> QualificationData:
    """Everything a qualification evaluation reads about a provider (ADP, Lampiran 2.3 c 5)."""
    p = provider
    latest_tax = p.tax_reports.order_by("-year").first()
    return QualificationData(
        identity=Identity(
            provider_id=p.pk,
            npwp=p.npwp,
            name=p.name,
            business_form=p.business_form,
            address=p.address,
            city=p.city,
            province=p.province,
            phone=p.phone,
            email=p.email,
            representative_name=p.representative_name,
            representative_position=p.representative_position,
            is_small_business=p.is_small_business,
            status=p.status,
            verified_at=p.verified_at,
        ),
        licences=tuple(
            Licence(
                lic.kind,
                lic.number,
                lic.issuer,
                lic.issued_on,
                lic.expires_on,
                _kbli(lic.kbli),
                lic.qualification,
            )
            for lic in p.licences.all()
        ),
        tax=TaxInfo(
            npwp=p.npwp,
            latest_spt_year=latest_tax.year if latest_tax else None,
            latest_spt_receipt=latest_tax.receipt_number if latest_tax else "",
            latest_spt_submitted_on=latest_tax.submitted_on if latest_tax else None,
        ),
        deeds=tuple(DeedInfo(d.kind, d.number, d.date, d.notary, d.approval_number) for d in p.deeds.all()),
        owners=tuple(OwnerInfo(o.name, o.id_number, o.share_percent) for o in p.owners.all()),
        managers=tuple(ManagerInfo(m.name, m.position, m.nik) for m in p.managers.all()),
        experts=tuple(
            ExpertInfo(
                e.name,
                e.education,
                e.expertise,
                e.years_experience,
                e.certificate_name,
                e.certificate_number,
                e.certificate_expires_on,
            )
            for e in p.experts.all()
        ),
        equipment=tuple(
            EquipmentInfo(e.name, e.quantity, e.capacity, e.brand, e.ownership, e.condition)
            for e in p.equipment.all()
        ),
        experience=tuple(
            ExperienceInfo(
                x.contract_name,
                x.client,
                x.contract_number,
                x.contract_date,
                x.completed_on,
                x.value,
                _kbli(x.kbli),
            )
            for x in p.experience.all()
        ),
    )


@dataclass(frozen=True)
class Completeness:
    percent: int
    missing: tuple[str, ...]


def profile_completeness(provider: Provider) -> Completeness:
    """Share of the ADP sections filled in: identity, plus each section that applies to this provider
    (the licence section counts once an NIB is recorded)."""
    missing: list[str] = []
    total = 1
    if not (provider.representative_name and provider.address and provider.phone):
        missing.append(str(_("Identitas")))
    for section in sections_for(provider):
        if not section.counts_for_completeness:
            continue
        total += 1
        rows = section.related(provider)
        if section.model is BusinessLicence:
            rows = rows.filter(kind=BusinessLicence.Kind.NIB)
        if not rows.exists():
            missing.append(str(section.title))
    percent = round(100 * (total - len(missing)) / total)
    return Completeness(percent=percent, missing=tuple(missing))


def verification_queue() -> QuerySet[VerificationRound]:
    """Pending rounds, oldest first (Lampiran 2.3 c 1: registration and verification service)."""
    return (
        VerificationRound.objects.filter(outcome=VerificationRound.Outcome.PENDING)
        .select_related("user", "provider")
        .order_by("submitted_at", "pk")
    )


def can_see_archive_of(*, viewer, acting_role: str | None, owner: User) -> bool:
    """Lampiran 2.3 c 4: a user's documents and history are seen by the user, verifiers and admins only.

    Cites: Permendagri 53/2021 Lampiran 2.3 c 4;
           Perbup PPU 2/2021 Pasal 4 d 7 (mengelola arsip dan dokumen pengguna SPSE).
    """
    if viewer is None or not getattr(viewer, "is_authenticated", False):
        return False
    if viewer.pk == owner.pk:
        return True
    return acting_role in ARCHIVE_ROLES and acting_role in viewer.active_role_codes()


def documents_of(user: User) -> QuerySet[Document]:
    """Every version of every document of a user (never deleted), newest version first."""
    return Document.objects.filter(user=user).order_by("kind", "-version")


def current_documents_of(user: User) -> dict[str, Document]:
    return {d.kind: d for d in Document.objects.filter(user=user, replaced_at__isnull=True)}


def rounds_of(user: User) -> QuerySet[VerificationRound]:
    return (
        VerificationRound.objects.filter(user=user)
        .select_related("decided_by")
        .prefetch_related("checks__document", "documents")
        .order_by("-number")
    )


def last_round_of(user: User) -> VerificationRound | None:
    return VerificationRound.objects.filter(user=user).order_by("-number").first()


def rejected_documents_of(user: User) -> list[Document]:
    """Current documents the Verifikator refused, still waiting for a new version."""
    return list(Document.objects.filter(user=user, replaced_at__isnull=True, review=Document.Review.REJECTED))


def active_blacklist(day: dt.date | None = None) -> QuerySet[BlacklistEntry]:
    """Entries in force today (Asia/Jakarta): the public list. Expired entries drop out by themselves."""
    return BlacklistEntry.objects.active_on(day or timezone.localdate()).order_by(
        "-starts_on", "provider_name"
    )


def blacklist_all() -> QuerySet[BlacklistEntry]:
    return BlacklistEntry.objects.select_related("requested_by", "entered_by").order_by("-starts_on", "pk")


def open_blacklist_proposals() -> QuerySet[BlacklistProposal]:
    """Blacklist sanctions proposed (by a PPK after a termination) and not decided yet, oldest first."""
    return BlacklistProposal.objects.filter(status=BlacklistProposal.Status.OPEN).order_by(
        "proposed_at", "pk"
    )


def open_blacklist_proposal(pk: Any) -> BlacklistProposal | None:
    try:
        return open_blacklist_proposals().filter(pk=int(pk)).first()
    except (TypeError, ValueError):
        return None


def blacklist_proposals() -> QuerySet[BlacklistProposal]:
    """Every blacklist proposal (open first, then the decided ones, newest first), for the officials who decide."""
    return BlacklistProposal.objects.select_related("decided_by", "entry", "proposed_by").order_by(
        "-status", "-proposed_at", "-pk"
    )


def blacklist_proposal_or_404(pk: int) -> BlacklistProposal:
    found = blacklist_proposals().filter(pk=pk).first()
    if found is None:
        raise NotFound("PROPOSAL_NOT_FOUND", _("Usulan tidak ditemukan."))
    return found


def users_for_status_management(query: str = "") -> QuerySet[User]:
    qs = User.objects.order_by("user_id")
    if query:
        qs = qs.filter(
            Q(user_id__icontains=query) | Q(full_name__icontains=query) | Q(email__icontains=query)
        )
    return qs


def pa_kpa_users() -> QuerySet[User]:
    from lentera.accounts.models import RoleAssignment

    ids = RoleAssignment.objects.active().filter(role__in=[Role.PA, Role.KPA]).values("user_id")
    return User.objects.filter(pk__in=ids, status=User.Status.ACTIVE).order_by("full_name")


# --- Identity changes of verified providers (services.identity) ----------------------------------------------


def pending_identity_change(provider: Provider) -> IdentityChange | None:
    """The provider's change waiting for the Verifikator (at most one), with its documents."""
    return (
        IdentityChange.objects.filter(provider=provider, status=IdentityChange.Status.PENDING)
        .prefetch_related("documents")
        .first()
    )


def identity_changes_of(provider: Provider) -> QuerySet[IdentityChange]:
    """Every change the provider asked for, whatever became of it, newest first (the history)."""
    return (
        IdentityChange.objects.filter(provider=provider)
        .select_related("requested_by", "decided_by")
        .prefetch_related("documents")
        .order_by("-number")
    )


def identity_change_queue() -> QuerySet[IdentityChange]:
    """Pending identity changes, oldest first, with the number of supporting documents (Perbup PPU 2/2021
    Pasal 4 d 3-4)."""
    return (
        IdentityChange.objects.filter(status=IdentityChange.Status.PENDING)
        .select_related("provider", "requested_by")
        .annotate(document_count=Count("documents"))
        .order_by("requested_at", "pk")
    )


def identity_change_for_review(pk: int) -> IdentityChange | None:
    return (
        IdentityChange.objects.select_related("provider", "requested_by", "decided_by")
        .prefetch_related("documents")
        .filter(pk=pk)
        .first()
    )


@dataclass(frozen=True)
class FieldComparison:
    field: str
    label: str
    in_force: str
    proposed: str
    changes: bool


def _display(provider: Provider, field: str, value) -> str:
    if field == "business_form":
        try:
            return str(Provider.BusinessForm(value).label)
        except ValueError:
            return str(value or "")
    return str(value or "")


def identity_comparison(change: IdentityChange) -> list[FieldComparison]:
    """Each verified field: the value in force (read now) and the proposed one, as a reviewer compares them."""
    provider = change.provider
    rows = []
    for field in VERIFIED_IDENTITY_FIELDS:
        current = getattr(provider, field)
        proposed = change.proposed.get(field, current)
        rows.append(
            FieldComparison(
                field=field,
                label=identity_label(field),
                in_force=_display(provider, field, current) or "–",
                proposed=_display(provider, field, proposed) or "–",
                changes=field in change.proposed,
            )
        )
    return rows


def identity_document(pk: int) -> IdentityChangeDocument | None:
    return IdentityChangeDocument.objects.select_related("change__provider__account").filter(pk=pk).first()


def can_see_identity_document(*, viewer, acting_role: str | None, document: IdentityChangeDocument) -> bool:
    """The provider's own users and the verifiers/admins who keep the archive (the rule: can_see_archive_of)."""
    return can_see_archive_of(viewer=viewer, acting_role=acting_role, owner=document.change.provider.account)


# --- verification rounds and documents, as the Verifikator's pages and the API show them -------------------


def verification_queue_with_parts() -> QuerySet[VerificationRound]:
    """The queue with each round's documents and checks loaded (for the API's round lines)."""
    return verification_queue().prefetch_related("documents", "checks")


def round_or_404(pk: int) -> VerificationRound:
    """A verification round for the Verifikator's review (404 when there is none)."""
    return get_object_or_404(
        VerificationRound.objects.select_related("user", "provider", "decided_by"), pk=pk
    )


def round_documents(round_: VerificationRound) -> list[Document]:
    """The documents submitted in a round, by kind (the checklist order)."""
    return list(round_.documents.order_by("kind"))


def round_parts(round_: VerificationRound) -> tuple[list[Document], list[DocumentCheck]]:
    """A round's documents and checks (from the prefetch when the queue loaded them)."""
    return list(round_.documents.all()), list(round_.checks.all())


def earlier_rounds_of(round_: VerificationRound) -> QuerySet[VerificationRound]:
    """The owner's other rounds (the history beside the one under review)."""
    return rounds_of(round_.user).exclude(pk=round_.pk)


def document_or_404(pk: int) -> Document:
    """A stored document with its owner (the caller checks ``can_see_archive_of``; 404 when there is none)."""
    return get_object_or_404(Document.objects.select_related("user"), pk=pk)


def document_of(*, user: User, pk: int) -> Document | None:
    """One of `user`'s own documents."""
    return Document.objects.filter(pk=pk, user=user).first()


def identity_change_queue_with_documents() -> QuerySet[IdentityChange]:
    return identity_change_queue().prefetch_related("documents")


def identity_change_documents(change: IdentityChange) -> list[IdentityChangeDocument]:
    return list(change.documents.all())


def section_row(*, section: Section, provider: Provider, pk: int) -> models.Model | None:
    """One row of a profile section that belongs to `provider`."""
    return section.related(provider).filter(pk=pk).first()


def _requested_in(prefix: str, agency_ids: Any) -> Q:
    """Rows whose person (``prefix``: the requesting PA/KPA, the proposing PPK) holds or held a role in one of these
    instansi (through the assignment's agency or its work unit)."""
    ids = list(agency_ids)
    return Q(**{f"{prefix}__role_assignments__agency_id__in": ids}) | Q(
        **{f"{prefix}__role_assignments__work_unit__agency_id__in": ids}
    )


def sanction_rows_for_report(*, agency_ids: Any) -> list[dict[str, Any]]:
    """Blacklist entries requested by a PA/KPA of these instansi (``None``: every entry), as plain rows without
    the provider's identity (read by lentera.reporting, which decides what counts)."""
    qs = BlacklistEntry.objects.all()
    if agency_ids is not None:
        qs = qs.filter(_requested_in("requested_by", agency_ids)).distinct()
    return [
        dict(row) for row in qs.order_by("pk").values("id", "category", "decree_date", "starts_on", "ends_on")
    ]


def sanction_proposal_rows_for_report(*, agency_ids: Any) -> list[dict[str, Any]]:
    """Blacklist proposals made by a PPK of these instansi (``None``: every proposal), as plain rows."""
    qs = BlacklistProposal.objects.all()
    if agency_ids is not None:
        qs = qs.filter(_requested_in("proposed_by", agency_ids)).distinct()
    return [
        dict(row) for row in qs.order_by("pk").values("id", "category", "status", "proposed_at", "decided_at")
    ]


def verification_round_rows_for_report(
    *, start: dt.datetime, end: dt.datetime, subjects: Any = None
) -> list[dict[str, Any]]:
    """Verification rounds decided in [start, end) as plain rows (subject, outcome, when submitted and decided; no
    person, no provider), read by lentera.reporting for the verification times and the LPSE team's activity.
    ``subjects``: only these kinds of round (``None``: every kind)."""
    qs = VerificationRound.objects.filter(decided_at__gte=start, decided_at__lt=end).exclude(
        outcome=VerificationRound.Outcome.PENDING
    )
    if subjects is not None:
        qs = qs.filter(subject__in=list(subjects))
    return [
        dict(row)
        for row in qs.order_by("decided_at", "pk").values(
            "id", "subject", "outcome", "submitted_at", "decided_at"
        )
    ]
