"""Every write of the catalogue: keyword-only, the acting user first, one transaction, one audit event.

``listing`` — the UKPBJ's categories, admissions and curation, the providers' applications and products;
``ordering`` — the PPK's direct orders (with the split-purchase warning), the provider's answer and the PPK's
Surat Pesanan (a contract of the contracts app).
"""

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
    "change_approve",
    "change_reject",
    "order_accept",
    "order_cancel",
    "order_create",
    "order_refuse",
    "price_change_submit",
    "purchase_order_issue",
    "product_submit",
    "search_text_for",
]
