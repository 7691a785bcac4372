"""The statistics page's charts (lentera.core.charts: SVG with its data table, no JavaScript)."""

from __future__ import annotations

from typing import Any

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from lentera.core.charts import Bar, bar_chart


def course_charts(rows: list[dict[str, Any]]) -> dict[str, SafeString]:
    return {
        "attendees": bar_chart(
            title=_("Peserta hadir per pelatihan"),
            bars=[Bar(r["code"], r["attendees"]) for r in rows],
            label_heading=_("Pelatihan"),
            value_heading=_("Peserta hadir"),
        ),
        "rating": bar_chart(
            title=_("Rata-rata umpan balik per pelatihan (1-5)"),
            bars=[Bar(r["code"], r["mean_rating"]) for r in rows if r["mean_rating"] is not None],
            label_heading=_("Pelatihan"),
            value_heading=_("Nilai"),
            formatter=lambda v: f"{v:.2f}".replace(".", ","),
        ),
    }
