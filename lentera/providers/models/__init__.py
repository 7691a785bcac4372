"""Providers (Penyedia): one profile per NPWP, the ADP (Lampiran 2.3 c 5), documents and their verification,
and the blacklist (daftar hitam)."""

from .blacklist import BlacklistEntry, BlacklistProposal
from .documents import Document, DocumentCheck, VerificationRound
from .identity import IdentityChange, IdentityChangeDocument
from .profile import BusinessLicence, Deed, Equipment, Experience, Expert, Manager, Owner, TaxReport
from .provider import Provider

__all__ = [
    "BlacklistEntry",
    "BlacklistProposal",
    "BusinessLicence",
    "Deed",
    "Document",
    "DocumentCheck",
    "Equipment",
    "Experience",
    "Expert",
    "IdentityChange",
    "IdentityChangeDocument",
    "Manager",
    "Owner",
    "Provider",
    "TaxReport",
    "VerificationRound",
]
