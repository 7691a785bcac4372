"""Choices of the training service and the service rooms (issue #16; MISSION.md F17; Permendagri 53/2021
Lampiran 2.5.2 a-b)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Audience(models.TextChoices):
    PROVIDER = "PROVIDER", _("Penyedia")
    POKJA = "POKJA", _("Pokja Pemilihan")
    PPK = "PPK", _("PPK")
    GENERAL = "GENERAL", _("Umum")


class RoomKind(models.TextChoices):
    BIDDING = "BIDDING", _("Ruang pemasukan penawaran")
    TRAINING = "TRAINING", _("Ruang pelatihan")
    VERIFICATION = "VERIFICATION", _("Ruang verifikasi")


#: Rooms a provider books for itself (Lampiran 2.5.2 a-b); the training room is reserved by training sessions.
PROVIDER_ROOM_KINDS = frozenset({RoomKind.BIDDING, RoomKind.VERIFICATION})


class SessionStatus(models.TextChoices):
    SCHEDULED = "SCHEDULED", _("Terjadwal")
    CANCELLED = "CANCELLED", _("Dibatalkan")
