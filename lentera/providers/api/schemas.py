"""Schemas of the providers API."""

import datetime as dt
from typing import Any

from ninja import Schema

from lentera.core.schemas import InputSchema


class EmailIn(InputSchema):
    email: str


class EmailSentOut(Schema):
    email: str


class SignupIn(InputSchema):
    email_token: str
    user_id: str
    full_name: str
    password: str
    business_form: str
    name: str
    npwp: str
    address: str
    city: str
    province: str
    representative_name: str
    representative_position: str = ""
    postal_code: str = ""
    phone: str = ""
    provider_phone: str = ""


class ProviderOut(Schema):
    id: int
    npwp: str
    name: str
    business_form: str
    address: str
    city: str
    province: str
    postal_code: str
    phone: str
    email: str
    representative_name: str
    representative_position: str
    representative_nik: str
    status: str
    verified_at: dt.datetime | None


class SignupOut(Schema):
    user_id: str
    provider: ProviderOut
    applicant_token: str


class DocumentOut(Schema):
    id: int
    kind: str
    version: int
    content_type: str
    size: int
    sha256: str
    number: str
    issued_on: dt.date | None
    issuer: str
    review: str
    uploaded_at: dt.datetime
    replaced_at: dt.datetime | None


class DocumentCheckOut(Schema):
    document_id: int
    matches_original: bool
    note: str


class RoundOut(Schema):
    id: int
    user_id: str
    provider_id: int | None
    subject: str
    number: int
    submitted_at: dt.datetime
    outcome: str
    decided_at: dt.datetime | None
    note: str
    document_ids: list[int]
    checks: list[DocumentCheckOut]


class ApplicationOut(Schema):
    user_id: str
    account_status: str
    provider: ProviderOut
    documents: list[DocumentOut]
    rounds: list[RoundOut]


class CheckIn(InputSchema):
    document_id: int
    matches_original: bool | None = None
    note: str = ""


class ProviderDecisionIn(InputSchema):
    checks: list[CheckIn]
    note: str = ""


class RoundDetailOut(RoundOut):
    full_name: str
    email: str
    provider: ProviderOut | None
    documents: list[DocumentOut]


class ProviderReasonIn(InputSchema):
    reason: str


class UserStatusOut(Schema):
    user_id: str
    status: str
    status_reason: str


class BlacklistIn(InputSchema):
    npwp: str
    provider_name: str = ""
    decree_number: str
    decree_date: dt.date
    violation: str
    category: str
    starts_on: dt.date
    ends_on: dt.date | None = None
    requested_by_user_id: str | None = None
    #: the open blacklist proposal (after a contract's termination) this sanction upholds; it is closed with it
    proposal_id: int | None = None


class BlacklistOut(Schema):
    id: int
    npwp: str
    provider_name: str
    decree_number: str
    decree_date: dt.date
    violation: str
    category: str
    starts_on: dt.date
    ends_on: dt.date


class EligibilityOut(Schema):
    eligible: bool
    provider_id: int
    checked_at: dt.datetime


class CompletenessOut(Schema):
    percent: int
    missing: list[str]


class MyProviderOut(Schema):
    provider: ProviderOut
    completeness: CompletenessOut


class SectionRowOut(Schema):
    id: int
    section: str
    data: dict


class StaffOut(Schema):
    user_id: str
    status: str
    round_id: int


class IdentityChangeDocumentOut(Schema):
    id: int
    kind: str
    content_type: str
    size: int
    sha256: str
    uploaded_at: dt.datetime


class IdentityChangeOut(Schema):
    """A change of verified identity data: the values proposed, those in force when it was asked for, and its
    outcome. Until it is APPROVED the provider's data in force is `previous`."""

    id: int
    provider_id: int
    provider_name: str
    number: int
    status: str
    proposed: dict[str, Any]
    previous: dict[str, Any]
    note: str
    requested_by: str
    requested_at: dt.datetime
    decided_by: str | None
    decided_at: dt.datetime | None
    reason: str
    documents: list[IdentityChangeDocumentOut]
    message: str


class IdentityApproveIn(InputSchema):
    note: str = ""


class IdentityRefuseIn(InputSchema):
    reason: str
