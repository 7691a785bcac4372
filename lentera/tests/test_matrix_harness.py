"""The access-matrix harness itself: it must report a leak, a refused call that writes, and an over-refusal."""

from __future__ import annotations

import pytest
from django.http import HttpResponse
from django.urls import reverse

from lentera.core import audit
from lentera.core.models import AuditEvent
from lentera.core.roles import Role
from lentera.testing import Action, db_fingerprint, is_denied, run_matrix

pytestmark = pytest.mark.django_db


@pytest.fixture
def few_users(make_user):
    return {role: make_user(role) for role in (Role.PPK, Role.POKJA, Role.PENYEDIA)}


def test_harness_reports_a_view_open_to_a_role_that_should_be_refused(few_users):
    leaky = Action(
        "dashboard claimed PPK-only", frozenset({Role.PPK}), lambda c, h: c.get(reverse("accounts:dashboard"))
    )
    failures = run_matrix([leaky], few_users)
    assert any("role POKJA not allowed but got 200" in f for f in failures)
    assert any("role PENYEDIA not allowed but got 200" in f for f in failures)
    assert not any("role PPK" in f for f in failures)


def test_harness_reports_a_refused_call_that_changed_the_database(few_users):
    def writes_then_refuses(client, headers):
        audit.record(actor=None, action="test.sneaky", object_type="x", object_id=1)
        return HttpResponse(status=403)

    failures = run_matrix([Action("sneaky", frozenset(), writes_then_refuses)], few_users)
    assert any("refused but the database changed" in f for f in failures)
    assert AuditEvent.objects.filter(action="test.sneaky").exists()


def test_harness_reports_an_allowed_role_that_is_refused(few_users):
    refuses = Action("always 403", frozenset({Role.PPK}), lambda c, h: HttpResponse(status=403))
    failures = run_matrix([refuses], few_users)
    assert failures == ["always 403: role PPK allowed but refused (403)"]


def test_harness_reports_an_anonymous_call_that_is_not_refused(few_users):
    open_page = Action("audit head", frozenset(few_users), lambda c, h: c.get(reverse("audit-head")))
    assert run_matrix([open_page], few_users) == ["audit head: anonymous not refused (200)"]
    public = Action(
        "audit head", frozenset(few_users), lambda c, h: c.get(reverse("audit-head")), anonymous_allowed=True
    )
    assert run_matrix([public], few_users) == []


def test_api_calls_in_the_matrix_use_the_token_and_acting_role(few_users):
    me = Action("api me", frozenset(few_users), lambda c, h: c.get("/api/v1/accounts/me", **h), api=True)
    assert run_matrix([me], few_users) == []


def test_is_denied_understands_redirects_to_login_and_totp():
    assert is_denied(HttpResponse(status=403)) and is_denied(HttpResponse(status=401))
    redirect = HttpResponse(status=302)
    redirect["Location"] = "/akun/verifikasi/?next=/x/"
    assert is_denied(redirect)
    redirect["Location"] = "/akun/beranda/"
    assert not is_denied(redirect)
    assert not is_denied(HttpResponse(status=200))


def test_fingerprint_changes_when_any_row_changes(make_user):
    before = db_fingerprint()
    user = make_user(Role.PPK)
    after_create = db_fingerprint()
    assert after_create != before
    type(user).objects.filter(pk=user.pk).update(full_name="Nama Lain")
    assert db_fingerprint() != after_create
    assert db_fingerprint() == db_fingerprint()


def test_fingerprint_ignores_only_the_columns_that_change_by_use(make_user):
    """The skipped columns (a login's time) do not count; any other column of the same row does."""
    from django.utils import timezone

    user = make_user(Role.PPK)
    before = db_fingerprint()
    type(user).objects.filter(pk=user.pk).update(last_login=timezone.now())
    assert db_fingerprint() == before
    type(user).objects.filter(pk=user.pk).update(is_active=not user.is_active)
    assert db_fingerprint() != before


def test_fingerprint_is_the_trigger_counter_in_the_test_database():
    """The test database carries lentera.testing_changes' triggers (installed after the migrations)."""
    assert db_fingerprint().startswith("changes:")


def test_counter_ignores_an_update_that_changes_no_value_and_a_rolled_back_write(make_user):
    from django.db import transaction

    user = make_user(Role.PPK)
    before = db_fingerprint()
    type(user).objects.filter(pk=user.pk).update(full_name=user.full_name)
    assert db_fingerprint() == before
    with pytest.raises(RuntimeError), transaction.atomic():
        type(user).objects.filter(pk=user.pk).update(full_name="Dibatalkan")
        raise RuntimeError
    assert db_fingerprint() == before
    type(user).objects.filter(pk=user.pk).update(full_name="Nama Baru")
    assert db_fingerprint() != before


def test_full_fingerprint_sees_a_change_and_skips_the_columns_of_use(make_user):
    """The hash the counter replaced (still used where no counter is installed) keeps its own meaning."""
    from django.utils import timezone

    from lentera.testing import full_db_fingerprint

    user = make_user(Role.PPK)
    before = full_db_fingerprint()
    type(user).objects.filter(pk=user.pk).update(last_login=timezone.now())
    assert full_db_fingerprint() == before
    type(user).objects.filter(pk=user.pk).update(full_name="Nama Lain")
    assert full_db_fingerprint() != before
