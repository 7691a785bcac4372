"""Helpers for the accounts tests: logging in through the real login form and the TOTP step."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from lentera.accounts.models import WorkUnit
from lentera.accounts.tests.factories import PASSWORD, WorkUnitFactory, user_with_role
from lentera.core.roles import Role


def current_code(device: TOTPDevice) -> str:
    """The code an authenticator app would show now for `device`."""
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):0{device.digits}d}"


def wrong_code(device: TOTPDevice) -> str:
    """A code that is certainly not accepted now (none of the codes of the tolerated time steps)."""
    accepted = {
        f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=d):06d}"
        for d in range(-device.tolerance - 1, device.tolerance + 2)
    }
    for candidate in ("000000", "111111", "123456", "654321", "999999"):
        if candidate not in accepted:
            return candidate
    raise AssertionError("unreachable")


def password_login(client: Client, user_id: str, password: str = PASSWORD, **extra):
    return client.post(reverse("accounts:login"), {"username": user_id, "password": password}, **extra)


@pytest.fixture
def client_ip():
    return {"REMOTE_ADDR": "10.1.2.3"}


@pytest.fixture
def unit():
    """The UKPBJ work unit of one agency."""
    return WorkUnitFactory(code="UKPBJ", kind=WorkUnit.Kind.UKPBJ)


@pytest.fixture
def staff_by_role(unit):
    """One user per role, all staff in the same agency (so agency-scoped admins act within their scope)."""
    return {
        role: user_with_role(role, work_unit=None if role == Role.PENYEDIA else unit) for role in Role.values
    }
