from __future__ import annotations

import threading

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, connections, transaction

from lentera.accounts.tests.factories import UserFactory
from lentera.core import audit
from lentera.core.models import AuditEvent


def _append(n: int, actor=None) -> list[AuditEvent]:
    out = []
    for i in range(n):
        with transaction.atomic():
            out.append(
                audit.record(actor=actor, action="test.append", object_type="x", object_id=i, after={"i": i})
            )
    return out


@pytest.mark.django_db
def test_events_are_chained_and_verify():
    user = UserFactory()
    events = _append(5, actor=user)
    assert events[0].prev_hash == audit.GENESIS_HASH or events[0].seq > 1
    for prev, nxt in zip(events, events[1:], strict=False):
        assert nxt.prev_hash == prev.hash
        assert nxt.seq == prev.seq + 1
    result = audit.verify_chain()
    assert result.ok and result.head_hash == events[-1].hash
    assert audit.head()["hash"] == events[-1].hash


def _tamper(sql: str, params: list) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE core_auditevent DISABLE TRIGGER core_auditevent_no_update")
        else:
            cursor.execute("DROP TRIGGER IF EXISTS core_auditevent_no_update")
        cursor.execute(sql, params)
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE core_auditevent ENABLE TRIGGER core_auditevent_no_update")


@pytest.mark.django_db
def test_verify_names_an_edited_event():
    events = _append(6)
    _tamper("UPDATE core_auditevent SET after = %s WHERE seq = %s", ['{"i": 999}', events[3].seq])
    result = audit.verify_chain()
    assert not result.ok
    assert result.first_bad_seq == events[3].seq
    assert "edited" in result.problem
    with pytest.raises(CommandError, match=f"#{events[3].seq}"):
        call_command("audit_verify")


@pytest.mark.django_db
def test_verify_names_a_deleted_event():
    events = _append(5)
    _tamper("DELETE FROM core_auditevent WHERE seq = %s", [events[2].seq])
    result = audit.verify_chain()
    assert not result.ok and result.first_bad_seq == events[2].seq
    assert "missing" in result.problem


@pytest.mark.django_db
def test_verify_names_an_event_inserted_out_of_order():
    events = _append(3)
    forged = AuditEvent(
        seq=events[-1].seq + 1,
        occurred_at=events[-1].occurred_at,
        action="forged",
        prev_hash="f" * 64,
        hash="e" * 64,
    )
    forged.save(force_insert=True)
    result = audit.verify_chain()
    assert not result.ok and result.first_bad_seq == forged.seq


@pytest.mark.django_db
def test_audit_rows_cannot_be_updated_through_the_database():
    events = _append(1)
    from django.db import DatabaseError

    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=events[0].pk).update(action="changed")


@pytest.mark.django_db
def test_audit_verify_command_ok(capsys):
    _append(3)
    call_command("audit_verify")
    assert "OK: " in capsys.readouterr().out


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_appends_keep_the_chain_valid():
    """Many writers at once (PostgreSQL: real concurrent transactions) leave a valid, gap-free chain."""
    assert connection.vendor == "postgresql"
    errors: list[BaseException] = []
    barrier = threading.Barrier(8)

    def worker(n: int) -> None:
        try:
            barrier.wait()
            for i in range(15):
                with transaction.atomic():
                    audit.record(actor=None, action="test.concurrent", object_type="w", object_id=f"{n}-{i}")
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    result = audit.verify_chain()
    assert result.ok, result.problem
    assert AuditEvent.objects.filter(action="test.concurrent").count() == 120


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_api_requests_keep_the_chain_valid():
    """Concurrent HTTP requests, each running a write service that appends its audit event."""
    from django.test import Client

    from lentera.accounts.services import Credential, token_create
    from lentera.accounts.tests.factories import user_with_role
    from lentera.core.roles import Role

    def mint(user):
        return token_create(actor=user, name="seed", scope="act", credential=Credential.SESSION_VERIFIED)

    # Each client revokes five of its owner's other tokens: 30 concurrent writes, each appending an event.
    work = []
    for _ in range(6):
        user = user_with_role(Role.PENYEDIA)
        work.append((mint(user)[1], [mint(user)[0].pk for _ in range(5)]))
    barrier = threading.Barrier(len(work))
    statuses: list[int] = []
    errors: list[BaseException] = []

    def worker(secret: str, token_ids: list[int]) -> None:
        try:
            client = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
            barrier.wait()
            for token_id in token_ids:
                response = client.delete(f"/api/v1/accounts/tokens/{token_id}")
                statuses.append(response.status_code)
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=item) for item in work]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    assert statuses == [204] * 30, statuses
    assert AuditEvent.objects.filter(action="accounts.token.revoke").count() == 30
    result = audit.verify_chain()
    assert result.ok, result.problem
