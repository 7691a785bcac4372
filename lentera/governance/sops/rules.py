"""Rules of the SOP register (Permendagri 53/2021 Pasal 23; Lampiran 2.5)."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_lazy as _

from ..errors import GovernanceError


def check_sop_approval(
    *,
    is_head: bool,
    decree_same_agency: bool,
    decree_in_force: bool,
    effective_on: dt.date | None,
) -> None:
    """The head of UKPBJ sets the SOPs (Lampiran 2.5: "Kepala UKPBJ menetapkan standar operasional prosedur"),
    by a decree of the agency in force on the day the SOP takes effect (Pasal 23 ayat (3): SOPs are ditetapkan).

    Cites: Permendagri 53/2021 Lampiran 2.5;
           Permendagri 53/2021 Pasal 23 ayat (3).
    """
    if not is_head:
        raise GovernanceError(
            "SOP_APPROVED_BY_HEAD",
            _("SOP ditetapkan oleh Kepala UKPBJ (Permendagri 53/2021 Lampiran 2.5)."),
            status=403,
        )
    if effective_on is None:
        raise GovernanceError("EFFECTIVE_DATE_REQUIRED", _("Tanggal mulai berlaku SOP wajib diisi."))
    if not decree_same_agency or not decree_in_force:
        raise GovernanceError(
            "SOP_DECREE_INVALID",
            _(
                "SOP ditetapkan dengan SK instansi yang berlaku pada tanggal mulai berlakunya (Pasal 23 ayat (3))."
            ),
        )


def check_sop_acknowledgement(*, is_current: bool, is_staff: bool) -> None:
    """Staff carry out the SOPs the head set (Lampiran 2.5) and the SOPs are socialised to every stakeholder
    (Pasal 23 ayat (4)): a staff member of the agency acknowledges having read the version in force, not a draft
    or a superseded one.

    Cites: Permendagri 53/2021 Pasal 23 ayat (4);
           Permendagri 53/2021 Lampiran 2.5.
    """
    if not is_staff:
        raise GovernanceError(
            "NOT_AGENCY_STAFF", _("Hanya pegawai instansi ini yang mengonfirmasi SOP-nya."), status=403
        )
    if not is_current:
        raise GovernanceError(
            "SOP_NOT_CURRENT", _("Hanya versi SOP yang sedang berlaku yang dapat dikonfirmasi."), status=409
        )
