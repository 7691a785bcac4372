from .lifecycle import AdvancePayment, AwardLetterRefusal, Payment, PerformanceGuarantee, StartOrder
from .records import AwardLetter, Contract, ContractDocument

__all__ = [
    "AdvancePayment",
    "AwardLetter",
    "AwardLetterRefusal",
    "Contract",
    "ContractDocument",
    "Payment",
    "PerformanceGuarantee",
    "StartOrder",
]
