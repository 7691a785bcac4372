"""The statistics page's charts (lentera.core.charts: SVG with its data table, no JavaScript)."""

from __future__ import annotations

from typing import Any

from django.utils.dates import MONTHS
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from lentera.core.charts import Bar, bar_chart


def desk_charts(data: dict[str, Any]) -> dict[str, SafeString]:
    months = data["months"]
    return {
        "volume": bar_chart(
            title=_("Tiket per bulan"),
            bars=[Bar(str(MONTHS[m["month"]]), m["count"]) for m in months],
            label_heading=_("Bulan"),
            value_heading=_("Tiket"),
        ),
        "satisfaction": bar_chart(
            title=_("Rata-rata kepuasan per bulan (1-5)"),
            bars=[Bar(str(MONTHS[m["month"]]), m["satisfaction"]) for m in months if m["satisfaction"]],
            label_heading=_("Bulan"),
            value_heading=_("Kepuasan"),
            formatter=lambda v: f"{v:.2f}".replace(".", ","),
        ),
        "category": bar_chart(
            title=_("Tiket per kategori"),
            bars=[Bar(str(label), n) for label, n in data["by_category"]],
            label_heading=_("Kategori"),
            value_heading=_("Tiket"),
        ),
        "channel": bar_chart(
            title=_("Tiket per saluran"),
            bars=[Bar(str(label), n) for label, n in data["by_channel"]],
            label_heading=_("Saluran"),
            value_heading=_("Tiket"),
        ),
    }
