"""Every write of the bidding app. Tendering's announce service calls `tender_keys_create`."""

from .keys import (
    ensure_envelopes,
    envelope_kinds,
    envelopes_of,
    opening_key_change_passphrase,
    opening_key_set,
    tender_keys_create,
)
from .opened import opened_part_content, opening_problem_decide, opening_problem_witness
from .opening import opening_passphrase_submit
from .submission import (
    BidForm,
    bid_room_check,
    check_price_against_hps,
    parse_bid_form,
    submission_finalise,
    submission_withdraw,
    upload_chunk,
    upload_start,
)

__all__ = [
    "BidForm",
    "bid_room_check",
    "check_price_against_hps",
    "ensure_envelopes",
    "envelope_kinds",
    "envelopes_of",
    "opened_part_content",
    "opening_key_change_passphrase",
    "opening_key_set",
    "opening_passphrase_submit",
    "opening_problem_decide",
    "opening_problem_witness",
    "parse_bid_form",
    "submission_finalise",
    "submission_withdraw",
    "tender_keys_create",
    "upload_chunk",
    "upload_start",
]
