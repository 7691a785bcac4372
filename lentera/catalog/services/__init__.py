"""Every write of the catalogue: keyword-only, the acting user first, one transaction, one audit event.

``listing`` — the UKPBJ's categories, admissions and curation, the providers' applications and products;
``ordering`` — the PPK's direct orders (with the split-purchase warning), the provider's answer and the PPK's
Surat Pesanan (a contract of the contracts app);
``media`` — the provider's product photos and datasheets;
``negotiation`` — e-purchasing by negotiation: rounds of proposals between the PPK and the provider;
``competition`` — e-purchasing by mini-competition: sealed quotations of several providers, the lowest wins.
"""

from .competition import (
    competition_award,
    competition_cancel,
    competition_create,
    invitable_providers,
    quotation_submit,
)
from .listing import (
    UKPBJ_ROLES,
    admission_admit,
    admission_apply,
    admission_refuse,
    attribute_add,
    category_create,
    change_approve,
    change_reject,
    price_change_submit,
    product_submit,
    search_text_for,
)
from .media import product_file_add, product_file_remove
from .negotiation import negotiation_accept, negotiation_counter, negotiation_open
from .notices import notices_mark_read
from .ordering import (
    order_accept,
    order_cancel,
    order_create,
    order_refuse,
    purchase_order_issue,
)

__all__ = [
    "UKPBJ_ROLES",
    "admission_admit",
    "admission_apply",
    "admission_refuse",
    "attribute_add",
    "category_create",
    "competition_award",
    "competition_cancel",
    "competition_create",
    "invitable_providers",
    "quotation_submit",
    "change_approve",
    "change_reject",
    "negotiation_accept",
    "negotiation_counter",
    "negotiation_open",
    "notices_mark_read",
    "order_accept",
    "order_cancel",
    "order_create",
    "order_refuse",
    "price_change_submit",
    "product_file_add",
    "product_file_remove",
    "purchase_order_issue",
    "product_submit",
    "search_text_for",
]
