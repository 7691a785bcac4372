"""The risk heat map: a likelihood x impact grid as server-rendered SVG with its data table (like core.charts: no
JavaScript; colour by SVG presentation attributes, so the strict CSP holds)."""

from __future__ import annotations

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

CELL = 56
PAD = 40
#: the colour of a cell by its exposure band (green, amber, red)
BAND_FILL = {"LOW": "#4c9a2a", "MEDIUM": "#e0a100", "HIGH": "#c0392b"}


def heat_map(
    *, title: str, grid: list[list[int]], bands: list[list[str]], x_label: str, y_label: str, count_label: str
) -> SafeString:
    """``grid[row][col]``: risks with impact ``levels - row`` and likelihood ``col + 1``; ``bands`` the band of
    each cell."""
    levels = len(grid)
    size = PAD + CELL * levels
    cells = []
    for row in range(levels):
        for col in range(levels):
            count = grid[row][col]
            cells.append(
                (
                    PAD + col * CELL, row * CELL, CELL - 2, CELL - 2, BAND_FILL[bands[row][col]],
                    "1" if count else "0.35", PAD + col * CELL + CELL // 2, row * CELL + CELL // 2 + 5,
                    count or "",
                )
            )  # fmt: skip
    rects = format_html_join(
        "",
        '<rect x="{}" y="{}" width="{}" height="{}" fill="{}" fill-opacity="{}"></rect>'
        '<text x="{}" y="{}" text-anchor="middle" font-weight="bold">{}</text>',
        cells,
    )
    axis = format_html_join(
        "",
        '<text x="{}" y="{}" text-anchor="middle">{}</text><text x="{}" y="{}" text-anchor="middle">{}</text>',
        (
            (
                PAD + i * CELL + CELL // 2,
                size - 10,
                i + 1,
                PAD // 2,
                (levels - 1 - i) * CELL + CELL // 2 + 5,
                i + 1,
            )
            for i in range(levels)
        ),
    )
    rows = format_html_join(
        "",
        '<tr><th scope="row">{}</th>{}</tr>',
        (
            (levels - r, format_html_join("", "<td>{}</td>", ((grid[r][c],) for c in range(levels))))
            for r in range(levels)
        ),
    )
    head = format_html_join("", '<th scope="col">{}</th>', ((i + 1,) for i in range(levels)))
    return format_html(
        '<figure class="chart"><svg role="img" aria-labelledby="heat-title" viewBox="0 0 {} {}" width="{}" '
        'height="{}"><title id="heat-title">{}</title>{}{}</svg>'
        '<div class="table-wrap" tabindex="0"><table><caption>{} ({} ↓, {} →: {})</caption>'
        "<thead><tr><th></th>{}</tr></thead><tbody>{}</tbody></table></div></figure>",
        size, size, size, size, title, rects, axis, title, y_label, x_label, count_label, head, rows,
    )  # fmt: skip
