import datetime as dt

from ninja import Schema
from pydantic import ConfigDict


class _In(Schema):
    model_config = ConfigDict(extra="forbid")


class AppointmentOut(Schema):
    id: int
    person_id: int
    person_name: str
    position: str
    lpse_field: str
    role: str
    role_assignment_id: int | None
    role_ends_on: dt.date | None


class DecreeOut(Schema):
    id: int
    agency_id: int
    kind: str
    number: str
    title: str
    signed_on: dt.date
    valid_from: dt.date
    valid_until: dt.date | None
    revoked_at: dt.datetime | None
    scan_type: str


class DecreeDetailOut(DecreeOut):
    appointments: list[AppointmentOut]


class AppointmentIn(_In):
    person_id: int
    position: str
    lpse_field: str = ""
    role: str = ""
    work_unit_id: int | None = None


class DecreeRevokeIn(_In):
    reason: str


class CertificateIn(_In):
    agency_id: int
    person_id: int
    level: str
    number: str
    issued_on: dt.date
    expires_on: dt.date | None = None


class StaffCertificateOut(Schema):
    id: int
    agency_id: int
    person_id: int
    person_name: str
    level: str
    number: str
    issued_on: dt.date
    expires_on: dt.date | None
    valid: bool
    days_left: int | None
    needs_attention: bool
