"""Courses, their sessions, registrations with a waiting list, attendance, certificates and feedback (MISSION.md
F17), and the LPSE's service rooms with their bookings (Permendagri 53/2021 Lampiran 2.5.2 a-b)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .enums import Audience, RoomKind, SessionStatus
from .states import Status


class Course(models.Model):
    code = models.CharField(_("kode"), max_length=32, unique=True)
    title = models.CharField(_("judul"), max_length=200)
    audience = models.CharField(_("peserta"), max_length=12, choices=Audience.choices)
    description = models.TextField(_("uraian"), blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class Room(models.Model):
    """A bookable service room of the LPSE: bidding, training or verification (Lampiran 2.5.2 a-b)."""

    code = models.CharField(_("kode"), max_length=32, unique=True)
    name = models.CharField(_("nama ruang"), max_length=120)
    kind = models.CharField(_("jenis ruang"), max_length=12, choices=RoomKind.choices)
    seats = models.PositiveIntegerField(_("kapasitas"), default=1)

    class Meta:
        ordering = ["kind", "code"]

    def __str__(self) -> str:
        return self.name


class Session(models.Model):
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="sessions")
    starts_at = models.DateTimeField(_("mulai"))
    ends_at = models.DateTimeField(_("selesai"))
    room = models.ForeignKey(Room, null=True, blank=True, on_delete=models.PROTECT, related_name="sessions")
    online_url = models.URLField(_("tautan daring"), blank=True)
    trainer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    capacity = models.PositiveIntegerField(_("kapasitas"))
    status = models.CharField(
        _("status"), max_length=10, choices=SessionStatus.choices, default=SessionStatus.SCHEDULED
    )
    attendance_taken_at = models.DateTimeField(_("presensi dicatat"), null=True, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="training_session_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(room__isnull=False) | ~models.Q(online_url=""),
                name="training_session_room_or_link",
            ),
            models.CheckConstraint(condition=models.Q(capacity__gte=1), name="training_session_capacity"),
        ]

    def __str__(self) -> str:
        return f"{self.course.code} {self.starts_at:%Y-%m-%d}"


class Registration(models.Model):
    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="registrations")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    created_at = models.DateTimeField()
    cancelled_at = models.DateTimeField(null=True, blank=True)
    promoted_at = models.DateTimeField(null=True, blank=True)
    #: taken by the trainer on the day: None until then
    attended = models.BooleanField(_("hadir"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "person"],
                condition=~models.Q(status="CANCELLED"),
                name="training_one_live_registration",
            )
        ]

    def __str__(self) -> str:
        return f"{self.session_id} {self.person_id} {self.status}"


class Certificate(models.Model):
    """A certificate of attendance. ``code`` is random (secrets), shown on the PDF and checked by anyone on the
    public verification page; the holder, course and date are kept as issued."""

    registration = models.OneToOneField(Registration, on_delete=models.PROTECT, related_name="certificate")
    code = models.CharField(max_length=32, unique=True)
    holder_name = models.CharField(max_length=150)
    course_title = models.CharField(max_length=200)
    session_date = models.DateField()
    issued_at = models.DateTimeField()
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-issued_at", "pk"]

    def __str__(self) -> str:
        return self.code

    @property
    def valid(self) -> bool:
        return self.revoked_at is None


class Feedback(models.Model):
    registration = models.OneToOneField(Registration, on_delete=models.CASCADE, related_name="feedback")
    rating = models.PositiveSmallIntegerField(_("nilai"))
    comment = models.TextField(_("komentar"), blank=True)
    created_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rating__gte=1, rating__lte=5), name="training_feedback_one_to_five"
            )
        ]

    def __str__(self) -> str:
        return f"{self.registration_id}: {self.rating}"


class Booking(models.Model):
    """A slot of a room: a provider's booking of the bidding or verification room, or a training session's
    reservation of the training room. Overlaps are refused by the service under a lock on the room."""

    room = models.ForeignKey(Room, on_delete=models.PROTECT, related_name="bookings")
    starts_at = models.DateTimeField(_("mulai"))
    ends_at = models.DateTimeField(_("selesai"))
    booked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    session = models.OneToOneField(
        Session, null=True, blank=True, on_delete=models.PROTECT, related_name="booking"
    )
    purpose = models.CharField(_("keperluan"), max_length=200)
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField()
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["room", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="training_booking_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.room_id} {self.starts_at:%Y-%m-%d %H:%M}"
