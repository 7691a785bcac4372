"""Rules of the code of ethics and its cases (Permendagri 53/2021 Pasal 22)."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.translation import gettext_lazy as _

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
