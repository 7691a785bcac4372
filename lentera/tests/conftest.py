"""Collection for the cross-app tests."""

from __future__ import annotations

import pytest


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The schemathesis run calls each API operation with the callers that mean something for it."""
    if not any(item.nodeid.startswith("lentera/tests/test_api_schemathesis.py") for item in items):
        return
    from lentera.tests.test_api_schemathesis import deselect_repeated_refusals

    dropped = deselect_repeated_refusals(items)
    if dropped:
        gone = set(map(id, dropped))
        items[:] = [item for item in items if id(item) not in gone]
        config.hook.pytest_deselected(items=dropped)
