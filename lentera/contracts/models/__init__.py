from .records import AwardLetter, Contract, ContractDocument

__all__ = ["AwardLetter", "Contract", "ContractDocument"]
