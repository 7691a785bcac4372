from ..enums import (
    Envelope,
    EvaluationMethod,
    OfficialRecordKind,
    Qualification,
    Stage,
    TenderStatus,
)
from .evaluation import (
    AuctionBid,
    AuctionParticipant,
    AuctionRound,
    EvaluationDecision,
    EvaluationResult,
    MemberEvaluation,
    Negotiation,
    Offer,
    QualificationProof,
    ReverseAuction,
    WinnerDecision,
)
from .objection import Appeal, FollowUp, Objection, ObjectionAttachment
from .qa import Question
from .record import OfficialRecord
from .schedule import ScheduleChange, ScheduleEntry
from .tender import DocumentDownload, Tender, TenderDocument, TenderRegistration

__all__ = [
    "Appeal",
    "AuctionBid",
    "AuctionParticipant",
    "AuctionRound",
    "DocumentDownload",
    "Envelope",
    "EvaluationDecision",
    "EvaluationMethod",
    "EvaluationResult",
    "FollowUp",
    "MemberEvaluation",
    "Negotiation",
    "Objection",
    "ObjectionAttachment",
    "Offer",
    "OfficialRecord",
    "OfficialRecordKind",
    "Qualification",
    "QualificationProof",
    "Question",
    "ReverseAuction",
    "ScheduleChange",
    "ScheduleEntry",
    "Stage",
    "Tender",
    "TenderDocument",
    "TenderRegistration",
    "TenderStatus",
    "WinnerDecision",
]
