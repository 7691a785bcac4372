from .closing import ContractWarning, ForceMajeure, GraceDecision, Termination
from .handover import DeliveredItem, Handover, PerformanceRating, RetentionRelease
from .lifecycle import (
    AdvancePayment,
    Amendment,
    AwardLetterRefusal,
    Payment,
    PerformanceGuarantee,
    StartOrder,
)
from .pdf import ContractPdf
from .records import AwardLetter, Contract, ContractDocument
from .terms import ContractType, ContractYear

__all__ = [
    "AdvancePayment",
    "Amendment",
    "AwardLetter",
    "AwardLetterRefusal",
    "Contract",
    "ContractDocument",
    "ContractPdf",
    "ContractType",
    "ContractYear",
    "DeliveredItem",
    "Handover",
    "ContractWarning",
    "ForceMajeure",
    "GraceDecision",
    "Payment",
    "PerformanceGuarantee",
    "PerformanceRating",
    "RetentionRelease",
    "StartOrder",
    "Termination",
]
