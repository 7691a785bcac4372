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
    "Payment",
    "PerformanceGuarantee",
    "StartOrder",
]
