"""The UKPBJ report's lifecycle as an explicit transition table (Permendagri 53/2021 Pasal 26; issue #18).

    DRAFT ──review──▶ REVIEWED ──approve──▶ APPROVED ──submit──▶ SUBMITTED
      ▲                  │
      └────return────────┘        (APPROVED or SUBMITTED ──correct──▶ a new version, DRAFT)

A row is ``(state, action) -> state`` with the roles that may take it. Approving freezes the figures and builds the
PDF and XLSX; an approved report is never edited again, a correction is a new version.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from lentera.core.roles import Role

from .errors import ReportingError


class ReportState(models.TextChoices):
    DRAFT = "DRAFT", _("Draf")
    REVIEWED = "REVIEWED", _("Sudah direviu")
    APPROVED = "APPROVED", _("Disetujui Kepala UKPBJ")
    SUBMITTED = "SUBMITTED", _("Disampaikan")


class Action(models.TextChoices):
    REVIEW = "REVIEW", _("Tandai sudah direviu")
    RETURN = "RETURN", _("Kembalikan ke draf")
    APPROVE = "APPROVE", _("Setujui dan bekukan")
    SUBMIT = "SUBMIT", _("Catat penyampaian")


class BuildStatus(models.TextChoices):
    NONE = "NONE", _("Belum dibuat")
    QUEUED = "QUEUED", _("Menunggu antrean")
    RUNNING = "RUNNING", _("Sedang dibuat")
    DONE = "DONE", _("Selesai")
    FAILED = "FAILED", _("Gagal")


#: Who writes the report: the head of the UKPBJ and the UKPBJ's administrator
EDITORS = frozenset({Role.KEPALA_UKPBJ, Role.ADMIN_UKPBJ})
#: Who reads it (and the dashboard): the editors and the inspectorate's auditor (read only)
READERS = frozenset({*EDITORS, Role.AUDITOR})
#: States in which the free text may still change
EDITABLE = frozenset({ReportState.DRAFT, ReportState.REVIEWED})
#: States of a frozen report (a correction makes a new version)
FROZEN = frozenset({ReportState.APPROVED, ReportState.SUBMITTED})


@dataclass(frozen=True)
class Transition:
    state: str
    action: str
    to: str
    roles: frozenset[str]


TRANSITIONS: tuple[Transition, ...] = (
    Transition(ReportState.DRAFT, Action.REVIEW, ReportState.REVIEWED, EDITORS),
    Transition(ReportState.REVIEWED, Action.RETURN, ReportState.DRAFT, EDITORS),
    Transition(ReportState.REVIEWED, Action.APPROVE, ReportState.APPROVED, frozenset({Role.KEPALA_UKPBJ})),
    Transition(ReportState.APPROVED, Action.SUBMIT, ReportState.SUBMITTED, frozenset({Role.KEPALA_UKPBJ})),
)


def transition(state: str, action: str, role: str | None) -> Transition:
    """The row for (state, action) that `role` may take; refused with TRANSITION_NOT_ALLOWED otherwise."""
    for row in TRANSITIONS:
        if row.state == state and row.action == action and role in row.roles:
            return row
    raise ReportingError(
        "TRANSITION_NOT_ALLOWED", _("Tindakan ini tidak dapat dilakukan pada status laporan sekarang.")
    )


def actions_for(state: str, role: str | None) -> list[str]:
    return [row.action for row in TRANSITIONS if row.state == state and role in row.roles]
