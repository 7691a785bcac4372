"""Every write of the providers app. Tendering and bidding call `ensure_can_bid` inside their transactions."""

from .identity import (
    IDENTITY_CHANGED_EVENT,
    identity_change_add_document,
    identity_change_approve,
    identity_change_refuse,
    identity_change_withdraw,
)
from .profile import IdentityEdit, provider_update_identity, section_delete, section_save
from .registration import (
    applicant_link_request,
    application_submit,
    document_upload,
    ensure_npwp_free,
    registration_create,
    signup_email_request,
    staff_register,
)
from .sanctions import (
    account_deactivate,
    account_reactivate,
    active_blacklist_entry,
    blacklist_create,
    blacklist_proposal_dismiss,
    blacklist_propose,
    ensure_can_bid,
)
from .verification import CheckInput, verification_approve, verification_reject

__all__ = [
    "IDENTITY_CHANGED_EVENT",
    "CheckInput",
    "IdentityEdit",
    "account_deactivate",
    "account_reactivate",
    "active_blacklist_entry",
    "applicant_link_request",
    "application_submit",
    "blacklist_create",
    "blacklist_propose",
    "blacklist_proposal_dismiss",
    "document_upload",
    "ensure_can_bid",
    "ensure_npwp_free",
    "identity_change_add_document",
    "identity_change_approve",
    "identity_change_refuse",
    "identity_change_withdraw",
    "provider_update_identity",
    "registration_create",
    "section_delete",
    "section_save",
    "signup_email_request",
    "staff_register",
    "verification_approve",
    "verification_reject",
]
