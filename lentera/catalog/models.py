"""The regency's catalogue (etalase), its admitted providers, their products and prices, and the work units'
direct orders (issue #15; docs/catalog.md)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lentera.core.money import MoneyField

from .states import (
    AdmissionStatus,
    ChangeStatus,
    CompetitionStatus,
    OrderMethod,
    OrderStatus,
    ProductStatus,
    RoundOutcome,
    RoundSide,
)


class Category(models.Model):
    """An etalase: a node of the category tree, with the attributes its products state and its unit of sale."""

    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    code = models.SlugField(_("kode etalase"), max_length=40, unique=True)
    name = models.CharField(_("nama etalase"), max_length=200)
    unit_of_sale = models.CharField(_("satuan penjualan"), max_length=40)
    #: one document name per line: what a provider attaches to apply for admission
    required_documents = models.TextField(_("dokumen persyaratan"), blank=True)
    is_active = models.BooleanField(_("aktif"), default=True)
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = _("etalase")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    @property
    def document_names(self) -> list[str]:
        return [line.strip() for line in self.required_documents.splitlines() if line.strip()]


class Attribute(models.Model):
    """A typed attribute every product of the category states: a number with its unit, a choice, or text."""

    class Kind(models.TextChoices):
        NUMBER = "NUMBER", _("Angka")
        CHOICE = "CHOICE", _("Pilihan")
        TEXT = "TEXT", _("Teks")

    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="attributes")
    code = models.SlugField(_("kode atribut"), max_length=40)
    label = models.CharField(_("nama atribut"), max_length=120)
    kind = models.CharField(_("jenis"), max_length=8, choices=Kind.choices)
    unit = models.CharField(_("satuan"), max_length=20, blank=True)
    choices = models.JSONField(_("pilihan"), default=list, blank=True)
    required = models.BooleanField(_("wajib"), default=True)

    class Meta:
        ordering = ["category_id", "pk"]
        constraints = [models.UniqueConstraint(fields=["category", "code"], name="catalog_attribute_code")]

    def __str__(self) -> str:
        return f"{self.label} ({self.unit})" if self.unit else self.label


class Admission(models.Model):
    """A provider's application to list in a category and the UKPBJ's decision (period or reasons)."""

    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="admissions")
    provider = models.ForeignKey("providers.Provider", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        _("status"), max_length=10, choices=AdmissionStatus.choices, default=AdmissionStatus.SUBMITTED
    )
    note = models.TextField(_("keterangan penyedia"), blank=True)
    applied_at = models.DateTimeField(_("diajukan"))
    decided_at = models.DateTimeField(_("diputuskan"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    criteria = models.TextField(_("kriteria evaluasi"), blank=True)
    reason = models.TextField(_("alasan penolakan"), blank=True)
    valid_from = models.DateField(_("berlaku mulai"), null=True, blank=True)
    valid_until = models.DateField(_("berlaku sampai"), null=True, blank=True)

    class Meta:
        ordering = ["-applied_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["category", "provider"],
                condition=models.Q(status="SUBMITTED"),
                name="catalog_one_open_application",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="ADMITTED")
                | (
                    models.Q(valid_from__isnull=False)
                    & models.Q(valid_until__isnull=False)
                    & models.Q(valid_until__gte=models.F("valid_from"))
                ),
                name="catalog_admission_period",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.provider_id} → {self.category_id} ({self.status})"


class AdmissionDocument(models.Model):
    admission = models.ForeignKey(Admission, on_delete=models.CASCADE, related_name="documents")
    requirement = models.CharField(_("persyaratan"), max_length=200)
    file = models.FileField(upload_to="catalog/admission/%Y/")
    name = models.CharField(max_length=160)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name


class Product(models.Model):
    """A provider's product in a category. The price fields are the *live* price, set only by the curator's
    approval; a proposed price waits as a :class:`ProductChange`."""

    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="products")
    provider = models.ForeignKey("providers.Provider", on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("nama produk"), max_length=200)
    brand = models.CharField(_("merek"), max_length=100)
    model = models.CharField(_("tipe/model"), max_length=100, blank=True)
    attributes = models.JSONField(_("spesifikasi"), default=dict)
    tkdn = models.DecimalField(_("TKDN (%)"), max_digits=5, decimal_places=2)
    price = MoneyField(_("harga satuan"), null=True, blank=True)
    price_valid_from = models.DateField(_("harga berlaku mulai"), null=True, blank=True)
    price_valid_until = models.DateField(_("harga berlaku sampai"), null=True, blank=True)
    delivery_areas = models.CharField(_("wilayah pengiriman"), max_length=300)
    delivery_days = models.PositiveIntegerField(_("waktu pengiriman (hari)"))
    stock = models.PositiveIntegerField(_("stok"))
    status = models.CharField(
        _("status"), max_length=10, choices=ProductStatus.choices, default=ProductStatus.PENDING
    )
    #: lower-case words of name, brand, model, attribute values, category and provider (full-text search;
    #: on PostgreSQL a generated tsvector column with a GIN index, migration 0001)
    search_text = models.TextField(default="", editable=False)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["pk"]
        indexes = [
            models.Index(fields=["status", "category", "price"], name="catalog_product_listing"),
            models.Index(fields=["provider", "status"], name="catalog_product_provider"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(tkdn__gte=0) & models.Q(tkdn__lte=100), name="catalog_tkdn_range"
            ),
            models.CheckConstraint(
                condition=~models.Q(status="LIVE")
                | (models.Q(price__gt=0) & models.Q(price_valid_until__gte=models.F("price_valid_from"))),
                name="catalog_live_has_price",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.brand} {self.name}"


class ProductChange(models.Model):
    """A new product or a price change waiting for the UKPBJ curator."""

    class Kind(models.TextChoices):
        NEW = "NEW", _("Produk baru")
        PRICE = "PRICE", _("Perubahan harga")

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="changes")
    kind = models.CharField(_("jenis"), max_length=6, choices=Kind.choices)
    price = MoneyField(_("harga satuan"))
    valid_from = models.DateField(_("berlaku mulai"))
    valid_until = models.DateField(_("berlaku sampai"))
    status = models.CharField(
        _("status"), max_length=10, choices=ChangeStatus.choices, default=ChangeStatus.PENDING
    )
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField()
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(_("alasan"), blank=True)

    class Meta:
        ordering = ["submitted_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["product"], condition=models.Q(status="PENDING"), name="catalog_one_pending_change"
            )
        ]

    def __str__(self) -> str:
        return f"{self.product_id} {self.kind} {self.price}"


class PriceHistory(models.Model):
    """Every price ever shown, kept (never updated or deleted): the product page's history."""

    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="price_history")
    price = MoneyField(_("harga satuan"))
    valid_from = models.DateField(_("berlaku mulai"))
    valid_until = models.DateField(_("berlaku sampai"))
    shown_from = models.DateTimeField(_("tayang sejak"))
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["product_id", "shown_from", "pk"]

    def __str__(self) -> str:
        return f"{self.product_id} {self.price} {self.shown_from}"


