"""What verifiers and providers must do next (shown on the work dashboard)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from lentera.core.dashboard import DashboardItem
from lentera.core.roles import Role


def dashboard_items(user, role: str) -> list[DashboardItem]:
    from . import selectors

    proposals = blacklist_proposal_items(role)
    if role == Role.VERIFIKATOR:
        waiting = selectors.verification_queue().count()
        oldest = selectors.verification_queue().first()
        hint = (
            _("Terlama diajukan %(when)s") % {"when": oldest.submitted_at.strftime("%d-%m-%Y")}
            if oldest
            else ""
        )
        changes = selectors.identity_change_queue()
        first_change = changes.first()
        return [
            *proposals,
            DashboardItem(_("Pendaftaran menunggu verifikasi"), reverse("providers:queue"), waiting, hint),
            DashboardItem(
                _("Perubahan identitas penyedia menunggu verifikasi"),
                reverse("providers:identity_queue"),
                changes.count(),
                _("Terlama diajukan %(when)s") % {"when": first_change.requested_at.strftime("%d-%m-%Y")}
                if first_change
                else "",
            ),
        ]
    if role == Role.PENYEDIA:
        provider = selectors.provider_for_user(user)
        if provider is None:
            return []
        completeness = selectors.profile_completeness(provider)
        items = [
            DashboardItem(
                _("Kelengkapan profil penyedia (ADP): %(p)s%%") % {"p": completeness.percent},
                reverse("providers:profile"),
                None,
                (_("Belum diisi: %(s)s") % {"s": ", ".join(completeness.missing)})
                if completeness.missing
                else "",
            )
        ]
        pending = selectors.pending_identity_change(provider)
        if pending is not None:
            items.append(
                DashboardItem(
                    _("Perubahan identitas menunggu verifikasi"),
                    reverse("providers:identity_changes"),
                    None,
                    ""
                    if pending.documents.all()
                    else _("Unggah dokumen pendukung agar Verifikator dapat memeriksanya."),
                )
            )
        rejected = selectors.rejected_documents_of(user)
        if rejected:
            items.append(
                DashboardItem(
                    _("Dokumen ditolak yang perlu diperbaiki"),
                    reverse("providers:documents"),
                    len(rejected),
                    ", ".join(str(d.get_kind_display()) for d in rejected),
                )
            )
        return items
    return proposals


def blacklist_proposal_items(role: str) -> list[DashboardItem]:
    """Blacklist sanctions proposed after a contract's termination, waiting for the PA/KPA's decision (entered by
    the verifier or the UKPBJ's admin on the blacklist page)."""
    from . import selectors

    if role not in (Role.VERIFIKATOR, Role.ADMIN_UKPBJ, Role.PA, Role.KPA):
        return []
    proposals = list(selectors.open_blacklist_proposals()[:20])
    if not proposals:
        return []
    return [
        DashboardItem(
            _("Usulan sanksi daftar hitam menunggu keputusan"),
            reverse("providers:blacklist_proposals"),
            len(proposals),
            ", ".join(p.provider_name for p in proposals[:5]),
        )
    ]
