"""A flushed database gets the data migrations' reference rows back before the demo loads (CI found the demo
failing in every transactional test once the standards were seeded by a migration)."""

from __future__ import annotations

import pytest
from django.apps import apps

from lentera.core.seeds import reseed


@pytest.mark.django_db
def test_reseed_puts_back_what_the_migrations_seeded_and_changes_nothing_when_present():
    # Through the app registry: core sits below the apps whose migrations it re-runs.
    LpseStandard = apps.get_model("governance", "LpseStandard")
    MaturityModel = apps.get_model("governance", "MaturityModel")
    Room = apps.get_model("training", "Room")
    seeded = (LpseStandard.objects.count(), MaturityModel.objects.count(), Room.objects.count())
    assert seeded[0] == 17 and seeded[1] >= 1 and seeded[2] == 3
    specs = (
        "governance.0003_maturity_model_seed:seed",
        "governance.0006_lpse_standards_seed:seed",
        "training.0002_service_rooms:add_rooms",
    )
    reseed(*specs)
    assert (LpseStandard.objects.count(), MaturityModel.objects.count(), Room.objects.count()) == seeded
    LpseStandard.objects.all().delete()
    MaturityModel.objects.all().delete()
    Room.objects.all().delete()
    reseed(*specs)
    assert (LpseStandard.objects.count(), MaturityModel.objects.count(), Room.objects.count()) == seeded
