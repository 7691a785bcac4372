"""Rules of the code of ethics and its cases (Permendagri 53/2021 Pasal 22)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from lentera.core.dated import row_in_force

from ..errors import GovernanceError

#: The three units the majelis is drawn from (Pasal 22 ayat (4)); the chair's (ayat (6)).
MAJELIS_UNITS = frozenset({"INSPECTORATE", "PERSONNEL", "LEGAL"})
CHAIR_UNIT = "INSPECTORATE"


def check_pact_signer(*, is_staff: bool, in_force: bool) -> None:
    """The code of ethics binds the civil servants of the UKPBJ (Pasal 22 ayat (1)): a staff member of the agency
    signs the integrity pact of the version in force, not of a version not yet effective.

    Cites: Permendagri 53/2021 Pasal 22 ayat (1).
    """
    if not is_staff:
        raise GovernanceError(
            "NOT_AGENCY_STAFF", _("Hanya pegawai UKPBJ instansi ini yang menandatangani pakta integritasnya."),
            status=403,
        )  # fmt: skip
    if not in_force:
        raise GovernanceError("CODE_NOT_IN_FORCE", _("Versi kode etik ini tidak sedang berlaku."), status=409)


def check_majelis_composition(*, members: Sequence[tuple[str, bool]]) -> None:
    """The majelis pertimbangan kode etik has an odd number of members drawn from the inspectorate, the personnel
    unit and the legal unit (ayat (4)), and its chair comes from the inspectorate (ayat (6)). ``members`` are
    (unit, is_chair) pairs; every one of the three units takes part.

    Cites: Permendagri 53/2021 Pasal 22 ayat (4);
           Permendagri 53/2021 Pasal 22 ayat (6).
    """
    units = [u for u, _chair in members]
    if len(members) < 3 or len(members) % 2 == 0:
        raise GovernanceError(
            "MAJELIS_SIZE_EVEN", _("Majelis beranggotakan gasal, paling sedikit 3 orang."), size=len(members)
        )
    if set(units) != MAJELIS_UNITS:
        raise GovernanceError(
            "MAJELIS_UNITS_MISSING", _("Majelis terdiri dari unsur inspektorat, kepegawaian dan hukum.")
        )
    chairs = [u for u, chair in members if chair]
    if chairs != [CHAIR_UNIT]:
        raise GovernanceError(
            "MAJELIS_CHAIR", _("Ketua majelis (satu orang) berasal dari unsur inspektorat.")
        )


def check_case_decision(*, decision: str, reasoning: str, sanction: str) -> None:
    """The majelis settles a breach of the code (Pasal 22 ayat (3)): a decision states whether the breach is
    proven, with its reasoning; a proven breach carries a sanction, an unproven one none.

    Cites: Permendagri 53/2021 Pasal 22 ayat (3).
    """
    if decision not in ("VIOLATION", "NO_VIOLATION"):
        raise GovernanceError("DECISION_UNKNOWN", _("Putusan tidak dikenal."))
    if not reasoning.strip():
        raise GovernanceError("REASONING_REQUIRED", _("Pertimbangan putusan wajib diisi."))
    if (decision == "VIOLATION") != bool(sanction.strip()):
        raise GovernanceError(
            "SANCTION_MISMATCH",
            _("Pelanggaran yang terbukti disertai sanksi; yang tidak terbukti tanpa sanksi."),
        )


# ------------------------------------------------------------------------------------ public reports, hearings, appeals


@dataclass(frozen=True)
class PublicReportLimit:
    count: int  # reports one address may send per window
    window: dt.timedelta
    starts: dt.date
    ends: dt.date | None
    citation: str


PUBLIC_REPORT_LIMITS: tuple[PublicReportLimit, ...] = (
    PublicReportLimit(
        5, dt.timedelta(hours=1), dt.date(2021, 1, 1), None,
        "Kebijakan Lentera: the anonymous public form is rate limited against abuse (5 per address per hour)",
    ),
)  # fmt: skip


def public_report_limit(on: dt.date) -> tuple[int, dt.timedelta]:
    """How many anonymous reports one address may send per window; more is refused with 429.

    Cites: Permendagri 53/2021 Pasal 22 ayat (2) (the code is enforced; reports from the public are not
    regulated in the texts Lentera holds: not confirmed);
           Kebijakan Lentera: the anonymous public form is rate limited against abuse (5 per address per hour).
    """
    row = row_in_force(PUBLIC_REPORT_LIMITS, on)
    return row.count, row.window


def check_public_report(*, subject_name: str, allegation: str) -> None:
    """A report from the public (no account, no name) names the person reported (name and post, as the public
    knows them) and describes the suspected breach; the reporter's contact is optional.

    Cites: Permendagri 53/2021 Pasal 22 ayat (2) (the majelis enforces the code);
           Kebijakan Lentera: anonymous public reports (issue #17 part 4), their form not regulated: not confirmed.
    """
    if len(subject_name.strip()) < 3:
        raise GovernanceError("SUBJECT_REQUIRED", _("Nama dan jabatan terlapor wajib diisi."))
    if len(allegation.strip()) < 20:
        raise GovernanceError(
            "ALLEGATION_TOO_SHORT", _("Uraikan dugaan pelanggaran paling sedikit 20 karakter.")
        )


def check_hearing(*, status: str, held_on: dt.date, today: dt.date, attendees: str, minutes: str) -> None:
    """A hearing of the majelis is recorded while the case is under examination, on a day that has come (the
    database clock), with who attended and its minutes.

    Cites: Permendagri 53/2021 Pasal 22 ayat (3) (the majelis examines and settles a breach).
    """
    if status != "EXAMINATION":
        raise GovernanceError(
            "CASE_NOT_IN_EXAMINATION", _("Sidang hanya dicatat saat kasus diperiksa majelis."), status=409
        )
    if held_on > today:
        raise GovernanceError("HEARING_DATE_FUTURE", _("Tanggal sidang belum tiba."))
    if not attendees.strip() or not minutes.strip():
        raise GovernanceError("HEARING_FIELDS_REQUIRED", _("Yang hadir dan risalah sidang wajib diisi."))


@dataclass(frozen=True)
class AppealWindow:
    days: int  # calendar days after the decision within which an appeal is recorded
    starts: dt.date
    ends: dt.date | None
    citation: str


APPEAL_WINDOWS: tuple[AppealWindow, ...] = (
    AppealWindow(
        14, dt.date(2021, 1, 1), None,
        "Kebijakan Lentera: 14 days; Pasal 22 does not set an appeal (not confirmed)",
    ),
)  # fmt: skip


def check_appeal(*, decided_on: dt.date, today: dt.date, grounds: str) -> None:
    """An appeal against the majelis's decision is recorded within the appeal window after the decision (the
    database clock), with its grounds.

    Cites: Permendagri 53/2021 Pasal 22 ayat (3) (the majelis's decision; an appeal is not in the article: not
    confirmed);
           Kebijakan Lentera: 14 days (APPEAL_WINDOWS, dated).
    """
    window = row_in_force(APPEAL_WINDOWS, decided_on)
    if (today - decided_on).days > window.days:
        raise GovernanceError(
            "APPEAL_TOO_LATE",
            _("Banding dicatat paling lambat %(days)s hari setelah putusan."),
            status=409,
            days=window.days,
        )
    if not grounds.strip():
        raise GovernanceError("APPEAL_GROUNDS_REQUIRED", _("Alasan banding wajib diisi."))


def check_appeal_decision(*, outcome: str, reasoning: str, sanction: str, first_decision: str) -> None:
    """The appeal upholds, amends (a new sanction, only for a proven breach) or overturns the decision, with its
    reasoning.

    Cites: Permendagri 53/2021 Pasal 22 ayat (3) (a proven breach carries a sanction);
           Kebijakan Lentera: appeal outcomes upheld / amended / overturned (not confirmed).
    """
    if outcome not in ("UPHELD", "AMENDED", "OVERTURNED"):
        raise GovernanceError("APPEAL_OUTCOME_UNKNOWN", _("Putusan banding tidak dikenal."))
    if not reasoning.strip():
        raise GovernanceError("REASONING_REQUIRED", _("Pertimbangan putusan wajib diisi."))
    if outcome == "AMENDED" and (first_decision != "VIOLATION" or not sanction.strip()):
        raise GovernanceError(
            "APPEAL_SANCTION_REQUIRED", _("Sanksi yang diubah diisi, untuk pelanggaran yang terbukti.")
        )
    if outcome != "AMENDED" and sanction.strip():
        raise GovernanceError(
            "SANCTION_MISMATCH", _("Sanksi baru hanya untuk putusan banding yang mengubah sanksi.")
        )
