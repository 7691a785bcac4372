"""Tickets of the LPSE's help desk and their message threads (issue #16)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from .enums import (
    AnswerScope,
    ArticleStatus,
    Category,
    Channel,
    EscalationTrigger,
    LkppBasis,
    Priority,
    Referral,
    Tier,
)
from .states import Status


class TicketCounter(models.Model):
    """The last number given in a year (LPSE-2026-000123); locked while a ticket takes the next one."""

    year = models.PositiveIntegerField(unique=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class Ticket(models.Model):
    number = models.CharField(_("nomor tiket"), max_length=32, unique=True)
    channel = models.CharField(_("saluran"), max_length=8, choices=Channel.choices)
    category = models.CharField(_("kategori"), max_length=24, choices=Category.choices)
    subject = models.CharField(_("perihal"), max_length=200)
    description = models.TextField(_("uraian"))
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reported_tickets",
    )
    reporter_name = models.CharField(_("nama pelapor"), max_length=150)
    reporter_email = models.EmailField(_("email pelapor"), blank=True)
    reporter_phone = models.CharField(_("telepon pelapor"), max_length=32, blank=True)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    tender = models.ForeignKey(
        "tendering.Tender", null=True, blank=True, on_delete=models.PROTECT, related_name="tickets"
    )
    priority = models.CharField(
        _("prioritas"), max_length=8, choices=Priority.choices, default=Priority.NORMAL
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.NEW)
    #: who holds the ticket: the help desk, the head of the LPSE sub-unit, LKPP (Lampiran 2.5.3)
    tier = models.CharField(_("tingkat"), max_length=8, choices=Tier.choices, default=Tier.HELPDESK)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assigned_tickets",
    )
    #: Permendagri 53/2021 Pasal 18: the tender's stage end, when a Pokja member reported a technical problem
    stage_due_at = models.DateTimeField(_("batas tahapan tender"), null=True, blank=True)
    stage_label = models.CharField(_("tahapan tender"), max_length=120, blank=True)
    first_response_due_at = models.DateTimeField(_("batas tanggapan pertama"))
    resolution_due_at = models.DateTimeField(_("batas penyelesaian"))
    first_response_at = models.DateTimeField(_("tanggapan pertama"), null=True, blank=True)
    waiting_since = models.DateTimeField(null=True, blank=True)
    #: when the officers were warned by e-mail that a target passes soon (once per ticket)
    breach_warned_at = models.DateTimeField(null=True, blank=True)
    #: when the head of the LPSE sub-unit was alerted by e-mail of an unanswered Pasal 18 ticket (once per ticket)
    pasal18_alerted_at = models.DateTimeField(null=True, blank=True)
    #: SHA-256 of the secret in an anonymous reporter's follow-up link (the link itself is never stored)
    follow_up_hash = models.CharField(max_length=64, blank=True)
    #: the plain follow-up token, only on the instance ticket_create returns (never stored: only its hash is)
    follow_up_token: str = ""
    #: the bidding room's record of a bid file that cannot be opened this ticket was opened for (Lampiran 2.5.3;
    #: from the event "bidding.opening_problem.recorded": an id, not a foreign key, bidding is a sibling app)
    opening_problem_id = models.PositiveIntegerField(null=True, blank=True, unique=True)
    resolved_at = models.DateTimeField(_("diselesaikan"), null=True, blank=True)
    #: what the desk's answer covered (Lampiran 2.3 d 7): technical (application / infrastructure) or out of scope
    answer_scope = models.CharField(
        _("lingkup jawaban"), max_length=16, choices=AnswerScope.choices, blank=True
    )
    #: an out-of-scope ticket: where the question was referred, and the desk's note on it
    referral_to = models.CharField(_("dirujuk ke"), max_length=8, choices=Referral.choices, blank=True)
    referral_note = models.CharField(_("keterangan rujukan"), max_length=500, blank=True)
    closed_at = models.DateTimeField(_("ditutup"), null=True, blank=True)
    created_at = models.DateTimeField(_("dilaporkan"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "resolution_due_at"])]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(answer_scope="OUT_OF_SCOPE") | ~models.Q(referral_to=""),
                name="servicedesk_out_of_scope_has_referral",
            )
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.subject}"

    @property
    def due_at(self):
        """The nearest deadline the desk works to: the stage end (Pasal 18) or the SLA resolution time."""
        dues = [d for d in (self.stage_due_at, self.resolution_due_at) if d is not None]
        return min(dues)


class TicketMessage(models.Model):
    class Kind(models.TextChoices):
        REPORT = "REPORT", _("Laporan")
        REPLY = "REPLY", _("Balasan")
        NOTE = "NOTE", _("Catatan internal")
        EVENT = "EVENT", _("Perubahan status")

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="messages")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT)
    author_name = models.CharField(max_length=150)
    from_desk = models.BooleanField(default=False)
    body = models.TextField()
    #: a knowledge-base article the desk's reply cites (the reporter sees the link)
    article = models.ForeignKey(
        "Article", null=True, blank=True, on_delete=models.PROTECT, related_name="citations"
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.ticket_id} {self.kind}"

    @property
    def public(self) -> bool:
        return self.kind != self.Kind.NOTE


class TicketAttachment(models.Model):
    """A file sent with the report or a reply: PDF or a scan, judged by its content (lentera.core.uploads)."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="attachments")
    message = models.ForeignKey(TicketMessage, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="servicedesk/%Y/")
    name = models.CharField(max_length=160)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name


