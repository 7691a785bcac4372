"""Every write of the contracts app."""

from .acceptance import award_letter_accept, award_letter_appoint_reserve, award_letter_refuse
from .amendments import amendment_approve
from .answer import award_letter_record_no_answer, award_letter_withdraw, refusal_sanction_decide
from .award import award_letter_issue, contract_record
from .catalog_order import contract_from_catalog_order
from .closing import (
    contract_terminate,
    force_majeure_record,
    grace_decide,
    guarantee_extend,
    warning_issue,
)
from .delivery import delivery_record
from .guarantee import performance_guarantee_record
from .handover import handover_record
from .payments import advance_payment_record, invoice_approve, invoice_pay, invoice_reject, invoice_submit
from .pdf import contract_pdf_create
from .rating import rating_record, rating_respond
from .recording import procurement_record
from .signed_scan import signed_scan_upload
from .start import contract_start
from .terms import contract_terms_record

__all__ = [
    "advance_payment_record",
    "amendment_approve",
    "award_letter_accept",
    "award_letter_appoint_reserve",
    "award_letter_issue",
    "award_letter_record_no_answer",
    "award_letter_refuse",
    "award_letter_withdraw",
    "contract_from_catalog_order",
    "contract_pdf_create",
    "contract_record",
    "contract_start",
    "contract_terms_record",
    "delivery_record",
    "handover_record",
    "contract_terminate",
    "force_majeure_record",
    "grace_decide",
    "guarantee_extend",
    "invoice_approve",
    "invoice_pay",
    "invoice_reject",
    "invoice_submit",
    "performance_guarantee_record",
    "procurement_record",
    "rating_record",
    "refusal_sanction_decide",
    "rating_respond",
    "signed_scan_upload",
    "warning_issue",
]
