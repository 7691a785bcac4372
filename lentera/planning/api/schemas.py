"""Schemas of the planning API. Money is a decimal string of Rupiah ("2400000000.00")."""

import datetime as dt
from decimal import Decimal
from typing import Any

from ninja import Schema

from lentera.core.schemas import InputSchema


class RupOut(Schema):
    id: int
    code: str
    fiscal_year: int
    work_unit_id: int
    work_unit: str
    name: str
    procurement_type: str
    pagu: Decimal
    funding_source: str
    planned_method: str
    planned_start: dt.date | None
    planned_end: dt.date | None
    location: str
    reserved_small_business: bool
    domestic_products: bool
    revision: int
    announced_at: dt.datetime | None
    cancelled_at: dt.datetime | None


class RupPageOut(Schema):
    items: list[RupOut]
    next_cursor: str | None


class RevisionOut(Schema):
    revision: int
    announced_at: dt.datetime
    reason: str
    snapshot: dict[str, Any]


class RupDetailOut(RupOut):
    history: list[RevisionOut]


class RupIn(InputSchema):
    work_unit_id: int
    fiscal_year: int
    name: str
    procurement_type: str
    pagu: Decimal
    funding_source: str
    planned_method: str
    planned_start: dt.date | None = None
    planned_end: dt.date | None = None
    location: str = ""
    reserved_small_business: bool = False
    domestic_products: bool = False


class RupPatchIn(InputSchema):
    name: str | None = None
    procurement_type: str | None = None
    pagu: Decimal | None = None
    funding_source: str | None = None
    planned_method: str | None = None
    planned_start: dt.date | None = None
    planned_end: dt.date | None = None
    location: str | None = None
    reserved_small_business: bool | None = None
    domestic_products: bool | None = None
    reason: str = ""


class ReasonIn(InputSchema):
    reason: str


class ApbdIn(InputSchema):
    agency_code: str
    fiscal_year: int


class ApbdOut(Schema):
    agency_code: str
    fiscal_year: int
    announced: int


class PackagePublicOut(Schema):
    code: str
    name: str
    work_unit: str
    fiscal_year: int
    procurement_type: str
    method: str
    funding_source: str
    location: str
    pagu: Decimal
    hps_total: Decimal | None
    status: str
    rup_codes: list[str]


class PackagePublicPageOut(Schema):
    items: list[PackagePublicOut]
    next_cursor: str | None


class HpsLineOut(Schema):
    position: int
    description: str
    unit: str
    quantity: Decimal
    unit_price: Decimal
    total: Decimal
    price_source: str
    source_note: str


class PackageOut(Schema):
    id: int
    code: str
    name: str
    work_unit_id: int
    work_unit: str
    fiscal_year: int
    procurement_type: str
    method: str
    funding_source: str
    location: str
    pagu: Decimal
    hps_total: Decimal | None
    hps_set_on: dt.date | None
    status: str
    ppk: str
    pokja_id: int | None
    procurement_official: str | None
    contract_manager: str | None
    inspector: str | None
    specification: str
    method_justification: str
    direct_appointment_reason: str
    catalogue_reference: str
    spec_standard: bool
    providers_qualified: bool
    method_rule: str
    rup_codes: list[str]


class PackageDetailOut(PackageOut):
    hps_items: list[HpsLineOut]


class PackageIn(InputSchema):
    rup_item_ids: list[int]
    name: str = ""
    method: str = ""
    location: str = ""
    specification: str = ""


class PackagePatchIn(InputSchema):
    name: str | None = None
    location: str | None = None
    specification: str | None = None
    method: str | None = None
    method_justification: str | None = None
    direct_appointment_reason: str | None = None
    catalogue_reference: str | None = None
    spec_standard: bool | None = None
    providers_qualified: bool | None = None


class HpsLineIn(InputSchema):
    description: str
    unit: str
    quantity: Decimal
    unit_price: Decimal
    price_source: str
    source_note: str = ""


class HpsIn(InputSchema):
    hps_set_on: dt.date
    lines: list[HpsLineIn]


class OfficialsIn(InputSchema):
    contract_manager: str | None = None
    inspector: str | None = None


class UserRefIn(InputSchema):
    user_id: str


class PokjaRefIn(InputSchema):
    pokja_id: int


class MemberIn(InputSchema):
    user_id: str
    qualification: str = "PENGELOLA_PBJ"
    is_chair: bool = False
    certificate_number: str = ""
    home_unit_id: int | None = None
    coordination_note: str = ""
    coordinated_on: dt.date | None = None


class MemberOut(Schema):
    user_id: str
    full_name: str
    qualification: str
    is_chair: bool
    certificate_number: str
    home_unit: str | None
    coordination_note: str
    coordinated_on: dt.date | None
    decree_number: str
    joined_at: dt.datetime
    left_at: dt.datetime | None


class PokjaIn(InputSchema):
    name: str
    decree_number: str
    decree_date: dt.date | None = None
    members: list[MemberIn]


class PokjaOut(Schema):
    id: int
    name: str
    ukpbj: str
    decree_number: str
    decree_date: dt.date
    dissolved_at: dt.datetime | None
    members: list[MemberOut]
    package_codes: list[str]


class MembersChangeIn(InputSchema):
    decree_number: str
    decree_date: dt.date | None = None
    add: list[MemberIn] = []
    remove: list[str] = []
    reason: str = ""


class DissolveIn(InputSchema):
    decree_number: str
    reason: str


class OfficialRequestIn(InputSchema):
    work_unit_id: int
    letter_number: str
    note: str = ""


class OfficialAssignIn(InputSchema):
    user_id: str
    decree_number: str
    decree_date: dt.date | None = None
    note: str = ""


class NoteIn(InputSchema):
    note: str


class OfficialRequestOut(Schema):
    id: int
    work_unit_id: int
    work_unit: str
    requested_by: str
    letter_number: str
    note: str
    requested_at: dt.datetime
    status: str
    official: str | None
    decree_number: str
    decided_at: dt.datetime | None
    decision_note: str


class ReportIn(InputSchema):
    package_id: int
    outcome: str
    summary: str


class ReportOut(Schema):
    id: int
    package_code: str
    pokja_id: int | None
    submitted_by: str
    submitted_as: str
    outcome: str
    summary: str
    submitted_at: dt.datetime
    acknowledged_at: dt.datetime | None


class NonWorkingDayIn(InputSchema):
    date: dt.date
    kind: str
    name: str
    agency_code: str | None = None


class NonWorkingDayOut(Schema):
    id: int
    date: dt.date
    kind: str
    name: str
    agency: str | None


class DayOffOut(Schema):
    date: dt.date
    name: str


class WorkingDaysOut(Schema):
    start: dt.date
    n: int
    result: dt.date
