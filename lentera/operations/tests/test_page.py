"""The operations page: only the Administrator Sistem and the Kepala Subbagian LPSE; shows the last backup and
the last restore drill; linked from their work dashboard."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse

from lentera.core.roles import Role
from lentera.operations import services
from lentera.operations.models import BackupRun
from lentera.testing import Action, login_client, run_matrix

pytestmark = pytest.mark.django_db


def test_operations_page_access_matrix(users_by_role):
    actions = [
        Action(
            "web: operations page",
            frozenset(services.OPERATORS),
            lambda c, h: c.get(reverse("operations:index")),
        )
    ]
    assert run_matrix(actions, users_by_role) == []


@pytest.mark.django_db(transaction=True)
def test_operations_page_shows_last_backup_and_drill(settings, backup_key, media_root, make_user):
    run = services.backup_create(actor=None)
    services.restore_drill(
        archive_path=Path(settings.LENTERA_BACKUP_DIR) / run.archive_name,
        identity=services.keys.load_identity(identity_file=str(backup_key)),
    )
    admin = make_user(Role.SYSADMIN)
    client = login_client(admin, Role.SYSADMIN)
    dashboard = client.get(reverse("accounts:dashboard")).content.decode()
    assert reverse("operations:index") in dashboard
    page = client.get(reverse("operations:index")).content.decode()
    assert run.archive_name in page and "Berhasil" in page
    assert BackupRun.objects.filter(kind=BackupRun.Kind.DRILL, result=BackupRun.Result.OK).exists()
    assert 'id="last-drill"' in page and "Belum pernah ada uji pemulihan" not in page
