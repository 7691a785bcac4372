"""Reads of the ITSM registers, scoped like the standards register (an auditor reads every agency)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from lentera.accounts.models import Agency, RoleAssignment, User
from lentera.core.errors import NotFound

from .. import selectors as governance_selectors
from ..standards import selectors as standard_selectors
from .models import Asset, CapacityRecord, ChangeRequest

EDITOR_ROLES = standard_selectors.EDITOR_ROLES
READER_ROLES = standard_selectors.READER_ROLES
edited_agency_ids = standard_selectors.edited_agency_ids
agency_visible_to = standard_selectors.agency_visible_to
agencies_visible_to = standard_selectors.agencies_visible_to


def _in_scope(user: User, agency: Agency) -> bool:
    scope = governance_selectors.agency_ids(user)
    return scope is None or agency.pk in scope


def assets_of(*, user: User, agency: Agency) -> QuerySet[Asset]:
    if not _in_scope(user, agency):
        return Asset.objects.none()
    return Asset.objects.filter(agency=agency).select_related("owner")


def asset_of(*, agency: Agency, pk: int | None) -> Asset | None:
    if pk is None:
        return None
    found = Asset.objects.filter(agency=agency, pk=pk).first()
    if found is None:
        raise NotFound("ASSET_NOT_FOUND", _("Aset tidak ditemukan."), status=404)
    return found


def changes_of(*, user: User, agency: Agency) -> QuerySet[ChangeRequest]:
    if not _in_scope(user, agency):
        return ChangeRequest.objects.none()
    return ChangeRequest.objects.filter(agency=agency).select_related("asset", "requested_by", "decided_by")


def change_visible_to(*, user: User, pk: int) -> ChangeRequest:
    scope = governance_selectors.agency_ids(user)
    qs = ChangeRequest.objects.select_related("agency", "asset", "requested_by", "evaluated_by", "decided_by",
                                              "implemented_by", "reviewed_by")  # fmt: skip
    found = (qs if scope is None else qs.filter(agency_id__in=scope)).filter(pk=pk).first()
    if found is None:
        raise NotFound("CHANGE_NOT_FOUND", _("Permintaan perubahan tidak ditemukan."), status=404)
    return found


def capacity_of(*, user: User, agency: Agency) -> QuerySet[CapacityRecord]:
    if not _in_scope(user, agency):
        return CapacityRecord.objects.none()
    return CapacityRecord.objects.filter(agency=agency).select_related("asset", "recorded_by")


def people_of(user: User) -> QuerySet[User]:
    return governance_selectors.people_for(user)


def owner_of(*, user: User, pk: int) -> User:
    return governance_selectors.person_for(user=user, pk=pk)


def is_approver_of(user: User, agency_id: int, roles: tuple[str, ...]) -> bool:
    """``user`` holds one of ``roles`` (rules.APPROVER_ROLES) in the agency today."""
    if getattr(user, "is_superuser", False):
        return True
    return RoleAssignment.objects.active().filter(user=user, role__in=roles, agency_id=agency_id).exists()
