"""Every write of the contracts app."""

from .award import award_letter_issue, contract_record
from .recording import procurement_record

__all__ = ["award_letter_issue", "contract_record", "procurement_record"]