class TicketEscalation(models.Model):
    """One move of a ticket up the tiers: by an officer with a reason, or by the SLA clock when a target passed
    (once per target: the constraint makes the breach scan idempotent). A forward to LKPP carries LKPP's own
    helpdesk ticket number and, later, LKPP's answer (Permendagri 53/2021 Lampiran 2.5.3)."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="escalations")
    from_tier = models.CharField(max_length=8, choices=Tier.choices)
    to_tier = models.CharField(_("ke tingkat"), max_length=8, choices=Tier.choices)
    trigger = models.CharField(_("pemicu"), max_length=16, choices=EscalationTrigger.choices)
    reason = models.TextField(_("alasan"))
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT)
    created_at = models.DateTimeField()
    lkpp_basis = models.CharField(_("dasar penerusan"), max_length=12, choices=LkppBasis.choices, blank=True)
    lkpp_reference = models.CharField(_("nomor tiket LKPP"), max_length=64, blank=True)
    lkpp_answered_at = models.DateTimeField(_("jawaban LKPP"), null=True, blank=True)
    lkpp_outcome = models.TextField(_("hasil dari LKPP"), blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["ticket", "trigger"],
                condition=~models.Q(trigger="MANUAL"),
                name="servicedesk_one_escalation_per_breach",
            ),
            models.CheckConstraint(
                condition=~models.Q(to_tier="LKPP")
                | (~models.Q(lkpp_reference="") & ~models.Q(lkpp_basis="")),
                name="servicedesk_lkpp_forward_has_reference",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ticket_id} {self.from_tier}->{self.to_tier}"


class LkppFollowUp(models.Model):
    """What the LPSE heard from LKPP about a forwarded ticket (asked, waited, answered)."""

    escalation = models.ForeignKey(TicketEscalation, on_delete=models.CASCADE, related_name="follow_ups")
    body = models.TextField(_("tindak lanjut"))
    answered = models.BooleanField(_("jawaban akhir LKPP"), default=False)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.escalation_id} {self.created_at:%Y-%m-%d}"


class TicketRating(models.Model):
    """The reporter's satisfaction with the desk's answer: 1-5 with a comment, once, after resolution."""

    ticket = models.OneToOneField(Ticket, on_delete=models.CASCADE, related_name="rating")
    score = models.PositiveSmallIntegerField(_("nilai"))
    comment = models.TextField(_("komentar"), blank=True)
    created_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(score__gte=1, score__lte=5), name="servicedesk_rating_one_to_five"
            )
        ]

    def __str__(self) -> str:
        return f"{self.ticket_id}: {self.score}"


class Article(models.Model):
    """A knowledge-base article (FAQ) of the help desk: Indonesian first, English optional (shown in the active
    language, falling back to Indonesian); public only once published. ``source_ticket``: the resolved ticket it
    was drafted from, if any (only the question and the final public answer were copied, without personal data).
    """

    slug = models.SlugField(max_length=120, unique=True)
    category = models.CharField(_("kategori"), max_length=24, choices=Category.choices)
    title_id = models.CharField(_("judul (Indonesia)"), max_length=200)
    title_en = models.CharField(_("judul (Inggris)"), max_length=200, blank=True)
    body_id = models.TextField(_("isi (Indonesia)"))
    body_en = models.TextField(_("isi (Inggris)"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ArticleStatus.choices, default=ArticleStatus.DRAFT
    )
    source_ticket = models.ForeignKey(
        Ticket, null=True, blank=True, on_delete=models.SET_NULL, related_name="articles_made"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()
    published_at = models.DateTimeField(_("diterbitkan"), null=True, blank=True)

    class Meta:
        ordering = ["category", "title_id", "pk"]

    def __str__(self) -> str:
        return self.title_id

    @property
    def published(self) -> bool:
        return self.status == ArticleStatus.PUBLISHED

    def _in_language(self, indonesian: str, english: str) -> str:
        language = (translation.get_language() or "id").lower()
        return english if language.startswith("en") and english.strip() else indonesian

    @property
    def title(self) -> str:
        """The title in the active language (English when there is one, else Indonesian)."""
        return self._in_language(self.title_id, self.title_en)

    @property
    def body(self) -> str:
        return self._in_language(self.body_id, self.body_en)


class DeskRotation(models.Model):
    """The round robin of new tickets: one row (pk 1), locked (select_for_update) while a new ticket takes the
    next officer on duty, so two tickets reported at once never go to the same turn."""

    last_assigned = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"rotation (last: {self.last_assigned_id})"


class RotationMember(models.Model):
    """A helpdesk officer on duty: in the round robin of new tickets (set by the head of the LPSE sub-unit)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="desk_rotation"
    )
    added_at = models.DateTimeField()

    class Meta:
        ordering = ["user_id"]

    def __str__(self) -> str:
        return str(self.user_id)
