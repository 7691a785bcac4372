"""Official records (berita acara) of the opening, as PDF, from the recorded data.

Filed through the tendering app's one berita acara builder (``official_record_create``), so the tender's list of
berita acara is complete, numbered and audited in one place; the bidding app keeps a pointer to the same PDF file
and its SHA-256.
"""

from __future__ import annotations

from typing import Any

from django.template.defaultfilters import filesizeformat
from django.utils import translation
from django.utils.translation import gettext as _

from lentera.core.money import format_rupiah

from .. import integration
from ..models import OpeningProblem, OpeningSession, TenderEnvelope
from .receipts import wib_text


def _kind(envelope: TenderEnvelope, problem: bool = False) -> str:
    if problem:
        return "OPENING_PROBLEM"
    return "PRICE_OPENING" if envelope.kind == TenderEnvelope.Kind.PRICE else "OPENING"


def _record_actor(actor, tender):
    """The tendering helper accepts a Pokja member, or None for a record made on the Pokja's behalf."""
    return actor if actor is not None and integration.is_pokja_member(actor, tender) else None


def _opening_sections(session: OpeningSession, opened, problems, shows_price: bool) -> list[dict]:
    env = session.envelope
    with translation.override("id"):
        sections: list[dict[str, Any]] = [
            {
                "heading": _("Sampul"),
                "paragraphs": [
                    f"{_('Sampul')}: {env.get_kind_display()}",
                    f"{_('Waktu pembukaan')}: {wib_text(session.completed_at)}",
                    _("Ambang pembukaan: %(t)s dari %(n)s bagian kunci")
                    % {"t": env.threshold, "n": env.share_count},
                    f"{_('Sidik kunci sampul')}: {env.fingerprint}",
                ],
            },
            {
                "heading": _("Yang hadir dan memasukkan kata sandi pembukaan"),
                "columns": [_("Nama"), "User ID", _("Sebagai"), _("Waktu")],
                "rows": [
                    [
                        p["full_name"],
                        p["user_id"],
                        _("Saksi (Kepala Subbagian LPSE)") if p["role"] == "WITNESS" else _("Anggota Pokja"),
                        p["at"][:19],
                    ]
                    for p in session.present
                ],
            },
        ]
        columns = [_("No"), _("Penyedia"), "NPWP", _("Versi"), _("Diterima server")]
        if shows_price:
            columns.append(_("Harga penawaran (dibacakan)"))
        columns += [_("Hash tanda terima"), _("Tanda terima")]
        rows = []
        for i, o in enumerate(opened, 1):
            row = [
                str(i),
                o.submission.provider.name,
                o.submission.provider.npwp,
                str(o.submission.version),
                wib_text(o.submission.submitted_at),
            ]
            if shows_price:
                row.append(format_rupiah(o.offer_price) if o.offer_price is not None else _("tidak terbaca"))
            row += [o.submission.receipt_sha256, _("sah") if o.receipt_ok else _("tidak sah")]
            rows.append(row)
        sections.append(
            {
                "heading": _("Penawaran yang masuk (%(n)s)") % {"n": len(opened)},
                "paragraphs": [] if opened else [_("Tidak ada penawaran yang masuk.")],
                "columns": columns,
                "rows": rows,
            }
        )
        checks = []
        for o in opened:
            for c in o.checks.all():
                name = _("Formulir penawaran") if c.part.kind == "FORM" else (c.file_name or str(c.part.uid))
                result = str(c.get_result_display()) + (f" ({c.detail})" if c.detail else "")
                checks.append(
                    [
                        o.submission.provider.name,
                        name,
                        str(filesizeformat(c.plaintext_size)),
                        result,
                        " ".join(c.segment_hashes),
                    ]
                )
        sections.append(
            {
                "heading": _(
                    "Hasil pemeriksaan setiap berkas (tag setiap potongan dan SHA-256 terhadap tanda terima)"
                ),
                "columns": [
                    _("Penyedia"),
                    _("Bagian"),
                    _("Ukuran"),
                    _("Hasil"),
                    _("SHA-256 segmen tersegel"),
                ],
                "rows": checks,
            }
        )
        if problems:
            sections.append(
                {
                    "heading": _("Berkas yang tidak dapat dibuka"),
                    "paragraphs": [
                        _(
                            "Untuk setiap penawaran berikut disusun berita acara tersendiri yang dikonfirmasi Kepala "
                            "Subbagian LPSE sebagai saksi; Pokja memutuskan sesuai dokumen pemilihan "
                            "(Permendagri 53/2021 Lampiran 2.5.3)."
                        ),
                        *[f"{p.opened_bid.submission.provider.name}: {p.description}" for p in problems],
                    ],
                }
            )
    return sections


