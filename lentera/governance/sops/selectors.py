"""Reads of the SOP register: the staff of an agency read its SOPs; the public reads the published versions."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext_lazy as _

from lentera.accounts.models import RoleAssignment, User
from lentera.core.errors import NotFound
from lentera.core.roles import Role

from .. import selectors as governance_selectors
from ..models import Decree
from .models import Sop, SopAcknowledgement, SopVersion
from .states import Status

#: The staff who carry out the SOPs and acknowledge reading them (Lampiran 2.5: the LPSE sub-unit's personnel,
#: and the UKPBJ's procurement staff).
STAFF_ROLES = (
    Role.KEPALA_UKPBJ,
    Role.ADMIN_UKPBJ,
    Role.KASUBAG_LPSE,
    Role.SYSADMIN,
    Role.VERIFIKATOR,
    Role.HELPDESK,
    Role.TRAINER,
    Role.POKJA,
    Role.PENGELOLA_PBJ,
)
READER_ROLES = tuple(dict.fromkeys((*governance_selectors.READER_ROLES, *STAFF_ROLES)))


def staff_agency_ids(user: User | None) -> set[int] | None:
    """Agencies whose SOPs ``user`` reads; None means every agency (auditor)."""
    if user is None or getattr(user, "is_superuser", False) or user.has_role(Role.AUDITOR):
        return None
    return set(
        RoleAssignment.objects.active()
        .filter(user=user, role__in=READER_ROLES, agency__isnull=False)
        .values_list("agency_id", flat=True)
    )


def _versions() -> QuerySet[SopVersion]:
    return SopVersion.objects.select_related("decree", "approved_by")


def sops_visible_to(user: User) -> QuerySet[Sop]:
    scope = staff_agency_ids(user)
    qs = Sop.objects.select_related("agency").prefetch_related(Prefetch("versions", queryset=_versions()))
    return qs if scope is None else qs.filter(agency_id__in=scope)


def sop_visible_to(*, user: User, pk: int) -> Sop:
    found = sops_visible_to(user).filter(pk=pk).first()
    if found is None:
        raise NotFound("SOP_NOT_FOUND", _("SOP tidak ditemukan."), status=404)
    return found


def version_visible_to(*, user: User, pk: int) -> SopVersion:
    found = _versions().select_related("sop").filter(sop__in=sops_visible_to(user), pk=pk).first()
    if found is None:
        raise NotFound("SOP_VERSION_NOT_FOUND", _("Versi SOP tidak ditemukan."), status=404)
    return found


def current_version(sop: Sop) -> SopVersion | None:
    return next((v for v in sop.versions.all() if v.status == Status.PUBLISHED), None)


def versions_of(sop: Sop) -> list[SopVersion]:
    return list(sop.versions.all())


def next_number(sop: Sop) -> int:
    last = sop.versions.order_by("-number").values_list("number", flat=True).first()
    return (last or 0) + 1


def staff_of(agency_id: int) -> QuerySet[User]:
    ids = (
        RoleAssignment.objects.active()
        .filter(agency_id=agency_id, role__in=STAFF_ROLES)
        .values_list("user_id", flat=True)
    )
    return User.objects.filter(pk__in=ids).order_by("full_name")


def is_staff_of(user: User, agency_id: int) -> bool:
    return staff_of(agency_id).filter(pk=user.pk).exists()


@dataclass(frozen=True)
class Readership:
    read: list[SopAcknowledgement]
    not_yet: list[User]


def readership(version: SopVersion) -> Readership:
    """Who of the agency's staff acknowledged ``version``, and who not yet."""
    acks = list(version.acknowledgements.select_related("person").order_by("acknowledged_at"))
    done = {a.person_id for a in acks}
    return Readership(acks, [u for u in staff_of(version.sop.agency_id) if u.pk not in done])


def has_acknowledged(version: SopVersion, user: User) -> bool:
    return version.acknowledgements.filter(person=user).exists()


def unread_current_versions(user: User) -> list[SopVersion]:
    """Published versions of the user's agencies the user has not yet acknowledged (the work dashboard)."""
    scope = staff_agency_ids(user)
    qs = (
        _versions()
        .select_related("sop")
        .filter(status=Status.PUBLISHED)
        .exclude(acknowledgements__person=user)
    )
    if scope is not None:
        qs = qs.filter(sop__agency_id__in=scope)
    return [v for v in qs if is_staff_of(user, v.sop.agency_id)]


def decrees_for_approval(user: User) -> QuerySet[Decree]:
    return governance_selectors.decrees_visible_to(user).filter(revoked_at__isnull=True)


def decree_for(*, user: User, pk: int) -> Decree:
    return governance_selectors.decree_visible_to(user=user, pk=pk)


# ------------------------------------------------------------------------------------ public


def published_versions() -> QuerySet[SopVersion]:
    """The SOP versions in force, for everyone (Pasal 23 ayat (4): socialised to the stakeholders)."""
    return (
        SopVersion.objects.filter(status=Status.PUBLISHED)
        .select_related("sop", "sop__agency", "decree")
        .order_by("sop__agency__name", "sop__item", "sop__code")
    )


def published_version(pk: int) -> SopVersion:
    found = published_versions().filter(pk=pk).first()
    if found is None:
        raise NotFound("SOP_VERSION_NOT_FOUND", _("Versi SOP tidak ditemukan."), status=404)
    return found


def published_count(agency_id: int) -> int:
    return published_versions().filter(sop__agency_id=agency_id).count()
