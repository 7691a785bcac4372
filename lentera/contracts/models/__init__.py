from .closing import ContractWarning, ForceMajeure, GraceDecision, Termination
from .lifecycle import (
    AdvancePayment,
    Amendment,
    AwardLetterRefusal,
    Payment,
    PerformanceGuarantee,
    StartOrder,
)
from .records import AwardLetter, Contract, ContractDocument

__all__ = [
    "AdvancePayment",
    "Amendment",
    "AwardLetter",
    "AwardLetterRefusal",
    "Contract",
    "ContractDocument",
    "ContractWarning",
    "ForceMajeure",
    "GraceDecision",
    "Payment",
    "PerformanceGuarantee",
    "StartOrder",
    "Termination",
]