class Order(models.Model):
    """A PPK's e-purchasing order of a listed product on an e-Purchasing package: a direct order at its listed
    price, or a negotiation whose rounds (:class:`NegotiationRound`) end in the agreed terms. During a negotiation
    ``quantity``, ``unit_price``, ``total``, ``delivery_days`` and ``terms`` are the last round's proposal."""

    number = models.CharField(_("nomor pesanan"), max_length=40, unique=True)
    package = models.ForeignKey("planning.Package", on_delete=models.PROTECT, related_name="+")
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="orders")
    provider = models.ForeignKey("providers.Provider", on_delete=models.PROTECT, related_name="+")
    ppk = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    quantity = models.PositiveIntegerField(_("jumlah"))
    unit_price = MoneyField(_("harga satuan"))
    total = MoneyField(_("nilai pesanan"))
    delivery_address = models.CharField(_("alamat pengiriman"), max_length=300)
    status = models.CharField(
        _("status"), max_length=12, choices=OrderStatus.choices, default=OrderStatus.ORDERED
    )
    method = models.CharField(
        _("cara pembelian"), max_length=12, choices=OrderMethod.choices, default=OrderMethod.DIRECT
    )
    #: the product's listed unit price when the order was placed (a negotiated price never exceeds it)
    listed_price = MoneyField(_("harga tayang"), null=True, blank=True)
    #: negotiated delivery time (days); empty: the product's
    delivery_days = models.PositiveIntegerField(_("waktu pengiriman (hari)"), null=True, blank=True)
    terms = models.TextField(_("syarat tambahan"), blank=True)
    ordered_at = models.DateTimeField(_("dipesan"))
    decided_at = models.DateTimeField(_("dijawab"), null=True, blank=True)
    reason = models.TextField(_("alasan"), blank=True)
    #: the Surat Pesanan issued by the PPK after the provider accepted: a contract of the contracts app
    contract = models.OneToOneField(
        "contracts.Contract", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    #: the split-purchase warning (rules.split_purchase_warning): the PPK confirmed the order with a reason
    split_warning = models.BooleanField(_("peringatan pemecahan pembelian"), default=False)
    split_total = MoneyField(_("nilai pesanan sejenis dalam jangka waktu"), null=True, blank=True)
    split_reason = models.TextField(_("alasan PPK atas peringatan pemecahan"), blank=True)

    class Meta:
        ordering = ["-ordered_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(quantity__gt=0), name="catalog_order_quantity"),
        ]

    def __str__(self) -> str:
        return self.number


class NegotiationRound(models.Model):
    """One proposal of a negotiation: the PPK's opening or either side's counter-offer, with the deadline by which
    the other side answers. Kept for ever; only its outcome and answer are filled in later."""

    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="rounds")
    number = models.PositiveIntegerField(_("putaran"))
    side = models.CharField(_("pihak"), max_length=8, choices=RoundSide.choices)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    unit_price = MoneyField(_("harga satuan"))
    quantity = models.PositiveIntegerField(_("jumlah"))
    delivery_days = models.PositiveIntegerField(_("waktu pengiriman (hari)"))
    terms = models.TextField(_("syarat tambahan"), blank=True)
    proposed_at = models.DateTimeField(_("diajukan"))
    respond_by = models.DateTimeField(_("batas jawaban"))
    outcome = models.CharField(
        _("hasil"), max_length=10, choices=RoundOutcome.choices, default=RoundOutcome.OPEN
    )
    answered_at = models.DateTimeField(_("dijawab"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["order_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["order", "number"], name="catalog_round_number"),
            models.UniqueConstraint(
                fields=["order"], condition=models.Q(outcome="OPEN"), name="catalog_one_open_round"
            ),
            models.CheckConstraint(
                condition=models.Q(unit_price__gt=0) & models.Q(quantity__gt=0), name="catalog_round_terms"
            ),
            models.CheckConstraint(
                condition=models.Q(respond_by__gt=models.F("proposed_at")), name="catalog_round_deadline"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.order_id} #{self.number} {self.side} {self.unit_price}"


class ProductFile(models.Model):
    """A photo (JPEG/PNG) or the datasheet (PDF) of a product, judged by its content when uploaded and stored
    through the default storage (STORAGES). Shown on the product page while the product is listed."""

    class Kind(models.TextChoices):
        PHOTO = "PHOTO", _("Foto")
        DATASHEET = "DATASHEET", _("Lembar data (datasheet)")

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="files")
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices)
    file = models.FileField(upload_to="catalog/product/%Y/")
    name = models.CharField(max_length=160)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_at = models.DateTimeField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["product_id", "kind", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["product"], condition=models.Q(kind="DATASHEET"), name="catalog_one_datasheet"
            )
        ]

    def __str__(self) -> str:
        return self.name


