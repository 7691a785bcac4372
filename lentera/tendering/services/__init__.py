"""Every write of the tendering app. Import from here: ``from lentera.tendering import services``.

For the bidding app: :func:`require_stage`, :func:`offers_record_opened` (with :class:`OpenedOffer`),
:func:`official_record_create`. For everyone: every service takes ``actor`` first, keyword-only, runs in one
transaction, checks the method's state machine (states.py) against the database clock, writes, and audits.
"""

from ..timeline import require_stage
from .auction import auction_bid, auction_close, auction_start
from .award import winner_announce, winner_decide
from .evaluation import (
    OpenedOffer,
    direct_offer_submit,
    evaluation_decide,
    member_evaluation_submit,
    offers_record_opened,
)
from .objection import appeal_answer, appeal_file, objection_answer, objection_file, tender_reevaluate
from .participation import (
    document_download,
    explanation_record_create,
    question_answer,
    question_ask,
    registration_create,
)
from .qualification import negotiation_record, qualification_proof_record, shortlist_decide
from .records import notify_registered, official_record_create
from .schedule import schedule_change, schedule_set, stage_extend
from .tender import (
    addendum_issue,
    document_upload,
    provider_invite,
    tender_announce,
    tender_cancel,
    tender_create,
    tender_fail,
    tender_retender,
)

__all__ = [
    "OpenedOffer",
    "addendum_issue",
    "appeal_answer",
    "appeal_file",
    "auction_bid",
    "auction_close",
    "auction_start",
    "direct_offer_submit",
    "document_download",
    "document_upload",
    "evaluation_decide",
    "explanation_record_create",
    "member_evaluation_submit",
    "negotiation_record",
    "notify_registered",
    "objection_answer",
    "objection_file",
    "offers_record_opened",
    "official_record_create",
    "provider_invite",
    "qualification_proof_record",
    "question_answer",
    "question_ask",
    "registration_create",
    "require_stage",
    "schedule_change",
    "schedule_set",
    "shortlist_decide",
    "stage_extend",
    "tender_announce",
    "tender_cancel",
    "tender_create",
    "tender_fail",
    "tender_reevaluate",
    "tender_retender",
    "winner_announce",
    "winner_decide",
]
