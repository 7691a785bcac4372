"""Reference data that data migrations seed, put back on a database emptied since it was migrated.

A flushed database (``manage.py flush``, or the flush after every transactional test) keeps its tables but loses
the rows the data migrations wrote: the 17 LPSE standards, the first maturity model, the service rooms. The demo
loaders call :func:`reseed` first, which runs those migrations' own (idempotent) seed functions again against the
current models, so the data is defined once, in the migration.
"""

from __future__ import annotations

import importlib

from django.apps import apps


def reseed(*migrations: str) -> None:
    """Run the ``seed``-style function of each named migration (``"app.0006_name:function"``) again."""
    for spec in migrations:
        module_path, function = spec.split(":")
        app_label, name = module_path.split(".", 1)
        module = importlib.import_module(f"{apps.get_app_config(app_label).name}.migrations.{name}")
        getattr(module, function)(apps, None)
