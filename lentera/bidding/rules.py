"""Rules of the sealed bidding room, each citing its source.

The regulations require that bids stay sealed until the opening stage and are opened by the Pokja Pemilihan
(Perbup PPU 2/2021 Pasal 2 h; Permendagri 53/2021 Lampiran 2.1 c 2, 2.4, 2.5.2 a); Pokja decisions are taken by
a majority of its members (Peraturan LKPP 12/2021, article not confirmed; Lampiran 2.4 of the Permendagri is the
integrity of the system, not the Pokja's vote). Lentera turns that majority into the Shamir threshold of the
envelope key.
"""

from __future__ import annotations

from dataclasses import dataclass

from lentera.core import uploads

MIN_POKJA_MEMBERS_FOR_SEALING = 2
"""Shamir needs a threshold of at least 2, so a Pokja of one person cannot hold a split key."""

PASSPHRASE_MIN_LENGTH = 12
"""Minimum length of an opening passphrase (Lentera policy; argon2id slows guessing, length makes it hard)."""

DEFAULT_MAX_FILE_SIZE = 500 * 1024 * 1024
"""Largest bid file accepted through the resumable upload (bytes); LENTERA_BID_MAX_FILE_SIZE overrides."""

DEFAULT_MAX_FORM_FILE_SIZE = 25 * 1024 * 1024
"""Largest file accepted through the plain (no-JavaScript) form; bigger files use the resumable upload."""

DEFAULT_CHUNK_SIZE = 4 * 1024 * 1024
"""Size of one resumable upload chunk offered to clients; each chunk becomes one sealed segment.

4 MiB: a dropped connection costs at most one chunk (about 17 s on a 2 Mbit/s uplink), and a 5 MB bid needs
two chunk requests instead of five, which is what lets a small server hold the deadline rush (see
docs/benchmarks.md: 295 of 300 bids at 4 MiB against 135 at 1 MiB on the same shared 2-core machine).
"""

MAX_CHUNK_SIZE = 8 * 1024 * 1024
"""Largest chunk a client may send in one request (bounds the memory of one request)."""

MAX_FILES_PER_SUBMISSION = 30


def bid_file_types(tender) -> frozenset[str]:
    """The types a bid file may be, judged from its bytes before it is sealed: PDF, office documents (DOC/DOCX,
    XLS/XLSX, ODT/ODS), ZIP archives and JPEG/PNG scans.

    Permendagri 53/2021 Lampiran 2.4 a (integrity of procurement information) and 2.5.4 (infrastructure
    security): a sealed envelope must not carry a program that the Pokja would run when it opens the bids, and
    once sealed nobody can look inside until the opening, so the check happens before sealing. Every tender
    accepts the same document types today; the tender is the argument so a method may narrow them.

    Cites: Permendagri 53/2021 Lampiran 2.4 a;
           Permendagri 53/2021 Lampiran 2.5.4.
    """
    return uploads.DOCUMENT_TYPES


OPENING_SESSION_HOURS = 8
"""An opening session that does not reach its threshold within this time expires and its deposits are erased."""


def pokja_majority(member_count: int) -> int:
    """Majority of the Pokja members: n // 2 + 1 (2 of 3, 3 of 5).

    Pokja decisions are taken by a majority of its members, and the opening of bids is a Pokja act, so a majority
    of its members must each take part to rebuild the envelope key.

    Cites: Peraturan LKPP 12/2021 (keputusan Pokja Pemilihan diambil dengan suara terbanyak anggotanya; pasal belum
           dikonfirmasi);
           Perpres 16/2018 Pasal 13 (Pokja Pemilihan melaksanakan pemilihan Penyedia).
    """
    return member_count // 2 + 1


@dataclass(frozen=True)
class SharePlan:
    """How an envelope key is split: ``threshold`` of ``share_count`` shares; ``witness`` adds one share."""

    member_count: int
    threshold: int
    share_count: int
    witness: bool


def share_plan(member_count: int, *, witness: bool) -> SharePlan:
    """The Shamir plan for a Pokja of ``member_count`` active members (Permendagri 53/2021 Lampiran 2.4).

    Without a witness: ``majority`` of ``n`` member shares.

    With the optional witness share of the Kepala Subbagian LPSE (Lampiran 2.5.3 makes them the witness of
    files that cannot be opened): ``n + 1`` shares and a threshold of ``majority + 1``. So the envelope opens
    with a Pokja majority plus the witness, or with ``majority + 1`` Pokja members; the witness alone, or the
    witness with fewer than a majority of the Pokja, never reaches the threshold. (A threshold of just
    ``majority`` with an extra witness share would let the witness stand in for a missing Pokja member, which
    would break the rule that a Pokja majority opens the bids.)

    Cites: Permendagri 53/2021 Lampiran 2.4 a;
           Permendagri 53/2021 Lampiran 2.5.3 (Kepala Subbagian LPSE sebagai saksi dokumen penawaran yang tidak
           dapat dibuka).
    """
    majority = pokja_majority(member_count)
    if witness:
        return SharePlan(member_count, majority + 1, member_count + 1, True)
    return SharePlan(member_count, majority, member_count, False)
