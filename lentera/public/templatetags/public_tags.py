from urllib.parse import urlencode

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from lentera.core.money import format_rupiah
from lentera.core.templatetags.lentera import wib

register = template.Library()


@register.filter
def urlencode_dict(params: dict) -> str:
    return urlencode(params)


ROW = (
    '<tr>\n      <td><a href="{}">{}</a><br><span class="muted"><span class="code">{}</span> · {} {}{}</span></td>\n'
    '      <td data-label="{}">{}<br><span class="muted">{}</span></td>\n'
    '      <td data-label="{}">{}<br><span class="muted">{}</span></td>\n'
    '      <td class="num" data-label="{}">{}</td>\n'
    '      <td data-label="{}"><span class="badge">{}</span>{}</td>\n'
    '      <td data-label="{}">{}</td>\n    </tr>\n'
)


@register.simple_tag
def tender_rows(rows: list[dict]) -> SafeString:
    """The body rows of the public tender table (search, home), every value escaped by format_html.

    Rendered in Python rather than with a `{% for %}` in the template: 25 rows of 13 values through template
    nodes were two thirds of an uncached search page's time (docs/benchmarks.md).
    """
    if not rows:
        return format_html('<tr><td colspan="6">{}</td></tr>\n', _("Tidak ada pengadaan yang cocok."))
    fiscal_year = _("TA")
    # the column names again on each cell: on a phone the table is shown as one card per tender (pages.css)
    unit_h, method_h, hps_h, stage_h, closing_h = (
        _("Instansi / satuan kerja"),
        _("Metode / jenis"),
        _("HPS"),
        _("Tahap"),
        _("Batas penawaran"),
    )
    return format_html_join(
        "",
        ROW,
        (
            (
                r["url"],
                r["title"],
                r["code"],
                fiscal_year,
                r["fiscal_year"],
                format_html(" · {}", r["location"]) if r.get("location") else "",
                unit_h,
                r["agency_name"],
                r["work_unit_name"],
                method_h,
                r["method_label"],
                r["type_label"],
                hps_h,
                format_rupiah(r["hps"]),
                stage_h,
                r["phase_label"],
                format_html('<br><span class="muted">{}</span>', r["winner_name"])
                if r.get("winner_name")
                else "",
                closing_h,
                wib(r["closing_at"]) if r.get("closing_at") else mark_safe("–"),  # noqa: S308 - a constant
            )
            for r in rows
        ),
    )
