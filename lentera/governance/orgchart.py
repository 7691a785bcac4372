"""The org chart of the Tim Pengelolaan LPSE (Perbup PPU 2/2021 Pasal 3): the chair, the secretary who is also the
system administrator, the three fields with their members and the secretariat, drawn from the appointments of
the team decrees in force today, as server-rendered SVG (no JavaScript, printable) with the same data as a list."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from lentera.accounts.models import User

from .enums import DecreeKind, LpseField, Position
from .models import Appointment


@dataclass
class OrgChart:
    decrees: list[str] = field(default_factory=list)
    chair: list[str] = field(default_factory=list)
    secretary: list[str] = field(default_factory=list)
    fields: dict[str, list[str]] = field(default_factory=dict)  # field label -> members
    secretariat: list[str] = field(default_factory=list)


def org_chart(user: User, *, on: dt.date) -> OrgChart:
    """The LPSE team as appointed by the team decrees ``user`` may read that are in force on ``on``."""
    from . import selectors

    chart = OrgChart(fields={str(label): [] for _v, label in LpseField.choices})
    labels = dict(LpseField.choices)
    decrees = [
        d for d in selectors.decrees_visible_to(user).filter(kind=DecreeKind.LPSE_TEAM) if d.in_force_on(on)
    ]
    chart.decrees = [d.number for d in decrees]
    for a in Appointment.objects.filter(decree__in=decrees).select_related("person").order_by("pk"):
        name = a.person.full_name
        if a.position == Position.LPSE_CHAIR:
            chart.chair.append(name)
        elif a.position == Position.LPSE_SECRETARY:
            chart.secretary.append(name)
        elif a.position == Position.LPSE_MEMBER and a.lpse_field:
            chart.fields[str(labels[a.lpse_field])].append(name)
        elif a.position == Position.LPSE_SECRETARIAT:
            chart.secretariat.append(name)
    return chart


W, H, GAP = 220, 26, 24


def _box(x: int, y: int, title: str, names: list[str]) -> tuple[SafeString, int]:
    lines = [title, *(names or ["–"])]
    height = H * len(lines) + 8
    text = format_html_join(
        "",
        '<text x="{}" y="{}" font-size="12" font-weight="{}" text-anchor="middle">{}</text>',
        ((x + W // 2, y + 18 + i * H, "bold" if i == 0 else "normal", line) for i, line in enumerate(lines)),
    )
    rect = format_html(
        '<rect x="{}" y="{}" width="{}" height="{}" fill="#ffffff" stroke="#333333" rx="4"/>', x, y, W, height
    )
    return format_html("{}{}", rect, text), height


def org_chart_svg(chart: OrgChart, *, title: str, chair: str, secretary: str, secretariat: str) -> SafeString:
    columns = list(chart.fields.items())
    width = len(columns) * (W + GAP) + GAP
    mid = width // 2 - W // 2
    parts = []
    top, h1 = _box(mid, 10, chair, chart.chair)
    parts.append(top)
    y2 = 10 + h1 + GAP
    sec, h2 = _box(mid, y2, secretary, chart.secretary)
    parts.append(sec)
    side, h3 = _box(mid + W + GAP if len(columns) > 2 else mid, y2 + h2 + GAP, secretariat, chart.secretariat)
    y3 = y2 + h2 + GAP + h3 + GAP
    parts.append(side)
    line = '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#333333"/>'
    parts.append(format_html(line, width // 2, 10 + h1, width // 2, y2))
    bottom = y3
    for i, (label, names) in enumerate(columns):
        x = GAP + i * (W + GAP)
        box, h = _box(x, y3, label, names)
        parts.append(box)
        parts.append(format_html(line, width // 2, y2 + h2, x + W // 2, y3))
        bottom = max(bottom, y3 + h)
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="orgchart-title" viewBox="0 0 {} {}" '
        'width="100%" id="orgchart"><title id="orgchart-title">{}</title>{}</svg>',
        width, bottom + 10, title, format_html_join("", "{}", ((p,) for p in parts)),
    )  # fmt: skip
