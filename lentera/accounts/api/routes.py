"""Accounts API: who am I, my roles, my API tokens; staff accounts and role assignments for admins."""

import datetime as dt
from typing import TypeVar

from django.http import Http404
from ninja import Router, Schema, Status

from lentera.core.access import api_access
from lentera.core.roles import Role
from lentera.core.schemas import InputSchema

from .. import selectors, services
from ..http import AuthedRequest
from ..models import ApiToken, User

T = TypeVar("T")


def _found(found: T | None) -> T:
    """What a selector found, or 404 (as get_object_or_404 answered)."""
    if found is None:
        raise Http404
    return found


router = Router(tags=["accounts"])
PREFIX = "/accounts/"


class RoleOut(Schema):
    id: int
    role: str
    agency: str | None
    work_unit: str | None
    starts_on: dt.date
    ends_on: dt.date | None
    decree_number: str
    revoked_at: dt.datetime | None = None


class MeOut(Schema):
    user_id: str
    full_name: str
    email: str
    roles: list[RoleOut]


class TokenIn(InputSchema):
    name: str
    scope: ApiToken.Scope = ApiToken.Scope.READ
    expires_in_days: int | None = None


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    scope: str
    created_at: dt.datetime
    expires_at: dt.datetime
    last_used_at: dt.datetime | None
    revoked_at: dt.datetime | None


class TokenCreatedOut(TokenOut):
    secret: str


class UserIn(InputSchema):
    user_id: str
    full_name: str
    email: str
    phone: str = ""
    nip: str = ""


class UserOut(Schema):
    id: int
    user_id: str
    full_name: str
    email: str
    status: str


class RoleAssignIn(InputSchema):
    role: Role
    agency_code: str | None = None
    work_unit_id: int | None = None
    starts_on: dt.date
    ends_on: dt.date | None = None
    decree_number: str
    decree_date: dt.date | None = None


class RoleRevokeIn(InputSchema):
    reason: str


class StatusIn(InputSchema):
    status: User.Status
    reason: str = ""


def _role_out(a) -> dict:
    return {
        "id": a.id,
        "role": a.role,
        "agency": a.agency.name if a.agency else None,
        "work_unit": a.work_unit.name if a.work_unit else None,
        "starts_on": a.starts_on,
        "ends_on": a.ends_on,
        "decree_number": a.decree_number,
        "revoked_at": a.revoked_at,
    }


@router.get("/me", response=MeOut, summary="The authenticated person and their active roles")
@api_access(any_user=True)
def me(request: AuthedRequest):
    user = request.user
    roles = [_role_out(a) for a in selectors.active_assignments_of(user=user)]
    return {"user_id": user.user_id, "full_name": user.full_name, "email": user.email, "roles": roles}


@router.get("/tokens", response=list[TokenOut], summary="My API tokens")
@api_access(any_user=True)
def tokens(request: AuthedRequest):
    return list(selectors.tokens_of(user=request.user))


@router.post(
    "/tokens",
    response={201: TokenCreatedOut},
    summary="Create an API token (secret shown once); only from a browser session that passed 2FA",
)
@api_access(any_user=True)
def token_create(request: AuthedRequest, payload: TokenIn):
    token, secret = services.token_create(
        actor=request.user,
        name=payload.name,
        scope=payload.scope,
        expires_in_days=payload.expires_in_days,
        credential=services.credential_of(request),
    )
    return Status(201, {**TokenOut.from_orm(token).dict(), "secret": secret})


@router.delete("/tokens/{token_id}", response={204: None}, summary="Revoke one of my API tokens")
@api_access(any_user=True)
def token_revoke(request: AuthedRequest, token_id: int):
    token = _found(selectors.token_of(user=request.user, pk=token_id))
    services.token_revoke(actor=request.user, token=token)
    return Status(204, None)


@router.post("/users", response={201: UserOut}, summary="Register a staff account (system / UKPBJ admin)")
@api_access(Role.SYSADMIN, Role.ADMIN_UKPBJ, scope="any staff account")
def user_create(request: AuthedRequest, payload: UserIn):
    user = services.user_create(actor=request.user, **payload.dict())
    return Status(201, user)


@router.post("/users/{user_id}/roles", response={201: RoleOut}, summary="Assign a role by decree")
@api_access(Role.SYSADMIN, Role.ADMIN_UKPBJ, Role.KEPALA_UKPBJ, scope="staff of the admin's agency")
def role_assign(request: AuthedRequest, user_id: str, payload: RoleAssignIn):
    user = _found(selectors.user_by_login(user_id))
    agency = _found(selectors.agency_by_code(payload.agency_code)) if payload.agency_code else None
    work_unit = _found(selectors.work_unit_by_pk(payload.work_unit_id)) if payload.work_unit_id else None
    assignment = services.role_assign(
        actor=request.user,
        user=user,
        role=payload.role,
        agency=agency,
        work_unit=work_unit,
        starts_on=payload.starts_on,
        ends_on=payload.ends_on,
        decree_number=payload.decree_number,
        decree_date=payload.decree_date,
    )
    return Status(201, _role_out(assignment))


@router.post(
    "/roles/{assignment_id}/revoke", response=RoleOut, summary="Revoke a role assignment, with a reason"
)
@api_access(Role.SYSADMIN, Role.ADMIN_UKPBJ, Role.KEPALA_UKPBJ, scope="staff of the admin's agency")
def role_revoke(request: AuthedRequest, assignment_id: int, payload: RoleRevokeIn):
    assignment = _found(selectors.assignment_by_pk(assignment_id))
    services.role_revoke(actor=request.user, assignment=assignment, reason=payload.reason)
    return _role_out(assignment)


@router.post("/users/{user_id}/status", response=UserOut, summary="Activate or deactivate a staff account")
@api_access(Role.SYSADMIN, Role.ADMIN_UKPBJ, scope="staff of the admin's agency")
def user_status(request: AuthedRequest, user_id: str, payload: StatusIn):
    person = _found(selectors.person_visible_to(user=request.user, user_id=user_id))
    return services.user_set_status(
        actor=request.user, user=person, status=payload.status, reason=payload.reason
    )
