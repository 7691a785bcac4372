"""Every read of the planning app that needs scoping: a person sees what their acting role may see.

* PA / KPA / PPK: their own work unit's RUP and packages.
* POKJA: packages assigned to a Pokja they sit in; PROCUREMENT_OFFICIAL: packages handed to them.
* KEPALA_UKPBJ / ADMIN_UKPBJ: everything of their instansi; AUDITOR: read-only, their instansi (or all when the
  role is held without organisation).
* The public: announced RUP items, and of packages only the public facts (the HPS total, never its lines).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from lentera.accounts.models import RoleAssignment, User, WorkUnit
from lentera.core.errors import NotFound
from lentera.core.models import NonWorkingDay
from lentera.core.roles import Role

from .models import HpsItem, Package, Pokja, PokjaMember, ProcurementOfficialRequest, RupItem, SelectionReport
from .scope import agency_filter, agency_ids, today, unit_ids

UNIT_ROLES = (Role.PA, Role.KPA, Role.PPK)
AGENCY_ROLES = (Role.KEPALA_UKPBJ, Role.ADMIN_UKPBJ, Role.AUDITOR)
PACKAGE_READ_ROLES = (*UNIT_ROLES, Role.POKJA, Role.PROCUREMENT_OFFICIAL, *AGENCY_ROLES)
#: Who may read HPS lines (never the public; Perpres 16/2018 Pasal 26: only the total is open).
HPS_READ_ROLES = PACKAGE_READ_ROLES
PUBLIC_PACKAGE_STATUSES = (
    Package.Status.ASSIGNED,
    Package.Status.IN_SELECTION,
    Package.Status.AWARDED,
    Package.Status.CONTRACTED,
)
PUBLIC_PACKAGE_FIELDS = (
    "code",
    "name",
    "fiscal_year",
    "procurement_type",
    "method",
    "funding_source",
    "location",
    "pagu",
    "hps_total",
    "status",
)


def _superuser(user: Any) -> bool:
    return bool(getattr(user, "is_superuser", False))


def packages_visible_to(*, user: User, role: str | None) -> QuerySet[Package]:
    qs = Package.objects.select_related("work_unit", "ppk", "pokja", "procurement_official")
    if _superuser(user):
        return qs
    if role in UNIT_ROLES:
        return qs.filter(work_unit_id__in=unit_ids(user, [role]))
    if role == Role.POKJA:
        pokjas = PokjaMember.objects.filter(user=user, left_at__isnull=True).values("pokja_id")
        return qs.filter(pokja_id__in=pokjas, pokja__dissolved_at__isnull=True)
    if role == Role.PROCUREMENT_OFFICIAL:
        return qs.filter(procurement_official=user)
    if role in AGENCY_ROLES:
        return qs.filter(agency_filter(user, [role], "work_unit__agency_id"))
    return qs.none()


def package_for(*, user: User, role: str | None, pk: int) -> Package:
    package = packages_visible_to(user=user, role=role).filter(pk=pk).first()
    if package is None:
        raise NotFound("PACKAGE_NOT_FOUND", _("Paket tidak ditemukan."))
    return package


def hps_items_visible_to(*, user: User, role: str | None, package: Package) -> QuerySet[HpsItem]:
    """HPS lines of a package the reader may see; empty for anyone else (the public never sees them)."""
    if role not in HPS_READ_ROLES and not _superuser(user):
        return HpsItem.objects.none()
    if not packages_visible_to(user=user, role=role).filter(pk=package.pk).exists():
        return HpsItem.objects.none()
    return HpsItem.objects.filter(package=package).order_by("position", "pk")


def rup_items_visible_to(*, user: User, role: str | None) -> QuerySet[RupItem]:
    qs = RupItem.objects.select_related("work_unit")
    if _superuser(user):
        return qs
    if role in UNIT_ROLES:
        return qs.filter(work_unit_id__in=unit_ids(user, [role]))
    if role in AGENCY_ROLES:
        return qs.filter(agency_filter(user, [role], "work_unit__agency_id"))
    return qs.none()


def rup_item_for(*, user: User, role: str | None, pk: int) -> RupItem:
    item = rup_items_visible_to(user=user, role=role).filter(pk=pk).first()
    if item is None:
        raise NotFound("RUP_NOT_FOUND", _("Item RUP tidak ditemukan."))
    return item


def rup_work_units_of(*, user: User, role: str | None) -> QuerySet[WorkUnit]:
    """Work units for which the user, acting in `role`, enters RUP items."""
    if role not in UNIT_ROLES:
        return WorkUnit.objects.none()
    return WorkUnit.objects.filter(pk__in=unit_ids(user, [role])).select_related("agency")


# --- public ----------------------------------------------------------------------------------------------


def rup_public(
    *,
    fiscal_year: int | None = None,
    work_unit: int | None = None,
    procurement_type: str | None = None,
    method: str | None = None,
    funding_source: str | None = None,
    q: str | None = None,
    agency: str | None = None,
) -> QuerySet[RupItem]:
    """Announced RUP items (Perbup PPU 2/2021 Pasal 2 j), newest first, filtered."""
    qs = RupItem.objects.filter(announced_at__isnull=False).select_related("work_unit__agency")
    if fiscal_year:
        qs = qs.filter(fiscal_year=fiscal_year)
    if work_unit:
        qs = qs.filter(work_unit_id=work_unit)
    if procurement_type:
        qs = qs.filter(procurement_type=procurement_type)
    if method:
        qs = qs.filter(planned_method=method)
    if funding_source:
        qs = qs.filter(funding_source=funding_source)
    if agency:
        qs = qs.filter(work_unit__agency__code=agency)
    if q:
        for word in q.split()[:8]:
            qs = qs.filter(
                Q(name__icontains=word)
                | Q(code__icontains=word)
                | Q(location__icontains=word)
                | Q(work_unit__name__icontains=word)
            )
    return qs.order_by("-pk")


def keyset_page(qs: QuerySet, *, cursor: str | int | None, limit: int) -> tuple[list, str | None]:
    """One page of a queryset ordered by descending pk: rows with pk < cursor; the next cursor or None."""
    limit = max(1, min(int(limit or 50), 200))
    if cursor not in (None, ""):
        try:
            qs = qs.filter(pk__lt=int(cursor))
        except (TypeError, ValueError):
            qs = qs.none()
    rows = list(qs[: limit + 1])
    next_cursor = str(rows[limit - 1].pk) if len(rows) > limit else None
    return rows[:limit], next_cursor


def rup_public_item(*, code: str) -> RupItem:
    item = (
        RupItem.objects.filter(code=code, announced_at__isnull=False)
        .select_related("work_unit__agency")
        .first()
    )
    if item is None:
        raise NotFound("RUP_NOT_FOUND", _("Item RUP tidak ditemukan atau belum diumumkan."))
    return item


def rup_public_history(*, item: RupItem):
    return item.revisions.order_by("-revision")


def public_work_units() -> QuerySet[WorkUnit]:
    return WorkUnit.objects.filter(rup_items__announced_at__isnull=False).distinct().order_by("name")


def packages_public() -> QuerySet[Package]:
    """Packages handed to selection: public facts only (HPS total yes, HPS lines never)."""
    return (
        Package.objects.filter(status__in=PUBLIC_PACKAGE_STATUSES)
        .select_related("work_unit")
        .only(*PUBLIC_PACKAGE_FIELDS, "work_unit__name", "work_unit__code", "work_unit__agency_id")
        .order_by("-pk")
    )


def package_public_data(package: Package) -> dict[str, Any]:
    """The public facts of a package (for the public portal and open data)."""
    data = {field: getattr(package, field) for field in PUBLIC_PACKAGE_FIELDS}
    data["work_unit"] = package.work_unit.name
    data["rup_codes"] = [i.code for i in package.rup_items.all()]
    return data


# --- Pokja, Pejabat Pengadaan, reports -------------------------------------------------------------------


def pokjas_visible_to(*, user: User, role: str | None) -> QuerySet[Pokja]:
    qs = Pokja.objects.select_related("ukpbj")
    if _superuser(user):
        return qs
    if role in AGENCY_ROLES:
        return qs.filter(agency_filter(user, [role], "ukpbj__agency_id"))
    if role == Role.POKJA:
        return qs.filter(members__user=user, members__left_at__isnull=True).distinct()
    return qs.none()


def pokja_for(*, user: User, role: str | None, pk: int) -> Pokja:
    pokja = pokjas_visible_to(user=user, role=role).filter(pk=pk).first()
    if pokja is None:
        raise NotFound("POKJA_NOT_FOUND", _("Pokja tidak ditemukan."))
    return pokja


def pokja_candidates(*, agency_id: int) -> QuerySet[User]:
    """People of an instansi who may be proposed as Pokja members (Pengelola PBJ first in the form)."""
    holders = RoleAssignment.objects.active(today()).filter(
        Q(agency_id=agency_id) | Q(work_unit__agency_id=agency_id)
    )
    return User.objects.filter(pk__in=holders.values("user_id")).exclude(nip="").order_by("full_name")


def procurement_official_candidates(
    *, agency_id: int, excluding: QuerySet[User] | None = None
) -> QuerySet[User]:
    """Pengelola PBJ of an instansi, but for the people in `excluding` (e.g. a Pokja's sitting members)."""
    holders = (
        RoleAssignment.objects.active(today())
        .filter(role=Role.PENGELOLA_PBJ)
        .filter(Q(agency_id=agency_id) | Q(work_unit__agency_id=agency_id))
    )
    qs = User.objects.filter(pk__in=holders.values("user_id")).order_by("full_name")
    return qs if excluding is None else qs.exclude(pk__in=excluding.values("pk"))


def contract_official_candidates(*, package: Package) -> QuerySet[User]:
    """People the PPK may name contract manager or inspector of ``package``: holders of an active role of
    :func:`rules.contract_official_roles` in the package's agency."""
    from .rules import contract_official_roles

    holders = RoleAssignment.objects.active(today()).filter(
        work_unit__agency_id=package.work_unit.agency_id, role__in=contract_official_roles()
    )
    return User.objects.filter(pk__in=holders.values("user_id"), is_active=True).order_by("full_name")


def ppks_of_unit(*, work_unit: WorkUnit) -> QuerySet[User]:
    """PPKs with an active appointment in ``work_unit`` (whom the PA/KPA may put on a package)."""
    holders = RoleAssignment.objects.active(today()).filter(role=Role.PPK, work_unit=work_unit)
    return User.objects.filter(pk__in=holders.values("user_id")).order_by("full_name")


def procurement_officials_of_unit(*, work_unit: WorkUnit) -> QuerySet[User]:
    holders = RoleAssignment.objects.active(today()).filter(
        role=Role.PROCUREMENT_OFFICIAL, work_unit=work_unit
    )
    return User.objects.filter(pk__in=holders.values("user_id")).order_by("full_name")


def official_requests_visible_to(*, user: User, role: str | None) -> QuerySet[ProcurementOfficialRequest]:
    qs = ProcurementOfficialRequest.objects.select_related("work_unit", "requested_by", "official")
    if _superuser(user):
        return qs
    if role in (Role.PA, Role.KPA):
        return qs.filter(work_unit_id__in=unit_ids(user, [role]))
    if role in (Role.KEPALA_UKPBJ, Role.AUDITOR):
        return qs.filter(agency_filter(user, [role], "work_unit__agency_id"))
    return qs.none()


def selection_reports_visible_to(
    *, user: User, role: str | None, outcome: str | None = None
) -> QuerySet[SelectionReport]:
    qs = SelectionReport.objects.select_related("package__work_unit", "pokja", "submitted_by")
    if outcome:
        qs = qs.filter(outcome=outcome)
    if _superuser(user):
        return qs
    if role in (Role.KEPALA_UKPBJ, Role.AUDITOR):
        return qs.filter(agency_filter(user, [role], "package__work_unit__agency_id"))
    if role in (Role.POKJA, Role.PROCUREMENT_OFFICIAL):
        return qs.filter(submitted_by=user)
    return qs.none()


def official_request_for(*, user: User, role: str | None, pk: int) -> ProcurementOfficialRequest:
    found = official_requests_visible_to(user=user, role=role).filter(pk=pk).first()
    if found is None:
        raise NotFound("REQUEST_NOT_FOUND", _("Permintaan tidak ditemukan."))
    return found


def selection_report_for(*, user: User, role: str | None, pk: int) -> SelectionReport:
    found = selection_reports_visible_to(user=user, role=role).filter(pk=pk).first()
    if found is None:
        raise NotFound("REPORT_NOT_FOUND", _("Laporan tidak ditemukan."))
    return found


def pokjas_listed(*, user: User, role: str | None) -> QuerySet[Pokja]:
    return pokjas_visible_to(user=user, role=role).prefetch_related("members")


def pokja_members_of(*, pokja: Pokja, current_first: bool = False) -> QuerySet[PokjaMember]:
    """The Pokja's members, past ones included: in joining order, or (``current_first``) sitting members first,
    the chair first among them."""
    order = ("left_at", "-is_chair", "pk") if current_first else ("pk",)
    return pokja.members.select_related("user", "home_unit").order_by(*order)


def pokja_package_codes(*, pokja: Pokja) -> list[str]:
    return list(pokja.packages.values_list("code", flat=True))


def pokja_packages(*, pokja: Pokja) -> QuerySet[Package]:
    return pokja.packages.all()


def pokja_current_users(*, pokja: Pokja) -> QuerySet[User]:
    return User.objects.filter(pk__in=pokja.active_members().values("user_id"))


# --- the working-day calendar ------------------------------------------------------------------------------


def non_working_days_visible_to(*, user: User, role: str) -> QuerySet[NonWorkingDay]:
    """Admin-added days off a calendar administrator sees: the national ones and their own instansi's, newest
    first."""
    mine = agency_ids(user, [role])
    return (
        NonWorkingDay.objects.filter(Q(agency__isnull=True) | Q(agency_id__in=mine))
        .select_related("agency")
        .order_by("-date")
    )


def non_working_day_by_pk(pk: int) -> NonWorkingDay | None:
    """An admin-added day off (the removing service checks the actor may remove it)."""
    return NonWorkingDay.objects.filter(pk=pk).select_related("agency").first()


# --- lists as the pages and the API show them ----------------------------------------------------------


def rup_items_listed(
    *, user: User, role: str | None, fiscal_year: int | None = None, newest_year_first: bool = False
) -> QuerySet[RupItem]:
    """RUP items the person may see, newest first (by year first on the page), of one fiscal year if given."""
    qs = rup_items_visible_to(user=user, role=role)
    if fiscal_year:
        qs = qs.filter(fiscal_year=fiscal_year)
    return qs.order_by("-fiscal_year", "-pk") if newest_year_first else qs.order_by("-pk")


def rup_items_by_pk(*, user: User, role: str | None, pks: Iterable[int]) -> list[RupItem]:
    """The RUP items among `pks` the person may see (fewer than asked when some are out of reach)."""
    return list(rup_items_visible_to(user=user, role=role).filter(pk__in=list(pks)))


def rup_items_free_for_package(*, user: User) -> QuerySet[RupItem]:
    """Announced, uncancelled RUP items of the PPK's unit not yet in a live package (what a new package takes)."""
    live = [s for s in Package.Status.values if s != Package.Status.CANCELLED]
    return (
        rup_items_visible_to(user=user, role=Role.PPK)
        .filter(announced_at__isnull=False, cancelled_at__isnull=True)
        .exclude(packages__status__in=live)
        .order_by("-fiscal_year", "code")
    )


def packages_listed(
    *, user: User, role: str | None, status: str | None = None, hps_missing: bool = False
) -> QuerySet[Package]:
    """Packages the person may see, newest first, with their RUP items; of one status, or without HPS, if asked."""
    qs = packages_visible_to(user=user, role=role).prefetch_related("rup_items")
    if status:
        qs = qs.filter(status=status)
    if hps_missing:
        qs = qs.filter(hps_total__isnull=True)
    return qs.order_by("-pk")


def rup_items_of_package(*, package: Package) -> QuerySet[RupItem]:
    return package.rup_items.all()


def pokjas_assignable(*, user: User, role: str | None, package: Package) -> QuerySet[Pokja]:
    """Sitting Pokja of the package's instansi the Kepala UKPBJ may hand the package to."""
    return pokjas_visible_to(user=user, role=role).filter(
        dissolved_at__isnull=True, ukpbj__agency_id=package.work_unit.agency_id
    )


# --- reporting (read by lentera.reporting: plain rows of one fiscal year, scoped like the lists above) ---------

REPORT_RUP_FIELDS = (
    "id",
    "code",
    "name",
    "work_unit_id",
    "work_unit__name",
    "work_unit__agency_id",
    "work_unit__agency__name",
    "planned_method",
    "procurement_type",
    "pagu",
    "planned_start",
    "reserved_small_business",
    "domestic_products",
    "announced_at",
    "cancelled_at",
)
REPORT_PACKAGE_FIELDS = (
    "id",
    "code",
    "name",
    "work_unit_id",
    "work_unit__name",
    "work_unit__agency_id",
    "work_unit__agency__name",
    "method",
    "procurement_type",
    "pagu",
    "hps_total",
    "status",
)


def rup_rows_for_report(*, user: User, role: str | None, fiscal_year: int) -> list[dict[str, Any]]:
    """The RUP items of a fiscal year the reader may see, as plain rows (every item: announced or not,
    cancelled or not; the reporting app decides what counts)."""
    qs = rup_items_visible_to(user=user, role=role).filter(fiscal_year=fiscal_year)
    return [dict(row) for row in qs.order_by("pk").values(*REPORT_RUP_FIELDS)]


def package_rows_for_report(*, user: User, role: str | None, fiscal_year: int) -> list[dict[str, Any]]:
    """The packages of a fiscal year the reader may see, as plain rows (cancelled ones included)."""
    qs = packages_visible_to(user=user, role=role).filter(fiscal_year=fiscal_year)
    return [dict(row) for row in qs.order_by("pk").values(*REPORT_PACKAGE_FIELDS)]


def public_rows_for_report(*, fiscal_year: int) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Every instansi's RUP items announced in a fiscal year (public, like :func:`rup_public`) and its packages
    with their status (the reporting app's public monitoring keeps those whose selection is public), as plain
    rows."""
    rup = RupItem.objects.filter(fiscal_year=fiscal_year, announced_at__isnull=False)
    packages = Package.objects.filter(fiscal_year=fiscal_year)
    return (
        [dict(row) for row in rup.order_by("pk").values(*REPORT_RUP_FIELDS)],
        [dict(row) for row in packages.order_by("pk").values(*REPORT_PACKAGE_FIELDS)],
    )


def rup_package_links_for_report(*, package_ids: Iterable[int]) -> list[dict[str, Any]]:
    """Which RUP item each of these packages carries out (a package may carry several items), as plain rows."""
    links = Package.rup_items.through.objects.filter(package_id__in=list(package_ids))
    return [dict(row) for row in links.order_by("pk").values("package_id", "rupitem_id")]


def selection_report_rows_for_report(*, user: User, role: str | None) -> list[dict[str, Any]]:
    """The Pasal 17 selection reports the reader may see, as plain rows."""
    qs = selection_reports_visible_to(user=user, role=role)
    return [
        dict(row)
        for row in qs.order_by("pk").values("id", "package_id", "outcome", "submitted_at", "acknowledged_at")
    ]
