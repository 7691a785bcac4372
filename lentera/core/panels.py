"""Named extension points for pages of a lower app that show facts a higher app owns (e.g. a provider's
performance rating, kept by contracts, on the providers app's staff pages and on the Pokja's evaluation page):
the higher app registers a function in ``AppConfig.ready()``, the lower app's view collects the results, and no
app imports one above it. A contributor returns ``None`` (nothing to show) or a ``Panel``; one that fails is
logged and skipped in production (``LENTERA_DASHBOARD_STRICT`` makes it raise, as in tests).

Points in use: ``provider.staff`` (kwargs ``provider``, ``role``: links and facts on the staff view of a provider)
``tendering.offer`` (kwargs ``provider_id``, ``role``: facts beside an offer in the evaluation) and
``contract.detail`` (kwargs ``contract``, ``role``: facts on the contract page, e.g. the catalogue order of a
Surat Pesanan).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Panel:
    """A short fact with an optional link; ``warn`` marks a fact the reader must not miss (a flag)."""

    title: str
    text: str = ""
    url: str = ""
    warn: bool = False


Contributor = Callable[..., Panel | None]
_points: dict[str, list[Contributor]] = {}


def register(point: str, contributor: Contributor) -> Contributor:
    """Add a contributor to a named point (idempotent: the same function is registered once)."""
    found = _points.setdefault(point, [])
    if contributor not in found:
        found.append(contributor)
    return contributor


def collect(point: str, **kwargs: Any) -> list[Panel]:
    """The panels every contributor of ``point`` gives for these arguments, in registration order."""
    out: list[Panel] = []
    for contributor in _points.get(point, []):
        try:
            panel = contributor(**kwargs)
        except Exception:
            if getattr(settings, "LENTERA_DASHBOARD_STRICT", False):
                raise
            logger.exception("panel contributor %r of %s failed", contributor, point)
            continue
        if panel is not None:
            out.append(panel)
    return out
