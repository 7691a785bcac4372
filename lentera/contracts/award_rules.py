"""Rule data of the winner's answer to the SPPBJ: how long the appointed provider has to accept it, and which
sanction category a refusal, a withdrawal or a missing answer proposes. Dated rows (``rules.in_force``).

The Perpres and Peraturan LKPP texts are not in ``shared/seeds``: the 14-day answer period is **not confirmed**
there (nor in the issue text, which asks for "a deadline" only). It is the number the project was given; Perpres
54/2010 Pasal 86 ayat (1) (repealed) had 14 *working* days from the SPPBJ to the signing. The UKPBJ's legal
officer should confirm it; a corrected row is a data change, not a code change.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .rules import PERPRES_16_2018_IN_FORCE, in_force


@dataclass(frozen=True)
class AnswerDeadlineRule:
    days: int  # calendar days after the SPPBJ's date; the last of them is still in time
    sanction_category: str  # providers.BlacklistEntry.Category of the proposal after a refusal without reason
    starts: dt.date
    ends: dt.date | None
    citation: str


AWARD_ANSWER_DEADLINE_RULES: tuple[AnswerDeadlineRule, ...] = (
    AnswerDeadlineRule(
        14,
        "WITHDRAWAL",
        PERPRES_16_2018_IN_FORCE,
        None,
        "Batas waktu jawaban SPPBJ 14 hari kalender (belum dikonfirmasi dalam shared/seeds); Perpres 16/2018 "
        "Pasal 78 ayat (3): pemenang yang menolak / mengundurkan diri tanpa alasan yang dapat diterima dikenai "
        "sanksi daftar hitam",
    ),
)


def award_answer_last_day(*, issued_on: dt.date) -> dt.date:
    """The last calendar day on which the appointed provider may answer (accept, refuse) the SPPBJ dated
    ``issued_on``: 14 days after it, by the row in force on that date. The 14 days are not confirmed in
    shared/seeds (see the module docstring); after that day the PPK records "no answer" instead.

    Cites: Perpres 16/2018 (batas waktu jawaban SPPBJ: pasal belum dikonfirmasi);
           Kebijakan Lentera: 14 hari kalender sejak tanggal SPPBJ, data yang dapat dikoreksi tanpa mengubah kode.
    """
    return issued_on + dt.timedelta(days=in_force(AWARD_ANSWER_DEADLINE_RULES, issued_on).days)


def award_answer_overdue(*, issued_on: dt.date, today: dt.date) -> bool:
    """Whether the answer period of an SPPBJ dated ``issued_on`` is over on ``today`` (the database clock's day
    in Asia/Jakarta): the last day is still in time.

    Cites: Perpres 16/2018 (batas waktu jawaban SPPBJ: pasal belum dikonfirmasi);
           Kebijakan Lentera: hari terakhir masih tepat waktu, dihitung dengan jam basis data.
    """
    return today > award_answer_last_day(issued_on=issued_on)


def award_sanction_category(*, on: dt.date) -> str:
    """The blacklist category the PPK's sanction proposal takes after a refusal, a withdrawal after acceptance
    or no answer by the deadline: the provider withdrew ("mengundurkan diri"), one year of the providers app's
    ``rules.BLACKLIST_YEARS``.

    Cites: Perpres 16/2018 Pasal 78 ayat (3) (huruf belum dikonfirmasi: pemenang yang mengundurkan diri /
           menolak tanpa alasan yang dapat diterima).
    """
    return in_force(AWARD_ANSWER_DEADLINE_RULES, on).sanction_category
