"""Models of the sealed bidding room."""

from .keys import KeyShare, MemberOpeningKey, TenderEnvelope
from .opening import OpenedBid, OpeningDeposit, OpeningProblem, OpeningSession, PartCheck
from .submissions import BidPart, BidSegment, BidSubmission

__all__ = [
    "BidPart",
    "BidSegment",
    "BidSubmission",
    "KeyShare",
    "MemberOpeningKey",
    "OpenedBid",
    "OpeningDeposit",
    "OpeningProblem",
    "OpeningSession",
    "PartCheck",
    "TenderEnvelope",
]
