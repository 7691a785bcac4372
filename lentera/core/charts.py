"""Bar charts as server-rendered SVG, each with its data table beside it (no JavaScript, nothing from a CDN).

The SVG carries a <title> and is marked role="img"; the same numbers are in the table next to it, so a screen
reader or a printout loses nothing. Colours come from the stylesheet (classes, no style attributes), so the
strict Content-Security-Policy holds.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

WIDTH = 600
LABEL_WIDTH = 210
VALUE_WIDTH = 130
ROW_HEIGHT = 26
BAR_HEIGHT = 16
_ids = itertools.count(1)


@dataclass(frozen=True)
class Bar:
    label: str
    value: Decimal | int
    url: str = ""


def _shorten(text: str, limit: int = 30) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def bar_chart(
    *,
    title: str,
    bars: Sequence[Bar],
    label_heading: str,
    value_heading: str,
    formatter: Callable[[Decimal | int], str] = lambda v: f"{v:,}".replace(",", "."),
    empty: str = "–",
) -> SafeString:
    """A horizontal bar chart (one bar per row, scaled to the largest value) and its data table."""
    chart_id = f"chart-{next(_ids)}"
    if not bars:
        return format_html('<p class="muted">{}: {}</p>', title, empty)
    top = max((Decimal(b.value) for b in bars), default=Decimal(0)) or Decimal(1)
    span = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    height = ROW_HEIGHT * len(bars) + 8
    rows = []
    for i, bar in enumerate(bars):
        y = 4 + i * ROW_HEIGHT
        length = int(Decimal(bar.value) / top * span) if bar.value else 0
        rows.append(
            (
                LABEL_WIDTH - 8,
                y + BAR_HEIGHT - 3,
                _shorten(bar.label),
                LABEL_WIDTH,
                y,
                max(length, 1 if bar.value else 0),
                BAR_HEIGHT,
                LABEL_WIDTH + max(length, 0) + 6,
                y + BAR_HEIGHT - 3,
                formatter(bar.value),
            )
        )
    svg_rows = format_html_join(
        "",
        '<text x="{}" y="{}" text-anchor="end">{}</text>'
        '<rect class="bar" x="{}" y="{}" width="{}" height="{}"></rect>'
        '<text x="{}" y="{}">{}</text>',
        rows,
    )
    table_rows = format_html_join(
        "",
        '<tr><th scope="row">{}</th><td class="num">{}</td></tr>',
        (
            (format_html('<a href="{}">{}</a>', b.url, b.label) if b.url else b.label, formatter(b.value))
            for b in bars
        ),
    )
    return format_html(
        '<figure class="chart" aria-labelledby="{id}-cap"><figcaption id="{id}-cap"><strong>{title}</strong>'
        "</figcaption>"
        '<svg viewBox="0 0 {w} {h}" role="img" aria-labelledby="{id}-title" focusable="false">'
        '<title id="{id}-title">{title}</title>'
        '<line class="axis" x1="{lw}" y1="0" x2="{lw}" y2="{h}"></line>{rows}</svg>'
        '<div class="table-wrap" tabindex="0"><table id="{id}-data"><caption class="visually-hidden">{title}'
        '</caption><thead><tr><th scope="col">{lh}</th><th scope="col" class="num">{vh}</th></tr></thead>'
        "<tbody>{table}</tbody></table></div></figure>",
        id=chart_id,
        title=title,
        w=WIDTH,
        h=height,
        lw=LABEL_WIDTH,
        rows=svg_rows,
        lh=label_heading,
        vh=value_heading,
        table=table_rows,
    )
