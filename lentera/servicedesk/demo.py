"""Demo tickets of Kabupaten Contoh's help desk: one per state of the workflow, one from pokja1 about the running
tender (Permendagri 53/2021 Pasal 18: high priority, due at the stage end), one anonymous, one phone call logged
by the helpdesk officer. Idempotent: tickets are looked up by subject."""

from __future__ import annotations

from lentera.core.demo import DemoContext

from . import escalations, knowledge, satisfaction, services
from .enums import Category, Channel, LkppBasis, Tier
from .models import Article, Ticket

#: Published FAQ articles of the demo (Indonesian, English): category, title_id, body_id, title_en, body_en
ARTICLES = (
    (
        Category.ACCOUNT,
        "Cara mendaftar sebagai penyedia",
        "Buka menu Penyedia › Daftar, isi alamat email, lalu ikuti tautan yang dikirim.\n"
        "Siapkan NIB, NPWP, akta pendirian dan KTP pengurus dalam PDF; verifikator LPSE memeriksanya.",
        "How to register as a provider",
        "Open Providers › Register, enter your e-mail address and follow the link you receive.\n"
        "Have your NIB, NPWP, deed of establishment and the directors' ID cards ready as PDF; the LPSE's "
        "verifier checks them.",
    ),
    (
        Category.TECH_APPLICATION,
        "Dokumen penawaran gagal diunggah",
        "Pastikan berkas berformat PDF dan tidak lebih dari batas ukuran pada halaman tender.\n"
        "Gunakan peramban terbaru, kosongkan cache, lalu unggah lagi sebelum batas waktu.",
        "The bid document does not upload",
        "Check that the file is a PDF within the size limit shown on the tender page.\n"
        "Use an up-to-date browser, clear its cache and upload again before the deadline.",
    ),
    (
        Category.FEATURE_INFO,
        "Jam layanan helpdesk LPSE",
        "Helpdesk menjawab pada hari kerja pukul 08.00–16.00 WIB melalui formulir Bantuan, telepon, "
        "atau kunjungan langsung.",
        "The LPSE help desk's hours",
        "The help desk answers on working days 08:00–16:00 WIB through the Help form, by phone or in person.",
    ),
    (
        Category.CONSULTATION,
        "Memesan jadwal verifikasi tatap muka",
        "Penyedia memesan ruang verifikasi melalui Layanan LPSE › Pesan ruang layanan; bawa dokumen asli.",
        "",
        "",
    ),
)


def _articles(helpdesk) -> None:
    for category, title_id, body_id, title_en, body_en in ARTICLES:
        if not Article.objects.filter(title_id=title_id).exists():
            knowledge.article_create(
                actor=helpdesk,
                category=category,
                title_id=title_id,
                body_id=body_id,
                title_en=title_en,
                body_en=body_en,
                published=True,
            )


def _ticket(subject: str, **kw) -> tuple[Ticket, bool]:
    found = Ticket.objects.filter(subject=subject).first()
    if found is not None:
        return found, False
    return services.ticket_create(subject=subject, **kw), True


def load(ctx: DemoContext) -> None:
    helpdesk, kasubag = ctx.objects.get("helpdesk"), ctx.objects.get("kasubag.lpse")
    if helpdesk is None or kasubag is None:
        return  # accounts' demo did not run
    _articles(helpdesk)
    pokja, tender = ctx.objects.get("pokja1"), ctx.objects.get("tender_explanation")
    provider = next((p.account for p in ctx.objects.get("providers", {}).values() if p.account_id), None)
    if pokja is not None and tender is not None:
        _ticket(
            "Dokumen penawaran tidak dapat diunduh pada tahap penjelasan",
            actor=pokja,
            category=Category.TECH_APPLICATION,
            description="Tombol unduh dokumen penawaran menampilkan galat 500 sejak pagi ini.",
            tender=tender,
        )
    forwarded, new = _ticket(
        "Sertifikat elektronik tidak dikenali saat login",
        actor=helpdesk,
        channel=Channel.PHONE,
        category=Category.TECH_APPLICATION,
        description="Penelepon melaporkan galat 'certificate unknown' pada SPSE versi terbaru.",
        reporter_name="Andi Pratama",
        reporter_phone="0542-765432",
    )
    if new:  # Lampiran 2.5.3: the LPSE could not solve it; the head of the sub-unit forwards it to LKPP
        services.ticket_assign(actor=helpdesk, ticket=forwarded, assignee=helpdesk)
        escalations.ticket_escalate(
            actor=helpdesk, ticket=forwarded, to_tier=Tier.LPSE, reason="Perlu pemeriksaan server LPSE."
        )
        forward = escalations.ticket_escalate(
            actor=kasubag,
            ticket=forwarded,
            to_tier=Tier.LKPP,
            reason="Galat aplikasi SPSE yang tidak dapat diperbaiki di LPSE.",
            lkpp_basis=LkppBasis.UNSOLVED,
            lkpp_reference="LKPP-HD-2026-00117",
        )
        escalations.lkpp_follow_up(
            actor=kasubag, escalation=forward, body="LKPP meminta berkas log aplikasi; sudah dikirim."
        )
    _ticket(
        "Cara mendaftar sebagai penyedia baru",
        actor=None,
        category=Category.ACCOUNT,
        description="Dokumen apa saja yang perlu diunggah untuk verifikasi?",
        reporter_name="Budi Santoso",
        reporter_email="budi.santoso@example.com",
    )
    _ticket(
        "Konsultasi metode pemilihan untuk pengadaan konsultansi",
        actor=helpdesk,
        channel=Channel.PHONE,
        category=Category.CONSULTATION,
        description="Penelepon dari Dinas Kesehatan menanyakan metode seleksi untuk jasa konsultansi.",
        reporter_name="Sri Wahyuni",
        reporter_phone="0542-123456",
    )
    if provider is not None:
        waiting, new = _ticket(
            "Gagal mengunggah dokumen kualifikasi",
            actor=provider,
            category=Category.TECH_INFRASTRUCTURE,
            description="Unggahan berhenti pada 90% untuk berkas PDF 8 MB.",
        )
        if new:
            services.ticket_assign(actor=helpdesk, ticket=waiting, assignee=helpdesk)
            services.ticket_wait(
                actor=helpdesk, ticket=waiting, body="Mohon kirim nama berkas dan jam percobaan terakhir."
            )
        done, new = _ticket(
            "Informasi fitur e-reverse auction",
            actor=provider,
            category=Category.FEATURE_INFO,
            description="Apakah tender ini memakai e-reverse auction?",
        )
        if new:
            services.ticket_assign(actor=kasubag, ticket=done, assignee=helpdesk)
            services.ticket_reply(
                actor=helpdesk, ticket=done, body="Fitur tersebut dipakai bila Pokja memilihnya."
            )
            services.ticket_note(actor=helpdesk, ticket=done, body="Tautkan ke artikel FAQ bila sudah ada.")
            services.ticket_resolve(
                actor=helpdesk, ticket=done, body="Lihat pengumuman tender untuk rinciannya."
            )
            services.ticket_close(actor=provider, ticket=done)
            satisfaction.ticket_rate(actor=provider, ticket=done, score=4, comment="Jawaban cepat dan jelas.")
    ctx.notes.append(
        "Service desk: /bantuan/ (public form); helpdesk and kasubag.lpse work /bantuan/meja/ (queue by due time); "
        "pokja1's ticket on the running tender is due at its stage end (Permendagri 53/2021 Pasal 18); "
        "'Sertifikat elektronik ...' is forwarded to LKPP (LKPP-HD-2026-00117) and waits for LKPP's answer."
    )
