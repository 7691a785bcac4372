"""The append-only, hash-chained audit log; admin-added non-working days for the working-day calendar."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    """One state change: who (actor, role, IP), what (action, object, before/after), when.

    ``hash`` is the SHA-256 of this event's canonical content including ``prev_hash``, the hash of the event
    before it, so editing, deleting or inserting any event breaks the chain from there on. Rows are never
    updated or deleted: database triggers refuse it (see migration 0002), and `manage.py audit_verify`
    finds what a database administrator did anyway.
    """

    seq = models.PositiveBigIntegerField(unique=True)
    occurred_at = models.DateTimeField()
    actor_user_id = models.BigIntegerField(null=True, blank=True)
    actor_label = models.CharField(max_length=150, blank=True)
    role = models.CharField(max_length=40, blank=True)
    action = models.CharField(max_length=100)
    object_type = models.CharField(max_length=100, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    client_ip = models.GenericIPAddressField(null=True, blank=True)
    channel = models.CharField(max_length=10, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)
    # The canonical form hashed (lentera.core.audit.canonical_body): empty for the first form, 2 for events
    # whose actor and client IP are hashed as a salted digest, so that a public event can be published whole
    # and recomputed without them. Nullable, no default: adding them keeps the append-only triggers (SQLite
    # adds such a column in place instead of rebuilding the table).
    canon_version = models.PositiveSmallIntegerField(null=True, blank=True)
    personal_salt = models.CharField(max_length=32, null=True, blank=True)

    class Meta:
        ordering = ["seq"]
        indexes = [
            models.Index(fields=["object_type", "object_id"]),
            models.Index(fields=["actor_user_id", "occurred_at"]),
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.object_type}:{self.object_id}"


class NonWorkingDay(models.Model):
    """A day off added by an admin on top of the national holidays of the `holidays` package.

    Collective leave (cuti bersama) and extra national days off apply everywhere (``agency`` empty); local
    days off apply to one instansi. Read by :mod:`lentera.core.calendar` for every "working days" rule.
    """

    class Kind(models.TextChoices):
        CUTI_BERSAMA = "CUTI_BERSAMA", _("Cuti bersama")
        NATIONAL = "NATIONAL", _("Hari libur nasional tambahan")
        LOCAL = "LOCAL", _("Hari libur daerah")

    date = models.DateField(_("tanggal"))
    kind = models.CharField(_("jenis"), max_length=14, choices=Kind.choices)
    name = models.CharField(_("keterangan"), max_length=200)
    agency = models.ForeignKey(
        "accounts.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="non_working_days"
    )
    created_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("hari libur tambahan")
        verbose_name_plural = _("hari libur tambahan")
        ordering = ["date", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["date"], condition=models.Q(agency__isnull=True), name="non_working_day_national_once"
            ),
            models.UniqueConstraint(fields=["date", "agency"], name="non_working_day_agency_once"),
            models.CheckConstraint(
                condition=~models.Q(kind="LOCAL") | models.Q(agency__isnull=False),
                name="non_working_day_local_has_agency",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.name}"


class DomainEvent(models.Model):
    """Something a service did that other apps may want to reflect (lentera.core.events).

    Recorded inside the service's transaction, so an event exists exactly when its change was committed; its
    subscribers (projections: open data releases, the public table, envelopes made at announcement) run after
    the commit. ``pending`` lists the subscribers that have not yet succeeded: a failing one is retried by a
    task and by ``manage.py events_replay``; the event is never lost.
    """

    name = models.CharField(max_length=100)
    object_type = models.CharField(max_length=100, blank=True)  # app_label.model
    object_id = models.CharField(max_length=64, blank=True)
    payload = models.JSONField(default=dict, blank=True)
    actor_user_id = models.BigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField()
    pending = models.JSONField(default=list, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    dispatched_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        indexes = [models.Index(fields=["name", "object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.name} {self.object_type}:{self.object_id}"