class MiniCompetition(models.Model):
    """A PPK's mini-competition among providers of comparable products in one etalase: a request with the
    specification, quantity and deadline; each invited provider answers with a sealed quotation; after the
    deadline the lowest compliant one becomes the order (``order``)."""

    number = models.CharField(_("nomor mini-kompetisi"), max_length=40, unique=True)
    package = models.ForeignKey("planning.Package", on_delete=models.PROTECT, related_name="+")
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="competitions")
    ppk = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    specification = models.TextField(_("spesifikasi yang diminta"))
    quantity = models.PositiveIntegerField(_("jumlah"))
    delivery_address = models.CharField(_("alamat pengiriman"), max_length=300)
    deadline = models.DateTimeField(_("batas penawaran"))
    status = models.CharField(
        _("status"), max_length=10, choices=CompetitionStatus.choices, default=CompetitionStatus.OPEN
    )
    created_at = models.DateTimeField(_("dibuat"))
    closed_at = models.DateTimeField(_("ditutup"), null=True, blank=True)
    reason = models.TextField(_("keterangan"), blank=True)
    order = models.OneToOneField(Order, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(quantity__gt=0), name="catalog_competition_quantity"),
            models.CheckConstraint(
                condition=models.Q(deadline__gt=models.F("created_at")), name="catalog_competition_deadline"
            ),
        ]

    def __str__(self) -> str:
        return self.number


class Quotation(models.Model):
    """An invited provider's place in a mini-competition and, once sent, its quotation: the product and the
    offer (unit price, delivery days) are sealed (``sealed``, bidding's server wrapping) until the deadline;
    ``unit_price`` and ``delivery_days`` are filled in only when the PPK opens the quotations after it."""

    competition = models.ForeignKey(MiniCompetition, on_delete=models.CASCADE, related_name="quotations")
    provider = models.ForeignKey("providers.Provider", on_delete=models.PROTECT, related_name="+")
    invited_at = models.DateTimeField(_("diundang"))
    sealed = models.TextField(_("penawaran tersegel"), blank=True)
    submitted_at = models.DateTimeField(_("penawaran dikirim"), null=True, blank=True)
    product = models.ForeignKey(Product, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    unit_price = MoneyField(_("harga satuan"), null=True, blank=True)
    delivery_days = models.PositiveIntegerField(_("waktu pengiriman (hari)"), null=True, blank=True)
    compliant = models.BooleanField(_("memenuhi"), null=True, blank=True)
    evaluation = models.TextField(_("hasil evaluasi"), blank=True)

    class Meta:
        ordering = ["competition_id", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["competition", "provider"], name="catalog_one_quotation"),
        ]

    def __str__(self) -> str:
        return f"{self.competition_id} {self.provider_id}"


class Notice(models.Model):
    """An in-app notice to one user that a negotiation or a mini-competition moved (the other side's proposal,
    an agreement, a refusal, an invitation, the result). The text is rendered from ``kind`` and ``params`` when
    shown (``catalog/notices.py``), so it follows the reader's language; an e-mail goes out too."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("jenis"), max_length=40)
    params = models.JSONField(default=dict)
    order = models.ForeignKey(Order, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    competition = models.ForeignKey(
        MiniCompetition, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(_("waktu"))
    read_at = models.DateTimeField(_("dibaca"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="catalog_notice_unread")]

    def __str__(self) -> str:
        return f"{self.recipient_id} {self.kind}"
