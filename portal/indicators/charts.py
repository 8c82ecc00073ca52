"""Server-side SVG charts (no script, no CDN): each returns markup with a <title> and an aria-label; the page
puts the same numbers in a table beside it and a sentence summarising it.

The Québec map is schematic: one tile per administrative region, laid out roughly where the region lies (true
boundaries are not available offline), shaded by value.
"""
from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape

WIDTH, BAR_HEIGHT, GAP, LABEL_WIDTH = 560, 22, 6, 190
COLOURS = ("#1f5fa8", "#c8d6e8", "#e07b39", "#5b9b4a", "#8a5fb5")

# (column, row) of each region's tile on a 6 × 6 grid, north at the top.
REGION_TILES = {
    "10": (2, 0), "09": (4, 1), "02": (3, 2), "08": (1, 2), "11": (5, 2), "01": (4, 3), "04": (2, 3),
    "03": (3, 3), "07": (0, 3), "12": (4, 4), "17": (3, 4), "05": (3, 5), "15": (1, 4), "14": (2, 4),
    "13": (1, 5), "06": (2, 5), "16": (2, 6),
}
TILE = 62


def _svg(width: int, height: int, label: str, body: str) -> Markup:
    # Every text in body went through escape() (labels, names, units); numbers and coordinates are formatted here.
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" '
           f'role="img" aria-label="{escape(label)}" class="chart"><title>{escape(label)}</title>{body}</svg>')
    return Markup(svg)  # noqa: S704


def bars(label: str, items: Sequence[tuple[str, float]], unit: str = "") -> Markup:
    """Horizontal bars, one per (label, value)."""
    top = max((value for _, value in items), default=0) or 1
    span = WIDTH - LABEL_WIDTH - 70
    parts = []
    for i, (name, value) in enumerate(items):
        y = i * (BAR_HEIGHT + GAP)
        length = span * max(value, 0) / top
        parts.append(f'<text x="{LABEL_WIDTH - 6}" y="{y + 15}" text-anchor="end" font-size="12">{_label(name)}</text>'
                     f'<rect x="{LABEL_WIDTH}" y="{y}" width="{length:.1f}" height="{BAR_HEIGHT}" fill="{COLOURS[0]}"/>'
                     f'<text x="{LABEL_WIDTH + length + 4:.1f}" y="{y + 15}" font-size="12">'
                     f'{escape(_number(value))}{escape(unit)}</text>')
    return _svg(WIDTH, max(len(items), 1) * (BAR_HEIGHT + GAP), label, "".join(parts))


def stacked(label: str, items: Sequence[tuple[str, Sequence[float]]], legend: Sequence[str]) -> Markup:
    """Horizontal stacked bars: each item's parts side by side (e.g. committed, remaining)."""
    top = max((sum(parts) for _, parts in items), default=0) or 1
    span = WIDTH - LABEL_WIDTH - 10
    body = []
    for i, (name, parts) in enumerate(items):
        y = i * (BAR_HEIGHT + GAP)
        x = float(LABEL_WIDTH)
        body.append(f'<text x="{LABEL_WIDTH - 6}" y="{y + 15}" text-anchor="end" font-size="12">{_label(name)}</text>')
        for j, value in enumerate(parts):
            length = span * max(value, 0) / top
            body.append(f'<rect x="{x:.1f}" y="{y}" width="{length:.1f}" height="{BAR_HEIGHT}" '
                        f'fill="{COLOURS[j % len(COLOURS)]}"/>')
            x += length
    legend_y = len(items) * (BAR_HEIGHT + GAP) + 4
    for j, name in enumerate(legend):
        x = LABEL_WIDTH + j * 150
        body.append(f'<rect x="{x}" y="{legend_y}" width="12" height="12" fill="{COLOURS[j % len(COLOURS)]}"/>'
                    f'<text x="{x + 16}" y="{legend_y + 11}" font-size="12">{escape(name)}</text>')
    return _svg(WIDTH, legend_y + 18, label, "".join(body))


def diverging(label: str, items: Sequence[tuple[str, float]]) -> Markup:
    """Bars left (negative) or right (positive) of a centre line: balances."""
    top = max((abs(value) for _, value in items), default=0) or 1
    centre = LABEL_WIDTH + (WIDTH - LABEL_WIDTH) / 2
    half = (WIDTH - LABEL_WIDTH) / 2 - 30
    body = []
    for i, (name, value) in enumerate(items):
        y = i * (BAR_HEIGHT + GAP)
        length = half * abs(value) / top
        x = centre if value >= 0 else centre - length
        colour = COLOURS[0] if value >= 0 else COLOURS[2]
        body.append(f'<text x="{LABEL_WIDTH - 6}" y="{y + 15}" text-anchor="end" font-size="12">{_label(name)}</text>'
                    f'<rect x="{x:.1f}" y="{y}" width="{length:.1f}" height="{BAR_HEIGHT}" fill="{colour}"/>'
                    f'<text x="{centre + (length + 4 if value >= 0 else -length - 4):.1f}" y="{y + 15}" '
                    f'font-size="12" text-anchor="{"start" if value >= 0 else "end"}">{_number(value)}</text>')
    height = max(len(items), 1) * (BAR_HEIGHT + GAP)
    body.append(f'<line x1="{centre}" y1="0" x2="{centre}" y2="{height}" stroke="#333"/>')
    return _svg(WIDTH, height, label, "".join(body))


def region_map(label: str, values: dict[str, float], names: dict[str, str]) -> Markup:
    """Schematic choropleth: one tile per region, darker for a larger value."""
    top = max(values.values(), default=0) or 1
    body = []
    for code, (column, row) in REGION_TILES.items():
        value = values.get(code, 0)
        opacity = 0.08 + 0.92 * value / top
        x, y = column * TILE + 2, row * TILE + 2
        body.append(f'<g><title>{escape(names.get(code, code))}: {_number(value)}</title>'
                    f'<rect x="{x}" y="{y}" width="{TILE - 4}" height="{TILE - 4}" rx="4" fill="{COLOURS[0]}" '
                    f'fill-opacity="{opacity:.2f}" stroke="#333"/>'
                    f'<text x="{x + 6}" y="{y + 18}" font-size="13" font-weight="bold">{code}</text>'
                    f'<text x="{x + 6}" y="{y + 40}" font-size="13">{_number(value)}</text></g>')
    return _svg(6 * TILE + 4, 7 * TILE + 4, label, "".join(body))


MAX_LABEL = 28


def _label(name: str) -> str:
    """A label that fits left of the bars; the whole name stays in the tooltip."""
    short = name if len(name) <= MAX_LABEL else name[:MAX_LABEL - 1] + "…"
    return f"<title>{escape(name)}</title>{escape(short)}"


def _number(value: float) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)