def _signatories(session: OpeningSession) -> list[dict]:
    from lentera.accounts.models import User

    nips = dict(
        User.objects.filter(user_id__in=[p["user_id"] for p in session.present]).values_list("user_id", "nip")
    )
    with translation.override("id"):
        return [
            {
                "role": str(
                    _("Saksi (Kepala Subbagian LPSE)") if p["role"] == "WITNESS" else _("Anggota Pokja")
                ),
                "name": p["full_name"],
                "nip": nips.get(p["user_id"], ""),
            }
            for p in session.present
        ]


def opening_record_render(*, actor, session: OpeningSession) -> None:
    """Berita Acara Pembukaan Penawaran: time, members present, every bidder, receipt hashes, file checks, prices."""
    envelope = session.envelope
    tender = envelope.tender
    opened = list(
        session.opened_bids.select_related("submission__provider")
        .prefetch_related("checks__part")
        .order_by("submission__submitted_at", "pk")
    )
    problems = list(session.problems.select_related("opened_bid__submission__provider"))
    shows_price = envelope.kind in (TenderEnvelope.Kind.SINGLE, TenderEnvelope.Kind.PRICE)
    record = integration.official_record_create(
        actor=_record_actor(actor, tender),
        tender=tender,
        kind=_kind(envelope),
        context={
            "sections": _opening_sections(session, opened, problems, shows_price),
            "signatories": _signatories(session),
        },
    )
    session.record_pdf.name, session.record_sha256 = record.file.name, record.sha256
    session.save(update_fields=["record_pdf", "record_sha256"])


def problem_record_render(*, actor, problem: OpeningProblem) -> None:
    """Berita acara of a bid file that cannot be opened (Permendagri 53/2021 Lampiran 2.5.3)."""
    session = problem.session
    tender = session.envelope.tender
    bid = problem.opened_bid
    checks = list(bid.checks.select_related("part"))
    with translation.override("id"):
        sections = [
            {
                "heading": _("Penawaran"),
                "paragraphs": [
                    f"{_('Sampul')}: {session.envelope.get_kind_display()}",
                    f"{_('Penyedia')}: {bid.submission.provider.name} (NPWP {bid.submission.provider.npwp})",
                    f"{_('Diterima server')}: {wib_text(bid.submission.submitted_at)}",
                    f"{_('Hash tanda terima')}: {bid.submission.receipt_sha256}",
                    f"{_('Waktu pembukaan')}: {wib_text(session.completed_at)}",
                ],
            },
            {"heading": _("Temuan"), "paragraphs": problem.description.splitlines()},
            {
                "heading": _("Hasil pemeriksaan"),
                "columns": [_("Bagian"), _("Hasil"), _("Keterangan")],
                "rows": [
                    [
                        _("Formulir penawaran")
                        if c.part.kind == "FORM"
                        else (c.file_name or str(c.part.uid)),
                        str(c.get_result_display()),
                        c.detail,
                    ]
                    for c in checks
                ],
            },
            {
                "heading": _("Saksi"),
                "paragraphs": [
                    _("Dikonfirmasi oleh %(name)s, Kepala Subbagian LPSE, pada %(at)s.")
                    % {"name": problem.witnessed_by.full_name, "at": wib_text(problem.witnessed_at)}
                    if problem.witnessed_by
                    else _("Menunggu konfirmasi Kepala Subbagian LPSE."),
                    *([problem.witness_note] if problem.witness_note else []),
                ],
            },
            {
                "heading": _("Keputusan Pokja"),
                "paragraphs": [problem.decision] if problem.decision else [_("Belum diputuskan.")],
            },
        ]
        signatories = []
        if problem.witnessed_by:
            signatories.append(
                {
                    "role": str(_("Saksi (Kepala Subbagian LPSE)")),
                    "name": problem.witnessed_by.full_name,
                    "nip": problem.witnessed_by.nip,
                }
            )
        if problem.decided_by:
            signatories.append(
                {
                    "role": str(_("Anggota Pokja")),
                    "name": problem.decided_by.full_name,
                    "nip": problem.decided_by.nip,
                }
            )
    record = integration.official_record_create(
        actor=_record_actor(actor, tender),
        tender=tender,
        kind=_kind(session.envelope, problem=True),
        context={"sections": sections, "signatories": signatories},
    )
    problem.record_pdf.name, problem.record_sha256 = record.file.name, record.sha256
    problem.save(update_fields=["record_pdf", "record_sha256"])
