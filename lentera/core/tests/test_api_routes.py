"""The core API routes (#13 item 6): the health check and the head of the audit chain, both public."""

from __future__ import annotations

import pytest
from django.test import Client

from lentera.core import audit
from lentera.core.models import AuditEvent

pytestmark = pytest.mark.django_db
route = pytest.mark.route


@route("GET", "/api/v1/health", allowed=True)
def test_health_reports_the_database_and_storage_ok(media_root):
    response = Client().get("/api/v1/health")
    assert response.status_code == 200
    body = response.json()
    assert body["ok"] is True and body["checks"]


@route("GET", "/api/v1/audit/head", allowed=True)
def test_audit_head_is_the_newest_event(make_user):
    audit.record(actor=None, action="test.first", object_type="x", object_id=1)
    audit.record(actor=None, action="test.second", object_type="x", object_id=2)
    newest = AuditEvent.objects.order_by("-seq").first()
    body = Client().get("/api/v1/audit/head").json()
    assert body["seq"] == newest.seq and body["hash"] == newest.hash
