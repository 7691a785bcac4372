"""Charts of the public portal and of the head of UKPBJ's dashboard (SVG from lentera.core.charts)."""

from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from lentera.core.charts import Bar, bar_chart
from lentera.core.money import format_rupiah
from lentera.core.roles import Role

from .. import labels, selectors
from ..models import Phase

register = template.Library()


def _stage_url(phase: str) -> str:
    return f"{reverse('public:tender_search')}?tahap={phase}"


@register.simple_tag
def stage_chart(by_stage: list[dict]) -> SafeString:
    """Home page: tenders in progress by stage."""
    return bar_chart(
        title=_("Tender berlangsung menurut tahap"),
        bars=[Bar(str(s["label"]), s["count"], _stage_url(s["phase"])) for s in by_stage],
        label_heading=_("Tahap"),
        value_heading=_("Jumlah tender"),
    )


@register.simple_tag
def buyer_chart(buyers: list[dict]) -> SafeString:
    """Indicator page: tenders per work unit (the largest twelve)."""
    top = sorted(buyers, key=lambda b: -(b.get("tenders") or 0))[:12]
    return bar_chart(
        title=_("Jumlah tender per satuan kerja"),
        bars=[Bar(str(b["name"]), b.get("tenders") or 0) for b in top],
        label_heading=_("Satuan kerja"),
        value_heading=_("Tender"),
    )


@register.simple_tag(takes_context=True)
def role_charts(context) -> SafeString:
    """The head of UKPBJ's dashboard: the instansi's tenders by stage and HPS by method; nothing for others."""
    if context.get("acting_role") != Role.KEPALA_UKPBJ:
        return mark_safe("")  # noqa: S308 - empty
    user = context["request"].user
    agency = _agency_of(user)
    if agency is None:
        return mark_safe("")  # noqa: S308 - empty
    data = selectors.agency_overview(agency_code=agency.code, now=timezone.now())
    phase_labels = dict(Phase.choices)
    by_stage = bar_chart(
        title=_("Tender %(agency)s menurut tahap") % {"agency": agency.name},
        bars=[
            Bar(str(phase_labels.get(p, p)), n, f"{_stage_url(p)}&instansi={agency.code}")
            for p, n in data["stages"]
        ],
        label_heading=_("Tahap"),
        value_heading=_("Jumlah tender"),
    )
    by_method = bar_chart(
        title=_("Nilai HPS menurut metode pemilihan"),
        bars=[Bar(labels.method_label(m), total) for m, total in data["methods"]],
        label_heading=_("Metode pemilihan"),
        value_heading=_("Total HPS"),
        formatter=format_rupiah,
        empty=_("belum ada tender yang diumumkan"),
    )
    return format_html(
        '<section aria-labelledby="charts-h"><h2 id="charts-h">{}</h2>{}{}</section>',
        _("Gambaran pengadaan"),
        by_stage,
        by_method,
    )


def _agency_of(user):
    from lentera.accounts.models import RoleAssignment

    assignment = (
        RoleAssignment.objects.active(timezone.localdate())
        .filter(user=user, role=Role.KEPALA_UKPBJ)
        .select_related("agency", "work_unit__agency")
        .first()
    )
    if assignment is None:
        return None
    return assignment.agency or (assignment.work_unit.agency if assignment.work_unit else None)
