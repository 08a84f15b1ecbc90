"""Charts as inline SVG, drawn on the server: no JavaScript, print as they show, Bangla
digits and labels (the page's font). Every text is escaped; the SVG carries a <title> and
role="img" with a description, and the numbers stay in the page's tables beside it.
"""
from __future__ import annotations

from markupsafe import Markup, escape

from .bangla import to_bangla_digits

BAR = 20        # a bar's thickness
GAP = 8
LABEL = 230     # room for an office's name (horizontal bars)
WIDTH = 640


def _number(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    text = f"{value:.1f}".rstrip("0").rstrip(".") if isinstance(value, float) else str(value)
    return to_bangla_digits(text) + unit


def _clip(text: str, limit: int = 34) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def bars(rows: list[tuple[str, float | None]], *, title: str, unit: str = "%",
         maximum: float = 100.0) -> Markup:
    """Horizontal bars, one per (label, value); None draws no bar and reads "—"."""
    if not rows:
        return Markup("")
    top = max([maximum, *[v for _, v in rows if v is not None]])
    span = WIDTH - LABEL - 70
    height = len(rows) * (BAR + GAP) + GAP
    parts = [f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" role="img" '
             f'viewBox="0 0 {WIDTH} {height}" width="100%" '
             f'aria-label="{escape(title)}"><title>{escape(title)}</title>']
    for n, (label, value) in enumerate(rows):
        y = GAP + n * (BAR + GAP)
        parts.append(f'<text x="{LABEL - 6}" y="{y + BAR * 0.72:.1f}" text-anchor="end" '
                     f'class="label">{escape(_clip(label))}</text>')
        length = 0 if value is None or top <= 0 else span * max(value, 0) / top
        if length:
            parts.append(f'<rect x="{LABEL}" y="{y}" width="{length:.1f}" height="{BAR}" '
                         f'class="chart-bar"/>')
        parts.append(f'<text x="{LABEL + length + 6:.1f}" y="{y + BAR * 0.72:.1f}" '
                     f'class="value">{escape(_number(value, unit))}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def columns(cols: list[tuple[str, float | None]], *, title: str, target: float | None = None,
            unit: str = "") -> Markup:
    """Vertical columns, one per (label, value), with an optional target line."""
    if not cols:
        return Markup("")
    height, base, left = 220, 180, 40
    top = max([1.0, target or 0, *[v for _, v in cols if v is not None]])
    step = (WIDTH - left - 20) / len(cols)
    width = min(step * 0.6, 90)
    parts = [f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" role="img" '
             f'viewBox="0 0 {WIDTH} {height}" width="100%" '
             f'aria-label="{escape(title)}"><title>{escape(title)}</title>',
             f'<line x1="{left}" y1="{base}" x2="{WIDTH - 10}" y2="{base}" class="axis"/>']
    for n, (label, value) in enumerate(cols):
        x = left + n * step + (step - width) / 2
        size = 0 if value is None else (base - 30) * max(value, 0) / top
        if size:
            parts.append(f'<rect x="{x:.1f}" y="{base - size:.1f}" width="{width:.1f}" '
                         f'height="{size:.1f}" class="chart-bar"/>')
        parts.append(f'<text x="{x + width / 2:.1f}" y="{base - size - 6:.1f}" '
                     f'text-anchor="middle" class="value">'
                     f'{escape(_number(value, unit))}</text>')
        parts.append(f'<text x="{x + width / 2:.1f}" y="{base + 22}" text-anchor="middle" '
                     f'class="label">{escape(label)}</text>')
    if target:
        y = base - (base - 30) * target / top
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{WIDTH - 10}" y2="{y:.1f}" '
                     f'class="target"/><text x="{WIDTH - 12}" y="{y - 6:.1f}" '
                     f'text-anchor="end" class="value">লক্ষ্যমাত্রা '
                     f'{escape(_number(target, unit))}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
