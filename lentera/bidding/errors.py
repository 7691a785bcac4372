"""The bidding app's refusals: one exception type, each with a stable code (see lentera.core.errors)."""

from __future__ import annotations

from lentera.core.errors import LenteraError


class BiddingError(LenteraError):
    """A business-rule refusal in the sealed bidding room (HTTP 400 unless given)."""


class BiddingConflict(BiddingError):
    """The request conflicts with the current state (e.g. a chunk at the wrong offset)."""

    status = 409
